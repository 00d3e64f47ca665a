package server_test

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/internal/testapp"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/vault"
)

// siteOrigin is the controller's site in the banner tests, allowed with
// ConsentOrigins: the EL-VIS register states no website.
const siteOrigin = "https://www.elvis.example"

// consentHarness is a server on a fresh store with a register that has
// cookies, and an admin key.
type consentHarness struct {
	a     *testapp.App
	srv   *httptest.Server
	v     *vault.Vault
	store tillit.Store
	pol   *tillit.Policy
	admin string
}

// newConsentHarness serves the register file (under the repository's
// root; "" for Allkontrakt's) on a store made by open, letting origins
// record choices besides siteOrigin.
func newConsentHarness(t *testing.T, open func(testing.TB) tillit.Store, file string, limits server.Limits, origins ...string) *consentHarness {
	t.Helper()
	src := examples.Allkontrakt
	if file != "" {
		var err error
		if src, err = os.ReadFile("../" + file); err != nil {
			t.Fatal(err)
		}
	}
	return serveRegister(t, open, file, src, limits, origins...)
}

// serveRegister serves the register src.
func serveRegister(t *testing.T, open func(testing.TB) tillit.Store, file string, src []byte, limits server.Limits, origins ...string) *consentHarness {
	t.Helper()
	pol, problems := register.Compile(file, src)
	if pol == nil {
		t.Fatal(problems)
	}
	a := testapp.Start(t, testapp.Options{Store: open, Policy: pol, Limits: limits, Server: func(srv *server.Server) {
		srv.ConsentOrigins = append([]string{siteOrigin, "http://localhost:3000"}, origins...)
	}})
	_, admin, err := a.Access.CreateAPIKey(a.Ctx, "officer", []string{tillit.ScopeAdmin})
	if err != nil {
		t.Fatal(err)
	}
	return &consentHarness{a: a, srv: a.HTTP, v: a.Vault, store: a.Store, pol: pol, admin: admin}
}

