package storetest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	_ "embed"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/internal/smtptest"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/requests"
)

//go:embed testdata/rights.yaml.tmpl
var rightsTemplate string

// RightsRegister returns the rights tests' register with the webhook URL
// and e-mail address of the recipients told of changes filled in.
func RightsRegister(t testing.TB, webhook, mail string) *tillit.Policy {
	t.Helper()
	var b bytes.Buffer
	tmpl := template.Must(template.New("rights").Parse(rightsTemplate))
	if err := tmpl.Execute(&b, map[string]string{"Webhook": webhook, "Mail": mail}); err != nil {
		t.Fatal(err)
	}
	pol, problems := register.Compile("storetest/testdata/rights.yaml.tmpl", b.Bytes())
	if pol == nil {
		t.Fatalf("rights register:\n%v", problems)
	}
	return pol
}

// Hook is a webhook receiver that verifies signatures and can fail.
type Hook struct {
	*httptest.Server
	Secret string
	mu     sync.Mutex
	fail   int
	got    []requests.Notice
	tries  int
}

// NewHook starts a receiver that fails its first fail calls with 500.
func NewHook(t testing.TB, fail int) *Hook {
	secret, err := deliver.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	h := &Hook{Secret: secret, fail: fail}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		defer h.mu.Unlock()
		h.tries++
		if err := deliver.Verify(h.Secret, r.Header, body, time.Now()); err != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		if h.fail > 0 {
			h.fail--
			http.Error(w, "down", http.StatusInternalServerError)
			return
		}
		var n requests.Notice
		if err := json.Unmarshal(body, &n); err != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		h.got = append(h.got, n)
	}))
	t.Cleanup(h.Close)
	return h
}

// Got returns the notices received and the number of calls made.
func (h *Hook) Got() ([]requests.Notice, int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]requests.Notice(nil), h.got...), h.tries
}

// rightsEnv is a vault on the rights register with a real SMTP server and
// a webhook receiver behind its outbox.
type rightsEnv struct {
	*Env
	SMTP *smtptest.Server
	Hook *Hook
	Post requests.Post
	seen int // messages of SMTP already looked at
}

const recipientMail = "dataskydd@tryckeriet.example"

