package client_test

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

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
	{"an incident at a processor", testIncident},
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
