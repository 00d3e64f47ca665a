package client_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

// testIncident records a processor's leak: the person disclosed to it is
// affected, the clock runs, the drafts hold no personal data, and the
// incident closes once the authority was notified.
func testIncident(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	from := time.Now().Add(-time.Minute)
	if _, _, err := s.client("disclose:brokering").Disclose(ctx, tillit.Disclosure{Subject: rc.Subject, Purpose: "brokering", Recipient: "qred"}); err != nil {
		t.Fatal(err)
	}
	admin := s.client("admin", client.WithLanguage(tillit.English))
	in, err := admin.OpenIncident(ctx, tillit.IncidentDetails{
		Title: "Leak at the credit processor", Nature: "An export left open", Discovered: time.Now(),
		From: from, Recipients: []string{"qred"}, Risk: tillit.RiskUnlikely,
	})
	if err != nil {
		t.Fatal(err)
	}
	if in.Overdue || !in.Deadline.Equal(in.Discovered.Add(72*time.Hour)) {
		t.Errorf("clock: %+v", in)
	}
	a, err := admin.Affected(ctx, in.ID)
	if err != nil || !slices.Contains(a.Subjects, rc.Subject) || a.By != "disclosures" {
		t.Fatalf("affected %+v, %v", a, err)
	}
	d, err := admin.DraftAuthorityNotification(ctx, in.ID, tillit.Swedish)
	if err != nil || d.Lang != tillit.Swedish || strings.Contains(d.Text, p.Email) || strings.Contains(d.Text, p.Name) {
		t.Errorf("draft %+v, %v", d, err)
	}
	if _, err := s.client("register").Affected(ctx, in.ID); !client.IsForbidden(err) {
		t.Errorf("affected with a register key: %v", err)
	}
	if _, err := admin.DecideAuthority(ctx, in.ID, false, ""); !client.IsInvalid(err) {
		t.Errorf("not notifying without a reason: %v", err)
	}
	if _, err := admin.DecideAuthority(ctx, in.ID, false, "Only pseudonymous IDs left the processor."); err != nil {
		t.Fatal(err)
	}
	got, err := admin.CloseIncident(ctx, in.ID)
	if err != nil || got.Closed.IsZero() || len(got.Timeline) < 3 {
		t.Errorf("closed %+v, %v", got, err)
	}
	list, err := admin.Incidents(ctx, false)
	if err != nil || !slices.ContainsFunc(list, func(i client.Incident) bool { return i.ID == in.ID }) {
		t.Errorf("list %v, %v", list, err)
	}
}