func newRightsEnv(t *testing.T, open Opener, hookFails int) *rightsEnv {
	t.Helper()
	hook := NewHook(t, hookFails)
	srv := smtptest.Start(t)
	e := newEnv(t, open(t), RightsRegister(t, hook.URL+"/art19", recipientMail))
	mailer, err := deliver.NewMailer(deliver.MailConfig{Host: srv.Host(), Port: srv.Port(), From: "dataskydd@rattighetsprov.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	post := requests.Post{
		Mail:    mailer.Send,
		Webhook: deliver.Webhook{}.Post,
		Secret: func(recipient string) string {
			if recipient == "crm" {
				return hook.Secret
			}
			return ""
		},
	}
	return &rightsEnv{Env: e, SMTP: srv, Hook: hook, Post: post}
}

// deliver runs the outbox once and returns its report.
func (e *rightsEnv) deliver(t testing.TB) requests.DeliveryReport {
	t.Helper()
	rep, err := e.Requests.Deliver(e.Ctx, e.Post, 100)
	if err != nil {
		t.Fatalf("Deliver: %v", err)
	}
	return rep
}

// mails delivers the outbox and returns the e-mails that arrived since
// the last call.
func (e *rightsEnv) mails(t testing.TB, want int) []smtptest.Message {
	t.Helper()
	e.deliver(t)
	all := e.SMTP.Wait(t, e.seen+want, 5*time.Second)
	got := all[e.seen:]
	e.seen = len(all)
	if len(got) != want {
		t.Fatalf("got %d e-mails, want %d", len(got), want)
	}
	return got
}

var codeRE = regexp.MustCompile(`(?:koden|the code) (\d{6})`)

// submit submits a request and returns it with the code from its e-mail.
func (e *rightsEnv) submit(t testing.TB, f tillit.RequestForm) (tillit.Request, string) {
	t.Helper()
	r, err := e.Requests.Submit(e.Ctx, f)
	if err != nil {
		t.Fatalf("Submit: %v", err)
	}
	m := e.mails(t, 1)[0]
	if len(m.To) != 1 || m.To[0] != strings.ToLower(f.Email) {
		t.Fatalf("code e-mail went to %v, want %s", m.To, f.Email)
	}
	match := codeRE.FindStringSubmatch(m.Text)
	if match == nil || !strings.Contains(m.Text, r.ID) {
		t.Fatalf("code e-mail has no code or request ID:\n%s", m.Text)
	}
	return r, match[1]
}

// confirmed submits and confirms a request.
func (e *rightsEnv) confirmed(t testing.TB, f tillit.RequestForm) tillit.Request {
	t.Helper()
	r, code := e.submit(t, f)
	r, err := e.Requests.Confirm(e.Ctx, r.ID, code)
	if err != nil {
		t.Fatalf("Confirm: %v", err)
	}
	return r
}

const annaEmail = "anna.svensson@example.se"

// customer signs Anna up with consent to the newsletter, invoices her,
// registers her payment and discloses her data to all three recipients.
func (e *rightsEnv) customer(t testing.TB) string {
	t.Helper()
	r := e.Collect(t, tillit.Submission{Point: "signup",
		Fields:   map[string]string{"name": "Anna Svensson", "email": annaEmail, "phone": "070-123 45 67"},
		Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}})
	e.Collect(t, tillit.Submission{Point: "invoicing", Subject: r.Subject, Fields: map[string]string{"invoice": "Faktura 1001, 1 250 kr"}})
	if err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: r.Subject, Event: "payment_registered"}); err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"crm", "printer", "bureau"} {
		if _, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: r.Subject, Recipient: to, Purpose: "customer"}); err != nil {
			t.Fatalf("Disclose to %s: %v", to, err)
		}
	}
	return r.Subject
}

