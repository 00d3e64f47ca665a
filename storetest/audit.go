package storetest

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/tillit-privacy/tillit/vault"
)

// testAuditTamper alters the audit table behind the store's back and
// checks that verification says where the chain breaks.
func testAuditTamper(t *testing.T, open Opener) {
	tests := []struct {
		name   string
		sql    string
		broken string
	}{
		{"altered detail", `UPDATE audit SET detail = 'point=other' WHERE seq = 3`, "entry 3 was altered"},
		{"altered subject", `UPDATE audit SET subject = 'sub_x' WHERE seq = 2`, "entry 2 was altered"},
		{"removed entry", `DELETE FROM audit WHERE seq = 4`, "entries 4 to 4 are missing"},
		{"removed newest entries", `DELETE FROM audit WHERE seq >= 5`, "removed"},
		{"head moved back", `UPDATE audit_head SET seq = 3, hash = (SELECT hash FROM audit WHERE seq = 3)`, "entry 4 follows the store's head, entry 3"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEnv(t, open)
			for i := range 3 {
				e.Collect(t, Quote(fmt.Sprintf("p%d@example.se", i)))
			}
			if rep := e.Verify(t); rep.Entries != 7 {
				t.Fatalf("entries = %d, want 7", rep.Entries)
			}
			db, ok := e.Store.(interface{ DB() *sql.DB })
			if !ok {
				t.Skip("the store gives no raw database handle to tamper with")
			}
			if _, err := db.DB().ExecContext(e.Ctx, tt.sql); err != nil {
				t.Fatal(err)
			}
			rep, err := vault.Auditor{Store: e.Store}.Verify(e.Ctx)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(rep.Broken, tt.broken) {
				t.Errorf("Broken = %q, want it to say %q", rep.Broken, tt.broken)
			}
		})
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
