package breach

import (
	"context"

	"github.com/tillit-privacy/tillit"
)

// The audit actions of the views.
const (
	AuditIncidentAffectedViewed = "incident_affected_viewed" // who is affected was looked at
	AuditIncidentDraftViewed    = "incident_draft_viewed"    // a draft was looked at
)

// AffectedView computes who the incident affects as Affected does, but
// adds no step to the incident's timeline: it is audited as a read.
func (br *Register) AffectedView(ctx context.Context, id string) (tillit.Affected, error) {
	return br.affectedOf(ctx, id, false)
}

// DraftAuthorityNotificationView drafts the notification to the authority
// as DraftAuthorityNotification does, but adds no step to the incident's
// timeline: it is audited as a read.
func (br *Register) DraftAuthorityNotificationView(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return br.draft(ctx, id, lang, "authority", false, br.authorityDraftIn(lang))
}

// DraftSubjectNoticeView drafts the notice to the people affected as
// DraftSubjectNotice does, but adds no step to the incident's timeline:
// it is audited as a read.
func (br *Register) DraftSubjectNoticeView(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return br.draft(ctx, id, lang, "notice", false, br.subjectNoticeIn(lang))
}