func testRequestIdentity(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	subj := e.customer(t)

	// The code e-mails to a known and an unknown address read the same
	// but for the request's ID, code and expiry.
	_, known := e.submit(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
	known1 := e.SMTP.Messages()[0]
	unknownReq, code := e.submit(t, tillit.RequestForm{Right: tillit.RightAccess, Email: "nobody@example.se"})
	unknown1 := e.SMTP.Messages()[1]
	mask := regexp.MustCompile(`req_[a-z0-9]+|\d{6}|\d{4}-\d{2}-\d{2} \d{2}:\d{2}`)
	if a, b := mask.ReplaceAllString(known1.Text, "X"), mask.ReplaceAllString(unknown1.Text, "X"); a != b {
		t.Errorf("code e-mails differ for a known and an unknown address:\n%s\n---\n%s", a, b)
	}
	if known == "" {
		t.Fatal("no code")
	}

	// Wrong codes: the same error as an unknown request, and after
	// MaxCodeAttempts the right code no longer works.
	_, errUnknown := e.Requests.Confirm(e.Ctx, "req_doesnotexist", "123456")
	wantErr(t, errUnknown, tillit.EFORBIDDEN, "The code is wrong")
	for i := 0; i < requests.MaxCodeAttempts; i++ {
		_, err := e.Requests.Confirm(e.Ctx, unknownReq.ID, "000000x")
		if err == nil || err.Error() != errUnknown.Error() {
			t.Fatalf("wrong code %d: %v, want the unknown request's error %v", i, err, errUnknown)
		}
	}
	if _, err := e.Requests.Confirm(e.Ctx, unknownReq.ID, code); err == nil || err.Error() != errUnknown.Error() {
		t.Fatalf("right code after %d wrong ones: %v, want refused", requests.MaxCodeAttempts, err)
	}

	// An unknown address, confirmed, is answered at once: nothing held.
	r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightErasure, Email: "someone.else@example.se", Lang: tillit.English})
	if r.State != tillit.StateDone || r.Subject != "" {
		t.Fatalf("unknown address: state %s subject %q, want done with no subject", r.State, r.Subject)
	}
	answer := e.mails(t, 1)[0]
	if !strings.Contains(answer.Text, "We process no personal data linked to this e-mail address") {
		t.Errorf("answer to an unknown address:\n%s", answer.Text)
	}

	// A known address is matched to the person on confirmation.
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: strings.ToUpper(annaEmail)})
	if r.State != tillit.StateConfirmed || r.Subject != subj {
		t.Fatalf("known address: state %s subject %q, want confirmed for %s", r.State, r.Subject, subj)
	}

	// Unconfirmed requests expire, and what they said is destroyed.
	pending, _ := e.submit(t, tillit.RequestForm{Right: tillit.RightAccess, Email: "late@example.se", Message: "Hej"})
	e.Clock.Add(core.RequestTTL + time.Minute)
	n, err := e.Requests.ExpireRequests(e.Ctx)
	if err != nil || n != 3 { // the locked one, Anna's first, and this one
		t.Fatalf("ExpireRequests = %d, %v; want 3", n, err)
	}
	got, err := e.Requests.Request(e.Ctx, pending.ID, true)
	if err != nil || got.State != tillit.StateExpired || got.Details.Email != "" {
		t.Fatalf("expired request: %+v, %v", got, err)
	}
	err = e.Store.View(e.Ctx, func(tx tillit.Tx) error { _, err := tx.RequestKey(pending.ID); return err })
	wantErr(t, err, tillit.ENOTFOUND)
	if _, err := e.Requests.Confirm(e.Ctx, pending.ID, "123456"); err == nil || err.Error() != errUnknown.Error() {
		t.Fatalf("confirming an expired request: %v", err)
	}

	// Bad forms change nothing and never echo what was written.
	for _, f := range []tillit.RequestForm{
		{Right: "delete_everything", Email: annaEmail},
		{Right: tillit.RightAccess, Email: "not an address"},
		{Right: tillit.RightRectification, Email: annaEmail},
		{Right: tillit.RightRectification, Email: annaEmail, Changes: map[string]string{"shoe_size": "42"}},
		{Right: tillit.RightObjection, Email: annaEmail, Purpose: "customer"},
		{Right: tillit.RightAccess, Email: annaEmail, Lang: "de"},
	} {
		head := e.Head(t)
		_, err := e.Requests.Submit(e.Ctx, f)
		wantErr(t, err, tillit.EINVALID)
		if strings.Contains(err.Error(), annaEmail) || strings.Contains(err.Error(), "not an address") {
			t.Errorf("error repeats what was written: %v", err)
		}
		if e.Head(t) != head {
			t.Errorf("refused form %+v changed the audit log", f.Right)
		}
	}

	// Rotating and retiring the key-encryption key re-wraps the keys of
	// requests and waiting messages too: they still open afterwards.
	held, _ := e.submit(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
	if _, err := e.Requests.Submit(e.Ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: "waiting@example.se"}); err != nil {
		t.Fatal(err)
	}
	next, err := keys.Rotate(e.KEKSet)
	if err != nil {
		t.Fatal(err)
	}
	rotated, _ := keys.ParseKEK(next)
	e.set(e.reopen(t, rotated))
	rep, err := e.Vault.RewrapKeys(e.Ctx)
	if err != nil || rep.OwnKeys < 2 {
		t.Fatalf("RewrapKeys = %+v, %v; want the request's and the message's keys", rep, err)
	}
	if stale, err := e.Vault.Stale(e.Ctx); err != nil || stale != 0 {
		t.Fatalf("Stale = %d, %v", stale, err)
	}
	retired, err := keys.Retire(next)
	if err != nil {
		t.Fatal(err)
	}
	e.KEK, _ = keys.ParseKEK(retired)
	e.set(e.reopen(t, e.KEK))
	if got, err := e.Requests.Request(e.Ctx, held.ID, true); err != nil || got.Details.Email != annaEmail {
		t.Fatalf("request after rotation: %+v, %v", got.Details, err)
	}
	if m := e.mails(t, 1)[0]; m.To[0] != "waiting@example.se" {
		t.Errorf("waiting message after rotation went to %v", m.To)
	}

	// Without a mailer, e-mails wait without blocking what is behind them.
	if _, err := e.Requests.Submit(e.Ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail}); err != nil {
		t.Fatal(err)
	}
	if rep, err := e.Requests.Deliver(e.Ctx, requests.Post{}, 10); err != nil || rep != (requests.DeliveryReport{}) {
		t.Fatalf("Deliver with no mailer = %+v, %v", rep, err)
	}
	waiting, err := e.Requests.Messages(e.Ctx, tillit.MessageFilter{Pending: true})
	if err != nil || len(waiting) != 1 || !waiting[0].NextAt.After(e.Clock.Now()) || waiting[0].Attempts != 0 {
		t.Fatalf("waiting e-mail: %+v, %v", waiting, err)
	}
	e.Clock.Add(time.Minute)
	e.mails(t, 1)
	e.Verify(t)
}

