package vault

import (
	"context"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The audit actions of calls through the HTTP API that no vault operation
// records by itself.
const (
	AuditAPICall   = "api_call"   // an authenticated call that read or listed something
	AuditAPIDenied = "api_denied" // a call refused for its key or scope
)

// AuditCall appends an audit entry for a call through the API, for the
// actor in ctx (the key's ID). detail names the operation and its outcome,
// never personal data.
func (v *Vault) AuditCall(ctx context.Context, action, detail string) error {
	return v.store.Update(ctx, func(tx tillit.Tx) error {
		return v.audit(ctx, tx, tillit.AuditEntry{Action: action, Detail: detail})
	})
}

// Now returns the vault's clock's time.
func (v *Vault) Now() time.Time { return v.now() }