// do makes a request with the headers given as name, value pairs.
func (h *consentHarness) do(t *testing.T, method, path, body string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(method, h.srv.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// proofs returns every stored proof.
func (h *consentHarness) proofs(t *testing.T) []tillit.CookieConsent {
	t.Helper()
	cs, err := h.a.Cookies.CookieConsents(t.Context(), tillit.CookieConsentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	return cs
}

// rawRows returns every column of every stored proof as text, as the
// database holds it.
func rawRows(t *testing.T, store tillit.Store) string {
	t.Helper()
	db := store.(interface{ DB() *sql.DB }).DB()
	rows, err := db.QueryContext(t.Context(), `SELECT * FROM cookie_consents`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var b strings.Builder
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if s, ok := v.([]byte); ok {
				v = string(s)
			}
			fmt.Fprintf(&b, "%s=%v ", cols[i], v)
		}
		b.WriteString("\n")
	}
	return b.String()
}

// bannerConfig reads the configuration a generated script carries.
type bannerConfig struct {
	V, H, Lang, Name string
	GPC              bool
	Cats             []struct {
		ID    string
		N, G  bool
		L, D  tillit.Text
		Tools []struct {
			N  string
			D  tillit.Text
			C  []string
			R  tillit.Text
			To string
		} `json:"t"`
	}
	TX map[string]map[string]string
}

func configOf(t *testing.T, script string) bannerConfig {
	t.Helper()
	i := strings.LastIndex(script, "})(")
	if i < 0 || !strings.HasSuffix(script, ");\n") {
		t.Fatalf("the script does not end with its configuration: …%s", script[max(0, len(script)-200):])
	}
	var c bannerConfig
	if err := json.Unmarshal([]byte(script[i+3:len(script)-3]), &c); err != nil {
		t.Fatalf("configuration: %v", err)
	}
	return c
}

// TestConsentScript checks that /consent.js is generated from the
// register: every cookie category with its tools, necessary ones always
// on, marketing marked for Global Privacy Control, both languages.
func TestConsentScript(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newConsentHarness(t, st.Open, "examples/el-vis.yaml", server.Limits{})
			resp, js := h.do(t, "GET", "/consent.js", "", "Accept-Language", "en-GB,en;q=0.9")
			if resp.StatusCode != 200 {
				t.Fatalf("status %d: %s", resp.StatusCode, js)
			}
			for name, want := range map[string]string{
				"Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=300",
				"Vary": "Sec-GPC, Accept-Language, Accept-Encoding", "Cross-Origin-Resource-Policy": "cross-origin",
			} {
				if got := resp.Header.Get(name); got != want {
					t.Errorf("%s: %q, want %q", name, got, want)
				}
			}
			if strings.Contains(js, "/*CONFIG*/") || strings.Contains(js, "import ") || strings.Contains(js, "require(") {
				t.Error("the script is not self-contained")
			}
			zipped := 0
			if req, err := http.NewRequest("GET", h.srv.URL+"/consent.js", nil); err == nil {
				req.Header.Set("Accept-Encoding", "gzip")
				if r, err := http.DefaultClient.Do(req); err == nil {
					b, _ := io.ReadAll(r.Body)
					r.Body.Close()
					zipped = len(b)
				}
			}
			t.Logf("consent.js for EL-VIS: %d bytes, %d gzipped", len(js), zipped)
			if !resp.Uncompressed {
				t.Error("consent.js was not sent gzipped to a client that takes it")
			}
			c := configOf(t, js)
			if c.V != "3.0" || c.H != h.pol.CookiesHash() || c.GPC || c.Lang != "en" || c.Name != "Elinfo" {
				t.Errorf("version %q hash %q gpc %v lang %q name %q", c.V, c.H, c.GPC, c.Lang, c.Name)
			}
			var got []string
			for _, cc := range c.Cats {
				var tools []string
				for _, tl := range cc.Tools {
					tools = append(tools, tl.N)
				}
				got = append(got, fmt.Sprintf("%s necessary=%v gpc=%v label=%s/%s tools=%s", cc.ID, cc.N, cc.G, cc.L.SV, cc.L.EN, strings.Join(tools, ",")))
			}
			want := []string{
				"necessary necessary=true gpc=false label=Nödvändiga/Necessary tools=CookieYes,Tillit",
				"functional necessary=false gpc=false label=Funktionella/Functional tools=",
				"analytics necessary=false gpc=false label=Statistik/Analytics tools=Google Analytics 4,HubSpot,YouTube,Google Search Console",
				"advertisement necessary=false gpc=true label=Marknadsföring/Advertising tools=Google Analytics 4,HubSpot,YouTube",
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("categories:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			// The script reads texts as {"sv": …, "en": …}.
			for _, want := range []string{`"l":{"sv":"Statistik","en":"Analytics"}`, `"d":{"sv":"Tredjepartscookies som hjälper`, `"n":"HubSpot","to":"HubSpot Ireland Ltd"`} {
				if !strings.Contains(js, want) {
					t.Errorf("the script lacks %s", want)
				}
			}
			if ga := c.Cats[2].Tools[0]; ga.To != "" || !strings.Contains(c.Cats[2].D.SV, "Tredjepartscookies") {
				t.Errorf("analytics: tool %+v, description %q", ga, c.Cats[2].D.SV)
			}
			if own := c.Cats[0].Tools[1]; own.R.SV != "12 månader" || own.R.EN != "12 months" || own.C[0] != "tillit.consent" {
				t.Errorf("the banner's own storage: %+v", own)
			}
			sv, en := c.TX["sv"], c.TX["en"]
			if sv["reject"] != "Avvisa alla" || sv["accept"] != "Acceptera alla" || en["reject"] != "Reject all" ||
				sv["settings"] != "Cookieinställningar" || en["settings"] != "Cookie settings" || !strings.HasPrefix(sv["intro"], "Elinfo använder") {
				t.Errorf("texts: %v / %v", sv, en)
			}
			for lang, tx := range c.TX {
				for k, s := range tx {
					if s == "" || strings.HasPrefix(s, "[") {
						t.Errorf("%s text %s: %q", lang, k, s)
					}
				}
			}

			// A browser sending Global Privacy Control gets a script that
			// knows it from the start.
			_, js = h.do(t, "GET", "/consent.js", "", "Sec-GPC", "1")
			if c := configOf(t, js); !c.GPC || c.Lang != "sv" {
				t.Errorf("with Sec-GPC: gpc %v lang %q", c.GPC, c.Lang)
			}
		})
	}
	t.Run("register without necessary cookies", func(t *testing.T) {
		// Allkontrakt declares analytics only: the banner's own storage
		// is shown as necessary all the same.
		h := newConsentHarness(t, stores[0].Open, "", server.Limits{})
		_, js := h.do(t, "GET", "/consent.js", "")
		c := configOf(t, js)
		if len(c.Cats) != 2 || c.Cats[0].ID != "necessary" || !c.Cats[0].N || c.Cats[0].L.SV != "Nödvändiga" ||
			c.Cats[1].ID != "analytics" || c.Cats[1].N || c.Cats[1].G || c.Cats[1].Tools[0].N != "Google Analytics" {
			t.Errorf("categories: %+v", c.Cats)
		}
	})
}

// choiceJSON is a choice for EL-VIS's register with the given categories.
func choiceJSON(h *consentHarness, via, replaces string, cats map[string]bool) string {
	b, _ := json.Marshal(map[string]any{"version": h.pol.Controller().PolicyVersion, "hash": h.pol.CookiesHash(),
		"categories": cats, "via": via, "replaces": replaces})
	return string(b)
}

// TestConsentChoice checks the proof of a choice: stored with the
// register's version, the categories and the server's time, nothing of
// the visitor; only from the controller's origins; bad bodies refused
// with nothing stored; Global Privacy Control recorded and marketing off.
func TestConsentChoice(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			testConsentChoice(t, newConsentHarness(t, st.Open, "examples/el-vis.yaml", server.Limits{}))
		})
	}
}

