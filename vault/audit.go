package vault

import (
	"context"
	"fmt"

	"github.com/tillit-privacy/tillit"
)

// auditBatch is how many audit entries Verify reads at a time.
const auditBatch = 1000

// Auditor implements tillit.AuditService over a store. It needs no keys:
// the audit log holds no encrypted data.
type Auditor struct {
	Store tillit.Store
}

var _ tillit.AuditService = Auditor{}

// Verify checks every link of the audit chain up to the head the store had
// when verification began, and that the chain ends at that head.
func (a Auditor) Verify(ctx context.Context) (tillit.AuditReport, error) {
	var (
		c        tillit.Chain
		headSeq  int64
		headHash []byte
		report   tillit.AuditReport
	)
	var beyond []tillit.AuditEntry
	err := a.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		if headSeq, headHash, err = tx.AuditHead(); err != nil {
			return err
		}
		// In the same snapshot, nothing may follow the head: a head moved
		// back would otherwise hide the entries after it.
		beyond, err = tx.Audit(headSeq, 1)
		return err
	})
	if err != nil {
		return report, fmt.Errorf("vault: verify audit: %w", err)
	}
	if len(beyond) > 0 {
		report.Broken = fmt.Sprintf("entry %d follows the store's head, entry %d: the head was moved back", beyond[0].Seq, headSeq)
		return report, nil
	}
	for c.Seq() < headSeq && report.Broken == "" {
		var batch []tillit.AuditEntry
		err := a.Store.View(ctx, func(tx tillit.Tx) error {
			var err error
			batch, err = tx.Audit(c.Seq(), auditBatch)
			return err
		})
		if err != nil {
			return report, fmt.Errorf("vault: verify audit: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		for _, e := range batch {
			if c.Seq() >= headSeq {
				break
			}
			if err := c.Next(e); err != nil {
				report.Broken = err.Error()
				break
			}
		}
	}
	if report.Broken == "" {
		if err := c.End(headSeq, headHash); err != nil {
			report.Broken = err.Error()
		}
	}
	report.Entries, report.Head = c.Seq(), c.Head()
	return report, nil
}
