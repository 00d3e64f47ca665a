package storetest

import (
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
)

// grouper is a store whose Updates may share a commit, with the hook
// tests hold its committer by (sqlstore.Store.HookGroups).
type grouper interface {
	Groups() bool
	HookGroups(func(size int))
	Waiting() int
}

// holder holds a grouping store's committer: the first batch after hold
// waits in the hook until release, and every batch's number is known to
// the Updates that run in it.
type holder struct {
	g       grouper
	batch   atomic.Int64 // the number of the batch now running
	mu      sync.Mutex
	sizes   []int
	held    chan struct{}
	release chan struct{}
}

// hold installs the hook; the returned holder is nil when the store does
// not group.
func hold(t *testing.T, s tillit.Store) *holder {
	g, ok := s.(grouper)
	if !ok || !g.Groups() {
		return nil
	}
	h := &holder{g: g, held: make(chan struct{}), release: make(chan struct{})}
	g.HookGroups(func(size int) {
		n := h.batch.Add(1)
		h.mu.Lock()
		h.sizes = append(h.sizes, size)
		h.mu.Unlock()
		if n == 1 {
			close(h.held)
			<-h.release
		}
	})
	t.Cleanup(func() { g.HookGroups(nil) })
	return h
}

// queued waits until n Updates are queued behind the held committer. It
// waits for a condition, not for a time.
func (h *holder) queued(t *testing.T, n int) {
	for h.g.Waiting() < n {
		if t.Context().Err() != nil {
			t.Fatalf("%d Updates queued, want %d", h.g.Waiting(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

// testGroupBatching checks that Updates queued while one commits share
// the next transaction, and that the batch holds every one of them: it
// fails when the store commits them one by one.
func testGroupBatching(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	h := hold(t, e.Store)
	if h == nil {
		t.Skip("this store's writers run side by side; it does not group commits")
	}
	const calls = 20
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error { return tx.PutMeta("first", "ok") }); err != nil {
			t.Errorf("first: %v", err)
		}
	})
	<-h.held
	in := make([]int64, calls) // the batch each Update ran in
	for i := range calls {
		wg.Go(func() {
			err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
				in[i] = h.batch.Load()
				return tx.PutMeta(fmt.Sprintf("k%d", i), "written")
			})
			if err != nil {
				t.Errorf("update %d: %v", i, err)
			}
		})
	}
	h.queued(t, calls)
	close(h.release)
	wg.Wait()
	if want := []int{1, calls}; !slices.Equal(h.sizes, want) {
		t.Errorf("batch sizes %v, want %v: the queued Updates did not commit together", h.sizes, want)
	}
	for i, b := range in {
		if b != 2 {
			t.Errorf("update %d ran in batch %d, want 2 with the others", i, b)
		}
	}
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		for i := range calls {
			if v, err := tx.Meta(fmt.Sprintf("k%d", i)); err != nil || v != "written" {
				t.Errorf("k%d = %q, %v", i, v, err)
			}
		}
		return nil
	})
}

// testGroupCommit checks that Updates queued behind one another keep
// their own outcome when they commit together: what one that fails or
// panics wrote is gone, even when the database refused one of its
// statements, a panic reaches its own caller, and what the others wrote
// is there, with an audit log that holds. On a store whose writers run
// side by side the same outcomes hold without the grouping.
func testGroupCommit(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	owner := e.Collect(t, Quote("group@example.se")).Subject
	head := e.Head(t)
	if err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
		return tx.PutIdentifier("email", []byte("taken"), owner)
	}); err != nil {
		t.Fatal(err)
	}
	errOwn := errors.New("refused by its caller")
	const rounds, calls = 3, 24
	for round := range rounds {
		var wg sync.WaitGroup
		// The first Update holds the committer until the others are
		// queued behind it, so that they commit together.
		h := hold(t, e.Store)
		wg.Go(func() {
			err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
				return tx.PutMeta(fmt.Sprintf("r%d-first", round), "ok")
			})
			if err != nil {
				t.Errorf("first: %v", err)
			}
		})
		if h != nil {
			<-h.held
		}
		outcome := make([]any, calls)
		for i := range calls {
			wg.Go(func() {
				defer func() {
					if r := recover(); r != nil {
						outcome[i] = r
					}
				}()
				key := fmt.Sprintf("r%d-%d", round, i)
				outcome[i] = e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
					if err := tx.PutMeta(key, "written"); err != nil {
						return err
					}
					if err := tx.AppendAudit(tillit.AuditEntry{At: e.Clock.Now(), Actor: "test", Action: "group", Detail: key}); err != nil {
						return err
					}
					switch i % 4 {
					case 1:
						return errOwn
					case 2:
						// A statement the database refuses.
						return tx.PutIdentifier("email", []byte("taken"), "sub_other")
					case 3:
						panic("update " + key)
					}
					return nil
				})
			})
		}
		if h != nil {
			h.queued(t, calls)
			close(h.release)
		}
		wg.Wait()
		if h != nil {
			if want := []int{1, calls}; !slices.Equal(h.sizes, want) {
				t.Errorf("round %d: batch sizes %v, want %v", round, h.sizes, want)
			}
		}
		for i, got := range outcome {
			key := fmt.Sprintf("r%d-%d", round, i)
			switch i % 4 {
			case 0:
				if got != nil {
					t.Errorf("%s: %v, want success", key, got)
				}
			case 1:
				if err, _ := got.(error); !errors.Is(err, errOwn) {
					t.Errorf("%s: %v, want its own error", key, got)
				}
			case 2:
				if err, _ := got.(error); tillit.ErrorCode(err) != tillit.ECONFLICT {
					t.Errorf("%s: %v, want a conflict", key, got)
				}
			case 3:
				if got != "update "+key {
					t.Errorf("%s: %v, want its own panic", key, got)
				}
			}
			var v string
			err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
				var err error
				v, err = tx.Meta(key)
				return err
			})
			kept := err == nil && v == "written"
			if want := i%4 == 0; kept != want {
				t.Errorf("%s: written %v (%v), want %v", key, kept, err, want)
			}
		}
	}
	rep := e.Verify(t)
	if want := head + rounds*calls/4; rep.Entries != want {
		t.Errorf("audit entries = %d, want %d", rep.Entries, want)
	}
}