func testRequestDeadlines(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	e.customer(t)
	// Received Tuesday 24 November 2026: a month later is julafton, then
	// juldagen, annandag jul, a weekend: the deadline rolls to Monday 28
	// December (EU Regulation 1182/71 art. 3(4)).
	e.Clock.Set(time.Date(2026, 11, 24, 9, 30, 0, 0, tillit.Stockholm))
	r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
	if want := time.Date(2026, 12, 28, 23, 59, 59, 0, tillit.Stockholm); !r.Due.Equal(want) {
		t.Fatalf("due %s, want %s", r.Due.In(tillit.Stockholm), want)
	}
	if r.IsDueSoon(e.Clock.Now()) || r.Overdue(e.Clock.Now()) {
		t.Error("a new request is neither due soon nor overdue")
	}

	for _, bad := range []struct {
		months int
		reason string
		want   string
	}{
		{2, "", "Give the reason"},
		{3, "Många uppgifter att gå igenom.", "1–2 months"},
		{0, "Många uppgifter att gå igenom.", "1–2 months"},
	} {
		_, err := e.Requests.Extend(e.Ctx, r.ID, bad.months, bad.reason)
		wantErr(t, err, tillit.EINVALID, bad.want)
	}
	e.Clock.Add(10 * 24 * time.Hour)
	const reason = "Vi behöver hämta uppgifter ur ett arkiv."
	r, err := e.Requests.Extend(e.Ctx, r.ID, 2, reason)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2027, 2, 24, 23, 59, 59, 0, tillit.Stockholm); !r.Due.Equal(want) {
		t.Fatalf("extended due %s, want %s", r.Due.In(tillit.Stockholm), want)
	}
	m := e.mails(t, 1)[0]
	if m.To[0] != annaEmail || !strings.Contains(m.Text, reason) || !strings.Contains(m.Text, "2027-02-24") {
		t.Errorf("extension e-mail to %v:\n%s", m.To, m.Text)
	}
	if _, err := e.Requests.Extend(e.Ctx, r.ID, 1, reason); err == nil {
		t.Error("a second extension was accepted")
	}

	// Due soon a week before, overdue after.
	now := time.Date(2027, 2, 20, 12, 0, 0, 0, tillit.Stockholm)
	if !r.IsDueSoon(now) || r.Overdue(now) {
		t.Errorf("at %s: due soon %v overdue %v", now, r.IsDueSoon(now), r.Overdue(now))
	}
	if now = time.Date(2027, 2, 25, 0, 0, 1, 0, tillit.Stockholm); !r.Overdue(now) {
		t.Errorf("not overdue at %s", now)
	}

	// An extension after the first month is refused (art. 12(3)).
	e.Clock.Set(time.Date(2026, 11, 24, 10, 0, 0, 0, tillit.Stockholm))
	late := e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
	if !late.Repeat {
		t.Error("a second access request within 12 months is not flagged")
	}
	e.Clock.Set(time.Date(2026, 12, 29, 8, 0, 0, 0, tillit.Stockholm))
	_, err = e.Requests.Extend(e.Ctx, late.ID, 1, reason)
	wantErr(t, err, tillit.EINVALID, "within the first month")
	if !late.Overdue(e.Clock.Now()) {
		t.Error("not overdue after the deadline")
	}
}

