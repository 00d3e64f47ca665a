package vault

import (
	"context"
	"fmt"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/keys"
)

// RewrapReport says what RewrapKeys did.
type RewrapReport struct {
	DataKeys  int // data keys re-wrapped under the primary key-encryption key
	Unchanged int // data keys already under it
	OwnKeys   int // keys of requests and outbox messages re-wrapped
	IndexKey  bool
}

// rewrapBatch is how many data keys one transaction re-wraps.
const rewrapBatch = 500

// keySource is one kind of wrapped key in the store: subjects' data keys,
// or the keys requests and outbox messages are sealed with. The key's
// associated data is its row's ID.
type keySource struct {
	name string
	list func(tx tillit.Tx, after string, n int) ([]tillit.WrappedKey, error)
	put  func(tx tillit.Tx, k tillit.WrappedKey) error
}

var keySources = []keySource{
	{"data_keys", tillit.Tx.DataKeys, tillit.Tx.PutDataKey},
	{tillit.KeysOfRequests, func(tx tillit.Tx, after string, n int) ([]tillit.WrappedKey, error) {
		return tx.OwnKeys(tillit.KeysOfRequests, after, n)
	}, func(tx tillit.Tx, k tillit.WrappedKey) error { return tx.PutOwnKey(tillit.KeysOfRequests, k) }},
	{tillit.KeysOfMessages, func(tx tillit.Tx, after string, n int) ([]tillit.WrappedKey, error) {
		return tx.OwnKeys(tillit.KeysOfMessages, after, n)
	}, func(tx tillit.Tx, k tillit.WrappedKey) error { return tx.PutOwnKey(tillit.KeysOfMessages, k) }},
}

// RewrapKeys re-wraps every subject's data key, the keys of requests and
// outbox messages, and the blind-index key under the key-encryption key's
// primary key, without touching any value. It works in batches and may
// be run again after an interruption; keys already re-wrapped are left
// alone.
func (v *Vault) RewrapKeys(ctx context.Context) (RewrapReport, error) {
	var r RewrapReport
	for _, src := range keySources {
		changed, unchanged, err := v.rewrap(ctx, src)
		if err != nil {
			return r, fmt.Errorf("vault: rewrap keys: %w", err)
		}
		if src.name == "data_keys" {
			r.DataKeys, r.Unchanged = changed, unchanged
		} else {
			r.OwnKeys += changed
		}
	}
	err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.Secret(core.IndexSecret)
		if err != nil {
			return err
		}
		nw, changed, err := v.c.KEK.Rewrap(wrapped, keys.IndexAD)
		if err != nil {
			return fmt.Errorf("index key: %w", err)
		}
		if changed {
			if err := tx.PutSecret(core.IndexSecret, nw); err != nil {
				return err
			}
		}
		r.IndexKey = changed
		if !changed {
			return nil
		}
		return v.c.Audit(ctx, tx, tillit.AuditEntry{
			Action: tillit.AuditKeysRotated,
			Detail: fmt.Sprintf("index_key=1 kek=%d", v.c.KEK.PrimaryID()),
		})
	})
	if err != nil {
		return r, fmt.Errorf("vault: rewrap keys: %w", err)
	}
	return r, nil
}

// rewrap re-wraps the keys of one source in batches.
func (v *Vault) rewrap(ctx context.Context, src keySource) (changedAll, unchangedAll int, err error) {
	after := ""
	for {
		var n, changed, unchanged int
		var last string
		err := v.c.Store.Update(ctx, func(tx tillit.Tx) error {
			n, changed, unchanged = 0, 0, 0 // the callback may not keep state across tries
			ks, err := src.list(tx, after, rewrapBatch)
			if err != nil {
				return err
			}
			n = len(ks)
			for _, k := range ks {
				wrapped, ok, err := v.c.KEK.Rewrap(k.Wrapped, k.Subject)
				if err != nil {
					return fmt.Errorf("%s %s: %w", src.name, k.Subject, err)
				}
				last = k.Subject
				if !ok {
					unchanged++
					continue
				}
				if err := src.put(tx, tillit.WrappedKey{Subject: k.Subject, Wrapped: wrapped}); err != nil {
					return err
				}
				changed++
			}
			if changed == 0 {
				return nil
			}
			return v.c.Audit(ctx, tx, tillit.AuditEntry{
				Action: tillit.AuditKeysRotated,
				Detail: fmt.Sprintf("%s=%d kek=%d", src.name, changed, v.c.KEK.PrimaryID()),
			})
		})
		if err != nil {
			return changedAll, unchangedAll, err
		}
		after = last
		changedAll += changed
		unchangedAll += unchanged
		if n < rewrapBatch {
			return changedAll, unchangedAll, nil
		}
	}
}

// Stale returns how many wrapped keys (data keys, keys of requests and
// outbox messages, and the blind-index key)
// are not under the primary key-encryption key. Old keys may be retired
// only when it is zero: a node still running with the old keyset may have
// wrapped new subjects' keys under the old primary since RewrapKeys ran.
func (v *Vault) Stale(ctx context.Context) (int, error) {
	primary, stale := v.c.KEK.PrimaryID(), 0
	count := func(wrapped []byte) {
		if id, err := keys.WrappedBy(wrapped); err != nil || id != primary {
			stale++
		}
	}
	for _, src := range keySources {
		after := ""
		for {
			var ks []tillit.WrappedKey
			err := v.c.Store.View(ctx, func(tx tillit.Tx) error {
				var err error
				ks, err = src.list(tx, after, rewrapBatch)
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
	}
	err := v.c.Store.View(ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.Secret(core.IndexSecret)
		count(wrapped)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("vault: stale keys: %w", err)
	}
	return stale, nil
}
