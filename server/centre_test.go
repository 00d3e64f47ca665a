package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/internal/smtptest"
	"github.com/tillit-privacy/tillit/internal/testapp"
	"github.com/tillit-privacy/tillit/requests"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/storetest"
	"github.com/tillit-privacy/tillit/vault"
)

// centreHarness is a server whose vault links to it (PublicURL is the
// server's own URL), with the Allkontrakt register, one person (Anna,
// who consented to the newsletter) and a real SMTP server behind the
// outbox.
type centreHarness struct {
	a      *testapp.App
	srv    *httptest.Server
	v      *vault.Vault
	store  tillit.Store
	clock  *storetest.Clock
	anna   string
	smtp   *smtptest.Server
	mailer *deliver.Mailer
	log    *syncBuffer
	seen   int // e-mails already returned by mails
}

const annaEmail = "anna@example.se"

func newCentreHarness(t *testing.T, open func(testing.TB) tillit.Store, limits server.Limits) *centreHarness {
	t.Helper()
	h := &centreHarness{smtp: smtptest.Start(t), log: &syncBuffer{}}
	h.a = testapp.Start(t, testapp.Options{Store: open, SelfURL: true, Limits: limits, Log: h.log})
	h.srv, h.v, h.store, h.clock = h.a.HTTP, h.a.Vault, h.a.Store, h.a.Clock
	ctx := h.a.Ctx
	rc, err := h.a.Vault.Collect(ctx, tillit.Submission{Point: "broker_form", Fields: map[string]string{
		"name": "Anna Andersson", "email": annaEmail, "phone": "070-1740605", "ip_address": "192.0.2.10",
	}, Events: []string{"request_submitted"}})
	if err != nil {
		t.Fatal(err)
	}
	h.anna = rc.Subject
	if _, err := h.a.Vault.Collect(ctx, tillit.Submission{Point: "newsletter_signup", Subject: h.anna, Fields: map[string]string{"email": annaEmail},
		Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}}); err != nil {
		t.Fatal(err)
	}
	h.mailer, err = deliver.NewMailer(deliver.MailConfig{Host: h.smtp.Host(), Port: h.smtp.Port(), From: "dataskydd@allkontrakt.example", TLS: "none"})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// noLimits turns the centre's form limits off, for tests that post many
// forms.
var noLimits = server.Limits{FormRate: -1}

