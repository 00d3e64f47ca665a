package core

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/keys"
)

// IndexSecret names the wrapped blind-index key in the store.
const IndexSecret = "blind_index"

// Config holds what the services need.
type Config struct {
	Store  tillit.Store
	Policy *tillit.Policy
	KEK    *keys.KEK
	Now    func() time.Time // the clock; time.Now when nil
	Rand   io.Reader        // randomness for IDs; crypto/rand when nil
	// RequestTTL is how long a request waits for the person's
	// confirmation; RequestTTL (24 hours) when zero.
	RequestTTL time.Duration
	// PublicURL, if set, is where the privacy centre is served, e.g.
	// https://example.se (no trailing slash): the e-mails link to it, to
	// /privacy/confirm to confirm a request, /privacy/download/TOKEN for
	// an extract and /privacy/consents?link=… to withdraw consent. No
	// links are sent without it.
	PublicURL string
	// DownloadTTL is how long a one-time link to an extract is valid;
	// DownloadTTL (14 days) when zero.
	DownloadTTL time.Duration
	// ConsentLinkTTL is how long a signed link to the person's consents
	// is valid; ConsentLinkTTL (90 days) when zero.
	ConsentLinkTTL time.Duration
	// Without is for tillit bench only: it switches guarantees off one
	// at a time to measure what each costs. Its type is internal to the
	// module, so nothing outside it can set it; every command but bench
	// leaves it zero, with every guarantee on. It exists only in builds
	// with the bench tag; in any other build it is an empty struct.
	Without benchonly.Off
}

// Core is what the services share within one transaction: the store, the
// register in force, the keys, the clock, IDs, the audit chain and
// sealing. Open makes it once; every service holds the same one.
type Core struct {
	Store  tillit.Store
	KEK    *keys.KEK
	Index  *keys.Index // the blind-index key, the same on every node
	Rand   io.Reader
	policy atomic.Pointer[tillit.Policy]
	now    func() time.Time

	RequestTTL, DownloadTTL, ConsentTTL time.Duration
	PublicURL                           string
	Without                             benchonly.Off // guarantees off, for tillit bench only
}

// Open returns the core over cfg.Store. The first time a store is opened it
// creates the blind-index key, wrapped by the key-encryption key.
func Open(ctx context.Context, cfg Config) (*Core, error) {
	if cfg.Store == nil || cfg.Policy == nil || cfg.KEK == nil {
		return nil, errors.New("core: open: a store, a policy and a key-encryption key are required")
	}
	k := &Core{Store: cfg.Store, KEK: cfg.KEK, now: cfg.Now, Rand: cfg.Rand, RequestTTL: cfg.RequestTTL,
		PublicURL: strings.TrimRight(cfg.PublicURL, "/"), DownloadTTL: cfg.DownloadTTL, ConsentTTL: cfg.ConsentLinkTTL,
		Without: cfg.Without}
	if k.RequestTTL <= 0 {
		k.RequestTTL = RequestTTL
	}
	if k.DownloadTTL <= 0 {
		k.DownloadTTL = DownloadTTL
	}
	if k.ConsentTTL <= 0 {
		k.ConsentTTL = ConsentLinkTTL
	}
	if k.now == nil {
		k.now = time.Now
	}
	if k.Rand == nil {
		k.Rand = rand.Reader
	}
	k.policy.Store(cfg.Policy)
	err := k.Store.Update(ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.Secret(IndexSecret)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			var idx *keys.Index
			if idx, wrapped, err = k.KEK.NewIndexKey(); err != nil {
				return err
			}
			k.Index = idx
			if err := tx.PutSecret(IndexSecret, wrapped); err != nil {
				return err
			}
			if err := k.CheckSchedule(ctx, tx); err != nil {
				return err
			}
			return k.Audit(ctx, tx, tillit.AuditEntry{Action: "index_key_created"})
		}
		if err != nil {
			return err
		}
		if k.Index, err = k.KEK.OpenIndexKey(wrapped); err != nil {
			return err
		}
		return k.CheckSchedule(ctx, tx)
	})
	if err != nil {
		return nil, fmt.Errorf("core: open: %w", err)
	}
	return k, nil
}

// Now returns the clock's time.
func (k *Core) Now() time.Time { return k.now() }

// Policy returns the register the vault enforces.
func (k *Core) Policy() *tillit.Policy { return k.policy.Load() }

// SetPolicy replaces the register, e.g. after the file was edited and
// compiled again. Requests already running finish under the old one.
func (k *Core) SetPolicy(p *tillit.Policy) { k.policy.Store(p) }