func testConsentChoice(t *testing.T, h *consentHarness) {
	const agent = "Mozilla/5.0 (X11; Linux x86_64) ConsentTest/1.0"
	noAnalytics := map[string]bool{"functional": true, "analytics": false, "advertisement": true}
	post := func(body string, headers ...string) (*http.Response, string) {
		t.Helper()
		return h.do(t, "POST", "/consent/choices", body, append([]string{"Content-Type", "application/json", "User-Agent", agent}, headers...)...)
	}

	// The preflight: allowed origins may, others may not.
	resp, body := h.do(t, "OPTIONS", "/consent/choices", "", "Origin", siteOrigin, "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "content-type")
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Origin") != siteOrigin ||
		!strings.Contains(resp.Header.Get("Access-Control-Allow-Headers"), "Content-Type") || resp.Header.Get("Access-Control-Allow-Methods") != "POST" {
		t.Errorf("preflight from the site: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	resp, body = h.do(t, "OPTIONS", "/consent/choices", "", "Origin", "https://evil.example", "Access-Control-Request-Method", "POST", "Accept-Language", "en")
	if resp.StatusCode != 403 || resp.Header.Get("Access-Control-Allow-Origin") != "" || !strings.Contains(body, "--consent-origins") {
		t.Errorf("preflight from another site: %d %v %s", resp.StatusCode, resp.Header, body)
	}

	// A choice: rejects analytics. It comes from another site, as a
	// browser says (Sec-Fetch-Site): no cross-origin protection of the
	// admin's forms stands in its way.
	resp, body = post(choiceJSON(h, tillit.ViaChoose, "", noAnalytics), "Origin", siteOrigin, "Sec-Fetch-Site", "cross-site")
	if resp.StatusCode != 201 || resp.Header.Get("Access-Control-Allow-Origin") != siteOrigin || resp.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("choice: %d %v %s", resp.StatusCode, resp.Header, body)
	}
	var answer struct {
		ID, Replaces       string
		Accepted, Rejected []string
		GPC                bool
	}
	if err := json.Unmarshal([]byte(body), &answer); err != nil || !strings.HasPrefix(answer.ID, "cc_") {
		t.Fatalf("answer %s: %v", body, err)
	}
	ps := h.proofs(t)
	if len(ps) != 1 {
		t.Fatalf("%d proofs", len(ps))
	}
	p := ps[0]
	if p.ID != answer.ID || p.PolicyVersion != "3.0" || p.CookiesHash != h.pol.CookiesHash() || !p.At.Equal(h.a.Vault.Now()) ||
		fmt.Sprint(p.Accepted, p.Rejected) != "[functional advertisement] [analytics]" || p.GPC || p.Via != "choose" || p.Origin != siteOrigin {
		t.Errorf("proof: %+v", p)
	}

	// The visitor changes their mind; the proofs chain.
	resp, body = post(choiceJSON(h, tillit.ViaRejectAll, p.ID, map[string]bool{"functional": false, "analytics": false, "advertisement": false}), "Origin", "http://localhost:3000")
	if resp.StatusCode != 201 || !strings.Contains(body, `"replaces":"`+p.ID+`"`) {
		t.Errorf("second choice: %d %s", resp.StatusCode, body)
	}

	// Global Privacy Control: the header turns advertising off whatever
	// the body says, and the proof says so. So does the script's own
	// reading of navigator.globalPrivacyControl.
	all := map[string]bool{"functional": true, "analytics": true, "advertisement": true}
	resp, body = post(choiceJSON(h, tillit.ViaAcceptAll, "", all), "Origin", siteOrigin, "Sec-GPC", "1")
	if resp.StatusCode != 201 || !strings.Contains(body, `"rejected":["advertisement"]`) || !strings.Contains(body, `"gpc":true`) {
		t.Errorf("with Sec-GPC: %d %s", resp.StatusCode, body)
	}
	b := strings.Replace(choiceJSON(h, tillit.ViaChoose, "", all), `"via"`, `"gpc":true,"via"`, 1)
	resp, body = post(b, "Origin", siteOrigin)
	if resp.StatusCode != 201 || !strings.Contains(body, `"accepted":["functional","analytics"]`) || !strings.Contains(body, `"gpc":true`) {
		t.Errorf("with navigator.globalPrivacyControl: %d %s", resp.StatusCode, body)
	}
	ps = h.proofs(t)
	if len(ps) != 4 || ps[1].Replaces != p.ID || !ps[2].GPC || fmt.Sprint(ps[2].Accepted, ps[2].Rejected) != "[functional analytics] [advertisement]" {
		t.Errorf("proofs: %+v", ps)
	}

	// Nothing of the visitor is stored: not the address, not the agent.
	raw := rawRows(t, h.store)
	for _, bad := range []string{"127.0.0.1", "127.0.0", "::1", "ConsentTest", "Mozilla"} {
		if strings.Contains(raw, bad) {
			t.Errorf("a stored proof holds %q:\n%s", bad, raw)
		}
	}
	if !strings.Contains(raw, "analytics") || !strings.Contains(raw, "3.0") {
		t.Errorf("raw rows do not hold the proofs:\n%s", raw)
	}
	// Each proof is audited, with IDs only.
	var entries []tillit.AuditEntry
	h.store.View(t.Context(), func(tx tillit.Tx) error {
		es, err := tx.Audit(0, 1000)
		for _, e := range es {
			if e.Action == tillit.AuditCookieChoice {
				entries = append(entries, e)
			}
		}
		return err
	})
	if len(entries) != 4 || entries[0].Actor != "cookie-banner" || entries[0].Detail != "proof="+p.ID+" accepted=functional,advertisement rejected=analytics gpc=false via=choose" {
		t.Errorf("audit: %+v", entries)
	}
	for _, e := range entries {
		if strings.Contains(e.Detail, "127.0.0.1") || strings.Contains(e.Detail, "elvis") {
			t.Errorf("audit entry holds the address or the site: %+v", e)
		}
	}

	// Refusals store nothing.
	good := choiceJSON(h, tillit.ViaChoose, "", noAnalytics)
	tests := []struct {
		name    string
		body    string
		headers []string
		status  int
		want    string
	}{
		{"another site", good, []string{"Origin", "https://evil.example"}, 403, "https://evil.example may not record"},
		{"no origin", good, nil, 403, "without a valid origin"},
		{"origin that is not one", good, []string{"Origin", "null"}, 403, "without a valid origin"},
		{"the site with a different port", good, []string{"Origin", siteOrigin + ":8443"}, 403, "may not record"},
		{"not JSON", "analytics=false", []string{"Origin", siteOrigin, "Content-Type", "text/plain"}, 415, "as JSON"},
		{"malformed JSON", `{"version":"3.0",`, []string{"Origin", siteOrigin}, 400, "could not be read"},
		{"unknown field", strings.Replace(good, `"via"`, `"ip":"192.0.2.1","via"`, 1), []string{"Origin", siteOrigin}, 400, "no other fields"},
		{"two objects", good + good, []string{"Origin", siteOrigin}, 400, "could not be read"},
		{"oversized", strings.Replace(good, `"via"`, `"replaces":"`+strings.Repeat("x", 5000)+`","via"`, 1), []string{"Origin", siteOrigin}, 413, "larger than accepted"},
		{"unknown category", choiceJSON(h, "choose", "", map[string]bool{"functional": true, "analytics": false, "advertisement": false, "tracking": true}), []string{"Origin", siteOrigin}, 422, "no cookie category tracking"},
		{"necessary category", choiceJSON(h, "choose", "", map[string]bool{"necessary": false, "functional": true, "analytics": false, "advertisement": false}), []string{"Origin", siteOrigin}, 422, "strictly necessary"},
		{"category missing", choiceJSON(h, "choose", "", map[string]bool{"functional": true}), []string{"Origin", siteOrigin}, 422, "lacks the cookie category analytics"},
		{"old register", strings.Replace(good, h.pol.CookiesHash(), strings.Repeat("0", 64), 1), []string{"Origin", siteOrigin}, 409, "reload the page"},
		{"unknown way", choiceJSON(h, "click", "", noAnalytics), []string{"Origin", siteOrigin}, 422, "must be one of"},
		{"malformed previous proof", choiceJSON(h, "choose", "../x", noAnalytics), []string{"Origin", siteOrigin}, 422, "form cc_"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := post(tt.body, append(tt.headers, "Accept-Language", "en")...)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.want) {
				t.Errorf("%d %s; want %d with %q", resp.StatusCode, body, tt.status, tt.want)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type %q", ct)
			}
			if origin := resp.Header.Get("Access-Control-Allow-Origin"); (tt.status == 403) != (origin == "") {
				t.Errorf("Access-Control-Allow-Origin %q", origin)
			}
			if strings.Contains(body, "192.0.2.1") || strings.Contains(body, "xxxx") {
				t.Errorf("the answer repeats the body: %s", body)
			}
		})
	}
	if n := len(h.proofs(t)); n != 4 {
		t.Errorf("refusals stored %d proofs", n-4)
	}
	resp, body = post(good, "Origin", siteOrigin, "Accept-Language", "sv")
	if resp.StatusCode != 201 {
		t.Errorf("a good choice after the refusals: %d %s", resp.StatusCode, body)
	}
	resp, body = post("{}", "Origin", "https://evil.example", "Accept-Language", "sv")
	if !strings.Contains(body, "får inte spara cookie-val") {
		t.Errorf("refusal in Swedish: %s", body)
	}

	// The officer lists the proofs with an admin key, a page at a time.
	resp, body = h.do(t, "GET", "/v1/cookie-consents?limit=2", "", "Authorization", "Bearer "+h.admin)
	var list struct {
		Consents []tillit.CookieConsent
		Next     string
	}
	if err := json.Unmarshal([]byte(body), &list); err != nil || resp.StatusCode != 200 || len(list.Consents) != 2 || list.Consents[0].ID != p.ID || list.Next != list.Consents[1].ID {
		t.Errorf("list: %d %s", resp.StatusCode, body)
	}
	_, body = h.do(t, "GET", "/v1/cookie-consents?after="+list.Next, "", "Authorization", "Bearer "+h.admin)
	list.Next = ""
	if err := json.Unmarshal([]byte(body), &list); err != nil || len(list.Consents) != 3 || list.Next != "" || !list.Consents[0].GPC {
		t.Errorf("second page: %s", body)
	}
	if resp, _ := h.do(t, "GET", "/v1/cookie-consents", ""); resp.StatusCode != 401 {
		t.Errorf("list without a key: %d", resp.StatusCode)
	}
}

