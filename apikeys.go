package tillit

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// APIKey is an integration's key. Only a keyed hash of its secret is stored.
//
// A key carries scopes, each one of:
//
//	admin              everything, including what later scopes add
//	collect            submit data to the register's collection points
//	find               find a subject by e-mail, phone or personnummer, and read a subject's state and ID
//	events             record lifecycle events of subjects and their cases
//	consents           give and withdraw consent, and record objections (GDPR art. 7(3), 21)
//	requests           submit and confirm data subjects' requests (GDPR art. 15-21)
//	register           read the record of processing activities and the register's checks
//	read:<purpose>     use a subject's data for that purpose; read:* for every purpose
//	disclose:<purpose> disclose a subject's data for that purpose; disclose:* for every purpose
//
// A purpose is a purpose's ID in the register. The scopes say what an
// integration may ask for; the register still decides what is allowed:
// read:newsletter gives nothing when the person withdrew their consent.
type APIKey struct {
	ID      string    `json:"id"`
	Name    string    `json:"name"`
	Scopes  []string  `json:"scopes"`
	Created time.Time `json:"created"`
	Revoked time.Time `json:"revoked,omitzero"`
	Hash    []byte    `json:"-"`
}

// The scopes of API keys. ScopeRead and ScopeDisclose are the kinds of
// scopes that name a purpose: read:<purpose>, disclose:<purpose>.
const (
	ScopeAdmin    = "admin"
	ScopeCollect  = "collect"
	ScopeFind     = "find"
	ScopeEvents   = "events"
	ScopeConsents = "consents"
	ScopeRequests = "requests"
	ScopeRegister = "register"
	ScopeRead     = "read"
	ScopeDisclose = "disclose"
)

// AnyPurpose is the purpose of read:* and disclose:*, which cover every
// purpose of the register.
const AnyPurpose = "*"

// PlainScopes lists the scopes that take no purpose, in the order the
// documentation gives them.
var PlainScopes = []string{ScopeAdmin, ScopeCollect, ScopeFind, ScopeEvents, ScopeConsents, ScopeRequests, ScopeRegister}

// PurposeScopes lists the kinds of scopes that take a purpose.
var PurposeScopes = []string{ScopeRead, ScopeDisclose}

// maxScope is the length of the longest scope, in bytes.
const maxScope = 100

// ParseScope splits a scope into its kind and, for read: and disclose:,
// its purpose: a register ID or AnyPurpose. It checks only the syntax, not
// that the purpose is declared, and refuses scopes longer than 100 bytes;
// EINVALID for anything else.
func ParseScope(s string) (kind, purpose string, err error) {
	kind, purpose, hasPurpose := strings.Cut(s, ":")
	switch {
	case len(s) > maxScope:
	case !hasPurpose && slices.Contains(PlainScopes, kind):
		return kind, "", nil
	case hasPurpose && slices.Contains(PurposeScopes, kind) && (purpose == AnyPurpose || IsID(purpose)):
		return kind, purpose, nil
	}
	sv, en := "Det finns ingen så lång behörighet.", "There is no scope that long."
	if len(s) <= maxScope && utf8.ValidString(s) {
		sv, en = fmt.Sprintf("Det finns ingen behörighet %q.", s), fmt.Sprintf("There is no scope %q.", s)
	}
	plain := strings.Join(PlainScopes, ", ")
	return "", "", Errorl(EINVALID, "tillit.ParseScope", Text{
		SV: sv + " Välj bland " + plain + ", read:<ändamål>, read:*, disclose:<ändamål> och disclose:*.",
		EN: en + " Choose from " + plain + ", read:<purpose>, read:*, disclose:<purpose> and disclose:*.",
	})
}

// IsID reports whether s has the form of an ID in the register: a lower-case
// letter, then lower-case letters, digits and underscores.
func IsID(s string) bool {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// IsRevoked reports whether the key was revoked.
func (k APIKey) IsRevoked() bool { return !k.Revoked.IsZero() }

// Allows reports whether the key grants scope, what an action needs: the
// scope itself, admin, or for read:<purpose> and disclose:<purpose> the
// kind's AnyPurpose. Allows("read:newsletter") holds for a key with
// read:newsletter, read:* or admin. A revoked key allows nothing, nor does
// a scope that does not parse.
func (k APIKey) Allows(scope string) bool {
	kind, purpose, err := ParseScope(scope)
	if err != nil || k.IsRevoked() {
		return false
	}
	for _, s := range k.Scopes {
		if s == ScopeAdmin || s == scope || purpose != "" && s == kind+":"+AnyPurpose {
			return true
		}
	}
	return false
}