// noRedirect does not follow redirects: the tests look at them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// do makes one request with an Accept-Language, a form (POST when not
// nil) and extra headers, and returns the response and its body.
func (h *centreHarness) do(t *testing.T, path, lang string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	method, body := http.MethodGet, io.Reader(nil)
	if form != nil {
		method, body = http.MethodPost, strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, h.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// mails delivers the outbox and returns the want e-mails that arrived
// since the last call.
func (h *centreHarness) mails(t *testing.T, want int) []smtptest.Message {
	t.Helper()
	if _, err := h.a.Requests.Deliver(tillit.WithActor(t.Context(), "test"), requests.Post{Mail: h.mailer.Send}, 100); err != nil {
		t.Fatal(err)
	}
	all := h.smtp.Wait(t, h.seen+want, 5*time.Second)
	got := all[h.seen:]
	h.seen = len(all)
	if len(got) != want {
		t.Fatalf("%d e-mails, want %d", len(got), want)
	}
	return got
}

// head returns the audit chain's head: a step that changes nothing
// leaves it where it was.
func (h *centreHarness) head(t *testing.T) int64 {
	t.Helper()
	var seq int64
	err := h.store.View(t.Context(), func(tx tillit.Tx) error {
		var err error
		seq, _, err = tx.AuditHead()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return seq
}

// audit returns the whole audit log.
func (h *centreHarness) audit(t *testing.T) []tillit.AuditEntry {
	t.Helper()
	var out []tillit.AuditEntry
	err := h.store.View(context.Background(), func(tx tillit.Tx) error {
		var err error
		out, err = tx.Audit(0, 100000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var (
	centreCodeRE   = regexp.MustCompile(`/privacy/confirm\?request=(req_[a-z0-9]+)&code=(\d{6})`)
	downloadRE     = regexp.MustCompile(`https?://[^\s]+/privacy/download/([a-z2-7]{52})`)
	consentLinkRE  = regexp.MustCompile(`https?://[^\s]+/privacy/consents\?link=([a-z0-9_.]+)`)
	requestIDRE    = regexp.MustCompile(`req_[a-z2-7]{24}`)
	confirmPathRE  = regexp.MustCompile(`^/privacy/confirm\?lang=(sv|en)&request=(req_[a-z2-7]{24})&sent=1$`)
	errorMarkupRE  = regexp.MustCompile(`<span class="error" id="([a-z_.-]+)-error">`)
	invalidInputRE = regexp.MustCompile(`aria-describedby="[^"]*-error" aria-invalid="true"`)
	// describedByErrorRE is a group of inputs (a fieldset) described by its error.
	describedByErrorRE = regexp.MustCompile(`<fieldset id="([a-z]+)" aria-describedby="[^"]*([a-z]+)-error"`)
)

// centreCase is one row of the pages' table.
type centreCase struct {
	name, path, lang string
	form             url.Values // POST when not nil
	header           []string
	status           int
	want, not        []string
	errorsAt         []string // the fields whose error is shown next to them
}

// vals returns a form of key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

// TestCentrePages runs the centre's pages as a table on both stores:
// each page in Swedish and English, and every kind of bad input, which
// re-renders the form with the error next to its field and changes
// nothing.
func TestCentrePages(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) { testCentrePages(t, newCentreHarness(t, st.Open, noLimits)) })
	}
}

func testCentrePages(t *testing.T, h *centreHarness) {
	long := strings.Repeat("x", tillit.MaxRequestMessage+1)
	tests := []centreCase{
		// The notice, always from the register in force.
		{name: "notice in Swedish", path: "/privacy", lang: "sv-SE,sv;q=0.9", status: 200,
			want: []string{`<html lang="sv">`, "Integritetspolicy – Allkontrakt Sverige AB", "Raderas 30 dagar efter", `href="/privacy/requests?lang=sv"`,
				`href="/privacy/consents?lang=sv"`, `<a href="/privacy?lang=sv" aria-current="page">Integritetspolicy</a>`, `hreflang="en"`, `href="/privacy?lang=en"`}},
		{name: "notice in English", path: "/privacy", lang: "en-GB,en;q=0.9", status: 200,
			want: []string{`<html lang="en">`, "Deleted 30 days after", "Make a request", "Manage your consents", `href="/privacy?lang=sv"`}},
		{name: "notice, the switch wins over Accept-Language", path: "/privacy?lang=sv", lang: "en", status: 200, want: []string{`<html lang="sv">`, "Gör en begäran"}},

		// The rights and their forms.
		{name: "rights in Swedish", path: "/privacy/requests", status: 200, want: []string{"Få veta vad vi har om dig", "Rätta felaktiga uppgifter",
			"Radera dina uppgifter", "Begränsa behandlingen", "Få med dig dina uppgifter", "Invänd mot behandling", "Återkalla ett samtycke",
			`href="/privacy/requests/access?lang=sv"`, "inom en månad", "GDPR, artikel 7.3"}},
		{name: "rights in English", path: "/privacy/requests?lang=en", status: 200, want: []string{"Find out what we hold about you", "Withdraw consent",
			`href="/privacy/requests/erasure?lang=en"`, "within one month"}},
		{name: "access form", path: "/privacy/requests/access", status: 200, want: []string{`<label for="email">Din e-postadress</label>`,
			`<input type="email" id="email" name="email" value="" autocomplete="email" required aria-describedby="email-hint">`,
			`action="/privacy/requests/access?lang=sv"`, `<label for="message">`}, not: []string{"aria-invalid"}},
		{name: "access form in English", path: "/privacy/requests/access", lang: "en", status: 200, want: []string{"Your e-mail address", "Send request"}},
		{name: "rectification form", path: "/privacy/requests/rectification", status: 200,
			want: []string{"Vad ska rättas?", `<label for="change-name">Namn</label>`, `name="change.phone"`}, not: []string{"change.ip_address", "change.browser_info"}},
		{name: "objection form", path: "/privacy/requests/objection?lang=en", status: 200,
			want: []string{"Which processing do you object to?", "Everything that concerns me", "E-mail newsletters", "Takes effect at once.", "Analysis and product development"},
			not:  []string{`value="brokering"`}},
		{name: "withdrawal form", path: "/privacy/requests/withdrawal", status: 200,
			want: []string{"Vilket samtycke vill du återkalla?", `value="newsletter"`}, not: []string{`value="analytics"`, `value="brokering"`}},
		{name: "no such right", path: "/privacy/requests/everything", status: 404, want: []string{"Det finns ingen sådan rättighet."}},

		// Bad input: the error next to the field, nothing sent.
		{name: "no e-mail", path: "/privacy/requests/access", form: vals("email", ""), status: 422,
			want: []string{"Ange din e-postadress.", `role="alert"`}, errorsAt: []string{"email"}},
		{name: "no e-mail, in English", path: "/privacy/requests/access?lang=en", form: vals("email", "  "), status: 422,
			want: []string{"Enter your e-mail address.", `<html lang="en">`}, errorsAt: []string{"email"}},
		{name: "not an e-mail address", path: "/privacy/requests/erasure", form: vals("email", "anna.example.se"), status: 422,
			want: []string{"namn@exempel.se", `value="anna.example.se"`}, errorsAt: []string{"email"}},
		{name: "rectification without changes", path: "/privacy/requests/rectification", form: vals("email", annaEmail), status: 422,
			want: []string{"Fyll i minst en uppgift som ska rättas.", `aria-describedby="changes-hint changes-error"`}, errorsAt: []string{"changes"}},
		{name: "rectification with a bad phone number", path: "/privacy/requests/rectification?lang=en", form: vals("email", annaEmail, "change.phone", "12"), status: 422,
			want: []string{"phone", `value="12"`}, errorsAt: []string{"changes"}},
		{name: "rectification with no e-mail and no changes", path: "/privacy/requests/rectification", form: vals("change.name", ""), status: 422,
			errorsAt: []string{"email", "changes"}},
		{name: "objection to a purpose that takes none", path: "/privacy/requests/objection", form: vals("email", annaEmail, "purpose", "brokering"), status: 422,
			want: []string{"Registret har inget sådant ändamål."}, errorsAt: []string{"purpose"}},
		{name: "withdrawal of a purpose without consent", path: "/privacy/requests/withdrawal", form: vals("email", annaEmail, "purpose", "analytics"), status: 422,
			errorsAt: []string{"purpose"}},
		{name: "a message too long", path: "/privacy/requests/access", form: vals("email", annaEmail, "message", long), status: 422,
			want: []string{"högst 4 kB"}, errorsAt: []string{"message"}},
		{name: "a form too large", path: "/privacy/requests/access", form: vals("email", annaEmail, "message", strings.Repeat("x", 70<<10)), status: 413,
			want: []string{"Formuläret är för stort"}},
		{name: "a form from another site", path: "/privacy/requests/access", form: vals("email", annaEmail), header: []string{"Sec-Fetch-Site", "cross-site"}, status: 403,
			want: []string{"Formuläret skickades från en annan webbplats"}},
		{name: "a form from another origin", path: "/privacy/requests/access", form: vals("email", annaEmail), header: []string{"Origin", "https://evil.example"}, status: 403},

		// Confirmation.
		{name: "confirm form from the e-mail's link", path: "/privacy/confirm?request=req_aaaaaaaaaaaaaaaaaaaaaaaa&code=123456", status: 200,
			want: []string{"Klicka på Bekräfta", `type="hidden" name="request" value="req_aaaaaaaaaaaaaaaaaaaaaaaa"`, `name="code" value="123456"`, `autocomplete="one-time-code"`}},
		{name: "confirm form without a link", path: "/privacy/confirm?lang=en", status: 200, want: []string{`<label for="request">Reference</label>`, `<label for="code">Code</label>`}},
		{name: "confirm with a wrong code", path: "/privacy/confirm", form: vals("request", "req_aaaaaaaaaaaaaaaaaaaaaaaa", "code", "123456"), status: 403,
			want: []string{"Koden stämmer inte"}, errorsAt: []string{"code"}},
		{name: "confirm with no code", path: "/privacy/confirm?lang=en", form: vals("request", "req_aaaaaaaaaaaaaaaaaaaaaaaa", "code", "12a"), status: 422,
			want: []string{"Enter the six-digit code"}, errorsAt: []string{"code"}},
		{name: "confirm with nothing", path: "/privacy/confirm", form: vals(), status: 422, errorsAt: []string{"request", "code"}},

		// Download and consents without a valid link.
		{name: "download, unknown link", path: "/privacy/download/" + strings.Repeat("a", 52), status: 404,
			want: []string{"Länken är inte giltig", `href="/privacy/requests/access?lang=sv"`}},
		{name: "download, no link at all", path: "/privacy/download/nothing", lang: "en", status: 404, want: []string{"The link is not valid"}},
		{name: "download, a format without a visit", path: "/privacy/download/" + strings.Repeat("a", 52) + "/pdf", status: 404},
		{name: "consents without a link", path: "/privacy/consents", status: 200,
			want: []string{"Dina samtycken", "Återkalla ett samtycke med e-post", "E-postutskick", `aria-current="page"`}},
		{name: "consents with a made-up link", path: "/privacy/consents?link=sub_x.99999999999.aaaa&lang=en", status: 403,
			want: []string{"The link is not valid", "Withdraw a consent by e-mail"}},
		{name: "withdraw with a made-up link", path: "/privacy/consents", form: vals("link", "sub_x.99999999999.aaaa", "purpose", "newsletter"), status: 403,
			want: []string{"Länken är inte giltig"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			head, queued := h.head(t), h.queued(t)
			resp, body := h.do(t, tc.path, tc.lang, tc.form, tc.header...)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d:\n%.3000s", resp.StatusCode, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q in:\n%.4000s", w, body)
				}
			}
			for _, n := range append(tc.not, "[centre.", "[web.") {
				if strings.Contains(body, n) {
					t.Errorf("%q must not be in:\n%.4000s", n, body)
				}
			}
			var at []string
			for _, m := range errorMarkupRE.FindAllStringSubmatch(body, -1) {
				at = append(at, m[1])
			}
			if strings.Join(at, ",") != strings.Join(tc.errorsAt, ",") {
				t.Errorf("errors shown at %v, want %v", at, tc.errorsAt)
			}
			if len(tc.errorsAt) > 0 && !invalidInputRE.MatchString(body) && !describedByErrorRE.MatchString(body) {
				t.Error("no input or group marked invalid and described by its error")
			}
			if tc.form != nil && resp.StatusCode >= 400 {
				if h.head(t) != head || h.queued(t) != queued {
					t.Error("a refused form changed something")
				}
			}
			if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			if resp.Header.Get("Content-Security-Policy") == "" {
				t.Error("no Content-Security-Policy")
			}
		})
	}
}

// queued counts the outbox's messages.
func (h *centreHarness) queued(t *testing.T) int {
	t.Helper()
	ms, err := h.a.Requests.Messages(t.Context(), tillit.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

// submit posts a request form and returns the request's ID from the
// redirect to the confirmation page.
func (h *centreHarness) submit(t *testing.T, right, lang string, f url.Values) string {
	t.Helper()
	resp, body := h.do(t, "/privacy/requests/"+right+"?lang="+lang, "", f)
	m := confirmPathRE.FindStringSubmatch(resp.Header.Get("Location"))
	if resp.StatusCode != http.StatusSeeOther || m == nil || m[1] != lang {
		t.Fatalf("submit %s: %d %q\n%.2000s", right, resp.StatusCode, resp.Header.Get("Location"), body)
	}
	return m[2]
}

// TestCentreSameAnswer: the page after submitting reads the same for an
// address in the register and one that is not, but for the request's ID.
func TestCentreSameAnswer(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newCentreHarness(t, st.Open, noLimits)
			var pages []string
			for _, email := range []string{annaEmail, "nobody@example.se"} {
				resp, body := h.do(t, "/privacy/requests/access", "sv", vals("email", email))
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("%d %s", resp.StatusCode, body)
				}
				loc := resp.Header.Get("Location")
				resp, body = h.do(t, loc, "sv", nil)
				if resp.StatusCode != 200 || !strings.Contains(body, "Tack! Vi har tagit emot din begäran") {
					t.Fatalf("%s: %d\n%s", loc, resp.StatusCode, body)
				}
				pages = append(pages, requestIDRE.ReplaceAllString(body, "req_X"))
				if strings.Contains(body, email) {
					t.Errorf("the page repeats the address")
				}
			}
			if pages[0] != pages[1] {
				t.Errorf("the pages differ for a known and an unknown address:\n%s\n---\n%s", pages[0], pages[1])
			}
			mails := h.mails(t, 2)
			for _, m := range mails {
				if !centreCodeRE.MatchString(m.Text) || !strings.Contains(m.Text, h.srv.URL+"/privacy/confirm?request=") {
					t.Errorf("the code e-mail has no link to the confirmation page:\n%s", m.Text)
				}
				if consentLinkRE.MatchString(m.Text) {
					t.Errorf("a code e-mail has a consent link:\n%s", m.Text)
				}
			}
		})
	}
}