// TestConsentOrigins checks who may record choices: the register's
// website, the configured origins, and Tillit's own pages.
func TestConsentOrigins(t *testing.T) {
	h := newConsentHarness(t, stores[0].Open, "", server.Limits{})
	body := func() string {
		b, _ := json.Marshal(map[string]any{"version": h.pol.Controller().PolicyVersion, "hash": h.pol.CookiesHash(),
			"categories": map[string]bool{"analytics": false}, "via": "reject_all"})
		return string(b)
	}()
	for origin, status := range map[string]int{
		"https://www.allkontrakt.se":          201, // the register's website
		"https://WWW.Allkontrakt.se":          201,
		"http://www.allkontrakt.se":           403,
		"https://allkontrakt.se":              403,
		siteOrigin:                            201, // configured
		h.srv.URL:                             201, // Tillit's own
		"https://allkontrakt.se.evil.example": 403,
	} {
		resp, b := h.do(t, "POST", "/consent/choices", body, "Content-Type", "application/json", "Origin", origin)
		if resp.StatusCode != status {
			t.Errorf("%s: %d %s; want %d", origin, resp.StatusCode, b, status)
		}
	}
	for _, bad := range []string{"www.example.se", "https://example.se/path", "ftp://example.se", "https://"} {
		if _, err := server.ConsentOrigin(bad); err == nil {
			t.Errorf("ConsentOrigin(%q) accepted", bad)
		}
	}
	if o, err := server.ConsentOrigin("https://Example.se/"); err != nil || o != "https://example.se" {
		t.Errorf("ConsentOrigin: %q, %v", o, err)
	}
}

