// Package storetest is the contract every tillit.Store must keep. The
// sqlite and postgres packages run Run against a fresh store per test; the
// suite drives the vault over it, so it checks the store and the vault's
// promises together: what is refused changes nothing, values are only ever
// stored encrypted, keys rotate and shred, and the audit chain holds.
package storetest

import (
	"context"
	_ "embed"
	"sync"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
)

//go:embed testdata/register.yaml
var registerYAML []byte

//go:embed testdata/retention.yaml
var retentionYAML []byte

// RetentionRegister returns the source of the register with every shape of
// retention rule, on which the retention tests run.
func RetentionRegister() []byte { return retentionYAML }

// RetentionPolicy returns the compiled RetentionRegister.
var RetentionPolicy = compileOnce("storetest/testdata/retention.yaml", retentionYAML)

// Opener opens a new, empty store for one test and closes it when the test
// ends.
type Opener func(t testing.TB) tillit.Store

// Policy returns the register the suite runs on.
var Policy = compileOnce("storetest/testdata/register.yaml", registerYAML)

// compileOnce returns a function that compiles src the first time it is
// called and returns the same Policy after: a Policy is immutable.
func compileOnce(name string, src []byte) func(testing.TB) *tillit.Policy {
	compiled := sync.OnceValues(func() (*tillit.Policy, register.Problems) { return register.Compile(name, src) })
	return func(t testing.TB) *tillit.Policy {
		t.Helper()
		pol, problems := compiled()
		if pol == nil {
			t.Fatalf("storetest: %s:\n%v", name, problems)
		}
		return pol
	}
}

// KEK returns a new key-encryption key and its JSON keyset.
func KEK(t testing.TB) (*keys.KEK, []byte) {
	t.Helper()
	js, err := keys.Generate()
	if err != nil {
		t.Fatal(err)
	}
	k, err := keys.ParseKEK(js)
	if err != nil {
		t.Fatal(err)
	}
	return k, js
}

// Clock is a clock a test moves by hand.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock at 2026-03-02 10:00 Stockholm time.
func NewClock() *Clock {
	return &Clock{t: time.Date(2026, 3, 2, 10, 0, 0, 0, tillit.Stockholm)}
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock forward.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// Env is the services over a store, with its clock and key.
type Env struct {
	*app.App
	Store  tillit.Store
	Clock  *Clock
	KEK    *keys.KEK
	KEKSet []byte
	Ctx    context.Context
	Policy *tillit.Policy
}

// NewEnv opens a fresh store and a vault over it.
func NewEnv(t testing.TB, open Opener) *Env {
	t.Helper()
	return newEnv(t, open(t), Policy(t))
}

// NewEnvOn returns a vault over an open store, with the contract's
// register.
func NewEnvOn(t testing.TB, store tillit.Store) *Env {
	t.Helper()
	return newEnv(t, store, Policy(t))
}

func newEnv(t testing.TB, store tillit.Store, pol *tillit.Policy) *Env {
	t.Helper()
	e := &Env{Store: store, Clock: NewClock(), Ctx: tillit.WithActor(context.Background(), "test"), Policy: pol}
	e.KEK, e.KEKSet = KEK(t)
	e.set(e.reopen(t, e.KEK))
	return e
}

// reopen returns the services over the env's store with kek.
func (e *Env) reopen(t testing.TB, kek *keys.KEK) *app.App {
	t.Helper()
	a, err := app.Open(e.Ctx, app.Config{Store: e.Store, Policy: e.Policy, KEK: kek, Now: e.Clock.Now})
	if err != nil {
		t.Fatalf("app.Open: %v", err)
	}
	return a
}

// set makes a the env's services.
func (e *Env) set(a *app.App) { e.App = a }

// Collect collects s and fails the test on error.
func (e *Env) Collect(t testing.TB, s tillit.Submission) tillit.Receipt {
	t.Helper()
	r, err := e.Vault.Collect(e.Ctx, s)
	if err != nil {
		t.Fatalf("Collect(%s): %v", s.Point, err)
	}
	return r
}

// Head returns how many entries the audit log holds: the sum of its
// lanes' lengths.
func (e *Env) Head(t testing.TB) int64 {
	t.Helper()
	var n int64
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		heads, err := tx.AuditHeads()
		for _, h := range heads {
			n += h.Seq
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// Verify fails the test unless the audit chain is intact.
func (e *Env) Verify(t testing.TB) tillit.AuditReport {
	t.Helper()
	r, err := audit.Log{Store: e.Store}.Verify(e.Ctx)
	if err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if r.Broken != "" {
		t.Fatalf("audit chain broken: %s", r.Broken)
	}
	return r
}

// Values returns the category -> value map of items.
func Values(items []tillit.Item) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		m[it.Category] = it.Value
	}
	return m
}

// Quote is a valid submission to the quote form.
func Quote(email string) tillit.Submission {
	return tillit.Submission{
		Point: "quote_form",
		Fields: map[string]string{
			"name": "Anna Andersson", "email": email, "address": "Solvägen 3, 123 45 Solby",
			"roof_type": "tegel", "consumption": "18000",
		},
		Events: []string{"quote_requested"},
	}
}
