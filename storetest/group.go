package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
)

// testGroupCommit checks that Updates queued behind one another keep
// their own outcome when they commit together: what one that fails or
// panics wrote is gone, even when the database refused one of its
// statements, a panic reaches its own caller, and what the others wrote
// is there, with an audit chain that holds.
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
		release := make(chan struct{})
		var wg sync.WaitGroup
		// The first Update holds the transaction open until the others
		// are queued behind it, so that they commit together.
		wg.Go(func() {
			err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
				<-release
				return tx.PutMeta(fmt.Sprintf("r%d-first", round), "ok")
			})
			if err != nil {
				t.Errorf("first: %v", err)
			}
		})
		time.Sleep(20 * time.Millisecond)
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
		time.Sleep(50 * time.Millisecond)
		close(release)
		wg.Wait()
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
