package vault

import (
	"context"
	"fmt"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/keys"
)

// RewrapReport says what RewrapKeys did.
type RewrapReport struct {
	DataKeys  int // data keys re-wrapped under the primary key-encryption key
	Unchanged int // data keys already under it
	IndexKey  bool
}

// rewrapBatch is how many data keys one transaction re-wraps.
const rewrapBatch = 500

// RewrapKeys re-wraps every subject's data key and the blind-index key
// under the key-encryption key's primary key, without touching any value.
// It works in batches and may be run again after an interruption; keys
// already re-wrapped are left alone.
func (v *Vault) RewrapKeys(ctx context.Context) (RewrapReport, error) {
	var r RewrapReport
	after := ""
	for {
		var n int
		err := v.store.Update(ctx, func(tx tillit.Tx) error {
			ks, err := tx.DataKeys(after, rewrapBatch)
			if err != nil {
				return err
			}
			n = len(ks)
			for _, k := range ks {
				wrapped, changed, err := v.kek.Rewrap(k.Wrapped, k.Subject)
				if err != nil {
					return fmt.Errorf("subject %s: %w", k.Subject, err)
				}
				after = k.Subject
				if !changed {
					r.Unchanged++
					continue
				}
				if err := tx.PutDataKey(tillit.WrappedKey{Subject: k.Subject, Wrapped: wrapped}); err != nil {
					return err
				}
				r.DataKeys++
			}
			return nil
		})
		if err != nil {
			return r, fmt.Errorf("vault: rewrap keys: %w", err)
		}
		if n < rewrapBatch {
			break
		}
	}
	err := v.store.Update(ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.Secret(indexSecret)
		if err != nil {
			return err
		}
		nw, changed, err := v.kek.Rewrap(wrapped, keys.IndexAD)
		if err != nil {
			return fmt.Errorf("index key: %w", err)
		}
		if changed {
			if err := tx.PutSecret(indexSecret, nw); err != nil {
				return err
			}
		}
		r.IndexKey = changed
		return v.audit(ctx, tx, tillit.AuditEntry{
			Action: tillit.AuditKeysRotated,
			Detail: fmt.Sprintf("rewrapped=%d unchanged=%d index=%t kek=%d", r.DataKeys, r.Unchanged, changed, v.kek.PrimaryID()),
		})
	})
	if err != nil {
		return r, fmt.Errorf("vault: rewrap keys: %w", err)
	}
	return r, nil
}