// ID returns a new random ID with a prefix naming its kind.
func (k *Core) ID(prefix string) string {
	var b [15]byte
	if _, err := io.ReadFull(k.Rand, b[:]); err != nil {
		panic("core: no randomness: " + err.Error())
	}
	return prefix + "_" + strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
}

// Audit appends an entry for the actor in ctx, at e.At or else now.
func (k *Core) Audit(ctx context.Context, tx tillit.Tx, e tillit.AuditEntry) error {
	if k.Without.Audit() {
		return nil // tillit bench's breakdown only
	}
	if e.At.IsZero() {
		e.At = k.Now()
	}
	e.Actor = tillit.ActorFrom(ctx)
	if !IsRef(e.Actor) || strings.Contains(e.Actor, "@") {
		// The audit log can never be erased: keep names and addresses out.
		return Invalid("core.Audit", "core.actor_must_id_such_admin")
	}
	return tx.AppendAudit(e)
}

// Subject returns a subject that exists and is not erased. An erased
// subject is not found: its data no longer exists.
func Subject(tx tillit.Tx, op, id string) (tillit.Subject, error) {
	s, err := tx.Subject(id)
	if err == nil && s.IsErased() {
		err = tillit.Errorf(tillit.ENOTFOUND, op, "erased")
	}
	return s, SubjectErr(op, err)
}

// ItemAD binds a sealed value to its subject, item and category, so a
// sealed value copied to another row does not open.
func ItemAD(it tillit.Item) []byte {
	return []byte(it.Subject + "\x00" + it.ID + "\x00" + it.Category)
}

// DataKey returns the subject's data key, unwrapped.
func (k *Core) DataKey(tx tillit.Tx, subject string) (*keys.DataKey, error) {
	wrapped, err := tx.DataKey(subject)
	if err != nil {
		return nil, err
	}
	return k.KEK.OpenDataKey(subject, wrapped)
}

// EachItem runs fn on every item with the subject's data key, unwrapped
// once.
func (k *Core) EachItem(tx tillit.Tx, subject string, items []tillit.Item, fn func(*keys.DataKey, *tillit.Item) error) error {
	if len(items) == 0 {
		return nil
	}
	dk, err := k.DataKey(tx, subject)
	if err != nil {
		return err
	}
	for i := range items {
		if err := fn(dk, &items[i]); err != nil {
			return err
		}
	}
	return nil
}

// Seal encrypts items' values in place.
func (k *Core) Seal(tx tillit.Tx, subject string, items []tillit.Item) error {
	if k.Without.Encryption() {
		for i := range items { // tillit bench's breakdown only
			items[i].Sealed, items[i].Value = []byte(items[i].Value), ""
		}
		return nil
	}
	if len(items) == 0 {
		return nil
	}
	dk, err := k.DataKey(tx, subject)
	if err != nil {
		return err
	}
	return SealWith(dk, items)
}

// SealWith encrypts items' values in place with their subject's key.
func SealWith(dk *keys.DataKey, items []tillit.Item) error {
	for i := range items {
		sealed, err := dk.Encrypt([]byte(items[i].Value), ItemAD(items[i]))
		if err != nil {
			return err
		}
		items[i].Sealed, items[i].Value = sealed, ""
	}
	return nil
}

// OpenItems decrypts items' values in place.
func (k *Core) OpenItems(tx tillit.Tx, subject string, items []tillit.Item) error {
	if k.Without.Encryption() {
		for i := range items { // tillit bench's breakdown only
			items[i].Value, items[i].Sealed = string(items[i].Sealed), nil
		}
		return nil
	}
	return k.EachItem(tx, subject, items, func(dk *keys.DataKey, it *tillit.Item) error {
		b, err := dk.Decrypt(it.Sealed, ItemAD(*it))
		if err != nil {
			return fmt.Errorf("core: open item %s: %w", it.ID, err)
		}
		it.Value, it.Sealed = string(b), nil
		return nil
	})
}

// Invalid is an EINVALID error with the catalogue's text of key, args put
// in by position.
func Invalid(op, key string, args ...any) *tillit.Error {
	return tillit.Errorl(tillit.EINVALID, op, catalog.Textf(key, args...))
}

// Forbidden is an EFORBIDDEN error with the catalogue's text of key, args
// put in by position.
func Forbidden(op, key string, args ...any) *tillit.Error {
	return tillit.Errorl(tillit.EFORBIDDEN, op, catalog.Textf(key, args...))
}
