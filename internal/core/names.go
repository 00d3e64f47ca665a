package core

import (
	"encoding/hex"
	"net/netip"
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// Conflict is the error for identifiers that belong to different people.
func Conflict(op string) error {
	return tillit.Errorl(tillit.ECONFLICT, op, catalog.Text("core.identifiers_belong_different_people_register"))
}

// Evidence keeps the caller's reference and a keyed hash of the IP address,
// enough to match a later claim against server logs but not the address.
func (k *Core) Evidence(e tillit.Evidence) string {
	var parts []string
	if e.Reference != "" {
		parts = append(parts, "ref="+e.Reference) // checked by checkEvidence
	}
	if e.IP != "" {
		parts = append(parts, "ip_hmac="+hex.EncodeToString(k.Index.Blind("ip", strings.TrimSpace(e.IP))[:12]))
	}
	return strings.Join(parts, " ")
}

// CheckEvidence refuses a reference that could hold personal data.
func CheckEvidence(op string, e tillit.Evidence) error {
	if e.Reference != "" && !IsRef(e.Reference) {
		return Invalid(op, "core.reference_must_id_at_most")
	}
	if _, err := netip.ParseAddr(strings.TrimSpace(e.IP)); e.IP != "" && err != nil {
		return Invalid(op, "core.evidence_ip_address_not")
	}
	return nil
}

// CategoriesOf returns the categories of items, each once, in order.
func CategoriesOf(items []tillit.Item) []string {
	var out []string
	for _, it := range items {
		out = Union(out, []string{it.Category})
	}
	return out
}

// Union returns a with the elements of b it lacks appended.
func Union(a, b []string) []string {
	for _, s := range b {
		if !slices.Contains(a, s) {
			a = append(a, s)
		}
	}
	return a
}

// SafeName returns a name the caller gave, fit to repeat in an error: a
// caller's mistake might put a value where a register ID belongs.
func SafeName(s string) string {
	if !IsRef(s) || strings.ContainsAny(s, "@.:/") {
		return "(a name that is not an ID)"
	}
	return s
}

// IsRef reports whether s is fit to keep in the audit log or a ledger as
// a caller's reference, actor or channel: an ID of at most 64 letters,
// digits and . _ - : /, which has no room for an e-mail address or a
// person's name.
func IsRef(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-:/", r)) {
			return false
		}
	}
	return true
}

// QuoteAll quotes IDs for a message: "a", "b".
func QuoteAll(ids []string) string {
	q := make([]string, len(ids))
	for i, id := range ids {
		q[i] = `"` + id + `"`
	}
	return strings.Join(q, ", ")
}
