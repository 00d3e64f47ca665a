package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

// keys are the API keys every server gets, by name: the name is the
// scopes joined by +.
var keys = []string{"admin", "collect", "collect+find", "find", "events", "consents", "requests", "register",
	"read:brokering", "disclose:brokering", "revoked"}

// TestClient runs every operation through the client against a real
// tillit serve, on SQLite and, when TILLIT_TEST_POSTGRES_DSN is set, on
// PostgreSQL. The cases run in parallel on one server, each with people of
// its own; the rate limit and the audit log's chain are checked after.
func TestClient(t *testing.T) {
	for _, store := range []string{"sqlite", "postgres"} {
		t.Run(store, func(t *testing.T) {
			s := start(t, store)
			for _, name := range keys {
				scopes := strings.Split(name, "+")
				if name == "revoked" {
					scopes = []string{"admin"}
				}
				s.key(t, name, scopes...)
			}
			t.Run("api", func(t *testing.T) {
				for _, tc := range cases {
					t.Run(tc.name, func(t *testing.T) {
						t.Parallel()
						tc.fn(t, s)
					})
				}
			})
			t.Run("rate limited", func(t *testing.T) { testRateLimited(t, s) })
			t.Run("audit log intact", func(t *testing.T) { testVerifyAudit(t, s) })
		})
	}
}

var cases = []struct {
	name string
	fn   func(*testing.T, *server)
}{
	{"collect then use for a purpose", testCollectUse},
	{"a key without the scope is forbidden", testForbidden},
	{"a wrong key is unauthorized", testUnauthorized},
	{"invalid calls, in Swedish and English", testInvalid},
	{"find", testFind},
	{"disclose", testDisclose},
	{"events", testEvents},
	{"consent and objection", testConsent},
	{"a request from submission to answer", testRequest},
	{"an objection overruled, a request refused", testObjectionRequest},
	{"notice", testNotice},
	{"record of processing", testROPA},
	{"lint", testLint},
	{"retention: forecasts and tasks", testRetention},
	{"a subject's history and extract", testSubject},
}

// person is somebody made up, different from everybody else in the
// test run.
type person struct{ Name, Email, Phone string }

var people atomic.Int32

func newPerson() person {
	n := people.Add(1)
	return person{
		Name:  fmt.Sprintf("Anna Testsson %c", 'A'+rune(n%26)),
		Email: fmt.Sprintf("anna.%d@example.se", n),
		Phone: fmt.Sprintf("070-%07d", 1740000+n),
	}
}

// form is p's submission at the brokering form.
func (p person) form() tillit.Submission {
	return tillit.Submission{Point: "broker_form", Events: []string{"request_submitted"}, Fields: map[string]string{
		"name": p.Name, "email": p.Email, "phone": p.Phone, "ip_address": "192.0.2.10",
	}}
}

// collect stores p through a key that may find, and returns the receipt.
func collect(t *testing.T, s *server, p person) tillit.Receipt {
	t.Helper()
	rc, err := s.client("collect+find").Collect(t.Context(), p.form())
	if err != nil {
		t.Fatalf("collect: %v", err)
	}
	if !strings.HasPrefix(rc.Subject, "sub_") || rc.Case == "" || !rc.Created {
		t.Fatalf("receipt %+v", rc)
	}
	return rc
}

// values returns items as category -> value.
func values(items []tillit.Item) map[string]string {
	m := map[string]string{}
	for _, it := range items {
		m[it.Category] = it.Value
	}
	return m
}

// problem returns err as a *client.Error, failing the test if it is
// not one or if its status is not status.
func problem(t *testing.T, err error, status int) *client.Error {
	t.Helper()
	var ce *client.Error
	if !errors.As(err, &ce) {
		t.Fatalf("want a *client.Error with status %d, got %T %v", status, err, err)
	}
	if ce.Status != status || ce.Title == "" || ce.Detail == "" || ce.Type == "" || ce.Language == "" {
		t.Fatalf("want a full problem with status %d, got %+v", status, ce)
	}
	return ce
}

// private fails the test if err says any of values anywhere.
func private(t *testing.T, err error, values ...string) {
	t.Helper()
	all := err.Error()
	var ce *client.Error
	if errors.As(err, &ce) {
		all += fmt.Sprintf("%#v", *ce)
	}
	for _, v := range values {
		if v != "" && strings.Contains(all, v) {
			t.Errorf("%q in the error: %s", v, all)
		}
	}
}

