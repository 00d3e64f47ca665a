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
			f.add(f.after(t, 5*time.Minute, 3*day), p, func(ctx context.Context) error {
				d := d
				d.Subject = p.subject
				if _, _, err := f.v.Disclose(ctx, d); err != nil {
					return err
				}
				f.rep.Disclosures++
				return nil
			})
		}
	}
}
