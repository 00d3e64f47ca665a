package postgres_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/pgtest"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/storetest"
)

// trips counts round trips through pgx's tracer: each statement sent on
// its own, each batch (a pipeline: one round trip however many statements
// it holds) and each explicit prepare.
type trips struct {
	n    atomic.Int64
	mu   sync.Mutex
	sent []string // what each round trip began with, for the failure message
}

func (c *trips) trip(what string) {
	c.n.Add(1)
	c.mu.Lock()
	c.sent = append(c.sent, what)
	c.mu.Unlock()
}

func (c *trips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	c.trip(d.SQL)
	return ctx
}
func (c *trips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (c *trips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceBatchStartData) context.Context {
	var qs []string
	for _, q := range d.Batch.QueuedQueries {
		qs = append(qs, strings.Fields(q.SQL)[0]+" "+strings.Join(strings.Fields(q.SQL)[1:min(4, len(strings.Fields(q.SQL)))], " "))
	}
	c.trip("batch: " + strings.Join(qs, " | "))
	return ctx
}
func (c *trips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {}
func (c *trips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData)     {}
func (c *trips) TracePrepareStart(ctx context.Context, _ *pgx.Conn, d pgx.TracePrepareStartData) context.Context {
	c.trip("prepare: " + d.SQL)
	return ctx
}
func (c *trips) TracePrepareEnd(context.Context, *pgx.Conn, pgx.TracePrepareEndData) {}

// TestRoundTrips checks that each vault operation costs at most three
// round trips to PostgreSQL (issue 17): a regression fails here, not only
// in a benchmark.
func TestRoundTrips(t *testing.T) {
	c := &trips{}
	storetest.RoundTrips(t, func(t testing.TB) tillit.Store {
		s, err := postgres.Open(t.Context(), newSchema(t), postgres.Options{MaxConns: 1, Tracer: c})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}, c.n.Load, 3)
	if t.Failed() {
		for _, q := range c.sent[max(0, len(c.sent)-20):] {
			t.Log(q)
		}
	}
}

// TestPoolSessions checks that 16 callers at once open no more sessions
// than the pool holds, and reuse them rather than opening new ones.
func TestPoolSessions(t *testing.T) {
	name := "tillit_pool_" + strings.ToLower(rand.Text()[:8])
	dsn := pgtest.Schema(t) + "&application_name=" + name
	const size = 4
	s, err := postgres.Open(t.Context(), dsn, postgres.Options{MaxConns: size})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	e := storetest.NewEnvOn(t, s)
	var wg sync.WaitGroup
	var most atomic.Int64
	for w := range 16 {
		wg.Go(func() {
			for i := range 10 {
				r, err := e.Vault.Collect(e.Ctx, storetest.Quote(fmt.Sprintf("w%d-%d@example.se", w, i)))
				if err != nil {
					t.Error(err)
					return
				}
				if _, err := e.Vault.Use(e.Ctx, r.Subject, "quote"); err != nil {
					t.Error(err)
					return
				}
				if i == 5 {
					var n int64
					err := s.DB().QueryRowContext(e.Ctx, `SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1`, name).Scan(&n)
					if err != nil {
						t.Error(err)
						return
					}
					for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
					}
				}
			}
		})
	}
	wg.Wait()
	st := s.Pool().Stat()
	if st.MaxConns() != size || st.TotalConns() > size || st.NewConnsCount() > size {
		t.Errorf("pool of %d: %d connections open, %d opened in all", st.MaxConns(), st.TotalConns(), st.NewConnsCount())
	}
	if n := most.Load(); n == 0 || n > size {
		t.Errorf("%d sessions seen on the server, want 1 to %d", n, size)
	}
}
