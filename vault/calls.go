package vault

import (
	"context"

	"github.com/tillit-privacy/tillit"
)

// AuditCall appends an audit entry for a call through the API, for the
// actor in ctx (the key's ID). detail names the operation and its outcome,
// never personal data.
func (v *Vault) AuditCall(ctx context.Context, action, detail string) error {
	return v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		return v.c.Audit(ctx, tx, tillit.AuditEntry{Action: action, Detail: detail})
	})
}