func testCollectUse(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc, err := s.client("collect").Collect(ctx, p.form())
	if err != nil {
		t.Fatal(err)
	}
	if rc.Subject != "" || rc.Created || len(rc.Items) != 4 {
		t.Errorf("a key that may only collect got %+v: want the items and no subject", rc)
	}
	subj, err := s.client("find").Find(ctx, tillit.TypeEmail, p.Email)
	if err != nil {
		t.Fatal(err)
	}
	items, err := s.client("read:brokering").Use(ctx, subj.ID, "brokering")
	if err != nil {
		t.Fatal(err)
	}
	got := values(items)
	for cat, want := range map[string]string{"name": p.Name, "email": p.Email, "ip_address": "192.0.2.10"} {
		if got[cat] != want {
			t.Errorf("%s: %q, want %q", cat, got[cat], want)
		}
	}
	for _, it := range items {
		if it.Subject != subj.ID || it.Point != "broker_form" || !it.Provided || it.Collected.IsZero() {
			t.Errorf("item %+v", it)
		}
	}

	// Adding to a subject named in the submission.
	rc, err = s.client("collect").Collect(ctx, tillit.Submission{Point: "broker_email", Subject: subj.ID,
		Fields: map[string]string{"email": p.Email, "product_details": "Elavtal"}})
	if err != nil || rc.Subject != subj.ID {
		t.Fatalf("collect to a named subject: %+v, %v", rc, err)
	}
	if items, _ = s.client("admin").Use(ctx, subj.ID, "brokering"); values(items)["product_details"] != "Elavtal" {
		t.Errorf("after the second submission: %v", values(items))
	}
}

func testForbidden(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)

	_, err := s.client("collect", client.WithLanguage(tillit.English)).Use(ctx, rc.Subject, "brokering")
	if !client.IsForbidden(err) || client.IsUnauthorized(err) || client.IsNotFound(err) {
		t.Fatalf("use with a collect key: %v", err)
	}
	ce := problem(t, err, http.StatusForbidden)
	if ce.Code != tillit.EFORBIDDEN || ce.Op != "use" || ce.Language != tillit.English || !strings.Contains(ce.Detail, "read:brokering") {
		t.Errorf("problem %+v", ce)
	}
	if tillit.ErrorCode(err) != tillit.EFORBIDDEN {
		t.Errorf("tillit.ErrorCode: %q", tillit.ErrorCode(err))
	}
	private(t, err, p.Name, p.Email, p.Phone)

	// The body sent is not in the refusal.
	_, err = s.client("read:brokering").Collect(ctx, p.form())
	if !client.IsForbidden(err) {
		t.Fatalf("collect with a read key: %v", err)
	}
	problem(t, err, http.StatusForbidden)
	private(t, err, p.Name, p.Email, p.Phone, "192.0.2.10")

	for name, call := range map[string]func(*client.Client) error{
		"find with a collect key": func(c *client.Client) error { _, err := c.Find(ctx, tillit.TypeEmail, p.Email); return err },
		"history with a read key": func(c *client.Client) error { _, err := c.SubjectHistory(ctx, rc.Subject); return err },
		"list requests with a requests key": func(c *client.Client) error {
			_, _, err := c.Requests(ctx, client.RequestsOptions{})
			return err
		},
		"disclose with a read key": func(c *client.Client) error {
			_, _, err := c.Disclose(ctx, tillit.Disclosure{Subject: rc.Subject, Purpose: "brokering", Recipient: "swedbank_pay"})
			return err
		},
	} {
		key := map[string]string{"find with a collect key": "collect", "history with a read key": "read:brokering",
			"list requests with a requests key": "requests", "disclose with a read key": "read:brokering"}[name]
		err := call(s.client(key))
		if !client.IsForbidden(err) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		private(t, err, p.Name, p.Email, p.Phone)
	}
}

func testUnauthorized(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	tok := s.keys["admin"]
	for name, token := range map[string]string{
		"no key":       "",
		"garbage":      "not-a-key",
		"wrong secret": tok[:len(tok)-4] + "AAAA",
	} {
		_, err := client.New(s.URL, token, client.WithLanguage(tillit.English)).Collect(ctx, p.form())
		if !client.IsUnauthorized(err) || client.IsForbidden(err) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if ce := problem(t, err, http.StatusUnauthorized); !strings.Contains(ce.Detail, "valid API key") {
			t.Errorf("%s: %+v", name, ce)
		}
		private(t, err, p.Name, p.Email, p.Phone, token)
	}

	// A key revoked while the server runs stops working at once.
	c := s.client("revoked")
	if _, err := c.VerifyAudit(ctx); err != nil {
		t.Fatalf("before revoking: %v", err)
	}
	s.cli(t, append([]string{"apikeys", "revoke", s.keys["revoked id"]}, s.store...)...)
	_, err := c.VerifyAudit(ctx)
	if !client.IsUnauthorized(err) {
		t.Fatalf("a revoked key: %v", err)
	}
	private(t, err, s.keys["revoked"])
}

