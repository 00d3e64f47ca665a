// Package audit keeps the audit log's promise: that no entry can be
// altered, removed, inserted or reordered unnoticed. The log is many hash
// chains (lanes), one per group of subjects, so that writers need not wait
// for one another, and checkpoints that chain the lanes' heads together,
// so that a lane cut short or dropped is noticed too. Log verifies both
// and writes checkpoints; docs/audit.md explains the design.
package audit

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"time"

	"github.com/tillit-privacy/tillit"
)

// batch is how many entries or checkpoints Verify reads at a time.
const batch = 1000

// recent is how many of the latest checkpoints Checkpoint reads to find
// the lanes that moved since.
const recent = 100

// Log implements tillit.AuditService over a store. It needs no keys: the
// audit log holds no encrypted data.
type Log struct {
	Store tillit.Store
}

var _ tillit.AuditService = Log{}

// Checkpoint writes a checkpoint at time at naming the head of every lane
// that moved since the last one, chained to it. It writes nothing when no
// lane moved, or when another node wrote a checkpoint meanwhile, and
// reports whether it wrote one. tillit serve calls it every few seconds
// and when it stops.
func (l Log) Checkpoint(ctx context.Context, at time.Time) (bool, error) {
	wrote := false
	err := l.Store.Update(ctx, func(tx tillit.Tx) error {
		last, err := tx.LastAuditCheckpoint()
		if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return err
		}
		// What the latest checkpoints say of each lane. Only the last
		// few are read, so that the cost stays flat as they pile up: a
		// lane none of them names is named again (harmless: the same
		// head vouched for twice).
		known := map[int]int64{}
		cps, err := tx.AuditCheckpoints(max(0, last.Seq-recent), recent)
		if err != nil {
			return err
		}
		for _, c := range cps {
			for _, h := range c.Heads {
				known[h.Lane] = h.Seq
			}
		}
		heads, err := tx.AuditHeads()
		if err != nil {
			return err
		}
		c := tillit.AuditCheckpoint{Seq: last.Seq + 1, At: at.UTC().Truncate(time.Microsecond), Prev: last.Hash}
		for _, h := range heads {
			if h.Seq != known[h.Lane] {
				c.Heads = append(c.Heads, h)
			}
		}
		if len(c.Heads) == 0 {
			return nil
		}
		if c.Prev == nil {
			c.Prev = []byte{}
		}
		c.Hash = c.Digest()
		if err := tx.InsertAuditCheckpoint(c); err != nil {
			return err
		}
		wrote = true
		return nil
	})
	if tillit.ErrorCode(err) == tillit.ECONFLICT {
		return false, nil // another node's checkpoint came first
	}
	if err != nil {
		return false, fmt.Errorf("audit: checkpoint: %w", err)
	}
	return wrote, nil
}

// claim is what a checkpoint says of one lane.
type claim struct {
	checkpoint int64
	seq        int64
	hash       []byte
}

// Verify checks every checkpoint and every lane, up to the heads the store
// had when verification began: that the checkpoints chain; that each lane
// is a chain of unaltered entries with no gaps, ending at the head the
// store recorded; that every entry a checkpoint names is there, unaltered;
// and that every lane a checkpoint names still exists. The first break
// found is reported, naming the entry (by Seq), its lane and its position.
func (l Log) Verify(ctx context.Context) (tillit.AuditReport, error) {
	var (
		rep    tillit.AuditReport
		heads  []tillit.AuditLaneHead
		beyond []tillit.AuditEntry
		lastCP int64
	)
	err := l.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		if heads, err = tx.AuditHeads(); err != nil {
			return err
		}
		last, err := tx.LastAuditCheckpoint()
		if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
			return err
		}
		lastCP = last.Seq
		// In the same snapshot, nothing may follow a lane's head: a
		// head moved back would otherwise hide the entries after it.
		for _, h := range heads {
			es, err := tx.AuditLane(h.Lane, h.Seq, 1)
			if err != nil {
				return err
			}
			beyond = append(beyond, es...)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("audit: verify: %w", err)
	}
	if len(beyond) > 0 {
		e := beyond[0]
		rep.Broken = fmt.Sprintf("entry %d follows the store's head of its lane (lane %d, position %d after the head's %d): the head was moved back",
			e.Seq, e.Lane, e.LaneSeq, e.LaneSeq-1)
		return rep, nil
	}
	claims, err := l.checkpoints(ctx, lastCP, &rep)
	if err != nil || rep.Broken != "" {
		return rep, err
	}
	lanes := map[int]bool{}
	for _, h := range heads {
		lanes[h.Lane] = true
	}
	for lane, cs := range claims {
		if !lanes[lane] {
			rep.Broken = fmt.Sprintf("lane %d is gone: checkpoint %d names its entry at position %d", lane, cs[0].checkpoint, cs[0].seq)
			return rep, nil
		}
	}
	for _, h := range heads {
		if err := l.lane(ctx, h, claims[h.Lane], &rep); err != nil || rep.Broken != "" {
			return rep, err
		}
		rep.Lanes++
	}
	rep.Head = Anchor(heads)
	return rep, nil
}

// Anchor returns the digest of the lanes' heads, as Verify reports it:
// SHA-256 over their encoding in a checkpoint (tillit.AuditCheckpoint's
// HeadBytes), in lane order. Recorded outside the database, it pins the
// whole log as it stood: every lane's last entry, and so, through the
// chains, every entry before.
func Anchor(heads []tillit.AuditLaneHead) []byte {
	sum := sha256.Sum256(tillit.AuditCheckpoint{Heads: heads}.HeadBytes())
	return sum[:]
}

