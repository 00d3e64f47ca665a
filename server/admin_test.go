package server_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/server"
)

const officerPW = "korrekt häst batteri"

// adminHarness is a harness with an officer and an auditor.
func adminHarness(t *testing.T, open func(*testing.T) tillit.Store) *harness {
	t.Helper()
	h := newHarness(t, server.Limits{}, open)
	ctx := tillit.WithActor(t.Context(), "test")
	if _, err := h.v.CreateAdmin(ctx, "eva", "Eva Ek", tillit.RoleOfficer, officerPW); err != nil {
		t.Fatal(err)
	}
	if _, err := h.v.CreateAdmin(ctx, "gustav", "Gustav Granskare", tillit.RoleAuditor, officerPW); err != nil {
		t.Fatal(err)
	}
	return h
}

// browserless is an HTTP client with a cookie jar that does not follow
// redirects, sending Accept-Language lang.
type browserless struct {
	c    *http.Client
	base string
	lang string
}

func newBrowserless(t *testing.T, h *harness, lang string) *browserless {
	jar, _ := cookiejar.New(nil)
	return &browserless{base: h.srv.URL, lang: lang, c: &http.Client{Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (b *browserless) do(t *testing.T, method, path string, form url.Values, hdr ...string) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, b.base+path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("Accept-Language", b.lang)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	return resp, string(out)
}

func (b *browserless) signIn(t *testing.T, login string) {
	t.Helper()
	resp, body := b.do(t, "POST", "/admin/login", url.Values{"login": {login}, "password": {officerPW}, "next": {"/admin"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin" {
		t.Fatalf("sign in as %s: %d %s\n%s", login, resp.StatusCode, resp.Header.Get("Location"), body)
	}
}

func TestAdminSignIn(t *testing.T) {
	h := adminHarness(t, stores[0].open)
	b := newBrowserless(t, h, "sv")
	resp, _ := b.do(t, "GET", "/admin/requests", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login?next=%2Fadmin%2Frequests" {
		t.Fatalf("signed out: %d to %q; want a redirect to the sign-in", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := b.do(t, "POST", "/admin/login", url.Values{"login": {"eva"}, "password": {"wrong password!"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Fel användarnamn eller lösenord") {
		t.Fatalf("wrong password: %d\n%s", resp.StatusCode, body)
	}
	b.signIn(t, "eva")
	for _, path := range []string{"/admin", "/admin/requests", "/admin/requests?show=all"} {
		resp, body := b.do(t, "GET", path, nil)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "[admin.") || strings.Contains(body, "[web.") {
			t.Errorf("GET %s: %d, or a text is missing:\n%s", path, resp.StatusCode, body)
		}
	}
}
