package storetest

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/internal/sqlstore"
)

// tamperer is the audit log of a store holding three people, with what a
// tampering test needs to know of it.
type tamperer struct {
	e    *Env
	db   *sql.DB
	lane int     // the first person's lane; its entries are at positions 1 and 2
	seqs []int64 // the Seq of that lane's entries, in order
}

// exec runs a statement on the raw database, its ? placeholders numbered
// for PostgreSQL's driver.
func (x *tamperer) exec(t *testing.T, q string, args ...any) {
	t.Helper()
	if strings.Contains(fmt.Sprintf("%T", x.db.Driver()), "stdlib") {
		q = sqlstore.Numbered(q)
	}
	if _, err := x.db.ExecContext(x.e.Ctx, q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// testAuditTamper alters the audit log behind the store's back and checks
// that verification says where it breaks: in a lane, in the checkpoints,
// or between the two.
func testAuditTamper(t *testing.T, open Opener) {
	tests := []struct {
		name       string
		checkpoint bool // write a checkpoint before tampering
		tamper     func(t *testing.T, x *tamperer)
		broken     string // what the report says, with %[1]d the lane and %[2]d its first entry's Seq, %[3]d its second's
	}{
		{"altered detail", false, func(t *testing.T, x *tamperer) {
			x.exec(t, `UPDATE audit SET detail = 'point=other' WHERE seq = ?`, x.seqs[1])
		}, "entry %[3]d was altered after it was written (lane %[1]d, position 2)"},
		{"altered subject", false, func(t *testing.T, x *tamperer) {
			x.exec(t, `UPDATE audit SET subject = 'sub_x' WHERE seq = ?`, x.seqs[0])
		}, "entry %[2]d was altered after it was written (lane %[1]d, position 1)"},
		{"removed entry", false, func(t *testing.T, x *tamperer) {
			x.exec(t, `DELETE FROM audit WHERE seq = ?`, x.seqs[0])
		}, "positions 1 to 1 of lane %[1]d are missing"},
		{"removed newest entry", false, func(t *testing.T, x *tamperer) {
			x.exec(t, `DELETE FROM audit WHERE seq = ?`, x.seqs[1])
		}, "lane %[1]d ends at position 1 but its recorded head is position 2"},
		{"reordered entries", false, func(t *testing.T, x *tamperer) {
			x.exec(t, `UPDATE audit SET lseq = 100 WHERE seq = ?`, x.seqs[0])
			x.exec(t, `UPDATE audit SET lseq = 1 WHERE seq = ?`, x.seqs[1])
			x.exec(t, `UPDATE audit SET lseq = 2 WHERE seq = ?`, x.seqs[0])
		}, "does not link to the entry before it (lane %[1]d, position 1)"},
		{"inserted entry", false, func(t *testing.T, x *tamperer) {
			// A forger who knows the hash function: the entry links
			// to the one before it, but the one after does not link
			// to it.
			var first tillit.AuditEntry
			x.e.Store.View(x.e.Ctx, func(tx tillit.Tx) error {
				es, err := tx.AuditLane(x.lane, 0, 1)
				if err == nil && len(es) == 1 {
					first = es[0]
				}
				return err
			})
			x.exec(t, `UPDATE audit SET lseq = 3 WHERE seq = ?`, x.seqs[1])
			f := tillit.AuditEntry{Seq: x.seqs[0] + 100000, Lane: x.lane, LaneSeq: 2, At: first.At, Actor: "admin:1", Action: "use", Subject: first.Subject, Prev: first.Hash}
			f.Hash = f.Digest()
			x.exec(t, `INSERT INTO audit (seq, lane, lseq, at, actor, action, subject, purpose, detail, prev, hash) VALUES (?, ?, 2, ?, ?, ?, ?, '', '', ?, ?)`,
				f.Seq, f.Lane, f.At.UnixMicro(), f.Actor, f.Action, f.Subject, f.Prev, f.Hash)
			x.exec(t, `UPDATE audit_lanes SET seq = 3 WHERE lane = ?`, x.lane)
		}, "(lane %[1]d, position 3)"},
		{"head moved back", false, func(t *testing.T, x *tamperer) {
			x.exec(t, `UPDATE audit_lanes SET seq = 1, hash = (SELECT hash FROM audit WHERE seq = ?) WHERE lane = ?`, x.seqs[0], x.lane)
		}, "entry %[3]d follows the store's head of its lane (lane %[1]d, position 2 after the head's 1)"},
		{"lane cut short", true, func(t *testing.T, x *tamperer) {
			x.exec(t, `DELETE FROM audit WHERE seq = ?`, x.seqs[1])
			x.exec(t, `UPDATE audit_lanes SET seq = 1, hash = (SELECT hash FROM audit WHERE seq = ?) WHERE lane = ?`, x.seqs[0], x.lane)
		}, "lane %[1]d ends at position 1 but checkpoint 1 names its entry at position 2: the lane was cut short"},
		{"lane dropped", true, func(t *testing.T, x *tamperer) {
			x.exec(t, `DELETE FROM audit WHERE lane = ?`, x.lane)
			x.exec(t, `DELETE FROM audit_lanes WHERE lane = ?`, x.lane)
		}, "lane %[1]d is gone: checkpoint 1 names its entry at position 2"},
		{"altered checkpoint", true, func(t *testing.T, x *tamperer) {
			x.exec(t, `UPDATE audit_checkpoints SET at = at + 1 WHERE seq = 1`)
		}, "checkpoint 1 was altered"},
		{"removed checkpoint", true, func(t *testing.T, x *tamperer) {
			x.e.Collect(t, Quote("late@example.se"))
			if _, err := (audit.Log{Store: x.e.Store}).Checkpoint(x.e.Ctx, x.e.Clock.Now()); err != nil {
				t.Fatal(err)
			}
			x.exec(t, `DELETE FROM audit_checkpoints WHERE seq = 1`)
		}, "checkpoint 2 follows checkpoint 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEnv(t, open)
			// The person tampered with is one whose lane holds no one
			// else's entries.
			lanes := map[int]int{}
			var people []string
			for i := range 3 {
				p := e.Collect(t, Quote(fmt.Sprintf("p%d@example.se", i))).Subject
				people = append(people, p)
				lanes[tillit.AuditLaneOf(p, tillit.AuditLanes)]++
			}
			first := ""
			for _, p := range people {
				if first == "" && lanes[tillit.AuditLaneOf(p, tillit.AuditLanes)] == 1 {
					first = p
				}
			}
			if first == "" {
				t.Skip("all three people share a lane (one run in 4,000)")
			}
			if rep := e.Verify(t); rep.Entries != 7 {
				t.Fatalf("entries = %d, want 7", rep.Entries)
			}
			db, ok := e.Store.(interface{ DB() *sql.DB })
			if !ok {
				t.Skip("the store gives no raw database handle to tamper with")
			}
			x := &tamperer{e: e, db: db.DB(), lane: tillit.AuditLaneOf(first, tillit.AuditLanes)}
			e.Store.View(e.Ctx, func(tx tillit.Tx) error {
				es, err := tx.AuditLane(x.lane, 0, 10)
				for _, en := range es {
					if en.Subject == first {
						x.seqs = append(x.seqs, en.Seq)
					}
				}
				return err
			})
			if len(x.seqs) != 2 {
				t.Fatalf("the first person's lane holds %d of their entries, want 2 (the other people share it?)", len(x.seqs))
			}
			if tt.checkpoint {
				if wrote, err := (audit.Log{Store: e.Store}).Checkpoint(e.Ctx, e.Clock.Now()); err != nil || !wrote {
					t.Fatalf("Checkpoint = %v, %v", wrote, err)
				}
				if rep := e.Verify(t); rep.Checkpoints != 1 || len(rep.Head) == 0 {
					t.Fatalf("after a checkpoint: %+v", rep)
				}
			}
			tt.tamper(t, x)
			rep, err := audit.Log{Store: e.Store}.Verify(e.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.broken
			if strings.Contains(want, "%[") {
				want = fmt.Sprintf(want, x.lane, x.seqs[0], x.seqs[1])
			}
			if !strings.Contains(rep.Broken, want) {
				t.Errorf("Broken = %q, want it to say %q", rep.Broken, want)
			}
		})
	}
}

// testCheckpoint checks that a checkpoint names only the lanes that moved
// since the one before, chains to it, and is not written when nothing
// moved.
func testCheckpoint(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	log := audit.Log{Store: e.Store}
	// The vault's first entry (its index key) is in lane 0.
	if wrote, err := log.Checkpoint(e.Ctx, e.Clock.Now()); err != nil || !wrote {
		t.Fatalf("first checkpoint: %v, %v", wrote, err)
	}
	if wrote, err := log.Checkpoint(e.Ctx, e.Clock.Now()); err != nil || wrote {
		t.Fatalf("checkpoint with nothing new: %v, %v; want none", wrote, err)
	}
	a := e.Collect(t, Quote("a@example.se")).Subject
	if wrote, err := log.Checkpoint(e.Ctx, e.Clock.Now()); err != nil || !wrote {
		t.Fatalf("second checkpoint: %v, %v", wrote, err)
	}
	if _, err := e.Vault.Use(e.Ctx, a, "quote"); err != nil {
		t.Fatal(err)
	}
	if wrote, err := log.Checkpoint(e.Ctx, e.Clock.Now()); err != nil || !wrote {
		t.Fatalf("third checkpoint: %v, %v", wrote, err)
	}
	var cps []tillit.AuditCheckpoint
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		var err error
		cps, err = tx.AuditCheckpoints(0, 10)
		return err
	})
	lane := tillit.AuditLaneOf(a, tillit.AuditLanes)
	if len(cps) != 3 || len(cps[0].Heads) != 1 || cps[0].Heads[0].Lane != 0 ||
		len(cps[1].Heads) != 1 || cps[1].Heads[0].Lane != lane || cps[1].Heads[0].Seq != 2 ||
		len(cps[2].Heads) != 1 || cps[2].Heads[0].Seq != 3 || string(cps[2].Prev) != string(cps[1].Hash) {
		t.Fatalf("checkpoints: %+v", cps)
	}
	if rep := e.Verify(t); rep.Checkpoints != 3 || len(rep.Head) != 32 {
		t.Errorf("report %+v, want 3 checkpoints and an anchor", rep)
	}
}

