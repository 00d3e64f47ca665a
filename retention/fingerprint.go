package retention

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/tillit-privacy/tillit"
)

// Fingerprint returns a digest of everything in pol that decides when data
// goes: purposes with their categories and rules, legal holds, events and
// their scopes. When it changes, every subject's schedule must be computed
// again.
func Fingerprint(pol *tillit.Policy) string {
	h := sha256.New()
	for _, p := range pol.Purposes() {
		fmt.Fprintf(h, "purpose %q %q\n", p.ID, p.Categories)
		for _, r := range p.Retention {
			fmt.Fprintf(h, "rule %q\n", r.String())
		}
	}
	for _, l := range pol.LegalHolds() {
		fmt.Fprintf(h, "hold %q %q %q\n", l.ID, l.Categories, l.Keep.String())
	}
	for _, e := range pol.Events() {
		fmt.Fprintf(h, "event %q %q %q\n", e.ID, e.Scope, e.Case)
	}
	for _, c := range pol.Categories() {
		fmt.Fprintf(h, "category %q %q %t %q\n", c.ID, c.Type, c.Identifier, c.Special)
	}
	return hex.EncodeToString(h.Sum(nil))
}