func testErasure(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 2) // the CRM's endpoint fails twice
	subj := e.customer(t)
	e.Clock.Add(time.Hour)
	r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightErasure, Email: annaEmail})
	r, err := e.Requests.Complete(e.Ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.State != tillit.StateDone {
		t.Fatalf("state %s", r.State)
	}

	// Exactly the invoice is kept, archived, under Bokföringslagen.
	h, err := e.Vault.History(e.Ctx, subj)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Items) != 1 || h.Items[0].Category != "invoice" || !h.Items[0].IsArchived() {
		t.Fatalf("left after erasure: %+v", h.Items)
	}
	if items, err := e.Vault.Use(e.Ctx, subj, "customer"); err != nil || len(items) != 0 {
		t.Errorf("the kept invoice is still in use: %d items, %v", len(items), err)
	}
	fc, err := e.Vault.Forecast(e.Ctx, subj)
	if err != nil || len(fc) != 1 || fc[0].Hold != "bookkeeping" || !fc[0].HoldUntil.Equal(time.Date(2034, 1, 1, 0, 0, 0, 0, tillit.Stockholm)) {
		t.Fatalf("forecast of the kept invoice: %+v, %v", fc, err)
	}

	// The answer (in the outbox with the art. 19 e-mail to the printer).
	mails := e.mails(t, 2)
	var answer, printer smtptest.Message
	for _, m := range mails {
		switch m.To[0] {
		case annaEmail:
			answer = m
		case recipientMail:
			printer = m
		}
	}
	for _, want := range []string{"Bokföringslagen (1999:1078) 7 kap. 2 §", "Faktura och betalning", "2034-01-01",
		"Kundsystem AB", "Tryckeriet KB", "Kreditbyrån AB"} {
		if !strings.Contains(answer.Text, want) {
			t.Errorf("erasure answer lacks %q:\n%s", want, answer.Text)
		}
	}
	if !strings.Contains(printer.Text, subj) || !strings.Contains(printer.Text, "radering") {
		t.Errorf("art. 19 e-mail to the printer:\n%s", printer.Text)
	}

	// The CRM's webhook failed twice; it is retried with backoff until
	// delivered.
	if got, tries := e.Hook.Got(); len(got) != 0 || tries != 1 {
		t.Fatalf("webhook: %d notices in %d tries before the retry", len(got), tries)
	}
	for i := 0; i < 3; i++ {
		e.Clock.Add(deliver.Backoff(i+1) + time.Second)
		e.deliver(t)
	}
	got, tries := e.Hook.Got()
	if len(got) != 1 || tries != 3 {
		t.Fatalf("webhook: %d notices in %d tries, want 1 in 3", len(got), tries)
	}
	if n := got[0]; n.Type != "tillit.art19.erasure" || n.Subject != subj || len(n.Disclosures) != 1 || strings.Join(n.Categories, ",") != "email,name,phone" {
		t.Errorf("webhook notice: %+v", n)
	}
	msgs, err := e.Requests.Messages(e.Ctx, tillit.MessageFilter{Request: r.ID})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		if m.Delivered.IsZero() {
			t.Errorf("message %s (%s to %s) not delivered after %d attempts: %s", m.ID, m.Topic, m.Recipient, m.Attempts, m.LastError)
		}
	}

	// The bought list does not bring Anna back; she may come back herself.
	_, err = e.Vault.Collect(e.Ctx, tillit.Submission{Point: "list_import", Fields: map[string]string{"name": "Anna Svensson", "email": annaEmail}})
	wantErr(t, err, tillit.EFORBIDDEN, "erased")
	back := e.Collect(t, tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Anna Svensson", "email": annaEmail}})
	if back.Subject == subj || !back.Created {
		t.Errorf("coming back: %+v", back)
	}

	// Someone with nothing under a hold is shredded altogether.
	other := e.Collect(t, tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo Ek", "email": "bo@example.se"}})
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightErasure, Email: "bo@example.se"})
	if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	s, err := e.Vault.Subject(e.Ctx, other.Subject)
	if err != nil || !s.IsErased() {
		t.Errorf("subject with nothing kept: %+v, %v; want erased", s, err)
	}
	e.Verify(t)
}