// testConcurrent collects from many goroutines at once: every submission
// is stored and the audit chain has one entry per write, in order.
func testConcurrent(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	const workers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	subjects := make(chan string, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				s := Quote(fmt.Sprintf("w%d-%d@example.se", w, i))
				if i%2 == 1 {
					s = Quote(fmt.Sprintf("w%d-%d@example.se", w, i-1)) // the same person again
				}
				r, err := e.Vault.Collect(e.Ctx, s)
				if err != nil {
					errs <- err
					continue
				}
				subjects <- r.Subject
			}
		})
	}
	wg.Wait()
	close(errs)
	close(subjects)
	for err := range errs {
		t.Errorf("concurrent collect: %v", err)
	}
	distinct := map[string]bool{}
	for s := range subjects {
		distinct[s] = true
	}
	if len(distinct) != workers*each/2 {
		t.Errorf("%d distinct subjects, want %d: one person became two, or two one", len(distinct), workers*each/2)
	}
	rep := e.Verify(t)
	// The index key, then a collect and an event per submission.
	if want := int64(1 + 2*workers*each); rep.Entries != want {
		t.Errorf("audit entries = %d, want %d", rep.Entries, want)
	}
	for s := range distinct {
		if _, err := e.Vault.Use(e.Ctx, s, "quote"); err != nil {
			t.Errorf("Use(%s): %v", s, err)
		}
	}
}
