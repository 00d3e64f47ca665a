package sqlstore

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-privacy/tillit"
)

// head is the audit chain's head as a write transaction sees it: read
// once, kept in memory while the transaction appends, and written back
// once, before it commits. Writers are serial (Dialect.LockHead or the
// engine's write lock), so nobody else moves it meanwhile; a
// transaction's Updates share it (group commit), and one rolled back to
// its savepoint puts it back as it was.
type head struct {
	known bool
	seq   int64
	hash  []byte
	dirty bool // moved since it was read
}

// lockHead takes the head's lock where the dialect needs one, and reads
// the head with it.
func (t *Tx) lockHead() error {
	if t.s.d.LockHead == "" {
		return nil
	}
	h := t.head
	if err := t.tx.QueryRowContext(t.ctx, t.s.d.LockHead).Scan(&h.seq, &h.hash); err != nil {
		return fmt.Errorf("%s: lock audit head: %w", t.s.d.Name, err)
	}
	h.known = true
	return nil
}

// writeHead stores the head if the transaction moved it.
func (t *Tx) writeHead() error {
	if !t.head.dirty {
		return nil
	}
	if err := t.exec("move audit head", `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, t.head.seq, t.head.hash); err != nil {
		return err
	}
	t.head.dirty = false
	return nil
}

// AppendAudit chains e to the head and stores it; the head moves with it.
func (t *Tx) AppendAudit(e tillit.AuditEntry) (tillit.AuditEntry, error) {
	if !t.writable {
		return e, fmt.Errorf("%s: append audit: not in an update", t.s.d.Name)
	}
	seq, head, err := t.AuditHead()
	if err != nil {
		return e, err
	}
	e.Seq, e.Prev = seq+1, head
	if e.Prev == nil {
		e.Prev = []byte{} // an empty BLOB reads back as nil
	}
	e.At = e.At.UTC().Truncate(time.Microsecond) // stored as microseconds
	e.Hash = e.Digest()
	if err := t.exec("append audit", `INSERT INTO audit (seq, at, actor, action, subject, purpose, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, micros(e.At), e.Actor, e.Action, e.Subject, e.Purpose, e.Detail, e.Prev, e.Hash); err != nil {
		return e, err
	}
	t.head.seq, t.head.hash, t.head.dirty = e.Seq, e.Hash, true
	return e, nil
}

// Audit returns up to n entries after a sequence number.
func (t *Tx) Audit(after int64, n int) ([]tillit.AuditEntry, error) {
	return scanAll(t, "audit", `SELECT seq, at, actor, action, subject, purpose, detail, prev, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`,
		func(r *sql.Rows) (tillit.AuditEntry, error) {
			var e tillit.AuditEntry
			var at int64
			err := r.Scan(&e.Seq, &at, &e.Actor, &e.Action, &e.Subject, &e.Purpose, &e.Detail, &e.Prev, &e.Hash)
			e.At = fromMicros(at)
			return e, err
		}, after, n)
}

// AuditHead returns the last entry's sequence number and hash, as this
// transaction has moved it.
func (t *Tx) AuditHead() (int64, []byte, error) {
	if t.head != nil && t.head.known {
		return t.head.seq, t.head.hash, nil
	}
	var seq int64
	var hash []byte
	err := t.row(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash)
	if err == nil && t.writable && t.head != nil {
		t.head.known, t.head.seq, t.head.hash = true, seq, hash
	}
	return seq, hash, t.wrap("audit head", err)
}
