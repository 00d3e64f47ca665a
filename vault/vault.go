// Package vault keeps the register's promises about personal data: it
// collects only what a collection point declares, stores every value
// encrypted with its subject's own data key, lets it be used or disclosed
// only for a declared purpose whose legal basis holds now, and appends every
// step to the audit chain in the same transaction as the step itself.
//
// The vault is the one implementation of tillit.Vault; it runs on any
// tillit.Store (sqlite, postgres) and encrypts with package keys.
package vault

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
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/keys"
)

// indexSecret names the wrapped blind-index key in the store.
const indexSecret = "blind_index"

// Config holds what a Vault needs.
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
	// leaves it zero, with every guarantee on.
	Without benchonly.Off
}

// Vault implements tillit.Vault.
type Vault struct {
	store  tillit.Store
	policy atomic.Pointer[tillit.Policy]
	kek    *keys.KEK
	index  *keys.Index
	now    func() time.Time
	rand   io.Reader

	requestTTL              time.Duration
	publicURL               string
	downloadTTL, consentTTL time.Duration
	without                 benchonly.Off // guarantees off, for tillit bench only
}

var _ tillit.Vault = (*Vault)(nil)

// Open returns a vault over c.Store. The first time a store is opened it
// creates the blind-index key, wrapped by the key-encryption key.
func Open(ctx context.Context, c Config) (*Vault, error) {
	if c.Store == nil || c.Policy == nil || c.KEK == nil {
		return nil, errors.New("vault: open: a store, a policy and a key-encryption key are required")
	}
	v := &Vault{store: c.Store, kek: c.KEK, now: c.Now, rand: c.Rand, requestTTL: c.RequestTTL,
		publicURL: strings.TrimRight(c.PublicURL, "/"), downloadTTL: c.DownloadTTL, consentTTL: c.ConsentLinkTTL,
		without: c.Without}
	if v.requestTTL <= 0 {
		v.requestTTL = RequestTTL
	}
	if v.downloadTTL <= 0 {
		v.downloadTTL = DownloadTTL
	}
	if v.consentTTL <= 0 {
		v.consentTTL = ConsentLinkTTL
	}
	if v.now == nil {
		v.now = time.Now
	}
	if v.rand == nil {
		v.rand = rand.Reader
	}
	v.policy.Store(c.Policy)
	err := c.Store.Update(ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.Secret(indexSecret)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			var idx *keys.Index
			if idx, wrapped, err = v.kek.NewIndexKey(); err != nil {
				return err
			}
			v.index = idx
			if err := tx.PutSecret(indexSecret, wrapped); err != nil {
				return err
			}
			if err := v.checkSchedule(ctx, tx); err != nil {
				return err
			}
			return v.audit(ctx, tx, tillit.AuditEntry{Action: "index_key_created"})
		}
		if err != nil {
			return err
		}
		if v.index, err = v.kek.OpenIndexKey(wrapped); err != nil {
			return err
		}
		return v.checkSchedule(ctx, tx)
	})
	if err != nil {
		return nil, fmt.Errorf("vault: open: %w", err)
	}
	return v, nil
}

// Policy returns the register the vault enforces.
func (v *Vault) Policy() *tillit.Policy { return v.policy.Load() }

// SetPolicy replaces the register, e.g. after the file was edited and
// compiled again. Requests already running finish under the old one.
func (v *Vault) SetPolicy(p *tillit.Policy) { v.policy.Store(p) }

// id returns a new random ID with a prefix naming its kind.
func (v *Vault) id(prefix string) string {
	var b [15]byte
	if _, err := io.ReadFull(v.rand, b[:]); err != nil {
		panic("vault: no randomness: " + err.Error())
	}
	return prefix + "_" + strings.ToLower(base32.StdEncoding.EncodeToString(b[:]))
}

