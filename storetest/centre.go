package storetest

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/internal/core"
)

// centreURL is the public URL of the privacy centre in these tests.
const centreURL = "https://centre.example"

var (
	confirmLinkRE  = regexp.MustCompile(regexp.QuoteMeta(centreURL) + `/privacy/confirm\?request=(req_[a-z0-9]+)&code=(\d{6})`)
	downloadLinkRE = regexp.MustCompile(regexp.QuoteMeta(centreURL) + `/privacy/download/([a-z2-7]{52})`)
	consentLinkRE  = regexp.MustCompile(regexp.QuoteMeta(centreURL) + `/privacy/consents\?link=([a-z0-9_.]+)`)
)

// newCentreEnv is a rights env whose vault links to the privacy centre.
func newCentreEnv(t *testing.T, open Opener) *rightsEnv {
	t.Helper()
	e := newRightsEnv(t, open, 0)
	v, err := app.Open(e.Ctx, app.Config{Store: e.Store, Policy: e.Policy, KEK: e.KEK, Now: e.Clock.Now, PublicURL: centreURL + "/"})
	if err != nil {
		t.Fatal(err)
	}
	e.set(v)
	return e
}

// testDownloads checks the store's one-time links row by row: found by
// hash only, spent once, listed by request.
func testDownloads(t *testing.T, open Opener) {
	e := newCentreEnv(t, open)
	r, err := e.Requests.Submit(e.Ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
	if err != nil {
		t.Fatal(err)
	}
	now := e.Clock.Now().UTC()
	a := tillit.Download{ID: "dl_a", Hash: bytes.Repeat([]byte{1}, 32), Request: r.ID, Subject: "sub_x", Lang: tillit.English,
		Created: now, Expires: now.Add(time.Hour)}
	b := a
	b.ID, b.Hash = "dl_b", bytes.Repeat([]byte{2}, 32)
	err = e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
		for _, d := range []tillit.Download{a, b} {
			if err := tx.InsertDownload(d); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	dup := a
	dup.ID = "dl_c"
	wantErr(t, e.Store.Update(e.Ctx, func(tx tillit.Tx) error { return tx.InsertDownload(dup) }), tillit.ECONFLICT)
	err = e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
		got, err := tx.Download(a.Hash)
		if err != nil {
			return err
		}
		if diff := cmp.Diff(a, got); diff != "" {
			t.Errorf("Download (-want +got):\n%s", diff)
		}
		_, err = tx.Download(bytes.Repeat([]byte{3}, 32))
		wantErr(t, err, tillit.ENOTFOUND)
		if err := tx.SpendDownload(a.ID, now.Add(time.Minute)); err != nil {
			return err
		}
		wantErr(t, tx.SpendDownload(a.ID, now.Add(2*time.Minute)), tillit.ECONFLICT)
		wantErr(t, tx.SpendDownload("dl_none", now), tillit.ENOTFOUND)
		all, err := tx.Downloads(r.ID)
		if err != nil {
			return err
		}
		if len(all) != 2 || all[0].ID != a.ID || !all[0].Used.Equal(now.Add(time.Minute)) || all[1].ID != b.ID || !all[1].Used.IsZero() {
			t.Errorf("Downloads = %+v", all)
		}
		if got := all[0].State(now.Add(2 * time.Minute)); got != tillit.DownloadUsed {
			t.Errorf("spent link is %s", got)
		}
		if got := all[1].State(now.Add(time.Hour)); got != tillit.DownloadExpired {
			t.Errorf("link at its expiry is %s", got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// testCentreLinks follows the links the vault puts in its e-mails: the
// code e-mail's confirmation link (and no consent link: the address is
// not proven yet), the answer's one-time download link and the signed
// consent link in every e-mail to a known person.
func testCentreLinks(t *testing.T, open Opener) {
	e := newCentreEnv(t, open)
	subj := e.customer(t)

	r, err := e.Requests.Submit(e.Ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail, Lang: tillit.English})
	if err != nil {
		t.Fatal(err)
	}
	codeMail := e.mails(t, 1)[0]
	m := confirmLinkRE.FindStringSubmatch(codeMail.Text)
	if m == nil || m[1] != r.ID {
		t.Fatalf("no confirmation link to the centre in the code e-mail:\n%s", codeMail.Text)
	}
	if consentLinkRE.MatchString(codeMail.Text) {
		t.Errorf("the code e-mail, sent before the address is proven, has a consent link:\n%s", codeMail.Text)
	}
	if _, err := e.Requests.Confirm(e.Ctx, m[1], m[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	answer := e.mails(t, 1)[0]
	dm := downloadLinkRE.FindStringSubmatch(answer.Text)
	cm := consentLinkRE.FindStringSubmatch(answer.Text)
	if dm == nil || cm == nil || len(answer.Attachments) != 3 {
		t.Fatalf("the answer lacks the download link, the consent link or the attachments:\n%s", answer.Text)
	}
	token, link := dm[1], cm[1]

	t.Run("download", func(t *testing.T) {
		d, err := e.Requests.Download(e.Ctx, token)
		if err != nil || d.Request != r.ID || d.Subject != subj || d.State(e.Clock.Now()) != tillit.DownloadReady ||
			!d.Expires.Equal(e.Clock.Now().UTC().Add(core.DownloadTTL)) {
			t.Fatalf("Download = %+v, %v", d, err)
		}
		for _, bad := range []string{"", "short", strings.Repeat("a", 52), token + "x"} {
			_, err := e.Requests.Download(e.Ctx, bad)
			wantErr(t, err, tillit.ENOTFOUND, "not valid")
		}
		_, _, err = e.Requests.SpendDownload(e.Ctx, strings.Repeat("a", 52))
		wantErr(t, err, tillit.ENOTFOUND)

		_, pass, err := e.Requests.SpendDownload(e.Ctx, token)
		if err != nil || pass == "" {
			t.Fatalf("SpendDownload: %q, %v", pass, err)
		}
		_, _, err = e.Requests.SpendDownload(e.Ctx, token)
		wantErr(t, err, tillit.EFORBIDDEN, "already been used")
		if !e.Requests.VisitOpen(e.Ctx, token, pass) || e.Requests.VisitOpen(e.Ctx, token, "1."+pass) {
			t.Error("VisitOpen takes the wrong pass or refuses the right one")
		}
		for _, format := range []string{"html", "pdf", "json"} {
			x, err := e.Requests.DownloadExtract(e.Ctx, token, pass, format)
			if err != nil || x.Subject != subj || x.Request != r.ID || x.Lang != tillit.English || len(x.Items) != 4 {
				t.Fatalf("DownloadExtract(%s) = %d items, %v", format, len(x.Items), err)
			}
		}
		// Another visit's pass, a forged one and this one once it ran out
		// open nothing.
		exp, _, _ := strings.Cut(pass, ".")
		for _, bad := range []string{"", "garbage", exp + ".aaaa", "9999999999." + strings.SplitN(pass, ".", 2)[1]} {
			_, err := e.Requests.DownloadExtract(e.Ctx, token, bad, "pdf")
			wantErr(t, err, tillit.EFORBIDDEN)
		}
		e.Clock.Add(tillit.VisitTTL)
		_, err = e.Requests.DownloadExtract(e.Ctx, token, pass, "pdf")
		wantErr(t, err, tillit.EFORBIDDEN, "already been used")

		opened, fetched := auditOf(t, e.Env, "download_opened", subj), auditOf(t, e.Env, "download", subj)
		if len(opened) != 1 || len(fetched) != 3 || !strings.Contains(fetched[1].Detail, "format=pdf") ||
			len(auditOf(t, e.Env, "download_created", subj)) != 1 {
			t.Errorf("audit: %d opened, %d fetched", len(opened), len(fetched))
		}
		for _, a := range append(opened, fetched...) {
			if strings.Contains(a.Detail, token) || strings.Contains(a.Detail, pass) {
				t.Errorf("a token or pass in the audit log: %+v", a)
			}
		}
	})

	t.Run("expired download", func(t *testing.T) {
		r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
		if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		token := downloadLinkRE.FindStringSubmatch(e.mails(t, 1)[0].Text)[1]
		e.Clock.Add(core.DownloadTTL)
		d, err := e.Requests.Download(e.Ctx, token)
		if err != nil || d.State(e.Clock.Now()) != tillit.DownloadExpired {
			t.Fatalf("Download after its time: %+v, %v", d, err)
		}
		head := e.Head(t)
		_, _, err = e.Requests.SpendDownload(e.Ctx, token)
		wantErr(t, err, tillit.EFORBIDDEN, "expired")
		if e.Head(t) != head {
			t.Error("a refused download was audited as opened")
		}
	})

	t.Run("consents", func(t *testing.T) {
		got, states, err := e.Requests.LinkConsents(e.Ctx, link)
		if err != nil || got != subj {
			t.Fatalf("LinkConsents: %s, %v", got, err)
		}
		if len(states) != 1 || states[0].Purpose != "newsletter" || !states[0].Given || !states[0].Seen {
			t.Fatalf("states = %+v", states)
		}
		if len(auditOf(t, e.Env, "consents_viewed", subj)) != 1 {
			t.Error("looking at the consents was not audited")
		}
		// An altered link changes nothing.
		subjPart, rest, _ := strings.Cut(link, ".")
		exp, mac, _ := strings.Cut(rest, ".")
		other := e.Collect(t, tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Cecilia Ek", "email": "cecilia@example.se"},
			Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}}).Subject
		for name, bad := range map[string]string{
			"another person": other + "." + exp + "." + mac,
			"a later expiry": subjPart + ".9999999999." + mac,
			"a changed MAC":  subjPart + "." + exp + "." + strings.Repeat("a", len(mac)),
			"cut short":      subjPart + "." + exp,
			"empty":          "",
		} {
			head := e.Head(t)
			_, err := e.Requests.WithdrawByLink(e.Ctx, bad, "newsletter")
			wantErr(t, err, tillit.EFORBIDDEN, "not valid")
			if e.Head(t) != head {
				t.Errorf("%s: a refused withdrawal changed the audit log", name)
			}
			_, _, err = e.Requests.LinkConsents(e.Ctx, bad)
			wantErr(t, err, tillit.EFORBIDDEN, "not valid")
		}
		_, err = e.Requests.WithdrawByLink(e.Ctx, link, "customer")
		wantErr(t, err, tillit.EINVALID, "consent")

		if changed, err := e.Requests.WithdrawByLink(e.Ctx, link, "newsletter"); err != nil || !changed {
			t.Fatalf("WithdrawByLink = %v, %v", changed, err)
		}
		if changed, err := e.Requests.WithdrawByLink(e.Ctx, link, "newsletter"); err != nil || changed {
			t.Fatalf("WithdrawByLink again = %v, %v; want nothing changed", changed, err)
		}
		_, err = e.Vault.Use(e.Ctx, subj, "newsletter")
		wantErr(t, err, tillit.EFORBIDDEN, "withdrawn")
		withdrawn := auditOf(t, e.Env, tillit.AuditConsentWithdrawn, subj)
		if len(withdrawn) != 1 || withdrawn[0].Purpose != "newsletter" || !strings.Contains(withdrawn[0].Detail, "channel=privacy_centre") {
			t.Errorf("withdrawal audited as %+v", withdrawn)
		}
		if _, states, _ := e.Requests.LinkConsents(e.Ctx, link); len(states) != 1 || states[0].Given {
			t.Errorf("after withdrawal: %+v", states)
		}

		e.Clock.Add(core.ConsentLinkTTL)
		_, err = e.Requests.WithdrawByLink(e.Ctx, link, "newsletter")
		wantErr(t, err, tillit.EFORBIDDEN, "expired")
	})

	t.Run("no consent link after erasure", func(t *testing.T) {
		const bertil = "bertil@example.se"
		b := e.Collect(t, tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bertil Berg", "email": bertil},
			Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}}).Subject
		token, _ := e.Requests.ConsentLink(b)
		r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightErasure, Email: bertil})
		if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
			t.Fatal(err)
		}
		if s, err := e.Vault.Subject(e.Ctx, b); err != nil || !s.IsErased() {
			t.Fatalf("Bertil is not erased: %+v, %v", s, err)
		}
		rep := e.deliver(t)
		all := e.SMTP.Wait(t, e.seen+rep.Delivered, 5*time.Second)
		for _, m := range all[e.seen:] {
			if consentLinkRE.MatchString(m.Text) {
				t.Errorf("an e-mail after erasure (to %v) has a consent link:\n%s", m.To, m.Text)
			}
		}
		e.seen = len(all)
		_, _, err := e.Requests.LinkConsents(e.Ctx, token)
		wantErr(t, err, tillit.EFORBIDDEN, "no longer hold")
	})
	e.Verify(t)
}