func testInvalid(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	sv := s.client("admin", client.WithLanguage(tillit.Swedish))
	en := sv.In(tillit.English)

	// The register refuses a value: the detail names the field, never
	// the value, in the caller's language.
	bad := p.form()
	bad.Fields["email"] = "not-an-address"
	for lang, c := range map[tillit.Lang]*client.Client{tillit.Swedish: sv, tillit.English: en} {
		_, err := c.Collect(ctx, bad)
		if !client.IsInvalid(err) {
			t.Fatalf("%s: %v", lang, err)
		}
		ce := problem(t, err, http.StatusUnprocessableEntity)
		want := map[tillit.Lang][]string{tillit.Swedish: {"Ogiltig begäran", `Fältet "email"`}, tillit.English: {"Invalid request", `The field "email"`}}[lang]
		if ce.Language != lang || ce.Title != want[0] || !strings.Contains(ce.Detail, want[1]) || ce.Code != tillit.EINVALID {
			t.Errorf("%s: %+v", lang, ce)
		}
		private(t, err, "not-an-address", p.Name, p.Phone)
	}
	if _, err := en.Find(ctx, tillit.TypeEmail, p.Email); !client.IsNotFound(err) {
		t.Errorf("a refused submission stored something: %v", err)
	}

	// The API's schema refuses a value: Errors says where.
	for _, tc := range []struct {
		name     string
		call     func(*client.Client) error
		location string
		sv, en   string
	}{
		{"find by an unknown type", func(c *client.Client) error { _, err := c.Find(ctx, "shoe_size", "42"); return err },
			"body.type", "måste vara ett av", "must be one of"},
		{"disclose to nobody", func(c *client.Client) error {
			_, _, err := c.Disclose(ctx, tillit.Disclosure{Subject: "sub_x", Purpose: "brokering"})
			return err
		}, "body.recipient", "för kort", "too short"},
		{"too large a page", func(c *client.Client) error {
			_, _, err := c.Requests(ctx, client.RequestsOptions{Limit: 501})
			return err
		}, "query.limit", "", ""},
		{"extend by three months", func(c *client.Client) error {
			_, err := c.ExtendRequest(ctx, "req_x", 3, "Because")
			return err
		}, "body.months", "", ""},
		{"an extract as a spreadsheet", func(c *client.Client) error {
			_, err := c.SubjectExtract(ctx, "sub_x", "", "xlsx")
			return err
		}, "query.format", "måste vara ett av", "must be one of"},
	} {
		for lang, c := range map[tillit.Lang]*client.Client{tillit.Swedish: sv, tillit.English: en} {
			err := tc.call(c)
			if !client.IsInvalid(err) {
				t.Errorf("%s (%s): %v", tc.name, lang, err)
				continue
			}
			ce := problem(t, err, http.StatusUnprocessableEntity)
			if len(ce.Errors) == 0 || ce.Errors[0].Location != tc.location || ce.Language != lang {
				t.Errorf("%s (%s): want the location %s: %+v", tc.name, lang, tc.location, ce)
				continue
			}
			if want := map[tillit.Lang]string{tillit.Swedish: tc.sv, tillit.English: tc.en}[lang]; !strings.Contains(ce.Errors[0].Message, want) {
				t.Errorf("%s (%s): message %q, want %q", tc.name, lang, ce.Errors[0].Message, want)
			}
			if !strings.Contains(err.Error(), tc.location) {
				t.Errorf("%s (%s): the error text does not say where: %s", tc.name, lang, err)
			}
		}
	}

	// Too large a body is its own code; its content is not echoed.
	big := p.form()
	big.Fields["product_details"] = strings.Repeat("x", 100<<10)
	_, err := en.Collect(ctx, big)
	if ce := problem(t, err, http.StatusRequestEntityTooLarge); ce.Code != client.CodeTooLarge || client.IsInvalid(err) {
		t.Errorf("too large: %+v", ce)
	}
	private(t, err, "xxxx", p.Email)
}

