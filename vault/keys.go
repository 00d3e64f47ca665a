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
		var n, changed, unchanged int
		var last string
		err := v.store.Update(ctx, func(tx tillit.Tx) error {
			n, changed, unchanged = 0, 0, 0 // the callback may not keep state across tries
			ks, err := tx.DataKeys(after, rewrapBatch)
			if err != nil {
				return err
			}
			n = len(ks)
			for _, k := range ks {
				wrapped, ok, err := v.kek.Rewrap(k.Wrapped, k.Subject)
				if err != nil {
					return fmt.Errorf("subject %s: %w", k.Subject, err)
				}
				last = k.Subject
				if !ok {
					unchanged++
					continue
				}
				if err := tx.PutDataKey(tillit.WrappedKey{Subject: k.Subject, Wrapped: wrapped}); err != nil {
					return err
				}
				changed++
			}
			if changed == 0 {
				return nil
			}
			return v.audit(ctx, tx, tillit.AuditEntry{
				Action: tillit.AuditKeysRotated,
				Detail: fmt.Sprintf("data_keys=%d kek=%d", changed, v.kek.PrimaryID()),
			})
		})
		if err != nil {
			return r, fmt.Errorf("vault: rewrap keys: %w", err)
		}
		after = last
		r.DataKeys += changed
		r.Unchanged += unchanged
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
		if !changed {
			return nil
		}
		return v.audit(ctx, tx, tillit.AuditEntry{
			Action: tillit.AuditKeysRotated,
			Detail: fmt.Sprintf("index_key=1 kek=%d", v.kek.PrimaryID()),
		})
	})
	if err != nil {
		return r, fmt.Errorf("vault: rewrap keys: %w", err)
	}
	return r, nil
}

// Stale returns how many wrapped keys (data keys and the blind-index key)
// are not under the primary key-encryption key. Old keys may be retired
// only when it is zero: a node still running with the old keyset may have
// wrapped new subjects' keys under the old primary since RewrapKeys ran.
func (v *Vault) Stale(ctx context.Context) (int, error) {
	primary, stale, after := v.kek.PrimaryID(), 0, ""
	count := func(wrapped []byte) {
		if id, err := keys.WrappedBy(wrapped); err != nil || id != primary {
			stale++
		}
	}
	for {
		var ks []tillit.WrappedKey
		err := v.store.View(ctx, func(tx tillit.Tx) error {
			var err error
			ks, err = tx.DataKeys(after, rewrapBatch)
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("vault: stale keys: %w", err)
		}
		for _, k := range ks {
			count(k.Wrapped)
			after = k.Subject
		}
		if len(ks) < rewrapBatch {
			break
		}
	}
	err := v.store.View(ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.Secret(indexSecret)
		count(wrapped)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("vault: stale keys: %w", err)
	}
	return stale, nil
}
