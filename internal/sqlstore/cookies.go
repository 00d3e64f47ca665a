package sqlstore

import (
	"github.com/tillit-privacy/tillit"
)

const cookieConsentColumns = `id, replaces, at, policy_version, cookies_hash, accepted, rejected, gpc, via, origin`

func scanCookieConsent(r interface{ Scan(...any) error }) (tillit.CookieConsent, error) {
	var c tillit.CookieConsent
	var at int64
	var accepted, rejected string
	var gpc int
	err := r.Scan(&c.ID, &c.Replaces, &at, &c.PolicyVersion, &c.CookiesHash, &accepted, &rejected, &gpc, &c.Via, &c.Origin)
	// An empty list reads as one, not as JSON null.
	c.At, c.Accepted, c.Rejected, c.GPC = fromMicros(at), append([]string{}, splitIDs(accepted)...), append([]string{}, splitIDs(rejected)...), gpc != 0
	return c, err
}

// InsertCookieConsent stores the proof of a visitor's cookie choice.
func (t *Tx) InsertCookieConsent(c tillit.CookieConsent) error {
	return t.execNow("insert cookie consent", `INSERT INTO cookie_consents (`+cookieConsentColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Replaces, micros(c.At), c.PolicyVersion, c.CookiesHash, joinIDs(c.Accepted), joinIDs(c.Rejected), flag(c.GPC), c.Via, c.Origin)
}

// CookieConsent returns a proof by ID.
func (t *Tx) CookieConsent(id string) (tillit.CookieConsent, error) {
	c, err := scanCookieConsent(t.row(`SELECT `+cookieConsentColumns+` FROM cookie_consents WHERE id = ?`, id))
	return c, t.wrap("cookie consent", err)
}

// CookieConsents pages through the proofs in the order they were stored.
func (t *Tx) CookieConsents(f tillit.CookieConsentFilter) ([]tillit.CookieConsent, error) {
	from, err := t.seq("cookie_consents", f.After)
	if err != nil {
		return nil, err
	}
	return scanAll(t, "cookie consents", `SELECT `+cookieConsentColumns+` FROM cookie_consents WHERE n > ? ORDER BY n LIMIT ?`,
		func(r rowSet) (tillit.CookieConsent, error) { return scanCookieConsent(r) }, from, limit(f.N))
}
