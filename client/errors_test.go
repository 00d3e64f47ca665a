package client_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

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
