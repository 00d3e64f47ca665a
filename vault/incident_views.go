package vault

import (
	"context"

	"github.com/tillit-privacy/tillit"
)

// Looking at an incident's figures and drafts without taking a step. The
// stepping methods (Affected, DraftAuthorityNotification,
// DraftSubjectNotice) record their result in the incident's timeline, as
// the API and the CLI ask for; a page that only shows the result calls
// the views here instead, so that looking changes no incident: each view
// is one audit entry of IDs and counts, as any read is.

// The audit actions of the views.
const (
	AuditIncidentAffectedViewed = "incident_affected_viewed" // who is affected was looked at
	AuditIncidentDraftViewed    = "incident_draft_viewed"    // a draft was looked at
)

// AffectedView computes who the incident affects as Affected does, but
// adds no step to the incident's timeline: it is audited as a read.
func (v *Vault) AffectedView(ctx context.Context, id string) (tillit.Affected, error) {
	return v.affectedOf(ctx, id, false)
}

// DraftAuthorityNotificationView drafts the notification to the authority
// as DraftAuthorityNotification does, but adds no step to the incident's
// timeline: it is audited as a read.
func (v *Vault) DraftAuthorityNotificationView(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return v.draft(ctx, id, lang, "authority", false, v.authorityDraftIn(lang))
}

// DraftSubjectNoticeView drafts the notice to the people affected as
// DraftSubjectNotice does, but adds no step to the incident's timeline:
// it is audited as a read.
func (v *Vault) DraftSubjectNoticeView(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return v.draft(ctx, id, lang, "notice", false, v.subjectNoticeIn(lang))
}