// TestCentreRequestFlow takes an access request through the centre over
// HTTP: submitted in English, confirmed with a wrong code and then the
// right one, completed by the officer, and downloaded once by the link in
// the answer: every format within the visit that spent the link, nothing
// for anyone after; another link out of date.
func TestCentreRequestFlow(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newCentreHarness(t, st.Open, noLimits)
			id := h.submit(t, "access", "en", vals("email", " Anna@Example.se ", "message", "Everything, please."))
			m := centreCodeRE.FindStringSubmatch(h.mails(t, 1)[0].Text)
			if m == nil || m[1] != id {
				t.Fatalf("no code for %s", id)
			}
			wrong := "000000"
			if m[2] == wrong {
				wrong = "111111"
			}
			if resp, body := h.do(t, "/privacy/confirm?lang=en", "", vals("request", id, "code", wrong)); resp.StatusCode != 403 || !strings.Contains(body, "The code is wrong") {
				t.Fatalf("wrong code: %d\n%s", resp.StatusCode, body)
			}
			resp, body := h.do(t, "/privacy/confirm?lang=en", "", vals("request", id, "code", m[2][:3]+" "+m[2][3:]))
			due := h.clock.Now().AddDate(0, 1, 0).Format("2006-01-02")
			if resp.StatusCode != 200 || !strings.Contains(body, "Your request is confirmed") || !strings.Contains(body, "<dd>"+due+"</dd>") {
				t.Fatalf("confirm: %d\n%s", resp.StatusCode, body)
			}
			if resp, _ := h.do(t, "/privacy/confirm", "", vals("request", id, "code", m[2])); resp.StatusCode != 403 {
				t.Errorf("confirming twice: %d", resp.StatusCode)
			}
			if _, err := h.a.Requests.Complete(tillit.WithActor(t.Context(), "admin:1"), id); err != nil {
				t.Fatal(err)
			}
			answer := h.mails(t, 1)[0]
			dm := downloadRE.FindStringSubmatch(answer.Text)
			if dm == nil || !strings.Contains(answer.Text, h.srv.URL+"/privacy/download/") || !consentLinkRE.MatchString(answer.Text) {
				t.Fatalf("the answer has no download or consent link:\n%s", answer.Text)
			}
			dl, token := "/privacy/download/"+dm[1], dm[1]

			resp, body = h.do(t, dl+"?lang=en", "", nil)
			if resp.StatusCode != 200 || !strings.Contains(body, "Open my copy") || !strings.Contains(body, `method="post"`) {
				t.Fatalf("landing: %d\n%s", resp.StatusCode, body)
			}
			if resp, _ := h.do(t, dl+"/html", "", nil); resp.StatusCode != 200 || h.downloads(t) != 0 {
				t.Fatalf("a format before the link was opened: %d, %d downloads audited", resp.StatusCode, h.downloads(t))
			}
			resp, _ = h.do(t, dl+"?lang=en", "", vals())
			cookie := resp.Header.Get("Set-Cookie")
			if resp.StatusCode != http.StatusSeeOther || !strings.Contains(cookie, "tillit_visit=") || !strings.Contains(cookie, "Path="+dl) ||
				!strings.Contains(cookie, "HttpOnly") || !strings.Contains(cookie, "SameSite=Strict") {
				t.Fatalf("spend: %d %q", resp.StatusCode, cookie)
			}
			pass := strings.SplitN(strings.SplitN(cookie, ";", 2)[0], "=", 2)[1]
			visit := []string{"Cookie", "tillit_visit=" + pass}
			resp, body = h.do(t, dl+"?lang=en", "", nil, visit...)
			if resp.StatusCode != 200 || !strings.Contains(body, dl+"/pdf") || !strings.Contains(body, "Read and print") {
				t.Fatalf("the visit's page: %d\n%s", resp.StatusCode, body)
			}
			resp, body = h.do(t, dl+"/html", "", nil, visit...)
			if resp.StatusCode != 200 || !strings.Contains(body, "Anna Andersson") || !strings.Contains(body, `<html lang="en">`) {
				t.Fatalf("HTML: %d\n%.2000s", resp.StatusCode, body)
			}
			resp, body = h.do(t, dl+"/pdf", "", nil, visit...)
			if resp.StatusCode != 200 || !strings.HasPrefix(body, "%PDF-") || !strings.Contains(resp.Header.Get("Content-Disposition"), "copy-of-your-data.pdf") {
				t.Fatalf("PDF: %d %v", resp.StatusCode, resp.Header)
			}
			resp, body = h.do(t, dl+"/json", "", nil, visit...)
			var x tillit.Extract
			if resp.StatusCode != 200 || json.Unmarshal([]byte(body), &x) != nil || x.Subject != h.anna || x.Request != id {
				t.Fatalf("JSON: %d %.500s", resp.StatusCode, body)
			}
			// Anyone else, and the same browser without its pass, finds
			// the link used; spending it again changes nothing.
			for _, hd := range [][]string{nil, {"Cookie", "tillit_visit=" + pass + "x"}} {
				resp, body = h.do(t, dl, "", nil, hd...)
				if resp.StatusCode != http.StatusGone || !strings.Contains(body, "Länken är redan använd") || !strings.Contains(body, "Begär ett nytt registerutdrag") {
					t.Fatalf("a second visit: %d\n%s", resp.StatusCode, body)
				}
				if resp, _ := h.do(t, dl+"/pdf", "", nil, hd...); resp.StatusCode != http.StatusGone {
					t.Errorf("a format for a second visit: %d", resp.StatusCode)
				}
			}
			head := h.head(t)
			if resp, _ := h.do(t, dl, "", vals()); resp.StatusCode != http.StatusGone || h.head(t) != head {
				t.Errorf("spending twice: %d", resp.StatusCode)
			}
			h.clock.Add(tillit.VisitTTL)
			if resp, _ := h.do(t, dl+"/html", "", nil, visit...); resp.StatusCode != http.StatusGone {
				t.Errorf("the visit after its time: %d", resp.StatusCode)
			}
			if n := h.downloads(t); n != 3 {
				t.Errorf("%d downloads audited, want 3", n)
			}

			// A link not used in time goes out of date.
			id = h.submit(t, "access", "sv", vals("email", annaEmail))
			m = centreCodeRE.FindStringSubmatch(h.mails(t, 1)[0].Text)
			if resp, _ := h.do(t, "/privacy/confirm", "", vals("request", id, "code", m[2])); resp.StatusCode != 200 {
				t.Fatal("confirm")
			}
			if _, err := h.a.Requests.Complete(tillit.WithActor(t.Context(), "admin:1"), id); err != nil {
				t.Fatal(err)
			}
			dl = "/privacy/download/" + downloadRE.FindStringSubmatch(h.mails(t, 1)[0].Text)[1]
			h.clock.Add(core.DownloadTTL)
			resp, body = h.do(t, dl, "", nil)
			if resp.StatusCode != http.StatusGone || !strings.Contains(body, "Länken har gått ut") {
				t.Fatalf("an expired link: %d\n%s", resp.StatusCode, body)
			}
			if resp, _ := h.do(t, dl, "", vals()); resp.StatusCode != http.StatusGone {
				t.Errorf("spending an expired link: %d", resp.StatusCode)
			}
			h.noPersonalData(t, token, pass)
		})
	}
}

