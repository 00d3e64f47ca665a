package storetest

import (
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
)

// Run runs the whole contract against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"StoreRows", testStoreRows},
		{"CollectAndUse", testCollectAndUse},
		{"CollectMany", testCollectMany},
		{"CollectRace", testCollectRace},
		{"Refusals", testRefusals},
		{"FreeText", testFreeText},
		{"Identifiers", testIdentifiers},
		{"Consent", testConsent},
		{"ObjectAndRestrict", testObjectAndRestrict},
		{"Disclose", testDisclose},
		{"Events", testEvents},
		{"Shred", testShred},
		{"RotateKeys", testRotateKeys},
		{"AuditTamper", testAuditTamper},
		{"AuditCheckpoint", testCheckpoint},
		{"AuditLanes", testLanes},
		{"AuditLanesCrossed", testLanesCrossed},
		{"AuditLaneMissing", testLaneMissing},
		{"Concurrent", testConcurrent},
		{"GroupCommit", testGroupCommit},
		{"GroupBatching", testGroupBatching},
		{"Sweep", testSweep},
		{"Facts", testFacts},
		{"Archive", testArchive},
		{"ReviewTasks", testReviewTasks},
		{"RescheduleOnRegisterChange", testRescheduleOnRegisterChange},
		{"Scheduler", testScheduler},
		{"RequestIdentity", testRequestIdentity},
		{"RequestDeadlines", testRequestDeadlines},
		{"Erasure", testErasure},
		{"AccessExtract", testAccessExtract},
		{"RectifyRestrict", testRectifyRestrict},
		{"ObjectWithdraw", testObjectWithdraw},
		{"APIKeys", testAPIKeys},
		{"Incidents", testIncidents},
		{"Admins", testAdmins},
		{"ConfirmByOfficer", testConfirmByOfficer},
		{"CookieConsents", testCookieConsents},
		{"Downloads", testDownloads},
		{"CentreLinks", testCentreLinks},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// wantErr fails the test unless err has code and its message, in both
// languages where it has them, contains each of want.
func wantErr(t testing.TB, err error, code tillit.Code, want ...string) {
	t.Helper()
	if got := tillit.ErrorCode(err); got != code {
		t.Fatalf("error code = %q (%v), want %q", got, err, code)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error %q does not contain %q", err.Error(), w)
		}
	}
}
