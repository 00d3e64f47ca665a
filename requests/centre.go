package requests

import (
	"context"
	"crypto/subtle"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
)

// The privacy centre's audit actions. None holds a token or a pass.
const (
	auditDownloadCreated = "download_created" // a one-time link was sent
	auditDownloadOpened  = "download_opened"  // the link was spent
	auditDownload        = "download"         // the extract was fetched in a format
	auditConsentsViewed  = "consents_viewed"  // the person looked at their consents by a signed link
)

// The kinds of the keyed hashes and MACs, each its own domain.
const (
	downloadIndex = "download"
	visitMAC      = "download_visit"
)

// tokenSize is the number of random bytes in a download token.
const tokenSize = 32

// RequestTTL returns how long a request waits for the person's
// confirmation.
func (s *Service) RequestTTL() time.Duration { return s.c.RequestTTL }

// PublicURL returns where the privacy centre is served, "" when unset.
func (s *Service) PublicURL() string { return s.c.PublicURL }

// errLinkGone is the one answer to a download link that was used, went
// out of date, or a visit's pass that does not hold.
func errLinkGone(op string) error {
	return tillit.Errorl(tillit.EFORBIDDEN, op, catalog.Text("requests.link_already_been_used_expired"))
}

func errNoLink(op string) error {
	return tillit.Errorl(tillit.ENOTFOUND, op, catalog.Text("requests.link_not_valid_check_you"))
}

// newDownload makes a one-time link to the extract answering the access
// request r and returns it with when it goes out of date; no link (and
// no row) when the vault has no public URL.
func (s *Service) newDownload(ctx context.Context, tx tillit.Tx, r tillit.Request, now time.Time) (string, time.Time, error) {
	if s.c.PublicURL == "" {
		return "", time.Time{}, nil
	}
	var b [tokenSize]byte
	if _, err := io.ReadFull(s.c.Rand, b[:]); err != nil {
		return "", time.Time{}, err
	}
	token := core.LinkEncoding.EncodeToString(b[:])
	d := tillit.Download{ID: s.c.ID("dl"), Hash: s.c.Index.Blind(downloadIndex, token), Request: r.ID, Subject: r.Subject,
		Lang: r.Lang, Created: now, Expires: now.Add(s.c.DownloadTTL)}
	if err := tx.InsertDownload(d); err != nil {
		return "", time.Time{}, err
	}
	err := s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditDownloadCreated, Subject: r.Subject,
		Detail: "download=" + d.ID + " request=" + r.ID + " expires=" + d.Expires.Format(time.RFC3339)})
	return s.c.CentreURL("/privacy/download/" + token + "?lang=" + string(r.Lang)), d.Expires, err
}

// findDownload returns the link a token belongs to. A token of the wrong
// form is no link's: nothing is looked up.
func (s *Service) findDownload(tx tillit.Tx, op, token string) (tillit.Download, error) {
	if b, err := core.LinkEncoding.DecodeString(token); err != nil || len(b) != tokenSize {
		return tillit.Download{}, errNoLink(op)
	}
	d, err := tx.Download(s.c.Index.Blind(downloadIndex, token))
	if tillit.ErrorCode(err) == tillit.ENOTFOUND {
		return d, errNoLink(op)
	}
	d.Hash = nil
	return d, err
}

// Download returns the one-time link a token belongs to without using
// it, so that a page can say whether it is still valid (see
// tillit.Download.State). ENOTFOUND when the token is no link's.
func (s *Service) Download(ctx context.Context, token string) (tillit.Download, error) {
	var d tillit.Download
	err := s.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		d, err = s.findDownload(tx, "requests.Download", token)
		return err
	})
	return d, err
}