// downloads counts the audited fetches of an extract by a link.
func (h *centreHarness) downloads(t *testing.T) int {
	n := 0
	for _, e := range h.audit(t) {
		if e.Action == "download" {
			n++
		}
	}
	return n
}

// noPersonalData checks the audit log and the server's log for Anna's
// address and name, and for secrets such as the links' tokens.
func (h *centreHarness) noPersonalData(t *testing.T, secrets ...string) {
	t.Helper()
	for _, e := range h.audit(t) {
		for _, f := range []string{e.Actor, e.Subject, e.Purpose, e.Detail} {
			if strings.Contains(strings.ToLower(f), "anna") || strings.Contains(f, "@") || slices.ContainsFunc(secrets, func(s string) bool { return strings.Contains(f, s) }) {
				t.Errorf("personal data in the audit log: %+v", e)
			}
		}
	}
	log := h.log.String()
	for _, n := range append(secrets, "anna", "Anna", "link=", "code=") {
		if strings.Contains(log, n) {
			t.Errorf("%q in the server's log", n)
		}
	}
}

// TestCentreConsents follows the signed link in an e-mail to Anna's
// consents and withdraws one in one click; a tampered or expired link
// changes nothing.
func TestCentreConsents(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newCentreHarness(t, st.Open, noLimits)
			link, until := h.a.Requests.ConsentLink(h.anna)
			path := "/privacy/consents?link=" + link
			resp, body := h.do(t, path, "sv", nil)
			if resp.StatusCode != 200 {
				t.Fatalf("%d\n%s", resp.StatusCode, body)
			}
			for _, w := range []string{"E-postutskick", "Samtycke givet", "Återkalla samtycket<span class=\"visually-hidden\">: E-postutskick</span>",
				`name="purpose" value="newsletter"`, "Den här länken gäller till " + until.In(tillit.Stockholm).Format("2006-01-02")} {
				if !strings.Contains(body, w) {
					t.Errorf("no %q in:\n%s", w, body)
				}
			}
			// Tampered: another person's ID under Anna's signature, a
			// later expiry, a changed MAC.
			parts := strings.Split(link, ".")
			for name, bad := range map[string]string{
				"another subject": "sub_aaaaaaaaaaaaaaaaaaaaaaaa." + parts[1] + "." + parts[2],
				"a later expiry":  parts[0] + ".9999999999." + parts[2],
				"a changed MAC":   parts[0] + "." + parts[1] + "." + strings.Repeat("a", len(parts[2])),
			} {
				head := h.head(t)
				resp, body := h.do(t, "/privacy/consents?lang=en", "", vals("link", bad, "purpose", "newsletter"))
				if resp.StatusCode != 403 || !strings.Contains(body, "The link is not valid") || !strings.Contains(body, "Nothing has been changed") {
					t.Errorf("%s: %d\n%s", name, resp.StatusCode, body)
				}
				if h.head(t) != head {
					t.Errorf("%s: a refused withdrawal changed the audit log", name)
				}
			}
			if resp, _ := h.do(t, "/privacy/consents", "", vals("link", link, "purpose", "brokering")); resp.StatusCode != 422 {
				t.Errorf("withdrawing a contract: %d", resp.StatusCode)
			}

			// One click.
			resp, body = h.do(t, "/privacy/consents?lang=sv", "", vals("link", link, "purpose", "newsletter"))
			if resp.StatusCode != 200 || !strings.Contains(body, "Ditt samtycke till ”E-postutskick” är återkallat") || !strings.Contains(body, "Återkallat") ||
				strings.Contains(body, `name="purpose" value="newsletter"`) {
				t.Fatalf("withdraw: %d\n%s", resp.StatusCode, body)
			}
			if _, err := h.a.Vault.Use(tillit.WithActor(t.Context(), "test"), h.anna, "newsletter"); tillit.ErrorCode(err) != tillit.EFORBIDDEN {
				t.Errorf("the newsletter may still use Anna's data: %v", err)
			}
			var withdrawn []tillit.AuditEntry
			for _, e := range h.audit(t) {
				if e.Action == tillit.AuditConsentWithdrawn {
					withdrawn = append(withdrawn, e)
				}
			}
			if len(withdrawn) != 1 || withdrawn[0].Actor != "privacy_centre" || withdrawn[0].Subject != h.anna || withdrawn[0].Purpose != "newsletter" ||
				!strings.Contains(withdrawn[0].Detail, "channel=privacy_centre") {
				t.Errorf("withdrawal audited as %+v", withdrawn)
			}
			if resp, body := h.do(t, "/privacy/consents", "", vals("link", link, "purpose", "newsletter")); resp.StatusCode != 200 || !strings.Contains(body, "var redan återkallat") {
				t.Errorf("withdrawing twice: %d", resp.StatusCode)
			}

			// Out of date.
			h.clock.Add(core.ConsentLinkTTL)
			resp, body = h.do(t, path, "en", nil)
			if resp.StatusCode != 403 || !strings.Contains(body, "The link has expired") {
				t.Errorf("expired: %d\n%s", resp.StatusCode, body)
			}
			h.noPersonalData(t, parts[2])
		})
	}
}

