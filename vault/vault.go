// Package vault keeps the register's promises about personal data: it
// collects only what a collection point declares, stores every value
// encrypted with its subject's own data key, lets it be used or disclosed
// only for a declared purpose whose legal basis holds now, keeps the
// ledgers of events, consents and disclosures, answers the rights that act
// on the data (erasure, rectification, restriction, portability), rotates
// the keys and schedules retention — appending every step to the audit
// chain in the same transaction as the step itself.
//
// The vault is the one implementation of tillit.Vault and
// tillit.Retention; it runs on any tillit.Store (sqlite, postgres) through
// the core it shares with the other services.
package vault

import (
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
)

// Vault implements tillit.Vault and tillit.Retention.
type Vault struct {
	c *core.Core
}

var (
	_ tillit.Vault     = (*Vault)(nil)
	_ tillit.Retention = (*Vault)(nil)
)

// New returns the vault over c.
func New(c *core.Core) *Vault { return &Vault{c: c} }

// Policy returns the register the vault enforces.
func (v *Vault) Policy() *tillit.Policy { return v.c.Policy() }

// SetPolicy replaces the register, e.g. after the file was edited and
// compiled again. Requests already running finish under the old one.
func (v *Vault) SetPolicy(p *tillit.Policy) { v.c.SetPolicy(p) }

// Now returns the clock's time.
func (v *Vault) Now() time.Time { return v.c.Now() }
