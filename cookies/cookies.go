package cookies

import (
	"context"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
)

// cookieConsentPrefix starts the ID of a proof of a cookie choice.
const cookieConsentPrefix = "cc"

// cookieConsentID is the form of a proof's ID: the prefix and 24 letters
// of lower-case base32 (15 random bytes).
var cookieConsentID = regexp.MustCompile(`^cc_[a-z2-7]{24}$`)

// maxOrigin is the longest origin a proof records.
const maxOrigin = 200

// RecordCookieChoice stores the proof of a visitor's choice in the cookie
// banner and audits it; it returns the proof, whose ID the banner keeps in
// the visitor's browser. With GPC set, every category that sells or
// shares data for advertising (Policy.SellsOrShares) is refused whatever
// the choice said. The proof holds nothing that identifies the visitor.
//
// ECONFLICT when the banner was generated from another register than the
// one in force (the policy version or the cookie section changed since:
// the visitor must see the new one). EINVALID for an unknown way of
// choosing, an undeclared or strictly necessary category, a category left
// out, a malformed previous proof ID or origin; nothing is stored then.
// A well-formed previous proof ID that is not stored starts a new chain.
func (s *Service) RecordCookieChoice(ctx context.Context, c tillit.CookieChoice) (tillit.CookieConsent, error) {
	const op = "cookies.RecordCookieChoice"
	pol := s.c.Policy()
	if c.PolicyVersion != pol.Controller().PolicyVersion || c.CookiesHash != pol.CookiesHash() {
		return tillit.CookieConsent{}, tillit.Errorl(tillit.ECONFLICT, op, catalog.Text("cookieproof.register_cookies_changed_since"))
	}
	if !slices.Contains(tillit.CookieVias, c.Via) {
		return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.way_choosing_must_one",
			strings.Join(tillit.CookieVias, ", "))
	}
	if c.Replaces != "" && !cookieConsentID.MatchString(c.Replaces) {
		return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.previous_choice_id_must")
	}
	if err := checkOrigin(op, c.Origin); err != nil {
		return tillit.CookieConsent{}, err
	}
	cats := pol.CookieCategories()
	for id := range c.Categories {
		i := slices.IndexFunc(cats, func(cc tillit.CookieCategory) bool { return cc.ID == id })
		switch {
		case i < 0:
			return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.register_no_cookie_category", core.SafeName(id))
		case !cats[i].Consent:
			return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.cookie_category_strictly_necessary_cannot", id)
		}
	}
	now := s.c.Now().UTC().Truncate(time.Microsecond)
	proof := tillit.CookieConsent{
		ID: s.c.ID(cookieConsentPrefix), At: now, PolicyVersion: c.PolicyVersion, CookiesHash: c.CookiesHash,
		Accepted: []string{}, Rejected: []string{}, GPC: c.GPC, Via: c.Via, Origin: c.Origin,
	}
	asked := 0 // categories the visitor was asked about
	for _, cc := range cats {
		if !cc.Consent {
			continue
		}
		yes, given := c.Categories[cc.ID]
		if !given {
			return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.choice_lacks_cookie_category_give", cc.ID)
		}
		refused := c.GPC && pol.SellsOrShares(cc)
		if !refused {
			asked++
		}
		switch {
		case yes && !refused:
			proof.Accepted = append(proof.Accepted, cc.ID)
		case !yes && c.Via == tillit.ViaAcceptAll && !refused:
			return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.accept_all_does_not_leave", cc.ID)
		default:
			proof.Rejected = append(proof.Rejected, cc.ID)
		}
	}
	switch {
	case len(proof.Accepted)+len(proof.Rejected) == 0:
		return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.register_no_cookies_need_consent")
	case c.Via == tillit.ViaRejectAll && len(proof.Accepted) > 0:
		return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.reject_all_does_not_accept", strings.Join(proof.Accepted, ", "))
	case c.Via == tillit.ViaGPC && (!c.GPC || asked > 0):
		return tillit.CookieConsent{}, core.Invalid(op, "cookieproof.choice_global_privacy_control_needs")
	}
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if proof.Replaces = c.Replaces; proof.Replaces != "" {
			_, err := tx.CookieConsent(proof.Replaces)
			switch {
			case tillit.ErrorCode(err) == tillit.ENOTFOUND:
				proof.Replaces = ""
			case err != nil:
				return err
			}
		}
		if err := tx.InsertCookieConsent(proof); err != nil {
			return err
		}
		detail := "proof=" + proof.ID
		if proof.Replaces != "" {
			detail += " replaces=" + proof.Replaces
		}
		detail += " accepted=" + strings.Join(proof.Accepted, ",") + " rejected=" + strings.Join(proof.Rejected, ",") +
			" gpc=" + strconv.FormatBool(proof.GPC) + " via=" + proof.Via
		return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: tillit.AuditCookieChoice, Detail: detail})
	})
	if err != nil {
		return tillit.CookieConsent{}, err
	}
	return proof, nil
}

// checkOrigin refuses an origin that is not scheme://host[:port] over
// http or https.
func checkOrigin(op, origin string) error {
	u, err := url.Parse(origin)
	if err != nil || len(origin) > maxOrigin || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" || strings.HasSuffix(origin, "?") {
		return core.Invalid(op, "cookieproof.site_must_given_origin_https", maxOrigin)
	}
	return nil
}

// CookieConsents pages through the proofs of cookie choices in the order
// they were stored.
func (s *Service) CookieConsents(ctx context.Context, f tillit.CookieConsentFilter) ([]tillit.CookieConsent, error) {
	var out []tillit.CookieConsent
	err := s.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		out, err = tx.CookieConsents(f)
		return err
	})
	return out, err
}