func testFind(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	c := s.client("find")
	for typ, v := range map[tillit.ValueType]string{
		tillit.TypeEmail: strings.ToUpper(p.Email), // normalised as collection does
		tillit.TypePhone: p.Phone,
	} {
		subj, err := c.Find(ctx, typ, v)
		if err != nil || subj.ID != rc.Subject || subj.Created.IsZero() {
			t.Errorf("find by %s: %+v, %v", typ, subj, err)
		}
	}
	_, err := c.Find(ctx, tillit.TypeEmail, "nobody.at.all@example.se")
	if !client.IsNotFound(err) {
		t.Fatalf("find nobody: %v", err)
	}
	problem(t, err, http.StatusNotFound)
	private(t, err, "nobody.at.all")

	subj, err := c.Subject(ctx, rc.Subject)
	if err != nil || subj.ID != rc.Subject || subj.Restricted || subj.IsErased() {
		t.Errorf("subject: %+v, %v", subj, err)
	}
	if _, err := c.Subject(ctx, "sub_nobody"); !client.IsNotFound(err) {
		t.Errorf("an unknown subject: %v", err)
	}
	if _, err := c.Subject(ctx, "../v1/requests"); !client.IsNotFound(err) && !client.IsInvalid(err) {
		t.Errorf("a path for an ID: %v", err)
	}
}

func testDisclose(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	c := s.client("disclose:brokering")
	d, items, err := c.Disclose(ctx, tillit.Disclosure{Subject: rc.Subject, Purpose: "brokering", Recipient: "swedbank_pay", Case: rc.Case})
	if err != nil {
		t.Fatal(err)
	}
	if d.ID == "" || d.Subject != rc.Subject || d.Recipient != "swedbank_pay" || d.Purpose != "brokering" || len(d.Categories) == 0 || d.At.IsZero() {
		t.Errorf("disclosure %+v", d)
	}
	if values(items)["email"] != p.Email {
		t.Errorf("disclosed %v", values(items))
	}

	_, _, err = c.Disclose(ctx, tillit.Disclosure{Subject: rc.Subject, Purpose: "brokering", Recipient: "google_analytics"})
	if !client.IsForbidden(err) {
		t.Fatalf("to a recipient of another purpose: %v", err)
	}
	private(t, err, p.Email, p.Name)

	h, err := s.client("admin").SubjectHistory(ctx, rc.Subject)
	if err != nil || len(h.Disclosures) != 1 || h.Disclosures[0].ID != d.ID {
		t.Errorf("history's disclosures: %+v, %v", h.Disclosures, err)
	}
}

func testEvents(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	c := s.client("events", client.WithLanguage(tillit.English))
	if err := c.RecordEvent(ctx, tillit.EventRecord{Subject: rc.Subject, Event: "offer_received", Case: rc.Case}); err != nil {
		t.Fatal(err)
	}
	for _, e := range []tillit.EventRecord{
		{Subject: rc.Subject, Event: "offer_received"}, // a case event without its case
		{Subject: rc.Subject, Event: "birthday"},
	} {
		if err := c.RecordEvent(ctx, e); !client.IsInvalid(err) {
			t.Errorf("%+v: %v", e, err)
		}
	}
	if err := s.client("consents").RecordEvent(ctx, tillit.EventRecord{Subject: rc.Subject, Event: "offer_received", Case: rc.Case}); !client.IsForbidden(err) {
		t.Errorf("with a consents key: %v", err)
	}
	h, err := s.client("admin").SubjectHistory(ctx, rc.Subject)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	for _, e := range h.Events {
		seen = append(seen, e.Event+"/"+e.Case)
	}
	if !strings.Contains(strings.Join(seen, " "), "offer_received/"+rc.Case) {
		t.Errorf("events %v", seen)
	}
}