func testAccessExtract(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	subj := e.customer(t)
	r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail, Lang: tillit.English})
	if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	m := e.mails(t, 1)[0]
	files := map[string][]byte{}
	for _, a := range m.Attachments {
		files[a.Name] = a.Data
	}
	var x tillit.Extract
	if err := json.Unmarshal(files["copy-of-your-data.json"], &x); err != nil {
		t.Fatalf("JSON extract: %v (attachments %v)", err, len(files))
	}
	if !bytes.HasPrefix(files["copy-of-your-data.pdf"], []byte("%PDF")) {
		t.Error("no PDF extract")
	}
	if !bytes.Contains(files["copy-of-your-data.html"], []byte("Anna Svensson")) {
		t.Error("the HTML extract lacks the name")
	}
	if x.Subject != subj || x.Request != r.ID || x.Lang != tillit.English || len(x.Items) != 4 {
		t.Fatalf("extract: subject %s request %s lang %s, %d items", x.Subject, x.Request, x.Lang, len(x.Items))
	}
	var names []string
	for _, rc := range x.Recipients {
		names = append(names, rc.Name)
	}
	if got := strings.Join(names, ","); got != "Kundsystem AB,Tryckeriet KB,Kreditbyrån AB" {
		t.Errorf("recipients = %s", got)
	}
	for _, it := range x.Items {
		if it.Category == "Name" && (it.Value != "Anna Svensson" || len(it.Recipients) != 3 || it.Retention == "") {
			t.Errorf("name item: %+v", it)
		}
		if it.CategoryID == "phone" && strings.Join(it.Recipients, ",") != "Kundsystem AB" {
			t.Errorf("phone went to %v, want the CRM only", it.Recipients)
		}
	}
	if !strings.Contains(x.Complaint, "Integritetsskyddsmyndigheten") && !strings.Contains(x.Complaint, "Swedish Authority for Privacy Protection") {
		t.Errorf("complaint: %s", x.Complaint)
	}
	// Portability gives what she provided under contract or consent.
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightPortability, Email: annaEmail})
	if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	m = e.mails(t, 1)[0]
	var csv []byte
	for _, a := range m.Attachments {
		if a.Name == "data.csv" {
			csv = a.Data
		}
	}
	for _, want := range []string{"name,Anna Svensson", "email," + annaEmail, "phone,'+46701234567"} {
		if !bytes.Contains(csv, []byte(want)) {
			t.Errorf("portable CSV lacks %q:\n%s", want, csv)
		}
	}
}

func testRectifyRestrict(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	subj := e.customer(t)
	const newEmail = "anna.berg@example.se"
	r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightRectification, Email: annaEmail,
		Changes: map[string]string{"email": newEmail, "name": "Anna Berg", "phone": " 070-765 43 21 "}})
	if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	if s, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, newEmail); err != nil || s.ID != subj {
		t.Errorf("Find(new e-mail) = %v, %v", s.ID, err)
	}
	_, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, annaEmail)
	wantErr(t, err, tillit.ENOTFOUND)
	items, err := e.Vault.Use(e.Ctx, subj, "customer")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if it.Category == "name" && it.Value != "Anna Berg" {
			t.Errorf("name = %q after rectification", it.Value)
		}
	}
	mails := e.mails(t, 2) // the answer to the old address, the printer's notice
	e.deliver(t)
	got, _ := e.Hook.Got()
	if len(got) != 1 || got[0].Changes["email"] != newEmail || got[0].Changes["name"] != "Anna Berg" || got[0].Changes["phone"] != "+46707654321" {
		t.Errorf("CRM notice: %+v", got)
	}
	for _, m := range mails {
		if m.To[0] == recipientMail && (strings.Contains(m.Text, newEmail) || !strings.Contains(m.Text, "Anna Berg")) {
			t.Errorf("the printer received the name only, not the e-mail; its notice:\n%s", m.Text)
		}
	}

	// Restriction stops every use and tells every recipient.
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightRestriction, Email: newEmail})
	if _, err := e.Requests.Complete(e.Ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	_, err = e.Vault.Use(e.Ctx, subj, "customer")
	wantErr(t, err, tillit.EFORBIDDEN, "restricted")
	e.mails(t, 2)
	if got, _ := e.Hook.Got(); len(got) != 2 || got[1].Type != "tillit.art19.restriction" {
		t.Errorf("CRM notices: %+v", got)
	}
}