// TestConsentRateLimit checks that choices are limited per address like
// every call without a key.
func TestConsentRateLimit(t *testing.T) {
	h := newConsentHarness(t, stores[0].Open, "examples/el-vis.yaml", server.Limits{KeyRate: 100, KeyBurst: 100, IPRate: 0.01, IPBurst: 3, MaxBody: 1 << 20})
	statuses := []int{}
	for range 5 {
		resp, _ := h.do(t, "POST", "/consent/choices", choiceJSON(h, "reject_all", "", map[string]bool{"functional": false, "analytics": false, "advertisement": false}),
			"Content-Type", "application/json", "Origin", siteOrigin)
		statuses = append(statuses, resp.StatusCode)
	}
	if fmt.Sprint(statuses) != "[201 201 201 429 429]" {
		t.Errorf("statuses %v", statuses)
	}
	if n := len(h.proofs(t)); n != 3 {
		t.Errorf("%d proofs stored", n)
	}
}

// TestGPCJSON checks the Global Privacy Control support resource.
func TestGPCJSON(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newConsentHarness(t, st.Open, "examples/el-vis.yaml", server.Limits{})
			resp, body := h.do(t, "GET", "/.well-known/gpc.json", "")
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("%d %v", resp.StatusCode, resp.Header)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(body), &got); err != nil {
				t.Fatal(err)
			}
			if len(got) != 2 || got["gpc"] != true || got["lastUpdate"] != "2024-05-30" {
				t.Errorf("gpc.json: %s", body)
			}
			if !bytes.Equal([]byte(body), []byte(`{"gpc":true,"lastUpdate":"2024-05-30"}`+"\n")) {
				t.Errorf("gpc.json: %q", body)
			}
		})
	}
}
