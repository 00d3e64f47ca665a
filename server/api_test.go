package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/internal/testapp"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/storetest"
	"github.com/tillit-privacy/tillit/vault"
)

// harness is a server on a fresh SQLite store with the Allkontrakt
// register, keys of every scope, and one person collected.
type harness struct {
	a     *testapp.App
	srv   *httptest.Server
	v     *vault.Vault
	store tillit.Store
	keys  map[string]string // scope (or name) -> token
	ids   map[string]string // key name -> key ID
	log   *syncBuffer       // the server's JSON log
	clock *storetest.Clock  // the vault's clock
	kek   *keys.KEK         // the vault's key-encryption key
	anna  string            // the subject ID of the person collected
	case_ string            // her case
}

// stores are both engines; PostgreSQL skips when no server is configured.
var stores = testapp.Stores

func newHarness(t *testing.T, limits server.Limits, open func(testing.TB) tillit.Store) *harness {
	t.Helper()
	h := &harness{keys: map[string]string{}, ids: map[string]string{}, log: &syncBuffer{}}
	h.a = testapp.Start(t, testapp.Options{Store: open, Limits: limits, Log: h.log, Register: "examples/allkontrakt.yaml",
		Server: func(srv *server.Server) {
			if _, problems := register.Compile("examples/allkontrakt.yaml", examples.Allkontrakt); problems != nil {
				srv.Findings = problems
			}
		}})
	h.v, h.store, h.clock, h.kek, h.srv = h.a.Vault, h.a.Store, h.a.Clock, h.a.KEK, h.a.HTTP
	ctx := h.a.Ctx
	for _, scope := range []string{"admin", "collect", "find", "events", "consents", "requests", "register",
		"read:brokering", "read:newsletter", "disclose:brokering", "revoked", "collect+find"} {
		scopes := strings.Split(scope, "+")
		if scope == "revoked" {
			scopes = []string{"admin"}
		}
		k, token, err := h.a.Access.CreateAPIKey(ctx, scope, scopes)
		if err != nil {
			t.Fatalf("create key %s: %v", scope, err)
		}
		h.keys[scope], h.ids[scope] = token, k.ID
	}
	if err := h.a.Access.RevokeAPIKey(ctx, h.ids["revoked"]); err != nil {
		t.Fatal(err)
	}
	rc, err := h.a.Vault.Collect(ctx, tillit.Submission{Point: "broker_form", Fields: map[string]string{
		"name": "Anna Andersson", "email": "anna@example.se", "phone": "070-1740605", "ip_address": "192.0.2.10",
	}, Events: []string{"request_submitted"}})
	if err != nil {
		t.Fatal(err)
	}
	h.anna, h.case_ = rc.Subject, rc.Case
	return h
}

// syncBuffer is a buffer the server's handlers may write to at once.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// expand puts the person's IDs in a path or body.
func (h *harness) expand(s string) string {
	return strings.NewReplacer("{anna}", h.anna, "{case}", h.case_).Replace(s)
}

// call makes one request and returns the response and its body.
func (h *harness) call(t *testing.T, method, path, key, lang, body string) (*http.Response, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+h.expand(path), rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch {
	case key == "wrong-secret":
		tok := h.keys["admin"]
		req.Header.Set("Authorization", "Bearer "+tok[:len(tok)-4]+"AAAA")
	case key == "garbage":
		req.Header.Set("Authorization", "Bearer not-a-key")
	case key != "":
		req.Header.Set("Authorization", "Bearer "+h.keys[key])
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

const annaForm = `{"point":"broker_form","events":["request_submitted"],"fields":{"name":"Anna Andersson","email":"anna@example.se","phone":"070-1740605","ip_address":"192.0.2.10"}}`

// TestAPI runs every endpoint as a table: scopes, keys, bodies and what
// must and must not come back.
func TestAPI(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) { testAPI(t, newHarness(t, server.Limits{}, st.Open)) })
	}
}

