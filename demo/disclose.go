package demo

import (
	"context"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

// planDisclosures plans disclosures soon after a submission to some of
// the recipients the purposes it served declare, when there is something
// they may receive.
func (f *filler) planDisclosures(p *person, purposes []string, t time.Time) {
	for _, purpose := range purposes {
		if f.rng.IntN(5) >= 3 {
			continue
		}
		var rs []tillit.Recipient
		var weights []float64
		for _, r := range f.pol.RecipientsFor(purpose) {
			if !slices.ContainsFunc(f.pol.Disclosable(purpose, r.ID), func(c string) bool { return slices.Contains(p.serves[purpose], c) }) {
				continue
			}
			rs = append(rs, r)
			w := 1.0
			if r.Role == tillit.AuthorityRole {
				w = 0.05 // an authority asks now and then
			}
			weights = append(weights, w)
		}
		for range 1 + f.rng.IntN(3)/2 {
			if len(rs) == 0 {
				break
			}
			i := weighted(f.rng.Float64(), weights)
			d := tillit.Disclosure{Recipient: rs[i].ID, Purpose: purpose}
			rs, weights = slices.Delete(rs, i, i+1), slices.Delete(weights, i, i+1)
			f.add(f.after(t, 5*time.Minute, 3*day), &p.thread, func(ctx context.Context) error {
				d := d
				d.Subject = p.subject
				if _, _, err := f.a.Vault.Disclose(ctx, d); err != nil {
					return f.lapsed(ctx, p, d, f.gone(ctx, p, err))
				}
				f.rep.Disclosures++
				return nil
			})
		}
	}
}

// lapsed turns a disclosure's not-found into errLapsed when nothing the
// recipient may receive is left: retention deleted or archived it first.
func (f *filler) lapsed(ctx context.Context, p *person, d tillit.Disclosure, err error) error {
	if tillit.ErrorCode(err) != tillit.ENOTFOUND {
		return err
	}
	may := f.pol.Disclosable(d.Purpose, d.Recipient)
	left := false
	verr := f.o.Store.View(ctx, func(tx tillit.Tx) error {
		items, err := tx.Items(p.subject)
		for _, it := range items {
			left = left || !it.IsArchived() && slices.Contains(it.Purposes, d.Purpose) && slices.Contains(may, it.Category)
		}
		return err
	})
	switch {
	case verr != nil:
		return verr
	case left:
		return err
	}
	return errLapsed
}