func testObjectWithdraw(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	subj := e.customer(t)

	// Objection to direct marketing is absolute and immediate.
	r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightObjection, Email: annaEmail, Purpose: "offers"})
	if r.State != tillit.StateDone {
		t.Errorf("direct-marketing objection: state %s, want done at once", r.State)
	}
	if m := e.mails(t, 1)[0]; !strings.Contains(m.Text, "Erbjudanden") {
		t.Errorf("objection answer:\n%s", m.Text)
	}
	_, err := e.Vault.Use(e.Ctx, subj, "offers")
	wantErr(t, err, tillit.EFORBIDDEN, "objected")
	err = e.Vault.Overrule(e.Ctx, subj, "offers")
	wantErr(t, err, tillit.EFORBIDDEN, "always stands")

	// Objection to legitimate interest stops it at once and waits for
	// the officer, who may record compelling grounds.
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightObjection, Email: annaEmail})
	if r.State != tillit.StateConfirmed || !slices.Contains(r.Pending, "analysis") {
		t.Fatalf("objection to all: %+v", r)
	}
	_, err = e.Vault.Use(e.Ctx, subj, "analysis")
	wantErr(t, err, tillit.EFORBIDDEN, "objected")
	const grounds = "Analysen krävs för att uppfylla tillsynskrav."
	if _, err := e.Requests.OverruleRequest(e.Ctx, r.ID, "analysis", grounds); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Vault.Use(e.Ctx, subj, "analysis"); err != nil {
		t.Errorf("after compelling grounds: %v", err)
	}
	if m := e.mails(t, 2); !strings.Contains(m[0].Text, "Nyhetsbrev") || !strings.Contains(m[1].Text, grounds) {
		t.Errorf("answers: direct marketing at once, then the grounds:\n%s\n---\n%s", m[0].Text, m[1].Text)
	}
	if got := auditOf(t, e.Env, "objection_overruled", subj); len(got) != 1 {
		t.Errorf("overrule audited %d times", len(got))
	}

	// Withdrawal takes effect at once.
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightWithdrawal, Email: annaEmail})
	if r.State != tillit.StateDone {
		t.Errorf("withdrawal: state %s", r.State)
	}
	_, err = e.Vault.Use(e.Ctx, subj, "newsletter")
	wantErr(t, err, tillit.EFORBIDDEN, "withdrawn")
	if m := e.mails(t, 1)[0]; !strings.Contains(m.Text, "Nyhetsbrev") {
		t.Errorf("withdrawal answer:\n%s", m.Text)
	}

	// Refusal tells the reason.
	r = e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: annaEmail})
	if _, err := e.Requests.Refuse(e.Ctx, r.ID, "Uppenbart ogrundad."); err != nil {
		t.Fatal(err)
	}
	if m := e.mails(t, 1)[0]; !strings.Contains(m.Text, "Uppenbart ogrundad.") {
		t.Errorf("refusal:\n%s", m.Text)
	}
	_, err = e.Requests.Complete(e.Ctx, r.ID)
	wantErr(t, err, tillit.EINVALID, "already closed")
	e.Verify(t)
}
