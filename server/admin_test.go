package server_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/server"
)

const officerPW = "korrekt häst batteri"

// adminHarness is a harness with an officer and an auditor.
func adminHarness(t *testing.T, open func(testing.TB) tillit.Store) *harness {
	t.Helper()
	h := newHarness(t, server.Limits{}, open)
	ctx := tillit.WithActor(t.Context(), "test")
	if _, err := h.a.Access.CreateAdmin(ctx, "eva", "Eva Ek", tillit.RoleOfficer, officerPW); err != nil {
		t.Fatal(err)
	}
	if _, err := h.a.Access.CreateAdmin(ctx, "gustav", "Gustav Granskare", tillit.RoleAuditor, officerPW); err != nil {
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
	h := adminHarness(t, stores[0].Open)
	b := newBrowserless(t, h, "sv")
	resp, _ := b.do(t, "GET", "/admin/requests", nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/login?next=%2Fadmin%2Frequests" {
		t.Fatalf("signed out: %d to %q; want a redirect to the sign-in", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, body := b.do(t, "POST", "/admin/login", url.Values{"login": {"eva"}, "password": {"wrong password!"}})
	if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "Fel användarnamn eller lösenord") {
		t.Fatalf("wrong password: %d\n%s", resp.StatusCode, body)
	}
	// An oversized form is refused as such, not as a wrong password.
	resp, body = b.do(t, "POST", "/admin/login", url.Values{"login": {"eva"}, "password": {strings.Repeat("x", 20<<10)}})
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "kunde inte läsas") {
		t.Fatalf("oversized sign-in form: %d\n%s", resp.StatusCode, body)
	}
	b.signIn(t, "eva")
	for _, path := range []string{"/admin", "/admin/requests", "/admin/requests?show=all"} {
		resp, body := b.do(t, "GET", path, nil)
		if resp.StatusCode != http.StatusOK || strings.Contains(body, "[admin.") || strings.Contains(body, "[web.") {
			t.Errorf("GET %s: %d, or a text is missing:\n%s", path, resp.StatusCode, body)
		}
	}
}

// confirmedRequest submits a request of Anna's of right and has the
// officer confirm it, returning its ID.
func confirmedRequest(t *testing.T, h *harness, right tillit.Right) string {
	t.Helper()
	ctx := tillit.WithActor(t.Context(), "test")
	r, err := h.a.Requests.Submit(ctx, tillit.RequestForm{Right: right, Email: "anna@example.se", Lang: tillit.Swedish})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.a.Requests.ConfirmByOfficer(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// TestAdminRequests works a request through the admin on both stores:
// the queue shows it with its due date, a bad extension changes nothing,
// an auditor and a cross-site form are refused, and the officer's steps
// land.
func TestAdminRequests(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := adminHarness(t, st.Open)
			id := confirmedRequest(t, h, tillit.RightAccess)
			rq, _ := h.a.Requests.Request(t.Context(), id, false)
			due := rq.Due.In(tillit.Stockholm).Format("2006-01-02")

			eva := newBrowserless(t, h, "sv")
			eva.signIn(t, "eva")
			_, body := eva.do(t, "GET", "/admin/requests", nil)
			if !strings.Contains(body, id) || !strings.Contains(body, due) || !strings.Contains(body, "Tillgång (registerutdrag)") {
				t.Fatalf("queue lacks the request, its due date %s or its right:\n%s", due, body)
			}
			_, body = eva.do(t, "GET", "/admin/requests/"+id, nil)
			if !strings.Contains(body, "anna@example.se") || !strings.Contains(body, "Förläng tidsfristen") {
				t.Fatalf("request page lacks the address or the extension form:\n%s", body)
			}

			// No reason: refused, unchanged.
			resp, body := eva.do(t, "POST", "/admin/requests/"+id+"/extend", url.Values{"months": {"2"}, "reason": {" "}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) || !strings.Contains(body, "Fyll i fältet") {
				t.Fatalf("extension without a reason: %d\n%s", resp.StatusCode, body)
			}
			// Too many months: the vault's refusal, shown on the page.
			resp, body = eva.do(t, "POST", "/admin/requests/"+id+"/extend", url.Values{"months": {"7"}, "reason": {"Många system"}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("extension by 7 months: %d\n%s", resp.StatusCode, body)
			}
			// The auditor reads but may not act.
			gustav := newBrowserless(t, h, "en")
			gustav.signIn(t, "gustav")
			resp, body = gustav.do(t, "GET", "/admin/requests/"+id, nil)
			if resp.StatusCode != http.StatusOK || strings.Contains(body, "anna@example.se") || strings.Contains(body, "/extend") || strings.Contains(body, "format=pdf") {
				t.Fatalf("auditor reading: %d, or the page shows what the person wrote or offers actions:\n%s", resp.StatusCode, body)
			}
			if resp, _ := gustav.do(t, "GET", "/admin/requests/"+id+"/extract?format=json", nil); resp.StatusCode != http.StatusForbidden {
				t.Fatalf("auditor downloading the extract: %d", resp.StatusCode)
			}
			resp, body = gustav.do(t, "POST", "/admin/requests/"+id+"/extend", url.Values{"months": {"2"}, "reason": {"x"}})
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "may read but not change") {
				t.Fatalf("auditor extending: %d\n%s", resp.StatusCode, body)
			}
			// A form posted from another site is refused.
			resp, body = eva.do(t, "POST", "/admin/requests/"+id+"/refuse", url.Values{"refusal": {"x"}}, "Sec-Fetch-Site", "cross-site")
			if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "annan webbplats") {
				t.Fatalf("cross-site post: %d\n%s", resp.StatusCode, body)
			}
			if rq, _ := h.a.Requests.Request(t.Context(), id, false); !rq.Extended.IsZero() || rq.State != tillit.StateConfirmed {
				t.Fatalf("refused steps changed the request: %+v", rq)
			}

			resp, _ = eva.do(t, "POST", "/admin/requests/"+id+"/extend", url.Values{"months": {"2"}, "reason": {"Uppgifterna finns i många system."}})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("extension: %d", resp.StatusCode)
			}
			_, body = eva.do(t, "GET", resp.Header.Get("Location"), nil)
			if !strings.Contains(body, "Tidsfristen är förlängd") {
				t.Errorf("no confirmation after extending:\n%s", body)
			}
			after, _ := h.a.Requests.Request(t.Context(), id, false)
			if after.Extended.IsZero() || !after.Due.After(rq.Due) {
				t.Fatalf("extension did not land: %+v", after)
			}
			resp, pdf := eva.do(t, "GET", "/admin/requests/"+id+"/extract?format=pdf", nil)
			if resp.StatusCode != http.StatusOK || !strings.HasPrefix(pdf, "%PDF") {
				t.Fatalf("extract: %d %.20q", resp.StatusCode, pdf)
			}
			if resp, _ := eva.do(t, "POST", "/admin/requests/"+id+"/complete", url.Values{}); resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("complete: %d", resp.StatusCode)
			}
			if done, _ := h.a.Requests.Request(t.Context(), id, false); done.State != tillit.StateDone {
				t.Fatalf("after complete: %s", done.State)
			}
			// Officers' steps are audited under their user ID, not name.
			if !strings.Contains(auditText(t, h), "admin:ad_") || strings.Contains(auditText(t, h), "Eva") {
				t.Errorf("audit log does not name the officer by ID only")
			}
		})
	}
}