func testConsent(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin, c := s.client("admin", client.WithLanguage(tillit.English)), s.client("consents")
	use := func() error { _, err := admin.Use(ctx, rc.Subject, "newsletter"); return err }

	// The register refuses what the key may ask for.
	err := use()
	if !client.IsForbidden(err) {
		t.Fatalf("newsletter without consent: %v", err)
	}
	if ce := problem(t, err, http.StatusForbidden); ce.Title != "The register does not allow this" {
		t.Errorf("title %q", ce.Title)
	}
	private(t, err, p.Email, p.Name)

	give := tillit.ConsentRecord{Subject: rc.Subject, Purpose: "newsletter", Given: true, Version: "1", Channel: "privacy_centre"}
	if err := c.SetConsent(ctx, give, tillit.Evidence{IP: "192.0.2.10", Reference: "form-3"}); err != nil {
		t.Fatal(err)
	}
	if err := use(); err != nil {
		t.Fatalf("newsletter with consent: %v", err)
	}
	if err := c.SetConsent(ctx, tillit.ConsentRecord{Subject: rc.Subject, Purpose: "newsletter", Given: false, Channel: "privacy_centre"}, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	if err := use(); !client.IsForbidden(err) {
		t.Fatalf("newsletter after withdrawal: %v", err)
	}
	old := give
	old.Version = "0"
	if err := c.SetConsent(ctx, old, tillit.Evidence{}); !client.IsInvalid(err) {
		t.Errorf("an outdated wording: %v", err)
	}
	if err := s.client("events").SetConsent(ctx, give, tillit.Evidence{}); !client.IsForbidden(err) {
		t.Errorf("with an events key: %v", err)
	}

	// An objection stops the purpose at once, whatever the consent.
	if err := c.SetConsent(ctx, give, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Object(ctx, rc.Subject, "newsletter"); err != nil {
		t.Fatal(err)
	}
	if err := use(); !client.IsForbidden(err) {
		t.Fatalf("newsletter after the objection: %v", err)
	}
	h, err := admin.SubjectHistory(ctx, rc.Subject)
	if err != nil || len(h.Consents) != 3 || h.Consents[0].Channel != "privacy_centre" || h.Consents[0].Evidence == "" || strings.Contains(h.Consents[0].Evidence, "192.0.2.10") {
		t.Errorf("consents %+v, %v", h.Consents, err)
	}
}

// code waits for the e-mail to addr that gives the code of request id
// and returns the code.
func code(t *testing.T, s *server, addr, id string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range s.Mail.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Text, id) {
				if sm := codeRE.FindStringSubmatch(m.Text); sm != nil {
					return sm[1]
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no e-mail to %s with the code of %s", addr, id)
	return ""
}

var codeRE = regexp.MustCompile(`(?:koden|the code) (\d{6})`)

// submit submits f and confirms it with the e-mailed code.
func submit(t *testing.T, s *server, f tillit.RequestForm) tillit.Request {
	t.Helper()
	ctx := t.Context()
	c := s.client("requests")
	sub, err := c.SubmitRequest(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sub.ID, "req_") || sub.State != tillit.StateReceived || sub.Message == "" || sub.Expires.IsZero() {
		t.Fatalf("submitted %+v", sub)
	}
	if strings.Contains(sub.Message, f.Email) {
		t.Errorf("the answer repeats the address: %q", sub.Message)
	}
	_, err = c.ConfirmRequest(ctx, sub.ID, "000000")
	if !client.IsForbidden(err) {
		t.Fatalf("a wrong code: %v", err)
	}
	r, err := c.ConfirmRequest(ctx, sub.ID, code(t, s, f.Email, sub.ID))
	if err != nil || r.State != tillit.StateConfirmed || r.Due.IsZero() || r.Details.Email != "" {
		t.Fatalf("confirmed %+v, %v", r, err)
	}
	return r
}

func testRequest(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")

	// The public answer is the same for somebody unknown.
	known, err := s.client("requests").SubmitRequest(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: p.Email, Lang: tillit.English})
	if err != nil {
		t.Fatal(err)
	}
	unknown, err := s.client("requests").SubmitRequest(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: newPerson().Email, Lang: tillit.English})
	if err != nil || unknown.Message != known.Message {
		t.Errorf("answers differ: %q, %q, %v", known.Message, unknown.Message, err)
	}

	r, err := admin.Request(ctx, known.ID)
	if err != nil || r.Details.Email != p.Email || r.Right != tillit.RightAccess || r.State != tillit.StateReceived {
		t.Errorf("request %+v, %v", r, err)
	}
	if _, err := admin.Request(ctx, "req_nothing"); !client.IsNotFound(err) {
		t.Errorf("an unknown request: %v", err)
	}

	// Every page of the open requests, one at a time.
	var ids []string
	after := ""
	for range 1000 {
		rs, next, err := admin.Requests(ctx, client.RequestsOptions{Open: true, After: after, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			ids = append(ids, r.ID)
			if r.State.IsClosed() || r.Details.Email != "" {
				t.Errorf("listed %+v", r)
			}
		}
		if next == "" {
			break
		}
		if len(rs) != 1 || next != rs[0].ID {
			t.Fatalf("page %v, next %q", rs, next)
		}
		after = next
	}
	if !strings.Contains(strings.Join(ids, " "), known.ID) || !strings.Contains(strings.Join(ids, " "), unknown.ID) {
		t.Errorf("listed %v, want %s and %s", ids, known.ID, unknown.ID)
	}

	// Confirmed with the e-mailed code, extended, extracted, answered.
	r = submit(t, s, tillit.RequestForm{Right: tillit.RightAccess, Email: p.Email, Lang: tillit.English, Reference: "ticket-7"})
	if r.Subject != rc.Subject || r.Reference != "ticket-7" {
		t.Errorf("confirmed %+v, want the subject %s", r, rc.Subject)
	}
	ext, err := admin.ExtendRequest(ctx, r.ID, 1, "Many requests at once.")
	if err != nil || ext.Extended.IsZero() || !ext.Due.After(r.Due) {
		t.Errorf("extended %+v, %v", ext, err)
	}
	if _, err := admin.ExtendRequest(ctx, r.ID, 1, "Again."); !client.IsInvalid(err) {
		t.Errorf("extended twice: %v", err)
	}
	js, err := admin.RequestExtract(ctx, r.ID, "")
	var x tillit.Extract
	if err != nil || json.Unmarshal(js, &x) != nil || x.Subject != rc.Subject || x.Request != r.ID || !bytes.Contains(js, []byte(p.Email)) {
		t.Errorf("JSON extract %.300s, %v", js, err)
	}
	for format, prefix := range map[string]string{"pdf": "%PDF-", "html": "<!DOCTYPE html>"} {
		b, err := admin.RequestExtract(ctx, r.ID, format)
		if err != nil || !bytes.HasPrefix(bytes.TrimSpace(b), []byte(prefix)) {
			t.Errorf("%s extract %.40q, %v", format, b, err)
		}
	}
	done, err := admin.CompleteRequest(ctx, r.ID)
	if err != nil || done.State != tillit.StateDone || done.Closed.IsZero() {
		t.Fatalf("completed %+v, %v", done, err)
	}
	if _, err := admin.RefuseRequest(ctx, r.ID, "Too late."); !client.IsInvalid(err) {
		t.Errorf("refused a request already done: %v", err)
	}
	rs, _, err := admin.Requests(ctx, client.RequestsOptions{})
	if err != nil || !slices.ContainsFunc(rs, func(q tillit.Request) bool { return q.ID == r.ID && q.State == tillit.StateDone }) {
		t.Errorf("the done request in the list of all: %v", err)
	}

	// The outbox holds its e-mails, without their content.
	ms, _, err := admin.Outbox(ctx, client.OutboxOptions{Request: r.ID})
	topics := map[string]bool{}
	for _, m := range ms {
		topics[m.Topic] = true
		if m.Request != r.ID || m.Via != tillit.ViaEmail {
			t.Errorf("message %+v", m)
		}
	}
	if err != nil || !topics["code"] || !topics["extension"] || !topics["answer"] {
		t.Errorf("outbox topics %v, %v", topics, err)
	}
	if _, _, err := admin.Outbox(ctx, client.OutboxOptions{Pending: true, Limit: 500}); err != nil {
		t.Errorf("pending: %v", err)
	}
	if err := admin.RetryMessage(ctx, ms[0].ID); !client.IsInvalid(err) {
		t.Errorf("retried a message that was delivered: %v", err)
	}
	if err := admin.RetryMessage(ctx, "msg_nothing"); !client.IsNotFound(err) {
		t.Errorf("retry an unknown message: %v", err)
	}
}

// testObjectionRequest: the person objects to analytics, on legitimate
// interest; the officer records compelling grounds. Another request is
// refused.
func testObjectionRequest(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")
	_, err := s.client("collect").Collect(ctx, tillit.Submission{Point: "site_analytics", Subject: rc.Subject,
		Fields: map[string]string{"browser_info": "Firefox 140", "device_info": "desktop", "site_data": "/elavtal"}})
	if err != nil {
		t.Fatal(err)
	}
	r := submit(t, s, tillit.RequestForm{Right: tillit.RightObjection, Email: p.Email, Purpose: "analytics"})
	if len(r.Pending) != 1 || r.Pending[0] != "analytics" {
		t.Fatalf("objection %+v: want analytics pending", r)
	}
	if _, err := admin.OverruleObjection(ctx, r.ID, "newsletter", "Because."); !client.IsInvalid(err) {
		t.Errorf("overruled an objection to a purpose it does not concern: %v", err)
	}
	over, err := admin.OverruleObjection(ctx, r.ID, "analytics", "The site cannot be kept secure without it.")
	if err != nil || len(over.Pending) != 0 || over.State != tillit.StateDone || !strings.Contains(over.Outcome, "overruled") {
		t.Fatalf("overruled %+v, %v", over, err)
	}

	r = submit(t, s, tillit.RequestForm{Right: tillit.RightErasure, Email: p.Email})
	ref, err := admin.RefuseRequest(ctx, r.ID, "The contract is still being fulfilled.")
	if err != nil || ref.State != tillit.StateRefused || ref.Details.Reason != "" {
		t.Errorf("refused %+v, %v", ref, err)
	}
	if _, err := s.client("admin").Use(ctx, rc.Subject, "brokering"); err != nil {
		t.Errorf("a refused erasure erased: %v", err)
	}
}

func testNotice(t *testing.T, s *server) {
	ctx := t.Context()
	public := client.New(s.URL, "") // the notice needs no key
	md, err := public.Notice(ctx, tillit.English, "md")
	if err != nil || !bytes.HasPrefix(md, []byte("# Privacy notice – Allkontrakt Sverige AB")) {
		t.Errorf("notice in English: %.80q, %v", md, err)
	}
	html, err := public.In(tillit.Swedish).Notice(ctx, "", "")
	if err != nil || !bytes.Contains(html, []byte(`lang="sv"`)) || !bytes.Contains(html, []byte("Raderas 30 dagar efter")) {
		t.Errorf("notice in Swedish: %.200q, %v", html, err)
	}
	if _, err := public.Notice(ctx, tillit.English, "pdf"); !client.IsInvalid(err) {
		t.Errorf("as PDF: %v", err)
	}
}

func testROPA(t *testing.T, s *server) {
	ctx := t.Context()
	c := s.client("register")
	js, err := c.ROPA(ctx, tillit.English, "")
	var acts []map[string]any
	if err != nil || json.Unmarshal(js, &acts) != nil || len(acts) == 0 || acts[0]["purpose_id"] == nil {
		t.Errorf("ROPA as JSON: %.300s, %v", js, err)
	}
	csv, err := c.ROPA(ctx, tillit.Swedish, "csv")
	if err != nil || !bytes.HasPrefix(csv, []byte("controller,org_number")) || !bytes.Contains(csv, []byte("brokering")) {
		t.Errorf("ROPA as CSV: %.300s, %v", csv, err)
	}
	if _, err := s.client("collect").ROPA(ctx, "", ""); !client.IsForbidden(err) {
		t.Errorf("with a collect key: %v", err)
	}
}

func testLint(t *testing.T, s *server) {
	ctx := t.Context()
	rep, err := s.client("register").Lint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, f := range rep.Findings {
		codes[f.Code] = true
		if f.Line == 0 || f.Message == "" || f.Severity != "warning" {
			t.Errorf("finding %+v", f)
		}
	}
	if !strings.Contains(rep.File, "allkontrakt.yaml") || !codes["transfer-safeguard"] || !codes["art19-notify"] {
		t.Errorf("lint of the built-in register: %+v", rep)
	}
	if _, err := s.client("collect").Lint(ctx); !client.IsForbidden(err) {
		t.Errorf("with a collect key: %v", err)
	}
}

func testRetention(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")

	fs, err := admin.SubjectForecast(ctx, rc.Subject)
	if err != nil || len(fs) != 4 {
		t.Fatalf("subject forecast %+v, %v", fs, err)
	}
	for _, f := range fs {
		// delete 30 days after request_submitted unless offer_received
		if f.Subject != rc.Subject || f.GoneAt.IsZero() || f.Action != tillit.Delete {
			t.Errorf("forecast %+v", f)
		}
	}
	all, err := admin.Forecast(ctx, client.ForecastOptions{Until: time.Now().AddDate(0, 2, 0)})
	if err != nil || all.Until.IsZero() || !slices.ContainsFunc(all.Forecasts, func(f tillit.Forecast) bool { return f.Subject == rc.Subject }) {
		t.Errorf("forecast: %+v, %v", all, err)
	}
	one, err := admin.Forecast(ctx, client.ForecastOptions{Until: time.Now().AddDate(0, 2, 0), Limit: 1})
	if err != nil || len(one.Forecasts) != 1 || !one.More {
		t.Errorf("forecast of one: %+v, %v", one, err)
	}
	if none, err := admin.Forecast(ctx, client.ForecastOptions{Until: time.Now().AddDate(0, 0, 1)}); err != nil ||
		slices.ContainsFunc(none.Forecasts, func(f tillit.Forecast) bool { return f.Subject == rc.Subject }) {
		t.Errorf("forecast by tomorrow: %+v, %v", none, err)
	}

	if _, _, err := admin.Tasks(ctx, client.TasksOptions{All: true}); err != nil {
		t.Errorf("tasks: %v", err)
	}
	if _, err := admin.CloseTask(ctx, "task_nothing", "kept"); !client.IsNotFound(err) {
		t.Errorf("close an unknown task: %v", err)
	}
	if _, _, err := s.client("register").Tasks(ctx, client.TasksOptions{}); !client.IsForbidden(err) {
		t.Errorf("tasks with a register key: %v", err)
	}
}

func testSubject(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")
	h, err := admin.SubjectHistory(ctx, rc.Subject)
	if err != nil || h.Subject.ID != rc.Subject || len(h.Items) != 4 || len(h.Cases) != 1 || h.Cases[0].ID != rc.Case {
		t.Fatalf("history %+v, %v", h, err)
	}
	for _, it := range h.Items {
		if it.Value != "" {
			t.Errorf("a value in the history: %+v", it)
		}
	}
	js, err := admin.SubjectExtract(ctx, rc.Subject, tillit.English, "json")
	var x tillit.Extract
	if err != nil || json.Unmarshal(js, &x) != nil || x.Lang != tillit.English || x.Subject != rc.Subject || len(x.Items) != 4 {
		t.Errorf("extract %.300s, %v", js, err)
	}
	if !bytes.Contains(js, []byte(p.Email)) {
		t.Error("the extract lacks the e-mail address")
	}
	if pdf, err := admin.SubjectExtract(ctx, rc.Subject, "", "pdf"); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("PDF extract %.20q, %v", pdf, err)
	}
	if _, err := admin.SubjectExtract(ctx, "sub_nobody", "", ""); !client.IsNotFound(err) {
		t.Errorf("extract of nobody: %v", err)
	}
	if _, err := admin.SubjectForecast(ctx, "sub_nobody"); !client.IsNotFound(err) {
		t.Errorf("forecast of nobody: %v", err)
	}
}

// testRateLimited calls without a valid key until the server's limit per
// address answers 429, from several goroutines so that the calls outrun
// the refill however slow the machine.
func testRateLimited(t *testing.T, s *server) {
	c := client.New(s.URL, "not-a-key", client.WithLanguage(tillit.English))
	var (
		calls atomic.Int32
		mu    sync.Mutex
		hit   error
		wg    sync.WaitGroup
	)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	for range 8 {
		wg.Go(func() {
			for calls.Add(1) <= 5000 && ctx.Err() == nil {
				_, err := c.VerifyAudit(ctx)
				if client.IsRateLimited(err) {
					mu.Lock()
					hit = err
					mu.Unlock()
					cancel()
					return
				}
				if !client.IsUnauthorized(err) && ctx.Err() == nil {
					t.Errorf("call without a valid key: %v", err)
					cancel()
					return
				}
			}
		})
	}
	wg.Wait()
	if hit == nil {
		t.Fatalf("no 429 in %d calls without a valid key", calls.Load())
	}
	ce := problem(t, hit, http.StatusTooManyRequests)
	if ce.Code != client.CodeRateLimited || client.RetryAfter(hit) < time.Second || ce.RetryAfter != client.RetryAfter(hit) {
		t.Errorf("rate limited: %+v", ce)
	}
}

func testVerifyAudit(t *testing.T, s *server) {
	ctx := t.Context()
	rep, err := s.client("admin").VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Intact || rep.Broken != "" || rep.Entries < 100 || len(rep.Head) != 32 {
		t.Errorf("audit log after the calls and the commands beside the server: %+v", rep)
	}
	if _, err := s.client("register").VerifyAudit(ctx); !client.IsForbidden(err) {
		t.Errorf("with a register key: %v", err)
	}
}

// TestErrorNotAProblem: an answer that is not a problem document (a
// proxy's page) keeps its status and Retry-After, and its body is not
// shown.
func TestErrorNotAProblem(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Retry-After", time.Now().Add(90*time.Second).UTC().Format(http.TimeFormat))
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("<h1>upstream anna@example.se down</h1>"))
	}))
	defer srv.Close()
	_, err := client.New(srv.URL, "k").Use(t.Context(), "sub_x", "brokering")
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Status != 503 || ce.Code != tillit.EINTERNAL || ce.Title != "Service Unavailable" {
		t.Fatalf("%#v", err)
	}
	if ce.RetryAfter < 80*time.Second || ce.RetryAfter > 90*time.Second {
		t.Errorf("Retry-After %v", ce.RetryAfter)
	}
	private(t, err, "anna@", "upstream")
	if got, want := err.Error(), "tillit: use: internal (503): Service Unavailable"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
