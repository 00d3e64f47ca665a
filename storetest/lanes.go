package storetest

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
)

// appendMany runs workers goroutines, each making each Updates of two
// audit entries (of a few subjects, now and then of none) through the
// stores in turn and writing checkpoints meanwhile, and returns how many
// entries were appended.
func appendMany(t *testing.T, stores []tillit.Store, clock func() time.Time, workers, each int) int64 {
	t.Helper()
	ctx := t.Context()
	var wg sync.WaitGroup
	for w := range workers {
		s := stores[w%len(stores)]
		wg.Go(func() {
			for i := range each {
				subject := fmt.Sprintf("sub_w%d_%d", w, i%5) // several entries per subject, in order
				if i%7 == 0 {
					subject = "" // a system entry
				}
				err := s.Update(ctx, func(tx tillit.Tx) error {
					for k := range 2 {
						if err := tx.AppendAudit(tillit.AuditEntry{At: clock(), Actor: "test", Action: "lanes",
							Subject: subject, Detail: fmt.Sprintf("w=%d i=%d k=%d", w, i, k)}); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Errorf("append: %v", err)
					return
				}
				if i%10 == 0 {
					if _, err := (audit.Log{Store: s}).Checkpoint(ctx, clock()); err != nil {
						t.Errorf("checkpoint: %v", err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	return int64(workers * each * 2)
}

// checkLanes verifies the log through s and checks that every subject's
// entries are in its lane, in the order they were written.
func checkLanes(t *testing.T, s tillit.Store, want int64) {
	t.Helper()
	rep, err := audit.Log{Store: s}.Verify(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if rep.Broken != "" || rep.Entries != want || rep.Lanes != tillit.AuditLanes || rep.Checkpoints == 0 {
		t.Fatalf("report %+v, want %d entries in %d lanes, checkpoints, intact", rep, want, tillit.AuditLanes)
	}
	last := map[string]int64{} // subject -> position of its last entry
	err = s.View(t.Context(), func(tx tillit.Tx) error {
		for after := int64(0); ; {
			es, err := tx.Audit(after, 1000)
			if err != nil || len(es) == 0 {
				return err
			}
			for _, e := range es {
				after = e.Seq
				if e.Action != "lanes" {
					continue
				}
				if l := tillit.AuditLaneOf(e.Subject, tillit.AuditLanes); e.Lane != l {
					t.Errorf("entry %d of subject %q is in lane %d, want %d", e.Seq, e.Subject, e.Lane, l)
				}
				if e.LaneSeq <= last[e.Subject] {
					t.Errorf("entry %d of subject %q is at position %d, not after %d", e.Seq, e.Subject, e.LaneSeq, last[e.Subject])
				}
				last[e.Subject] = e.LaneSeq
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testLanes appends from many goroutines at once, with checkpoints
// meanwhile: every entry is in its subject's lane, each lane chains, and
// the log verifies.
func testLanes(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	before := e.Head(t)
	n := appendMany(t, []tillit.Store{e.Store}, e.Clock.Now, 16, 20)
	if _, err := (audit.Log{Store: e.Store}).Checkpoint(e.Ctx, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	checkLanes(t, e.Store, before+n)
}

// LanesTwoNodes appends to one database through two stores, each with its
// own connections, as two tillit nodes would, both writing checkpoints;
// the log verifies through either.
func LanesTwoNodes(t *testing.T, open func(testing.TB) (tillit.Store, tillit.Store)) {
	a, b := open(t)
	n := appendMany(t, []tillit.Store{a, b}, NewClock().Now, 16, 20)
	if _, err := (audit.Log{Store: a}).Checkpoint(t.Context(), time.Now()); err != nil {
		t.Fatal(err)
	}
	checkLanes(t, a, n)
	checkLanes(t, b, n)
}
