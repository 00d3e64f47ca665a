package storetest

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/internal/sqlstore"
)

// OldChain writes, into a database at schema version 8 (before lanes), an
// audit log of n entries as that version wrote them: one chain, with its
// head in audit_head. numbered says whether placeholders are $1, $2, ...
func OldChain(t *testing.T, db *sql.DB, numbered bool, n int) {
	t.Helper()
	q := func(s string) string {
		if !numbered {
			return s
		}
		return sqlstore.Numbered(s)
	}
	at := time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)
	prev := []byte{}
	for i := 1; i <= n; i++ {
		// Before lanes, Digest's position was the sequence number.
		e := tillit.AuditEntry{Seq: int64(i), LaneSeq: int64(i), At: at.Add(time.Duration(i) * time.Minute), Actor: "admin:1",
			Action: tillit.AuditUse, Subject: fmt.Sprintf("sub_old%d", i%3), Purpose: "quote", Detail: "categories=name", Prev: prev}
		e.Hash = e.Digest()
		if _, err := db.ExecContext(t.Context(), q(`INSERT INTO audit (seq, at, actor, action, subject, purpose, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			e.Seq, e.At.UnixMicro(), e.Actor, e.Action, e.Subject, e.Purpose, e.Detail, e.Prev, e.Hash); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	if _, err := db.ExecContext(t.Context(), q(`UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`), n, prev); err != nil {
		t.Fatal(err)
	}
}

// MigrateLanes checks the migration to lanes of a store whose audit log
// OldChain wrote (open opens it, migrating when migrate is set): it is
// refused until migrated; afterwards the old chain is lane 0's
// beginning and verifies, a checkpoint closes it, new entries go into the
// lanes and the whole verifies.
func MigrateLanes(t *testing.T, open func(t *testing.T, migrate bool) (tillit.Store, error), n int) {
	if _, err := open(t, false); tillit.ErrorCode(err) != tillit.EINVALID || !strings.Contains(err.Error(), "tillit migrate") {
		t.Fatalf("opening the old schema without migrating: %v, want a refusal naming tillit migrate", err)
	}
	s, err := open(t, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	log := audit.Log{Store: s}
	rep, err := log.Verify(t.Context())
	if err != nil || rep.Broken != "" || rep.Entries != int64(n) {
		t.Fatalf("after migrating: %+v, %v; want %d entries intact", rep, err, n)
	}
	if wrote, err := log.Checkpoint(t.Context(), time.Now()); err != nil || !wrote {
		t.Fatalf("closing checkpoint: %v, %v", wrote, err)
	}
	e := NewEnvOn(t, s)
	r := e.Collect(t, Quote("after@example.se"))
	if _, err := e.Vault.Use(e.Ctx, r.Subject, "quote"); err != nil {
		t.Fatal(err)
	}
	var lane0 []tillit.AuditEntry
	s.View(t.Context(), func(tx tillit.Tx) error {
		lane0, err = tx.AuditLane(0, 0, n+10)
		return err
	})
	// The vault's index key, the one system entry, follows the old chain.
	if len(lane0) != n+1 || lane0[n-1].Seq != int64(n) || lane0[n].LaneSeq != int64(n+1) || string(lane0[n].Prev) != string(lane0[n-1].Hash) {
		t.Errorf("lane 0 after migrating: %d entries, want the %d old ones and then the new system entry", len(lane0), n)
	}
	rep = e.Verify(t)
	if rep.Entries != int64(n)+4 || rep.Checkpoints != 1 {
		t.Errorf("report %+v, want %d entries and the closing checkpoint", rep, n+4)
	}
}
