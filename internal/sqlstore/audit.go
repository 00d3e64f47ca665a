package sqlstore

import (
	"database/sql"
	"fmt"
	"time"

	"github.com/tillit-privacy/tillit"
)

// AppendAudit chains e to the head and stores it. Writers are serialised
// (Dialect.LockHead or the engine's write lock), so the head read here is
// the one this entry follows.
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
	return e, t.exec("move audit head", `UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1`, e.Seq, e.Hash)
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

// AuditHead returns the last entry's sequence number and hash.
func (t *Tx) AuditHead() (int64, []byte, error) {
	var seq int64
	var hash []byte
	err := t.row(`SELECT seq, hash FROM audit_head WHERE id = 1`).Scan(&seq, &hash)
	return seq, hash, t.wrap("audit head", err)
}
