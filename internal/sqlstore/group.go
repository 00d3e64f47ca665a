package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/tillit-privacy/tillit"
)

// On a serial engine (SQLite: one writer at a time) each Update used to
// pay for a commit of its own, a flush of the write-ahead log to disk. Group commit lets
// the Updates that queue while one commits share the next transaction:
// each runs in a savepoint of its own, so one that fails is rolled back
// alone, and all are acknowledged only once the transaction has
// committed. The first caller to find no transaction under way leads: it
// commits the queue in batches of at most maxGroup, then hands the lead
// to the next caller in the queue. An Update that finds nothing else
// waiting runs alone, as before, without a savepoint.

// maxGroup is the most Updates one transaction commits together. Each
// holds a savepoint until the commit; PostgreSQL keeps up to 64 of a
// transaction's subtransactions in shared memory and slows down beyond.
const maxGroup = 48

// group is the queue of Updates waiting to be committed.
type group struct {
	mu      sync.Mutex
	waiting []*call
	leading bool // a caller is committing; the others wait for it
	// hook, set by tests only (HookGroups), is called by each leader
	// with the size of its batch before the batch runs.
	hook atomic.Pointer[func(size int)]
}

// HookGroups is for tests: fn is called, in the committing goroutine,
// with the number of Updates about to share a transaction, before any of
// them runs; while fn blocks, the committer is held and further Updates
// queue. nil removes the hook.
func (s *Store) HookGroups(fn func(size int)) {
	if fn == nil {
		s.group.hook.Store(nil)
		return
	}
	s.group.hook.Store(&fn)
}

// Waiting is for tests: how many Updates are queued for the next batch.
func (s *Store) Waiting() int {
	s.group.mu.Lock()
	defer s.group.mu.Unlock()
	return len(s.group.waiting)
}

// Groups reports whether the store's Updates may share a commit: true on
// serial engines.
func (s *Store) Groups() bool { return s.d.Serial }

// call is one Update in the queue.
type call struct {
	ctx      context.Context
	fn       func(tillit.Tx) error
	err      error
	panicked any           // what fn panicked with, re-panicked in the caller
	done     chan struct{} // closed when err is final
	lead     chan struct{} // told the caller to lead the next batch
}

// errPanicked rolls back the transaction of a call whose fn panicked.
var errPanicked = errors.New("the update panicked")

// errAbandoned is what calls get whose batch's leader exited before
// finishing (runtime.Goexit in an Update, as t.Fatal does).
var errAbandoned = errors.New("the transaction was abandoned")

// Update runs fn in a write transaction. On a serial engine it may share
// the transaction with other Updates (group commit); it returns when the
// transaction has committed or fn's work has been rolled back.
func (s *Store) Update(ctx context.Context, fn func(tillit.Tx) error) error {
	if !s.d.Serial {
		// Writers run side by side; PostgreSQL groups their commits'
		// flushes of its log itself.
		var panicked any
		err := s.run(ctx, true, func(tx tillit.Tx) error {
			var err error
			if err, panicked = protect(fn, tx); panicked != nil {
				return errPanicked // rolled back
			}
			return err
		})
		if panicked != nil {
			panic(panicked)
		}
		return err
	}
	c := &call{ctx: ctx, fn: fn, done: make(chan struct{}), lead: make(chan struct{}, 1)}
	g := &s.group
	g.mu.Lock()
	g.waiting = append(g.waiting, c)
	leader := !g.leading
	g.leading = true
	g.mu.Unlock()
	if !leader {
		select {
		case <-c.done:
			return c.result()
		case <-c.lead:
		}
	}
	s.lead()
	return c.result()
}

// lead commits the first batch of the queue, which holds the caller's own
// call, and passes the lead on.
func (s *Store) lead() {
	g := &s.group
	g.mu.Lock()
	n := min(len(g.waiting), maxGroup)
	batch := make([]*call, n)
	copy(batch, g.waiting)
	g.waiting = append(g.waiting[:0:0], g.waiting[n:]...)
	g.mu.Unlock()
	finished := false
	defer func() {
		// Runs even when an fn calls runtime.Goexit (as t.Fatal does):
		// nobody may be left waiting for a leader that is gone.
		for _, c := range batch {
			if !finished && c.panicked == nil {
				c.err = errAbandoned
			}
			close(c.done)
		}
		g.mu.Lock()
		if len(g.waiting) > 0 {
			g.waiting[0].lead <- struct{}{}
		} else {
			g.leading = false
		}
		g.mu.Unlock()
	}()
	if hook := s.group.hook.Load(); hook != nil {
		(*hook)(len(batch))
	}
	if len(batch) == 1 {
		c := batch[0]
		c.err = s.run(c.ctx, true, func(tx tillit.Tx) error {
			var err error
			if err, c.panicked = protect(c.fn, tx); c.panicked != nil {
				return errPanicked // rolled back
			}
			return err
		})
	} else {
		s.commitBatch(batch)
	}
	finished = true
}

// commitBatch runs a batch's calls in one transaction, each in a
// savepoint, and commits it.
func (s *Store) commitBatch(batch []*call) {
	// The calls' contexts differ; the transaction must not end when the
	// first caller's does. A cancelled call is skipped before it runs.
	ctx := context.WithoutCancel(batch[0].ctx)
	// fail gives err to every call that has not failed on its own: the
	// work of those that succeeded is lost with the transaction.
	fail := func(err error) {
		for _, c := range batch {
			if c.err == nil && c.panicked == nil {
				c.err = err
			}
		}
	}
	cn, err := s.begin(ctx, true)
	if err != nil {
		fail(err)
		return
	}
	defer cn.rollback(ctx)
	// The batch's calls share the connection's statements and the
	// audit lanes' heads.
	h := &heads{}
	erased := false
	for _, c := range batch {
		if err := c.ctx.Err(); err != nil {
			c.err = err
			continue
		}
		if err := cn.savepoint(ctx); err != nil {
			fail(fmt.Errorf("%s: savepoint: %w", s.d.Name, err))
			return
		}
		tx := s.newTx(ctx, cn, true, h)
		before := h.clone()
		c.err, c.panicked = protect(c.fn, tx)
		if c.err != nil || c.panicked != nil {
			if err := cn.rollbackTo(ctx); err != nil {
				fail(fmt.Errorf("%s: roll back to savepoint: %w", s.d.Name, err))
				return
			}
			*h = before
		} else {
			erased = erased || tx.erased
		}
		// The savepoint is not released: the next call's stacks on it,
		// a round trip fewer per call, and the commit releases them all.
	}
	if err := s.newTx(ctx, cn, true, h).writeHeads(); err != nil {
		fail(err)
		return
	}
	if err := cn.commit(ctx); err != nil {
		fail(fmt.Errorf("%s: commit: %w", s.d.Name, err))
		return
	}
	if erased && s.d.AfterErase != nil {
		s.d.AfterErase(ctx, s.db)
	}
}

// protect runs fn, turning a panic into a value to re-panic with in the
// caller's own goroutine.
func protect(fn func(tillit.Tx) error, tx tillit.Tx) (err error, panicked any) {
	defer func() {
		if r := recover(); r != nil {
			panicked = r
		}
	}()
	return fn(tx), nil
}

// result returns the call's outcome in the caller's goroutine.
func (c *call) result() error {
	if c.panicked != nil {
		panic(c.panicked)
	}
	return c.err
}