// auditText returns the whole audit log as text.
func auditText(t *testing.T, h *harness) string {
	t.Helper()
	var b strings.Builder
	err := h.store.View(t.Context(), func(tx tillit.Tx) error {
		es, err := tx.Audit(0, 100000)
		for _, e := range es {
			b.WriteString(e.Actor + " " + e.Action + " " + e.Subject + " " + e.Detail + "\n")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestAdminCookieSecure: with an https public URL the session cookie is
// Secure even when TLS ends at a proxy that does not say so.
func TestAdminCookieSecure(t *testing.T) {
	h := adminHarness(t, stores[0].Open)
	a, err := app.Open(tillit.WithActor(t.Context(), "test"), app.Config{Store: h.store, Policy: h.a.Vault.Policy(), KEK: h.kek, Now: h.clock.Now, PublicURL: "https://integritet.example.se"})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Server().Handler())
	defer srv.Close()
	resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).
		PostForm(srv.URL+"/admin/login", url.Values{"login": {"eva"}, "password": {officerPW}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if cs := resp.Cookies(); resp.StatusCode != http.StatusSeeOther || len(cs) != 1 || !cs[0].Secure || !cs[0].HttpOnly || cs[0].SameSite != http.SameSiteStrictMode {
		t.Fatalf("sign-in behind https: %d, cookies %+v", resp.StatusCode, resp.Cookies())
	}
}