// SpendDownload uses a one-time link: from now on it opens nothing,
// except to the visit that spent it, which gets a pass to fetch the
// extract with DownloadExtract, in every format, for tillit.VisitTTL. ENOTFOUND
// when the token is no link's; EFORBIDDEN when the link was used or has
// expired. Spending is audited.
func (s *Service) SpendDownload(ctx context.Context, token string) (tillit.Download, string, error) {
	const op = "requests.SpendDownload"
	var d tillit.Download
	var pass string
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		if d, err = s.findDownload(tx, op, token); err != nil {
			return err
		}
		now := s.c.Now().UTC()
		if d.State(now) != tillit.DownloadReady {
			return errLinkGone(op)
		}
		if err := tx.SpendDownload(d.ID, now); tillit.ErrorCode(err) == tillit.ECONFLICT {
			return errLinkGone(op)
		} else if err != nil {
			return err
		}
		d.Used = now
		pass = s.visitPass(d.ID, now.Add(tillit.VisitTTL))
		return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditDownloadOpened, Subject: d.Subject,
			Detail: "download=" + d.ID + " request=" + d.Request})
	})
	if err != nil {
		return tillit.Download{}, "", err
	}
	return d, pass, nil
}

// visitPass is "<unix seconds>.<MAC>": the visit of download id may
// fetch the extract until then.
func (s *Service) visitPass(id string, until time.Time) string {
	exp := strconv.FormatInt(until.Unix(), 10)
	return exp + "." + core.LinkEncoding.EncodeToString(s.c.Index.Blind(visitMAC, id+"\x00"+exp))
}

// validPass reports whether pass lets a visit fetch download id at now.
func (s *Service) validPass(id, pass string, now time.Time) bool {
	exp, mac, ok := strings.Cut(pass, ".")
	if !ok {
		return false
	}
	got, err := core.LinkEncoding.DecodeString(mac)
	if err != nil {
		return false
	}
	if subtle.ConstantTimeCompare(got, s.c.Index.Blind(visitMAC, id+"\x00"+exp)) != 1 {
		return false
	}
	until, err := strconv.ParseInt(exp, 10, 64)
	return err == nil && now.Unix() < until
}

// VisitOpen reports whether pass still lets the visit that spent the
// link of token fetch its extract.
func (s *Service) VisitOpen(ctx context.Context, token, pass string) bool {
	d, err := s.Download(ctx, token)
	return err == nil && !d.Used.IsZero() && s.validPass(d.ID, pass, s.c.Now())
}

// DownloadExtract returns the extract a spent link gives to the visit
// holding pass, made now from what the vault holds (an erased person's
// extract holds nothing). format names what the page makes of it (html,
// pdf, json) for the audit entry each fetch gets. ENOTFOUND when the
// token is no link's; EFORBIDDEN when the pass does not hold.
func (s *Service) DownloadExtract(ctx context.Context, token, pass, format string) (tillit.Extract, error) {
	const op = "requests.DownloadExtract"
	if !core.IsRef(format) {
		return tillit.Extract{}, core.Invalid(op, "requests.unknown_format")
	}
	var x tillit.Extract
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		d, err := s.findDownload(tx, op, token)
		if err != nil {
			return err
		}
		now := s.c.Now().UTC()
		if d.Used.IsZero() || !s.validPass(d.ID, pass, now) {
			return errLinkGone(op)
		}
		x, err = s.c.Extract(ctx, tx, d.Subject, d.Lang, now)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			x, err = core.EmptyExtract(s.c.Policy(), d.Lang, now), nil // erased since the answer
		}
		if err != nil {
			return err
		}
		x.Request = d.Request
		return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditDownload, Subject: d.Subject,
			Detail: "download=" + d.ID + " request=" + d.Request + " format=" + format})
	})
	return x, err
}

// ConsentLink returns the token of a signed link to the person's
// consents in the privacy centre, valid for ConsentLinkTTL from now, and
// when it expires. It is "<subject>.<unix seconds>.<MAC>": whoever holds
// it may see and withdraw that person's consents, and nothing else.
func (s *Service) ConsentLink(subject string) (string, time.Time) {
	return s.c.ConsentLink(subject, s.c.Now())
}

