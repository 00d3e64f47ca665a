package bench

import (
	"context"
	"errors"
	"sync/atomic"

	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/postgres"
)

// nodeSet is Tillit's side through several stores on one database, each
// with its own connection pool and vault, as several tillit serve
// processes would be; operations go to them in turn.
type nodeSet struct {
	sides []*tillitSide
	next  atomic.Uint64
	extra []*tillitSide // the sides opened for the set, closed with it
}

// nodes opens n-1 more stores on the database of t's store, with vaults
// that share t's key, register, clock and record keys.
func (t *tillitSide) nodes(ctx context.Context, n int) (*nodeSet, error) {
	if t.dsn == "" {
		return nil, errors.New("nodes: PostgreSQL only")
	}
	ns := &nodeSet{sides: []*tillitSide{t}}
	for range n - 1 {
		store, err := postgres.Open(ctx, t.dsn, postgres.Options{})
		if err != nil {
			ns.Close()
			return nil, err
		}
		a, err := app.Open(t.ctx, app.Config{Store: store, Policy: t.pol, KEK: t.kek, Now: t.clock.Now, Without: t.off})
		if err != nil {
			store.Close()
			ns.Close()
			return nil, err
		}
		side := &tillitSide{engine: t.engine, store: store, v: a.Vault, keys: a.Access, app: a, pol: t.pol, clock: t.clock, ctx: t.ctx, shared: t}
		ns.sides = append(ns.sides, side)
		ns.extra = append(ns.extra, side)
	}
	return ns, nil
}

// do runs a step on the next node.
func (ns *nodeSet) do(ctx context.Context, s Step) (status, error) {
	i := ns.next.Add(1) % uint64(len(ns.sides))
	return ns.sides[i].do(ctx, s)
}

// Close closes the stores the set opened.
func (ns *nodeSet) Close() error {
	for _, s := range ns.extra {
		s.store.Close()
	}
	return nil
}