// TestCentreRateLimits: beyond its burst an address gets a page saying
// so, and an e-mail address gets only a few codes in a row, whoever asks.
func TestCentreRateLimits(t *testing.T) {
	h := newCentreHarness(t, stores[0].Open, server.Limits{FormRate: 0.001, FormBurst: 2})
	for i := range 2 {
		if resp, _ := h.do(t, "/privacy/requests/access", "", vals("email", "")); resp.StatusCode != 422 {
			t.Fatalf("form %d: %d", i, resp.StatusCode)
		}
	}
	resp, body := h.do(t, "/privacy/requests/access", "", vals("email", annaEmail))
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "För många försök") {
		t.Fatalf("beyond the burst: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := h.do(t, "/privacy", "", nil); resp.StatusCode != 200 {
		t.Errorf("reading a page after the forms' burst: %d", resp.StatusCode)
	}

	h = newCentreHarness(t, stores[0].Open, server.Limits{FormRate: 1000, FormBurst: 1000})
	for i := range 3 {
		h.submit(t, "access", "sv", vals("email", "someone@example.se"))
		_ = i
	}
	resp, body = h.do(t, "/privacy/requests/access", "", vals("email", "Someone@Example.se"))
	if resp.StatusCode != 429 || !strings.Contains(body, "flera koder till den här adressen") {
		t.Fatalf("a fourth code to one address: %d\n%s", resp.StatusCode, body)
	}
	h.submit(t, "access", "sv", vals("email", "another@example.se"))
}