// audit appends an entry for the actor in ctx, at e.At or else now.
func (v *Vault) audit(ctx context.Context, tx tillit.Tx, e tillit.AuditEntry) error {
	if v.without.Audit() {
		return nil // tillit bench's breakdown only
	}
	if e.At.IsZero() {
		e.At = v.now()
	}
	e.Actor = tillit.ActorFrom(ctx)
	if !isRef(e.Actor) || strings.Contains(e.Actor, "@") {
		// The audit log can never be erased: keep names and addresses out.
		return invalid("vault.audit", "Den som agerar ska anges som ett id, t.ex. admin:42, inte med namn eller e-postadress.",
			"The actor must be an ID such as admin:42, not a name or an e-mail address.")
	}
	_, err := tx.AppendAudit(e)
	return err
}

// subject returns a subject that exists and is not erased. An erased
// subject is not found: its data no longer exists.
func subject(tx tillit.Tx, op, id string) (tillit.Subject, error) {
	s, err := tx.Subject(id)
	if err == nil && s.IsErased() {
		err = tillit.Errorf(tillit.ENOTFOUND, op, "erased")
	}
	return s, subjectErr(op, err)
}

// seal and open bind a value to its subject, item and category, so a
// sealed value copied to another row does not open.
func itemAD(it tillit.Item) []byte {
	return []byte(it.Subject + "\x00" + it.ID + "\x00" + it.Category)
}

func (v *Vault) dataKey(tx tillit.Tx, subject string) (*keys.DataKey, error) {
	wrapped, err := tx.DataKey(subject)
	if err != nil {
		return nil, err
	}
	return v.kek.OpenDataKey(subject, wrapped)
}

// eachItem runs fn on every item with the subject's data key, unwrapped
// once.
func (v *Vault) eachItem(tx tillit.Tx, subject string, items []tillit.Item, fn func(*keys.DataKey, *tillit.Item) error) error {
	if len(items) == 0 {
		return nil
	}
	dk, err := v.dataKey(tx, subject)
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

// seal encrypts items' values in place.
func (v *Vault) seal(tx tillit.Tx, subject string, items []tillit.Item) error {
	if v.without.Encryption() {
		for i := range items { // tillit bench's breakdown only
			items[i].Sealed, items[i].Value = []byte(items[i].Value), ""
		}
		return nil
	}
	if len(items) == 0 {
		return nil
	}
	dk, err := v.dataKey(tx, subject)
	if err != nil {
		return err
	}
	return sealWith(dk, items)
}

// sealWith encrypts items' values in place with their subject's key.
func sealWith(dk *keys.DataKey, items []tillit.Item) error {
	for i := range items {
		sealed, err := dk.Encrypt([]byte(items[i].Value), itemAD(items[i]))
		if err != nil {
			return err
		}
		items[i].Sealed, items[i].Value = sealed, ""
	}
	return nil
}

// open decrypts items' values in place.
func (v *Vault) open(tx tillit.Tx, subject string, items []tillit.Item) error {
	if v.without.Encryption() {
		for i := range items { // tillit bench's breakdown only
			items[i].Value, items[i].Sealed = string(items[i].Sealed), nil
		}
		return nil
	}
	return v.eachItem(tx, subject, items, func(dk *keys.DataKey, it *tillit.Item) error {
		b, err := dk.Decrypt(it.Sealed, itemAD(*it))
		if err != nil {
			return fmt.Errorf("vault: open item %s: %w", it.ID, err)
		}
		it.Value, it.Sealed = string(b), nil
		return nil
	})
}

func invalid(op string, sv, en string, args ...any) *tillit.Error {
	return tillit.Errorl(tillit.EINVALID, op, tillit.Text{SV: fmt.Sprintf(sv, args...), EN: fmt.Sprintf(en, args...)})
}

func forbidden(op string, sv, en string, args ...any) *tillit.Error {
	return tillit.Errorl(tillit.EFORBIDDEN, op, tillit.Text{SV: fmt.Sprintf(sv, args...), EN: fmt.Sprintf(en, args...)})
}
