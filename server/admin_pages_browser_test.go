package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/browser"
)

// In a real browser the officer signs in, opens an incident and sees its
// clock on the incident, the list and the dashboard, finds a person by
// e-mail and opens them giving a reason, and looks at the register and
// the audit log.
func TestAdminPagesInBrowser(t *testing.T) {
	h := pagesHarness(t, stores[0].Open)
	ctx := tillit.WithActor(t.Context(), "test")
	// Something on the dashboard and the subject page: a request due
	// soon, a disclosure, an older incident.
	rq, err := h.a.Requests.Submit(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: "anna@example.se", Lang: tillit.Swedish})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.a.Requests.ConfirmByOfficer(ctx, rq.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := h.a.Vault.Disclose(ctx, tillit.Disclosure{Subject: h.anna, Purpose: "brokering", Recipient: "northmill"}); err != nil {
		t.Fatal(err)
	}
	h.clock.Add(26 * 24 * time.Hour)
	if _, err := h.a.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "Felskickat e-postmeddelande", Discovered: h.clock.Now().Add(-60 * time.Hour),
		Categories: []string{"email"}, Risk: tillit.RiskLikely}); err != nil {
		t.Fatal(err)
	}

	b := browser.New(t, browser.Options{Lang: "sv"})
	base := h.srv.URL
	var text string
	browser.Run(t, b, "sign in",
		chromedp.Navigate(base+"/admin"),
		chromedp.WaitVisible(`#login`, chromedp.ByQuery),
		chromedp.SendKeys(`#login`, "eva", chromedp.ByQuery),
		chromedp.SendKeys(`#password`, officerPW, chromedp.ByQuery),
		chromedp.Submit(`#password`, chromedp.ByQuery),
		chromedp.WaitVisible(`.cards`, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if !strings.Contains(text, "Felskickat e-postmeddelande") || !strings.Contains(text, "12 h 00 min kvar") {
		t.Errorf("the dashboard:\n%s", text)
	}
	browser.Screenshot(t, b, "admin-dashboard")

	browser.Run(t, b, "open an incident",
		chromedp.Navigate(base+"/admin/incidents"),
		chromedp.Click(`a[href="/admin/incidents/new"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#f-title`, chromedp.ByQuery),
	)
	browser.Screenshot(t, b, "admin-incident-new")
	browser.Run(t, b, "fill in the incident",
		chromedp.SendKeys(`#f-title`, "Läcka hos Northmill", chromedp.ByQuery),
		chromedp.SendKeys(`#f-nature`, "Ett felkonfigurerat API hos banken gjorde ansökningar läsbara för andra kunder.", chromedp.ByQuery),
		chromedp.Click(`input[name=recipients][value=northmill]`, chromedp.ByQuery),
		chromedp.Click(`input[name=categories][value=email]`, chromedp.ByQuery),
		chromedp.Click(`input[name=risk][value=high]`, chromedp.ByQuery),
		chromedp.Submit(`#f-title`, chromedp.ByQuery),
		chromedp.WaitVisible(`#clock`, chromedp.ByQuery),
		chromedp.Text(`#clock`, &text, chromedp.ByQuery),
	)
	if text != "72 h 00 min kvar" {
		t.Errorf("the new incident's clock reads %q", text)
	}
	browser.Run(t, b, "note and compute who is affected",
		chromedp.SendKeys(`#note`, "Banken har stängt API:et och roterat nycklarna.", chromedp.ByQuery),
		chromedp.Submit(`#note`, chromedp.ByQuery),
		chromedp.WaitVisible(`//p[@class="flash" and contains(., "Anteckningen")]`, chromedp.BySearch),
		chromedp.Click(`a[href$="/affected"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#list-h`, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if !strings.Contains(text, h.anna) {
		t.Errorf("Anna is not among the affected:\n%s", text)
	}
	browser.Run(t, b, "record the count in the timeline",
		chromedp.Click(`form[action*="/record-affected"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`#clock`, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if !strings.Contains(text, "Antalet berörda är registrerat") || !strings.Contains(text, "Berörda personer: 1, poster:") {
		t.Errorf("the count is not recorded:\n%s", text)
	}
	browser.Screenshot(t, b, "admin-incident")
	browser.Run(t, b, "the incident list",
		chromedp.Navigate(base+"/admin/incidents"),
		chromedp.Text(`main table`, &text, chromedp.ByQuery),
	)
	if !strings.Contains(text, "Läcka hos Northmill") || !strings.Contains(text, "72 h 00 min kvar") || !strings.Contains(text, "snart: 12 h 00 min kvar") {
		t.Errorf("the incident list:\n%s", text)
	}
	browser.Screenshot(t, b, "admin-incidents")
	browser.Run(t, b, "the dashboard", chromedp.Navigate(base+"/admin"), chromedp.Text(`main`, &text, chromedp.ByQuery))
	if !strings.Contains(text, "Läcka hos Northmill") || !strings.Contains(text, "72 h 00 min kvar") {
		t.Errorf("the dashboard does not show the new incident's clock:\n%s", text)
	}

	var url string
	browser.Run(t, b, "find a person by e-mail",
		chromedp.Navigate(base+"/admin/subjects"),
		chromedp.SendKeys(`#find-value`, "anna@example.se", chromedp.ByQuery),
		chromedp.Submit(`#find-value`, chromedp.ByQuery),
		chromedp.WaitVisible(`#open-h`, chromedp.ByQuery),
		chromedp.Location(&url),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if strings.Contains(url, "anna") || !strings.Contains(url, h.anna) || strings.Contains(text, "Anna Andersson") {
		t.Errorf("the reason form at %s shows:\n%s", url, text)
	}
	browser.Run(t, b, "open the subject giving a reason",
		chromedp.Click(`input[name=reason][value=request]`, chromedp.ByQuery),
		chromedp.SendKeys(`#open-ref`, rq.ID, chromedp.ByQuery),
		chromedp.Submit(`#open-ref`, chromedp.ByQuery),
		chromedp.WaitVisible(`#held-h`, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	for _, want := range []string{"Anna Andersson", "anna@example.se", "Hantera en begäran från personen (" + rq.ID + ")", "Northmill Bank", "Gallringsprognos"} {
		if !strings.Contains(text, want) {
			t.Errorf("the subject page lacks %q", want)
		}
	}
	browser.Screenshot(t, b, "admin-subject")

	browser.Run(t, b, "the register", chromedp.Navigate(base+"/admin/register"), chromedp.WaitVisible(`#lint-h`, chromedp.ByQuery))
	browser.Screenshot(t, b, "admin-register")
	browser.Run(t, b, "verify the audit log",
		chromedp.Navigate(base+"/admin/audit"),
		chromedp.Click(`#verify-h ~ form button`, chromedp.ByQuery),
		chromedp.WaitVisible(`.verdict`, chromedp.ByQuery),
		chromedp.Text(`.verdict`, &text, chromedp.ByQuery),
	)
	if !strings.Contains(text, "Kedjan är hel") {
		t.Errorf("verification: %q", text)
	}
	browser.Screenshot(t, b, "admin-audit")
	for _, page := range []string{"retention", "outbox"} {
		browser.Run(t, b, "the "+page+" page", chromedp.Navigate(base+"/admin/"+page), chromedp.WaitVisible(`h1`, chromedp.ByQuery))
		browser.Screenshot(t, b, "admin-"+page)
	}
	es := h.auditSince(t, 0)
	opened := false
	for _, e := range es {
		if e.Action == "subject_opened" && e.Subject == h.anna && e.Detail == "reason=request ref="+rq.ID {
			opened = true
		}
	}
	if !opened {
		t.Errorf("the opening was not logged with its reason")
	}
}
