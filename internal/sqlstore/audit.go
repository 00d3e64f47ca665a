package sqlstore

import (
	"fmt"
	"maps"
	"time"

	"github.com/tillit-privacy/tillit"
)

// heads are the audit lanes' heads as a write transaction on a serial
// engine sees them: each read once, kept in memory while the transaction
// appends, and written back once, before it commits. Writers are serial
// (the engine's write lock), so nobody else moves them meanwhile; a
// transaction's Updates share them (group commit), and one rolled back to
// its savepoint puts them back as they were. On engines with concurrent
// writers the server chains entries (Dialect.AppendAudit) and heads stay
// empty.
type heads struct {
	lanes map[int]*head
	seq   int64 // the last Seq given out; 0 until read
}

// head is one lane's head.
type head struct {
	seq   int64
	hash  []byte
	dirty bool // moved since it was read
}

// clone returns a copy to restore after a savepoint is rolled back.
func (h *heads) clone() heads {
	c := heads{seq: h.seq, lanes: maps.Clone(h.lanes)}
	for l, x := range c.lanes {
		y := *x
		c.lanes[l] = &y
	}
	return c
}

// writeHeads stores the heads the transaction moved.
func (t *Tx) writeHeads() error {
	for l, h := range t.heads.lanes {
		if !h.dirty {
			continue
		}
		if err := t.exec("move audit head", `UPDATE audit_lanes SET seq = ?, hash = ? WHERE lane = ?`, h.seq, h.hash, l); err != nil {
			return err
		}
		h.dirty = false
	}
	return nil
}

// opAppendAudit is the operation of an audit append; the PostgreSQL
// connection holds these until the commit (pgConn).
const opAppendAudit = "append audit"

