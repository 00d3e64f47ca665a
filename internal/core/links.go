package core

import (
	"encoding/base32"
	"html"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/letters"
)

// DownloadTTL is how long a one-time link to an extract is valid when
// Config.DownloadTTL is zero.
const DownloadTTL = 14 * 24 * time.Hour

// ConsentLinkTTL is how long a signed link to a person's consents is
// valid when Config.ConsentLinkTTL is zero.
const ConsentLinkTTL = 90 * 24 * time.Hour

// LinkEncoding encodes tokens and MACs in lower-case letters and digits only, so
// that no mail program cuts a link short at a trailing - or _.
var LinkEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// CentreURL returns the privacy centre's page at path, or "" when the
// vault has no public URL.
func (k *Core) CentreURL(path string) string {
	if k.PublicURL == "" {
		return ""
	}
	return k.PublicURL + path
}

// ConsentLinkMAC is the domain of consent links' MACs.
const ConsentLinkMAC = "consent_link"

// ConsentLink returns a signed link to subject's consents, valid until
// the time it returns.
func (k *Core) ConsentLink(subject string, now time.Time) (string, time.Time) {
	until := now.Add(k.ConsentTTL).Truncate(time.Second)
	exp := strconv.FormatInt(until.Unix(), 10)
	return subject + "." + exp + "." + LinkEncoding.EncodeToString(k.Index.Blind(ConsentLinkMAC, subject+"\x00"+exp)), until
}

// AddConsentLink ends an e-mail to a known person, who is not erased,
// with a signed link to their consents. A code e-mail, sent before the
// person proved the address is theirs, has no subject and gets none;
// neither do notices to recipients.
func (k *Core) AddConsentLink(tx tillit.Tx, m tillit.Message, e *Envelope, now time.Time) error {
	if k.PublicURL == "" || m.Via != tillit.ViaEmail || m.Subject == "" || m.Recipient != "" {
		return nil
	}
	s, err := tx.Subject(m.Subject)
	if tillit.ErrorCode(err) == tillit.ENOTFOUND || err == nil && s.IsErased() {
		return nil
	} else if err != nil {
		return err
	}
	token, until := k.ConsentLink(m.Subject, now)
	lang, ok := tillit.ParseLang(e.Mail.Lang)
	if !ok {
		lang = tillit.Swedish
	}
	url := k.CentreURL("/privacy/consents?link=" + token + "&lang=" + string(lang))
	line, err := letters.ConsentLink{URL: url, Until: until}.In(lang)
	if err != nil {
		return err
	}
	e.Mail.Text = strings.TrimRight(e.Mail.Text, "\n") + "\n\n" + line + "\n"
	if e.Mail.HTML != "" {
		e.Mail.HTML += "<p>" + html.EscapeString(line) + "</p>"
	}
	return nil
}
