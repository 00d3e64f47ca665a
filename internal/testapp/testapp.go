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
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/internal/pgtest"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/register"
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
