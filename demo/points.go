package demo

import (
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
)

// pickPoint chooses where the person's next submission enters. The first
// is one where people give their own data and can be found again by an
// identifier: a form, a sign-up, an e-mail.
func (f *filler) pickPoint(p *person, first bool, t time.Time) (tillit.CollectionPoint, bool) {
	var points []tillit.CollectionPoint
	var weights []float64
	for tier := 0; tier < 3 && len(points) == 0; tier++ {
		for _, pt := range f.pol.CollectionPoints() {
			if !f.playable(p, pt) || first && !f.entry(pt, tier) {
				continue
			}
			points = append(points, pt)
			weights = append(weights, f.weight(p, pt, first, t))
		}
		if !first {
			break
		}
	}
	if len(points) == 0 {
		return tillit.CollectionPoint{}, false
	}
	return points[weighted(f.rng.Float64(), weights)], true
}

// entry reports whether a first submission may enter at pt: at tier 0 a
// point where the person gives data that identifies them, at tier 1 any
// point where the person gives the data, at tier 2 any point.
func (f *filler) entry(pt tillit.CollectionPoint, tier int) bool {
	if tier == 2 {
		return true
	}
	if pt.Source != "" || pt.Channel == tillit.ChannelCookies || pt.Channel == tillit.ChannelSoftware {
		return false
	}
	return tier == 1 || slices.ContainsFunc(slices.Concat(pt.Required, pt.Optional), f.identifier)
}

// identifier reports whether the category finds a person again.
func (f *filler) identifier(id string) bool {
	c, _ := f.pol.Category(id)
	switch c.Type {
	case tillit.TypeEmail, tillit.TypePhone, tillit.TypePersonnummer:
		return c.Identifier
	}
	return false
}

// playable reports whether a submission for the person at pt can be
// made: every required category serves one of its purposes and has a
// value.
func (f *filler) playable(p *person, pt tillit.CollectionPoint) bool {
	for _, id := range pt.Required {
		c, _ := f.pol.Category(id)
		if c.Type == tillit.TypePhone && p.phone == "" && len(f.phones) == 0 {
			return false
		}
		if len(f.usedBy(pt, id, nil)) == 0 {
			return false
		}
	}
	return len(pt.Required)+len(pt.Optional) > 0
}

// weight returns how likely the person's submission after t enters at
// pt: cases are a business's daily work, and a case goes on at the point
// that comes next, the invoice after the order.
func (f *filler) weight(p *person, pt tillit.CollectionPoint, first bool, t time.Time) float64 {
	switch {
	case first:
	case p.continues(pt, t) >= 0:
		return 6
	case pt.OpensCase == "" && slices.Contains(p.points, pt.ID):
		return 0.3 // a second sign-up is rare
	}
	switch {
	case pt.OpensCase != "":
		return 4
	case pt.Channel == tillit.ChannelAccount, pt.Channel == tillit.ChannelNewsletter:
		return 2
	}
	return 1
}

// usedBy returns the purposes of pt that use category and that the
// person's data may serve: a consent purpose only with consent, given
// before or now.
func (f *filler) usedBy(pt tillit.CollectionPoint, category string, consent func(string) bool) []string {
	var out []string
	for _, id := range pt.Purposes {
		x, _ := f.pol.Purpose(id)
		if x.Uses(category) && (x.Basis != tillit.Consent || consent == nil || consent(id)) {
			out = append(out, id)
		}
	}
	return out
}

// weighted returns the index that x, in [0, 1), falls on when the
// weights are laid end to end.
func weighted(x float64, weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x *= sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}