// AppendAudit chains e to its lane's head and stores it.
func (t *Tx) AppendAudit(e tillit.AuditEntry) error {
	if !t.writable {
		return fmt.Errorf("%s: append audit: not in an update", t.s.d.Name)
	}
	e.Lane = tillit.AuditLaneOf(e.Subject, t.s.lanes)
	e.At = e.At.UTC().Truncate(time.Microsecond) // stored as microseconds
	if q := t.s.d.AppendAudit; q != "" {
		return t.exec(opAppendAudit, q, e.Lane, micros(e.At), e.Actor, e.Action, e.Subject, e.Purpose, e.Detail)
	}
	h, err := t.laneHead(e.Lane)
	if err != nil {
		return err
	}
	if t.heads.seq == 0 {
		if err := t.row(`SELECT COALESCE(MAX(seq), 0) FROM audit`).Scan(&t.heads.seq); err != nil {
			return t.wrap("audit seq", err)
		}
	}
	e.Seq, e.LaneSeq, e.Prev = t.heads.seq+1, h.seq+1, h.hash
	if e.Prev == nil {
		e.Prev = []byte{} // an empty BLOB reads back as nil
	}
	e.Hash = e.Digest()
	if err := t.exec(opAppendAudit, `INSERT INTO audit (seq, lane, lseq, at, actor, action, subject, purpose, detail, prev, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, e.Lane, e.LaneSeq, micros(e.At), e.Actor, e.Action, e.Subject, e.Purpose, e.Detail, e.Prev, e.Hash); err != nil {
		return err
	}
	t.heads.seq = e.Seq
	h.seq, h.hash, h.dirty = e.LaneSeq, e.Hash, true
	return nil
}

// laneHead returns a lane's head, read on first use.
func (t *Tx) laneHead(lane int) (*head, error) {
	if h, ok := t.heads.lanes[lane]; ok {
		return h, nil
	}
	h := &head{}
	if err := t.row(`SELECT seq, hash FROM audit_lanes WHERE lane = ?`, lane).Scan(&h.seq, &h.hash); err != nil {
		return nil, t.wrap("audit lane head", err)
	}
	if t.heads.lanes == nil {
		t.heads.lanes = map[int]*head{}
	}
	t.heads.lanes[lane] = h
	return h, nil
}

const auditColumns = `seq, lane, lseq, at, actor, action, subject, purpose, detail, prev, hash`

func scanAudit(r rowSet) (tillit.AuditEntry, error) {
	var e tillit.AuditEntry
	var at int64
	err := r.Scan(&e.Seq, &e.Lane, &e.LaneSeq, &at, &e.Actor, &e.Action, &e.Subject, &e.Purpose, &e.Detail, &e.Prev, &e.Hash)
	e.At = fromMicros(at)
	return e, err
}

// Audit returns up to n entries after a sequence number.
func (t *Tx) Audit(after int64, n int) ([]tillit.AuditEntry, error) {
	return scanAll(t, "audit", `SELECT `+auditColumns+` FROM audit WHERE seq > ? ORDER BY seq LIMIT ?`, scanAudit, after, n)
}

// AuditLane returns up to n entries of a lane after a position.
func (t *Tx) AuditLane(lane int, after int64, n int) ([]tillit.AuditEntry, error) {
	return scanAll(t, "audit lane", `SELECT `+auditColumns+` FROM audit WHERE lane = ? AND lseq > ? ORDER BY lseq LIMIT ?`, scanAudit, lane, after, n)
}

// AuditHead returns the newest entry's Seq and hash.
func (t *Tx) AuditHead() (int64, []byte, error) {
	var seq int64
	var hash []byte
	err := t.row(`SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1`).Scan(&seq, &hash)
	if noRows(err) {
		return 0, nil, nil
	}
	return seq, hash, t.wrap("audit head", err)
}

// AuditHeads returns every lane's head as stored.
func (t *Tx) AuditHeads() ([]tillit.AuditLaneHead, error) {
	return scanAll(t, "audit heads", `SELECT lane, seq, hash FROM audit_lanes ORDER BY lane`,
		func(r rowSet) (tillit.AuditLaneHead, error) {
			var h tillit.AuditLaneHead
			err := r.Scan(&h.Lane, &h.Seq, &h.Hash)
			return h, err
		})
}

const checkpointColumns = `seq, at, heads, prev, hash`

func scanCheckpoint(r rowScanner) (tillit.AuditCheckpoint, error) {
	var c tillit.AuditCheckpoint
	var at int64
	var heads []byte
	if err := r.Scan(&c.Seq, &at, &heads, &c.Prev, &c.Hash); err != nil {
		return c, err
	}
	c.At = fromMicros(at)
	var err error
	c.Heads, err = tillit.ParseAuditHeads(heads)
	return c, err
}

// AuditCheckpoints returns up to n checkpoints after a sequence number.
func (t *Tx) AuditCheckpoints(after int64, n int) ([]tillit.AuditCheckpoint, error) {
	return scanAll(t, "audit checkpoints", `SELECT `+checkpointColumns+` FROM audit_checkpoints WHERE seq > ? ORDER BY seq LIMIT ?`,
		func(r rowSet) (tillit.AuditCheckpoint, error) { return scanCheckpoint(r) }, after, n)
}

// LastAuditCheckpoint returns the newest checkpoint.
func (t *Tx) LastAuditCheckpoint() (tillit.AuditCheckpoint, error) {
	c, err := scanCheckpoint(t.row(`SELECT ` + checkpointColumns + ` FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`))
	return c, t.wrap("last audit checkpoint", err)
}

// InsertAuditCheckpoint stores a checkpoint, at once: a taken Seq is
// reported here, not at the commit.
func (t *Tx) InsertAuditCheckpoint(c tillit.AuditCheckpoint) error {
	if !t.writable {
		return fmt.Errorf("%s: insert audit checkpoint: not in an update", t.s.d.Name)
	}
	prev := c.Prev
	if prev == nil {
		prev = []byte{}
	}
	_, err := t.execN("insert audit checkpoint", `INSERT INTO audit_checkpoints (`+checkpointColumns+`) VALUES (?, ?, ?, ?, ?)`,
		c.Seq, micros(c.At), c.HeadBytes(), prev, c.Hash)
	return err
}
