// Package testapp starts Tillit the way the tests use it: the services
// over a fresh store (SQLite in a temporary directory, or a PostgreSQL
// schema of the test's own), a register, a key, a clock the test moves by
// hand, and the HTTP server on loopback. It replaces the near-identical
// set-ups the server's tests had, one per area.
package testapp

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/internal/pgtest"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/requests"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/storetest"
)

// Store opens a fresh store for one test; the store is closed when the
// test ends.
type Store struct {
	Name string
	Open func(t testing.TB) tillit.Store
}

// Stores are both engines: SQLite in a temporary directory, and a
// PostgreSQL schema of the test's own (skipped with a message when no
// server is configured).
var Stores = []Store{
	{"sqlite", func(t testing.TB) tillit.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "tillit.db"), sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}},
	{"postgres", func(t testing.TB) tillit.Store {
		s, err := postgres.Open(context.Background(), pgtest.Schema(t), postgres.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s
	}},
}

// Options choose what Start starts; the zero value is SQLite, the
// Allkontrakt register and the server's default limits.
type Options struct {
	Store    func(t testing.TB) tillit.Store // Stores[0] (SQLite) when nil
	Policy   *tillit.Policy                  // examples/allkontrakt.yaml when nil
	Register string                          // the register's file name, for the server's lint page
	// PublicURL is the centre's address in the e-mails; with SelfURL the
	// server's own loopback URL is used.
	PublicURL string
	SelfURL   bool
	Limits    server.Limits
	Log       io.Writer // the server's JSON log; discarded when nil
	// Server, when set, changes the server before it starts (e.g.
	// ConsentOrigins, Findings).
	Server func(*server.Server)
	// Wrap, when set, wraps the store the services run on, e.g. to watch
	// its transactions.
	Wrap func(tillit.Store) tillit.Store
}

// App is the services over a fresh store, served on loopback.
type App struct {
	*app.App
	Policy *tillit.Policy
	KEK    *keys.KEK
	Clock  *storetest.Clock
	Ctx    context.Context // the actor "test"
	Server *server.Server
	HTTP   *httptest.Server
}

// Allkontrakt returns the compiled Allkontrakt example register.
func Allkontrakt(t testing.TB) *tillit.Policy {
	t.Helper()
	pol, problems := register.Compile("examples/allkontrakt.yaml", examples.Allkontrakt)
	if pol == nil {
		t.Fatal(problems)
	}
	return pol
}

// Start opens the services over a fresh store and serves them.
func Start(t testing.TB, o Options) *App {
	t.Helper()
	if o.Store == nil {
		o.Store = Stores[0].Open
	}
	if o.Policy == nil {
		o.Policy = Allkontrakt(t)
	}
	a := &App{Policy: o.Policy, Clock: storetest.NewClock(), Ctx: tillit.WithActor(context.Background(), "test")}
	store := o.Store(t)
	t.Cleanup(func() { store.Close() })
	if o.Wrap != nil {
		store = o.Wrap(store)
	}
	a.KEK, _ = storetest.KEK(t)
	var handler http.Handler
	a.HTTP = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { handler.ServeHTTP(w, r) }))
	t.Cleanup(a.HTTP.Close)
	public := o.PublicURL
	if o.SelfURL {
		public = a.HTTP.URL
	}
	var err error
	a.App, err = app.Open(a.Ctx, app.Config{Store: store, Policy: o.Policy, KEK: a.KEK, Now: a.Clock.Now, PublicURL: public})
	if err != nil {
		t.Fatal(err)
	}
	a.Server = a.App.Server()
	a.Server.RegisterFile, a.Server.Limits = o.Register, o.Limits
	if o.Log != nil {
		a.Server.Log = slog.New(slog.NewJSONHandler(o.Log, nil))
	}
	if o.Server != nil {
		o.Server(a.Server)
	}
	handler = a.Server.Handler()
	return a
}

// URL returns the loopback URL of path.
func (a *App) URL(path string) string { return a.HTTP.URL + path }

// Outbox is a requests.Post that keeps every e-mail it is given.
type Outbox struct {
	mu    sync.Mutex
	Mails []deliver.Mail
}

// Post returns the post that puts e-mails into o; webhooks fail.
func (o *Outbox) Post() requests.Post {
	return requests.Post{Mail: func(_ context.Context, m deliver.Mail) error {
		o.mu.Lock()
		defer o.mu.Unlock()
		o.Mails = append(o.Mails, m)
		return nil
	}}
}

// Deliver runs a's outbox once into o and returns the e-mails that
// arrived.
func (a *App) Deliver(t testing.TB, o *Outbox) []deliver.Mail {
	t.Helper()
	o.mu.Lock()
	seen := len(o.Mails)
	o.mu.Unlock()
	if _, err := a.Requests.Deliver(a.Ctx, o.Post(), 100); err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]deliver.Mail(nil), o.Mails[seen:]...)
}

var codeRE = regexp.MustCompile(`(?:koden|the code) (\d{6})`)

// Confirmed submits a request, reads its code from the e-mail and
// confirms it.
func (a *App) Confirmed(t testing.TB, o *Outbox, f tillit.RequestForm) tillit.Request {
	t.Helper()
	r, err := a.Requests.Submit(a.Ctx, f)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	var code string
	for _, m := range a.Deliver(t, o) {
		if c := codeRE.FindStringSubmatch(m.Text); c != nil && strings.Contains(m.Text, r.ID) {
			code = c[1]
		}
	}
	if code == "" {
		t.Fatalf("no code e-mail for %s", r.ID)
	}
	if r, err = a.Requests.Confirm(a.Ctx, r.ID, code); err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	return r
}

// Audit returns every entry of a's audit log, read through the store.
func (a *App) Audit(t testing.TB) []tillit.AuditEntry {
	t.Helper()
	var out []tillit.AuditEntry
	err := a.Store.View(a.Ctx, func(tx tillit.Tx) error {
		for after := int64(0); ; {
			es, err := tx.Audit(after, 1000)
			if err != nil {
				return err
			}
			out = append(out, es...)
			if len(es) < 1000 {
				return nil
			}
			after = es[len(es)-1].Seq
		}
	})
	if err != nil {
		t.Fatalf("read the audit log: %v", err)
	}
	return out
}