// checkConsentLink returns the subject a consent link was signed for.
// EFORBIDDEN when it was not signed by this vault or has expired.
func (s *Service) checkConsentLink(op, link string, now time.Time) (string, error) {
	bad := tillit.Errorl(tillit.EFORBIDDEN, op, catalog.Text("requests.link_not_valid_may_been"))
	parts := strings.Split(link, ".")
	if len(parts) != 3 || !core.IsRef(parts[0]) {
		return "", bad
	}
	mac, err := core.LinkEncoding.DecodeString(parts[2])
	if err != nil || subtle.ConstantTimeCompare(mac, s.c.Index.Blind(core.ConsentLinkMAC, parts[0]+"\x00"+parts[1])) != 1 {
		return "", bad
	}
	until, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil {
		return "", bad
	}
	if now.Unix() >= until {
		return "", tillit.Errorl(tillit.EFORBIDDEN, op, catalog.Text("requests.link_expired_every_e_mail"))
	}
	return parts[0], nil
}

// LinkConsents returns the person a consent link was signed for and
// their last word on each purpose of the register that rests on consent.
// The look is audited. EFORBIDDEN when the link was altered or has
// expired, or its person was erased.
func (s *Service) LinkConsents(ctx context.Context, link string) (string, []tillit.ConsentStatus, error) {
	const op = "requests.LinkConsents"
	var out []tillit.ConsentStatus
	var subj string
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		now := s.c.Now().UTC()
		var err error
		if subj, err = s.checkConsentLink(op, link, now); err != nil {
			return err
		}
		if out, err = s.consentStatus(tx, op, subj); err != nil {
			return err
		}
		return s.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: auditConsentsViewed, Subject: subj, Detail: "via=link"})
	})
	if err != nil {
		return "", nil, err
	}
	return subj, out, nil
}

func (s *Service) consentStatus(tx tillit.Tx, op, subj string) ([]tillit.ConsentStatus, error) {
	if _, err := core.Subject(tx, op, subj); tillit.ErrorCode(err) == tillit.ENOTFOUND {
		return nil, tillit.Errorl(tillit.EFORBIDDEN, op, catalog.Text("requests.we_no_longer_hold_any"))
	} else if err != nil {
		return nil, err
	}
	ledger, err := tx.Consents(subj)
	if err != nil {
		return nil, err
	}
	var out []tillit.ConsentStatus
	for _, p := range s.c.Policy().Purposes() {
		if p.Basis != tillit.Consent {
			continue
		}
		st := tillit.ConsentStatus{Purpose: p.ID}
		for _, c := range ledger {
			if c.Purpose == p.ID {
				st = tillit.ConsentStatus{Purpose: p.ID, Given: c.Given, Seen: true, At: c.At, Version: c.Version, Channel: c.Channel}
			}
		}
		out = append(out, st)
	}
	return out, nil
}

// WithdrawByLink withdraws the consent to purpose of the person a consent
// link was signed for (GDPR art. 7(3)): in one step, as easily as it was
// given. It reports false, and changes nothing, when the consent was not
// given. The withdrawal is recorded and audited as any other, with the
// channel privacy_centre. EFORBIDDEN for a link altered or expired,
// EINVALID for a purpose that does not rest on consent.
func (s *Service) WithdrawByLink(ctx context.Context, link, purpose string) (bool, error) {
	const op = "requests.WithdrawByLink"
	changed := false
	err := s.c.Store.Update(ctx, func(tx tillit.Tx) error {
		changed = false
		now := s.c.Now().UTC()
		subj, err := s.checkConsentLink(op, link, now)
		if err != nil {
			return err
		}
		p, err := s.c.Purpose(op, purpose)
		if err != nil {
			return err
		}
		if p.Basis != tillit.Consent {
			return core.Invalid(op, "requests.purpose_does_not_rest_consent", p.ID)
		}
		states, err := s.consentStatus(tx, op, subj)
		if err != nil {
			return err
		}
		for _, st := range states {
			if st.Purpose == p.ID && !st.Given {
				return nil // nothing to withdraw
			}
		}
		c := tillit.ConsentRecord{Subject: subj, Purpose: p.ID, Given: false, Version: p.Consent.Version, Channel: "privacy_centre"}
		if _, err := s.c.AppendConsent(ctx, tx, c, now); err != nil {
			return err
		}
		changed = true
		return s.c.Reschedule(tx, subj, now)
	})
	return changed, err
}