func testAPI(t *testing.T, h *harness) {
	big := `{"point":"broker_form","fields":{"product_details":"` + strings.Repeat("x", 100<<10) + `"}}`
	tests := []struct {
		name, method, path, key, lang, body string
		status                              int
		want, not                           []string
	}{
		// Collect.
		{"collect", "POST", "/v1/submissions", "collect", "", annaForm, 201, []string{`"items"`}, []string{`"subject"`, "anna@"}},
		{"collect names the subject to a key that may find", "POST", "/v1/submissions", "collect+find", "", annaForm, 201, []string{`"subject":"sub_`}, nil},
		{"collect without key", "POST", "/v1/submissions", "", "", annaForm, 401, []string{`"code":"unauthorized"`, "API-nyckel"}, nil},
		{"collect with a revoked key", "POST", "/v1/submissions", "revoked", "en", annaForm, 401, []string{"valid API key"}, nil},
		{"collect with a wrong secret", "POST", "/v1/submissions", "wrong-secret", "en", annaForm, 401, nil, nil},
		{"collect with garbage for a key", "POST", "/v1/submissions", "garbage", "en", annaForm, 401, nil, nil},
		{"collect with a read key", "POST", "/v1/submissions", "read:brokering", "en", annaForm, 403, []string{"lacks the scope collect", `"code":"forbidden"`}, nil},
		{"collect malformed JSON", "POST", "/v1/submissions", "collect", "en", `{"point":"broker_form","fields":{"email":"anna@example.se"`, 400, []string{"not valid JSON"}, []string{"anna@", "broker_form"}},
		{"collect unknown field", "POST", "/v1/submissions", "collect", "en", `{"point":"broker_form","bogus":1,"fields":{"email":"anna@example.se"}}`, 422, []string{"unknown field", "body.bogus"}, []string{"anna@"}},
		{"collect unknown field in Swedish", "POST", "/v1/submissions", "collect", "sv-SE", `{"point":"broker_form","bogus":1}`, 422, []string{"okänt fält", `"language":"sv"`}, nil},
		{"collect oversized", "POST", "/v1/submissions", "collect", "en", big, 413, []string{"larger than accepted"}, []string{"xxxx"}},
		{"collect undeclared category", "POST", "/v1/submissions", "collect", "en", `{"point":"broker_form","fields":{"name":"A","email":"a@example.se","phone":"070-1740606","ip_address":"192.0.2.1","personnummer":"19900101-0017"}}`, 422, []string{`"code":"invalid"`}, []string{"19900101"}},
		{"collect invalid e-mail", "POST", "/v1/submissions", "collect", "sv", `{"point":"broker_form","fields":{"name":"A","email":"not-an-address","phone":"070-1740606","ip_address":"192.0.2.1"}}`, 422, []string{`"language":"sv"`}, []string{"not-an-address"}},
		{"collect not JSON", "POST", "/v1/submissions", "collect", "en", `point=broker_form`, 400, nil, []string{"broker_form"}},

		// Find and read.
		{"find", "POST", "/v1/subjects/find", "find", "", `{"type":"email","value":"Anna@Example.se"}`, 200, []string{`"id":"sub_`}, nil},
		{"find unknown", "POST", "/v1/subjects/find", "find", "", `{"type":"email","value":"nobody@example.se"}`, 404, nil, []string{"nobody@"}},
		{"find with a collect key", "POST", "/v1/subjects/find", "collect", "", `{"type":"email","value":"anna@example.se"}`, 403, nil, []string{"sub_"}},
		{"find bad type", "POST", "/v1/subjects/find", "find", "en", `{"type":"shoe_size","value":"42"}`, 422, []string{"must be one of", "body.type"}, nil},
		{"subject state", "GET", "/v1/subjects/{anna}", "find", "", "", 200, []string{`"created"`}, []string{"anna@"}},
		{"use", "GET", "/v1/subjects/{anna}/data?purpose=brokering", "read:brokering", "", "", 200, []string{"anna@example.se", "Anna Andersson"}, nil},
		{"use with admin", "GET", "/v1/subjects/{anna}/data?purpose=brokering", "admin", "", "", 200, []string{"anna@example.se"}, nil},
		{"use for another purpose than the key's", "GET", "/v1/subjects/{anna}/data?purpose=brokering", "read:newsletter", "en", "", 403, []string{"read:brokering"}, []string{"anna@"}},
		{"use with a collect key", "GET", "/v1/subjects/{anna}/data?purpose=brokering", "collect", "", "", 403, nil, []string{"anna@"}},
		{"use with a disclose key", "GET", "/v1/subjects/{anna}/data?purpose=brokering", "disclose:brokering", "", "", 403, nil, []string{"anna@"}},
		{"use without consent", "GET", "/v1/subjects/{anna}/data?purpose=newsletter", "read:newsletter", "", "", 403, []string{"newsletter", "Registret tillåter inte", `"code":"not_allowed"`}, []string{"anna@"}},
		{"use unknown subject", "GET", "/v1/subjects/sub_nobody/data?purpose=brokering", "read:brokering", "", "", 404, nil, nil},
		{"use without purpose", "GET", "/v1/subjects/{anna}/data", "read:brokering", "en", "", 422, []string{"query.purpose"}, nil},
		{"history", "GET", "/v1/subjects/{anna}/history", "admin", "", "", 200, []string{`"category":"email"`}, []string{"anna@"}},
		{"history with a read key", "GET", "/v1/subjects/{anna}/history", "read:brokering", "", "", 403, nil, nil},
		{"forecast of a subject", "GET", "/v1/subjects/{anna}/forecast", "admin", "", "", 200, []string{`"forecasts":[{`, `"gone_at":"2026-04-01`}, nil},
		{"extract", "GET", "/v1/subjects/{anna}/extract?lang=en", "admin", "", "", 200, []string{"anna@example.se"}, nil},
		{"extract as PDF", "GET", "/v1/subjects/{anna}/extract?format=pdf", "admin", "", "", 200, []string{"%PDF-"}, nil},
		{"extract with a read key", "GET", "/v1/subjects/{anna}/extract", "read:brokering", "", "", 403, nil, []string{"anna@"}},

		// Disclose, events, consents, objections.
		{"disclose", "POST", "/v1/disclosures", "disclose:brokering", "", `{"subject":"{anna}","purpose":"brokering","recipient":"swedbank_pay"}`, 201, []string{`"recipient":"swedbank_pay"`, "anna@example.se"}, nil},
		{"disclose with a read key", "POST", "/v1/disclosures", "read:brokering", "", `{"subject":"{anna}","purpose":"brokering","recipient":"swedbank_pay"}`, 403, nil, []string{"anna@"}},
		{"disclose to a recipient of another purpose", "POST", "/v1/disclosures", "disclose:brokering", "", `{"subject":"{anna}","purpose":"brokering","recipient":"google_analytics"}`, 403, []string{"google_analytics"}, []string{"anna@"}},
		{"disclose for another purpose than the key's", "POST", "/v1/disclosures", "disclose:brokering", "", `{"subject":"{anna}","purpose":"analytics","recipient":"google_analytics"}`, 403, nil, nil},
		{"case event", "POST", "/v1/events", "events", "", `{"subject":"{anna}","event":"offer_received","case":"{case}"}`, 204, nil, nil},
		{"case event without its case", "POST", "/v1/events", "events", "", `{"subject":"{anna}","event":"offer_received"}`, 422, nil, nil},
		{"event undeclared", "POST", "/v1/events", "events", "en", `{"subject":"{anna}","event":"birthday"}`, 422, []string{`"code":"invalid"`}, nil},
		{"event with a consents key", "POST", "/v1/events", "consents", "", `{"subject":"{anna}","event":"offer_received"}`, 403, nil, nil},
		{"consent", "POST", "/v1/consents", "consents", "", `{"subject":"{anna}","purpose":"newsletter","given":true,"version":"1","channel":"privacy_centre"}`, 204, nil, nil},
		{"consent with an outdated wording", "POST", "/v1/consents", "consents", "en", `{"subject":"{anna}","purpose":"newsletter","given":true,"version":"0"}`, 422, nil, nil},
		{"consent with an events key", "POST", "/v1/consents", "events", "", `{"subject":"{anna}","purpose":"newsletter","given":false,"channel":"crm"}`, 403, nil, nil},
		{"a key without the scope learns nothing of the schema", "POST", "/v1/consents", "events", "en", `{"bogus":1}`, 403, []string{"lacks the scope consents"}, []string{"bogus"}},
		{"consent without a channel", "POST", "/v1/consents", "consents", "en", `{"subject":"{anna}","purpose":"newsletter","given":false}`, 422, []string{`"location":"body.channel","message":"required field missing"`}, nil},
		{"objection to direct marketing", "POST", "/v1/objections", "consents", "", `{"subject":"{anna}","purpose":"newsletter"}`, 204, nil, nil},

		// Requests.
		{"submit request", "POST", "/v1/requests", "requests", "", `{"right":"access","email":"anna@example.se","lang":"en"}`, 202, []string{`"state":"received"`, `"message"`}, []string{"anna@"}},
		{"submit request with a bad right", "POST", "/v1/requests", "requests", "en", `{"right":"everything","email":"anna@example.se"}`, 422, nil, []string{"anna@"}},
		{"submit request with a collect key", "POST", "/v1/requests", "collect", "", `{"right":"access","email":"anna@example.se"}`, 403, nil, nil},
		{"confirm with a wrong code", "POST", "/v1/requests/req_nothing/confirm", "requests", "en", `{"code":"000000"}`, 403, []string{"code is wrong"}, nil},
		{"list requests", "GET", "/v1/requests?open=true", "admin", "", "", 200, []string{`"requests":[{`, `"right":"access"`}, []string{"anna@"}},
		{"list requests with a requests key", "GET", "/v1/requests", "requests", "", "", 403, nil, nil},
		{"list requests, bad limit", "GET", "/v1/requests?limit=0", "admin", "en", "", 422, []string{"query.limit"}, nil},
		{"outbox", "GET", "/v1/outbox", "admin", "", "", 200, []string{`"messages":[{`}, []string{"anna@"}},
		{"tasks", "GET", "/v1/tasks", "admin", "", "", 200, []string{`"tasks":[]`}, nil},
		{"forecast", "GET", "/v1/forecast?until=2030-01-01", "admin", "", "", 200, []string{`"forecasts":[{`}, nil},
		{"forecast, bad date", "GET", "/v1/forecast?until=tomorrow", "admin", "en", "", 422, []string{"query.until"}, nil},

		// The register, the audit log, the document.
		{"notice", "GET", "/v1/register/notice?lang=en", "", "", "", 200, []string{"Allkontrakt Sverige AB", "Deleted 30 days after"}, nil},
		{"ropa", "GET", "/v1/register/ropa", "register", "", "", 200, []string{`"purpose_id"`, "brokering"}, nil},
		{"ropa as CSV", "GET", "/v1/register/ropa?format=csv", "register", "", "", 200, []string{"controller,org_number"}, nil},
		{"ropa with a collect key", "GET", "/v1/register/ropa", "collect", "", "", 403, nil, nil},
		{"lint", "GET", "/v1/register/lint", "register", "", "", 200, []string{`"findings":[{`, `"severity":"warning"`}, nil},
		{"verify audit", "GET", "/v1/audit/verify", "admin", "", "", 200, []string{`"intact":true`}, nil},
		{"verify audit with a register key", "GET", "/v1/audit/verify", "register", "", "", 403, nil, nil},
		{"openapi", "GET", "/openapi.json", "", "", "", 200, []string{`"openapi":"3.1.0"`, `"/v1/submissions"`, `"apiKey"`}, nil},
		{"reference", "GET", "/docs", "", "", "", 200, []string{`<html lang="sv">`, "/v1/submissions", "Behörighet", `<span class="scope">collect</span>`, "schema-Submission"}, nil},
		{"reference in English", "GET", "/docs", "", "en", "", 200, []string{`<html lang="en">`, "Public: no key needed", "read:&lt;purpose&gt;"}, nil},
		{"unknown route", "GET", "/v1/nothing", "admin", "en", "", 404, []string{"no such operation"}, nil},
		{"wrong method", "DELETE", "/v1/submissions", "admin", "en", "", 405, []string{"does not take the method DELETE", `"code":"method_not_allowed"`}, nil},
		{"wrong method on a path with an ID", "GET", "/v1/incidents/inc_x/close", "admin", "en", "", 405, []string{"GET"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := h.call(t, tc.method, tc.path, tc.key, tc.lang, h.expand(tc.body))
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d:\n%s", resp.StatusCode, tc.status, body)
			}
			for _, w := range tc.want {
				if !strings.Contains(body, w) {
					t.Errorf("no %q in:\n%.2000s", w, body)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(body, n) {
					t.Errorf("%q must not be in:\n%.2000s", n, body)
				}
			}
			if resp.StatusCode >= 400 {
				if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
					t.Errorf("Content-Type %q, want application/problem+json", ct)
				}
				if cl := resp.Header.Get("Content-Language"); cl != "sv" && cl != "en" {
					t.Errorf("Content-Language %q", cl)
				}
				var p server.Problem
				if err := json.Unmarshal([]byte(body), &p); err != nil || p.Status != tc.status || p.Title == "" || p.Detail == "" {
					t.Errorf("not a problem document (%v): %s", err, body)
				}
			}
			if resp.StatusCode == 405 && resp.Header.Get("Allow") != "POST" {
				t.Errorf("Allow %q, want POST", resp.Header.Get("Allow"))
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Error("security headers missing")
			}
		})
	}

	// The log has a line per request with its route pattern, and no
	// personal data, path, query or body.
	log := h.log.String()
	if !strings.Contains(log, `"route":"GET /v1/subjects/{id}/data","status":200`) {
		t.Errorf("no request line in the log:\n%.1000s", log)
	}
	for _, n := range []string{"anna@", "Anna", h.anna, "purpose=", "070-"} {
		if strings.Contains(log, n) {
			t.Errorf("%q in the log", n)
		}
	}

	// Every call with a key left its ID in the audit log; refusals were
	// recorded; no entry holds an e-mail address.
	var entries []tillit.AuditEntry
	err := h.store.View(context.Background(), func(tx tillit.Tx) error {
		var err error
		entries, err = tx.Audit(0, 100000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		seen[e.Actor+" "+e.Action] = true
		for _, f := range []string{e.Actor, e.Subject, e.Purpose, e.Detail} {
			if strings.Contains(f, "@") || strings.Contains(f, "Anna") {
				t.Errorf("personal data in the audit log: %+v", e)
			}
		}
	}
	for _, want := range []string{
		"apikey:" + h.ids["collect"] + " collect",
		"apikey:" + h.ids["read:brokering"] + " use",
		"apikey:" + h.ids["read:newsletter"] + " api_denied",
		"apikey:" + h.ids["admin"] + " api_call",
		"api:unauthenticated api_denied",
	} {
		if !seen[want] {
			t.Errorf("no audit entry %q", want)
		}
	}
}

// TestRateLimit: a key beyond its burst is refused with 429 and
// Retry-After, another key is not; callers without a key have their own
// limit per address.
func TestRateLimit(t *testing.T) {
	h := newHarness(t, server.Limits{KeyRate: 0.001, KeyBurst: 3, IPRate: 0.001, IPBurst: 2, MaxBody: 1 << 20}, stores[0].Open)
	for i := range 3 {
		if resp, body := h.call(t, "GET", "/v1/register/ropa", "register", "", ""); resp.StatusCode != 200 {
			t.Fatalf("call %d: %d %s", i, resp.StatusCode, body)
		}
	}
	resp, body := h.call(t, "GET", "/v1/register/ropa", "register", "en", "")
	if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" || !strings.Contains(body, "too many calls") {
		t.Fatalf("beyond the burst: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	if resp, _ := h.call(t, "GET", "/v1/register/ropa", "admin", "", ""); resp.StatusCode != 200 {
		t.Fatalf("another key: %d", resp.StatusCode)
	}
	for i := range 2 {
		if resp, _ := h.call(t, "GET", "/v1/register/notice", "", "", ""); resp.StatusCode != 200 {
			t.Fatalf("public call %d: %d", i, resp.StatusCode)
		}
	}
	if resp, _ := h.call(t, "GET", "/privacy", "", "", ""); resp.StatusCode != 429 {
		t.Fatalf("public calls beyond the burst: %d", resp.StatusCode)
	}
	// An Authorization header on a public route is no way around the
	// address's limit.
	for _, path := range []string{"/privacy", "/v1/register/notice", "/docs", "/metrics"} {
		if resp, _ := h.call(t, "GET", path, "garbage", "", ""); resp.StatusCode != 429 {
			t.Errorf("public call %s with a made-up key beyond the burst: %d", path, resp.StatusCode)
		}
	}
	// Calls with a valid key are limited per key, not per address.
	if resp, body := h.call(t, "GET", "/v1/register/lint", "admin", "", ""); resp.StatusCode != 200 {
		t.Fatalf("a valid key after the address's burst: %d %s", resp.StatusCode, body)
	}
}

// TestMetrics: the metrics name routes by pattern, never by path.
func TestMetrics(t *testing.T) {
	h := newHarness(t, server.Limits{}, stores[0].Open)
	h.call(t, "GET", "/v1/subjects/{anna}/data?purpose=brokering", "read:brokering", "", "")
	h.call(t, "POST", "/v1/requests", "requests", "", `{"right":"access","email":"anna@example.se"}`)
	_, body := h.call(t, "GET", "/metrics", "", "", "")
	for _, w := range []string{
		`tillit_http_requests_total{code="200",method="GET",route="GET /v1/subjects/{id}/data"} 1`,
		"tillit_requests_open 1",
		"tillit_outbox_pending 1",
		"tillit_http_request_duration_seconds_bucket",
	} {
		if !strings.Contains(body, w) {
			t.Errorf("no %q in metrics", w)
		}
	}
	for _, n := range []string{h.anna, "anna@"} {
		if strings.Contains(body, n) {
			t.Errorf("%q in metrics", n)
		}
	}
}

// TestScopeRefusalEchoesNoInput: the purpose of a refused read or
// disclosure comes from the caller; one the register does not declare is
// neither answered back nor kept in the audit log, which is never erased.
func TestScopeRefusalEchoesNoInput(t *testing.T) {
	h := newHarness(t, server.Limits{}, stores[0].Open)
	for _, c := range []struct{ method, path, body string }{
		{"GET", "/v1/subjects/{anna}/data?purpose=anna%40example.se", ""},
		{"POST", "/v1/disclosures", `{"subject":"{anna}","purpose":"anna@example.se","recipient":"swedbank_pay"}`},
		{"POST", "/v1/disclosures", `{"subject":"{anna}","purpose":"anna_andersson","recipient":"swedbank_pay"}`},
	} {
		resp, body := h.call(t, c.method, c.path, "read:newsletter", "en", h.expand(c.body))
		if resp.StatusCode != 403 || !strings.Contains(body, "<purpose>") {
			t.Errorf("%s %s: %d %s", c.method, c.path, resp.StatusCode, body)
		}
		for _, n := range []string{"anna@", "anna_andersson"} {
			if strings.Contains(body, n) {
				t.Errorf("%s %s: %q in the answer: %s", c.method, c.path, n, body)
			}
		}
	}
	var entries []tillit.AuditEntry
	err := h.store.View(context.Background(), func(tx tillit.Tx) error {
		var err error
		entries, err = tx.Audit(0, 100000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, e := range entries {
		if e.Action == tillit.AuditAPIDenied {
			denied++
		}
		if strings.Contains(e.Detail, "anna") {
			t.Errorf("the caller's purpose in the audit log: %+v", e)
		}
	}
	if denied != 3 {
		t.Errorf("%d refusals audited, want 3", denied)
	}
}

// TestStoreDownIsNoBadKey: when the store cannot be read, a valid key is
// answered with a server error, not told that it is not valid.
func TestStoreDownIsNoBadKey(t *testing.T) {
	h := newHarness(t, server.Limits{}, stores[0].Open)
	h.store.Close()
	resp, body := h.call(t, "GET", "/v1/register/lint", "admin", "en", "")
	if resp.StatusCode != 500 || resp.Header.Get("WWW-Authenticate") != "" || strings.Contains(body, "API key") {
		t.Fatalf("%d %v %s", resp.StatusCode, resp.Header, body)
	}
}
