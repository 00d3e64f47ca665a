package storetest

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
)

// testLanesCrossed has many transactions write audit entries for the same
// people in different orders, with reads in between, as sweeps on two
// nodes and imports do. Each transaction takes several lanes; none may
// fail (on PostgreSQL a transaction that took lane locks in its own order
// would deadlock with another taking them in the reverse order).
func testLanesCrossed(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	before := e.Head(t)
	subjects := make([]string, 8)
	for i := range subjects {
		subjects[i] = fmt.Sprintf("sub_crossed_%d", i)
	}
	const workers, each = 8, 12
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for i := range each {
				order := append([]string(nil), subjects...)
				rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
				err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
					for _, s := range order {
						if err := tx.AppendAudit(tillit.AuditEntry{At: e.Clock.Now(), Actor: "test", Action: "lanes",
							Subject: s, Detail: fmt.Sprintf("w=%d i=%d", w, i)}); err != nil {
							return err
						}
						if _, err := tx.Meta("crossed"); err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
							return err // a read between appends
						}
					}
					return nil
				})
				if err != nil {
					t.Errorf("worker %d, transaction %d: %v", w, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if _, err := (audit.Log{Store: e.Store}).Checkpoint(e.Ctx, e.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	checkLanes(t, e.Store, before+workers*each*int64(len(subjects)))
}

// testLaneMissing: an audit entry that cannot be appended, because its
// lane's head row is gone, fails the transaction it belongs to (fail
// closed: nothing changes without its entry).
func testLaneMissing(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	db, ok := e.Store.(interface{ DB() *sql.DB })
	if !ok {
		t.Skip("the store does not show its database")
	}
	const subject = "sub_lane_gone"
	x := &tamperer{e: e, db: db.DB()}
	x.exec(t, `DELETE FROM audit_lanes WHERE lane = ?`, tillit.AuditLaneOf(subject, tillit.AuditLanes))
	err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
		if err := tx.PutMeta("lane_missing", "changed"); err != nil {
			return err
		}
		return tx.AppendAudit(tillit.AuditEntry{At: e.Clock.Now(), Actor: "test", Action: "lanes", Subject: subject})
	})
	if err == nil {
		t.Fatal("an entry for a lane without a head row was accepted")
	}
	if v, err := e.metaOf("lane_missing"); err == nil {
		t.Fatalf("the change without its audit entry was kept (%q)", v)
	}
}

// metaOf reads a setting of the store.
func (e *Env) metaOf(name string) (string, error) {
	var v string
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		var err error
		v, err = tx.Meta(name)
		return err
	})
	return v, err
}
