package core

import "github.com/tillit-privacy/tillit"

func (k *Core) Purpose(op, id string) (tillit.Purpose, error) {
	p, ok := k.Policy().Purpose(id)
	if !ok {
		return p, Invalid(op, "core.register_no_purpose", SafeName(id))
	}
	return p, nil
}

func CaseOf(items []tillit.Item) string {
	c := ""
	for _, it := range items {
		if it.Case != "" && c != "" && it.Case != c {
			return ""
		}
		if it.Case != "" {
			c = it.Case
		}
	}
	return c
}

// Objected reports whether the person's objection to p stands: the last
// objection was not overruled by compelling legitimate grounds recorded
// after it (art. 21(1)). An objection to direct marketing always stands
// (art. 21(3)).
func Objected(events []tillit.EventRecord, p tillit.Purpose) bool {
	stands := false
	for _, e := range events {
		switch {
		case e.Purpose != p.ID:
		case e.Event == tillit.EventObjected:
			stands = true
		case e.Event == tillit.EventObjectionOverruled && !p.DirectMarketing:
			stands = false
		}
	}
	return stands
}

// ConsentGiven reports whether the person's last word on consent to
// purpose was to give it, and whether they ever said anything.
func ConsentGiven(ledger []tillit.ConsentRecord, purpose string) (given, seen bool) {
	for _, c := range ledger {
		if c.Purpose == purpose {
			given, seen = c.Given, true
		}
	}
	return given, seen
}
