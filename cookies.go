package tillit

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"strconv"
	"time"
)

// AuditCookieChoice is the audit action of a visitor's choice in the cookie
// banner. The entry names the proof and the categories, never anything of
// the visitor.
const AuditCookieChoice = "cookie_choice"

// How a visitor made a cookie choice.
const (
	ViaAcceptAll = "accept_all" // the banner's "Accept all"
	ViaRejectAll = "reject_all" // the banner's "Reject all"
	ViaChoose    = "choose"     // one switch per category, then "Save"
	ViaGPC       = "gpc"        // no question was left: Global Privacy Control said no
)

// CookieVias lists every way a choice can be made.
var CookieVias = []string{ViaAcceptAll, ViaRejectAll, ViaChoose, ViaGPC}

// CookieConsent is the proof of one choice a visitor made in the cookie
// banner (GDPR art. 7(1): the controller must be able to demonstrate
// consent; ePrivacy art. 5(3), LEK 9 kap. 28 §). It holds nothing that
// identifies the visitor: no IP address, no user agent, no cookie of the
// site. The visitor's browser keeps the proof's ID and sends it with the
// next choice, which names it in Replaces, so the proofs of one browser
// form a chain.
type CookieConsent struct {
	ID       string    `json:"id"`                 // cc_..., kept by the visitor's browser
	Replaces string    `json:"replaces,omitempty"` // the proof of the same browser's previous choice
	At       time.Time `json:"at"`                 // when the choice was received, by the server's clock
	// The register the banner was generated from: the controller's policy
	// version and the hash of its cookie section (Policy.CookiesHash).
	PolicyVersion string   `json:"policy_version"`
	CookiesHash   string   `json:"cookies_hash"`
	Accepted      []string `json:"accepted"` // cookie categories consented to
	Rejected      []string `json:"rejected"` // refused, including those Global Privacy Control turned off
	GPC           bool     `json:"gpc"`      // the browser sent Global Privacy Control
	Via           string   `json:"via"`      // how the choice was made: one of CookieVias
	Origin        string   `json:"origin"`   // the site the banner ran on: scheme, host and port
}

// CookieConsentFilter selects proofs of cookie choices: those after the
// proof with ID After, at most N (all when N is 0), in the order they were
// stored.
type CookieConsentFilter struct {
	After string
	N     int
}

// CookiesHash returns the hex SHA-256 of the register's cookie section:
// every category's ID, texts, consent flag, purpose and tools, in register
// order. A proof carries it, so that a change of the cookie section, even
// without a new policy version, shows.
func (p *Policy) CookiesHash() string {
	h := sha256.New()
	var n [8]byte
	put := func(ss ...string) {
		for _, s := range ss {
			binary.BigEndian.PutUint64(n[:], uint64(len(s)))
			h.Write(n[:])
			h.Write([]byte(s))
		}
	}
	for _, c := range p.def.Cookies {
		put("category", c.ID, c.Label.SV, c.Label.EN, c.Description.SV, c.Description.EN,
			strconv.FormatBool(c.Consent), c.Purpose, strconv.Itoa(len(c.Tools)))
		for _, t := range c.Tools {
			put("tool", t.Name, t.Recipient, t.Description.SV, t.Description.EN,
				t.Lifetime.String(), strconv.FormatBool(t.Session), strconv.Itoa(len(t.Cookies)))
			put(t.Cookies...)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SellsOrShares reports whether a cookie category's data is sold or shared
// for advertising, so that a Global Privacy Control signal refuses it: its
// purpose is direct marketing (GDPR art. 21(2), where objection is
// absolute), or its ID names marketing or advertising.
// Strictly necessary categories never do.
func (p *Policy) SellsOrShares(c CookieCategory) bool {
	if !c.Consent {
		return false
	}
	if c.Purpose != "" {
		if pu, ok := p.Purpose(c.Purpose); ok && pu.DirectMarketing {
			return true
		}
	}
	return slices.Contains([]string{"marketing", "advertising", "advertisement", "ads", "targeting"}, c.ID)
}

// CookieChoice is a visitor's choice as the cookie banner sends it.
type CookieChoice struct {
	// PolicyVersion and CookiesHash name the register the banner was
	// generated from; they must be the register in force.
	PolicyVersion string
	CookiesHash   string
	// Categories holds every cookie category that needs consent, true
	// when accepted.
	Categories map[string]bool
	// Replaces is the ID of the proof of the browser's previous choice,
	// "" for its first.
	Replaces string
	GPC      bool   // the browser sent Global Privacy Control
	Via      string // one of CookieVias
	Origin   string // the site the banner ran on
}

// CookieProofs keeps the proof of every choice made in the cookie banner.
type CookieProofs interface {
	// RecordCookieChoice stores a choice chained to the visitor's previous
	// one. EINVALID for unknown categories or a bad origin.
	RecordCookieChoice(ctx context.Context, c CookieChoice) (CookieConsent, error)
	// CookieConsents pages through the proofs.
	CookieConsents(ctx context.Context, f CookieConsentFilter) ([]CookieConsent, error)
}