// checkpoints checks the chain of checkpoints up to last and returns what
// they say of each lane, in order.
func (l Log) checkpoints(ctx context.Context, last int64, rep *tillit.AuditReport) (map[int][]claim, error) {
	claims := map[int][]claim{}
	var prev []byte
	for seq := int64(0); seq < last; {
		var cps []tillit.AuditCheckpoint
		err := l.Store.View(ctx, func(tx tillit.Tx) error {
			var err error
			cps, err = tx.AuditCheckpoints(seq, batch)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("audit: verify: %w", err)
		}
		if len(cps) == 0 {
			rep.Broken = fmt.Sprintf("checkpoints %d to %d are missing", seq+1, last)
			return claims, nil
		}
		for _, c := range cps {
			if c.Seq > last {
				break
			}
			switch {
			case c.Seq != seq+1:
				rep.Broken = fmt.Sprintf("checkpoint %d follows checkpoint %d: checkpoints %d to %d are missing", c.Seq, seq, seq+1, c.Seq-1)
			case !bytes.Equal(c.Prev, prev):
				rep.Broken = fmt.Sprintf("checkpoint %d does not link to checkpoint %d: one of them was altered", c.Seq, seq)
			case !bytes.Equal(c.Hash, c.Digest()):
				rep.Broken = fmt.Sprintf("checkpoint %d was altered after it was written", c.Seq)
			}
			if rep.Broken != "" {
				return claims, nil
			}
			for _, h := range c.Heads {
				cs := claims[h.Lane]
				if n := len(cs); n > 0 && cs[n-1].seq > h.Seq {
					rep.Broken = fmt.Sprintf("checkpoint %d puts lane %d back from position %d to %d", c.Seq, h.Lane, cs[n-1].seq, h.Seq)
					return claims, nil
				}
				claims[h.Lane] = append(cs, claim{checkpoint: c.Seq, seq: h.Seq, hash: h.Hash})
			}
			seq, prev = c.Seq, c.Hash
			rep.Checkpoints++
		}
	}
	return claims, nil
}

// lane checks one lane up to its head h, and the checkpoints' claims on it.
func (l Log) lane(ctx context.Context, h tillit.AuditLaneHead, claims []claim, rep *tillit.AuditReport) error {
	var (
		pos  int64  // the last position checked
		hash []byte // its hash
		seq  int64  // its Seq
	)
	broken := func(format string, args ...any) error {
		rep.Broken = fmt.Sprintf(format, args...)
		return nil
	}
	for pos < h.Seq {
		var es []tillit.AuditEntry
		err := l.Store.View(ctx, func(tx tillit.Tx) error {
			var err error
			es, err = tx.AuditLane(h.Lane, pos, batch)
			return err
		})
		if err != nil {
			return fmt.Errorf("audit: verify lane %d: %w", h.Lane, err)
		}
		if len(es) == 0 {
			break
		}
		for _, e := range es {
			if e.LaneSeq > h.Seq {
				break
			}
			switch {
			case e.LaneSeq != pos+1:
				return broken("entry %d (lane %d, position %d) follows position %d: positions %d to %d of lane %d are missing",
					e.Seq, h.Lane, e.LaneSeq, pos, pos+1, e.LaneSeq-1, h.Lane)
			case !bytes.Equal(e.Prev, hash):
				return broken("entry %d does not link to the entry before it (lane %d, position %d): one of them was altered or they were reordered",
					e.Seq, h.Lane, e.LaneSeq)
			case !bytes.Equal(e.Hash, e.Digest()):
				return broken("entry %d was altered after it was written (lane %d, position %d)", e.Seq, h.Lane, e.LaneSeq)
			case e.Seq <= seq:
				return broken("entry %d (lane %d, position %d) is numbered before the entry it follows (%d): the entries were renumbered",
					e.Seq, h.Lane, e.LaneSeq, seq)
			}
			for len(claims) > 0 && claims[0].seq <= e.LaneSeq {
				if c := claims[0]; c.seq == e.LaneSeq && !bytes.Equal(c.hash, e.Hash) {
					return broken("entry %d (lane %d, position %d) is not the entry checkpoint %d names: the lane was rewritten",
						e.Seq, h.Lane, e.LaneSeq, c.checkpoint)
				}
				claims = claims[1:]
			}
			pos, hash, seq = e.LaneSeq, e.Hash, e.Seq
			rep.Entries++
		}
	}
	if pos != h.Seq || !bytes.Equal(hash, h.Hash) {
		return broken("lane %d ends at position %d but its recorded head is position %d: entries were removed or the head was altered", h.Lane, pos, h.Seq)
	}
	if len(claims) > 0 {
		return broken("lane %d ends at position %d but checkpoint %d names its entry at position %d: the lane was cut short",
			h.Lane, pos, claims[0].checkpoint, claims[0].seq)
	}
	return nil
}

// Head returns the highest sequence number given to an entry.
func (l Log) Head(ctx context.Context) (int64, error) {
	var head int64
	err := l.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		head, _, err = tx.AuditHead()
		return err
	})
	return head, err
}

// Entries returns up to n entries with Seq greater than after.
func (l Log) Entries(ctx context.Context, after int64, n int) ([]tillit.AuditEntry, error) {
	var es []tillit.AuditEntry
	err := l.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		es, err = tx.Audit(after, n)
		return err
	})
	return es, err
}
