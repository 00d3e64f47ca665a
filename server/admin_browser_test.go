package server_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/browser"
)

// TestAdminBrowser: in Chromium, the officer signs in, sees the request
// with its due date in the queue, and extends it with a reason; a form
// on another site posting to the admin is refused.
func TestAdminBrowser(t *testing.T) {
	h := adminHarness(t, stores[0].Open)
	id := confirmedRequest(t, h, tillit.RightAccess)
	other := confirmedRequest(t, h, tillit.RightRestriction)
	rq, _ := h.a.Requests.Request(t.Context(), id, false)
	due := rq.Due.In(tillit.Stockholm).Format("2006-01-02")

	ctx := browser.New(t, browser.Options{Lang: "sv"})
	var heading, queue, flash string
	browser.Run(t, ctx, "sign in",
		chromedp.Navigate(h.srv.URL+"/admin/requests"),
		chromedp.WaitVisible("#login", chromedp.ByID),
	)
	browser.Screenshot(t, ctx, "admin-login")
	browser.Run(t, ctx, "sign in",
		chromedp.SendKeys("#login", "eva", chromedp.ByID),
		chromedp.SendKeys("#password", officerPW, chromedp.ByID),
		chromedp.Submit("#password", chromedp.ByID),
		chromedp.WaitVisible("table", chromedp.ByQuery),
		chromedp.Text("h1", &heading, chromedp.ByQuery),
		chromedp.Text("table", &queue, chromedp.ByQuery),
	)
	if heading != "Begäranden" || !strings.Contains(queue, id) || !strings.Contains(queue, due) {
		t.Fatalf("after sign-in: heading %q, queue lacks %s due %s:\n%s", heading, id, due, queue)
	}
	browser.Screenshot(t, ctx, "admin-requests")
	browser.Run(t, ctx, "open the request",
		chromedp.Click(`a[href="/admin/requests/`+id+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#extend-reason", chromedp.ByID),
	)
	browser.Screenshot(t, ctx, "admin-request")
	browser.Run(t, ctx, "extend",
		chromedp.SetValue("#months", "2", chromedp.ByID),
		chromedp.SendKeys("#extend-reason", "Uppgifterna finns i flera system som måste gås igenom.", chromedp.ByID),
		chromedp.Click(`form[action^="/admin/requests/`+id+`/extend"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(".flash", chromedp.ByQuery),
		chromedp.Text(".flash", &flash, chromedp.ByQuery),
	)
	if !strings.Contains(flash, "Tidsfristen är förlängd") {
		t.Errorf("flash after extending: %q", flash)
	}
	after, _ := h.a.Requests.Request(t.Context(), id, false)
	if after.Extended.IsZero() || !after.Due.After(rq.Due) {
		t.Fatalf("the extension did not land: %+v", after)
	}

	// Another site (another port: same site, other origin) posts a form
	// to the admin in the signed-in browser.
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(`<!DOCTYPE html><title>Vinn en resa</title><form id="f" method="post" action="` + h.srv.URL +
			`/admin/requests/` + other + `/refuse"><input name="refusal" value="ogrundad"></form><script>document.getElementById("f").submit()</script>`))
	}))
	defer evil.Close()
	var refused string
	browser.Run(t, ctx, "cross-site form",
		chromedp.Navigate(evil.URL),
		chromedp.WaitVisible("main", chromedp.ByQuery),
		chromedp.Text("main", &refused, chromedp.ByQuery),
	)
	if !strings.Contains(refused, "skickades från en annan webbplats") {
		t.Errorf("the cross-site form was not refused: %q", refused)
	}
	if r, _ := h.a.Requests.Request(t.Context(), other, false); r.State != tillit.StateConfirmed {
		t.Fatalf("the cross-site form changed the request: %s", r.State)
	}
}
