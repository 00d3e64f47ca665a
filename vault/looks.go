package vault

import (
	"context"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/pii"
)

// AuditSubjectOpened is the audit action of a person at the controller
// opening everything held about a subject, e.g. the admin's subject page.
const AuditSubjectOpened = "subject_opened"

// OpenSubject records in the audit log, before anything is shown, that the
// actor in ctx opens everything held about subj, and why: reason is a
// code such as complaint, ref an ID the look belongs to (a request, an
// incident, the controller's own case number) or "". Both must be IDs:
// the audit log is never erased, so no free text goes in it. An erased
// subject may be opened, to see what happened to it. ENOTFOUND when there
// is no such subject, EINVALID for a reason or ref that is not an ID.
func (v *Vault) OpenSubject(ctx context.Context, subj, reason, ref string) error {
	const op = "vault.OpenSubject"
	if !core.IsRef(reason) || ref != "" && !core.IsRef(ref) {
		return core.Invalid(op, "vault.reason_reference_given_ids_letters")
	}
	if _, err := pii.Phone(ref); ref != "" && (err == nil || len(pii.Scan(ref, v.c.Now())) > 0) {
		return core.Invalid(op, "vault.reference_looks_like_phone_personnummer")
	}
	detail := "reason=" + reason
	if ref != "" {
		detail += " ref=" + ref
	}
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if _, err := tx.Subject(subj); err != nil {
			return core.SubjectErr(op, err)
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{Action: AuditSubjectOpened, Subject: subj, Detail: detail})
	})
}
