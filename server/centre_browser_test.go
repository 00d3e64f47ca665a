package server_test

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/browser"
)

// has waits until an element matching the XPath is visible, e.g. a
// heading with a text: it tells one page from the page before it.
func has(xpath string) chromedp.QueryAction {
	return chromedp.WaitVisible(xpath, chromedp.BySearch)
}

// TestCentreBrowserAccess: in Chromium, in Swedish, a person reads the
// notice, asks for a copy of her data, types a wrong code and then the one
// the SMTP server received, and after the officer completed the request
// opens the one-time link from the answer and reads her extract; a second
// visit is refused.
func TestCentreBrowserAccess(t *testing.T) {
	h := newCentreHarness(t, stores[0].Open, noLimits)
	ctx := browser.New(t, browser.Options{Lang: "sv-SE,sv"})

	browser.Run(t, ctx, "notice", chromedp.Navigate(h.srv.URL+"/privacy"), has(`//h1[contains(., "Integritetspolicy")]`))
	browser.Screenshot(t, ctx, "centre-notice")

	var text string
	browser.Run(t, ctx, "rights",
		chromedp.Click(`//nav//a[.="Gör en begäran"]`, chromedp.BySearch), has(`//h2[.="Få veta vad vi har om dig"]`),
		chromedp.Text("main", &text))
	if !strings.Contains(text, "Återkalla ett samtycke") {
		t.Errorf("the rights page lacks a right:\n%s", text)
	}
	browser.Screenshot(t, ctx, "centre-rights")

	// The form, first without an address: the error is next to the field.
	browser.Run(t, ctx, "access form",
		chromedp.Click(`//a[h2[.="Få veta vad vi har om dig"]]`, chromedp.BySearch), has(`//label[.="Din e-postadress"]`),
		chromedp.Click(`//button[.="Skicka begäran"]`, chromedp.BySearch), has(`//span[@id="email-error"]`),
		chromedp.Text("#email-error", &text))
	if text != "Ange din e-postadress." {
		t.Errorf("the error next to the field is %q", text)
	}
	browser.Screenshot(t, ctx, "centre-request-error")
	browser.Run(t, ctx, "send",
		chromedp.SendKeys("#email", annaEmail), chromedp.SendKeys("#message", "Jag vill se allt ni har om mig."))
	browser.Screenshot(t, ctx, "centre-request")
	browser.Run(t, ctx, "sent",
		chromedp.Click(`//button[.="Skicka begäran"]`, chromedp.BySearch), has(`//h1[.="Bekräfta din begäran"]`),
		chromedp.Text("main", &text))
	if !strings.Contains(text, "Tack! Vi har tagit emot din begäran") {
		t.Errorf("no acknowledgement:\n%s", text)
	}
	browser.Screenshot(t, ctx, "centre-confirm")

	mail := h.mails(t, 1)[0]
	m := centreCodeRE.FindStringSubmatch(mail.Text)
	if m == nil || mail.Header.Get("Content-Language") != "sv" {
		t.Fatalf("the code e-mail (%s):\n%s", mail.Header.Get("Content-Language"), mail.Text)
	}
	wrong := "000000"
	if m[2] == wrong {
		wrong = "111111"
	}
	browser.Run(t, ctx, "wrong code",
		chromedp.SendKeys("#code", wrong), chromedp.Click(`//button[.="Bekräfta"]`, chromedp.BySearch),
		has(`//span[@id="code-error"]`), chromedp.Text("#code-error", &text))
	if !strings.Contains(text, "Koden stämmer inte") {
		t.Errorf("wrong code: %q", text)
	}
	browser.Screenshot(t, ctx, "centre-confirm-error")
	browser.Run(t, ctx, "code", chromedp.SendKeys("#code", m[2]))
	browser.Run(t, ctx, "confirmed",
		chromedp.Click(`//button[.="Bekräfta"]`, chromedp.BySearch), has(`//h1[.="Din begäran är bekräftad"]`),
		chromedp.Text("main", &text))
	if due := h.clock.Now().AddDate(0, 1, 0).Format("2006-01-02"); !strings.Contains(text, "Svar senast") || !strings.Contains(text, due) {
		t.Errorf("no due date %s:\n%s", due, text)
	}
	browser.Screenshot(t, ctx, "centre-confirmed")

	// The officer completes the request; the answer carries the link.
	if _, err := h.a.Requests.Complete(tillit.WithActor(t.Context(), "admin:1"), m[1]); err != nil {
		t.Fatal(err)
	}
	answer := h.mails(t, 1)[0]
	link := downloadRE.FindString(answer.Text)
	if link == "" || !strings.Contains(answer.Text, "Här är ditt registerutdrag") {
		t.Fatalf("no download link in the answer:\n%s", answer.Text)
	}
	browser.Run(t, ctx, "download page", chromedp.Navigate(link), has(`//button[.="Öppna mitt registerutdrag"]`))
	browser.Screenshot(t, ctx, "centre-download")
	browser.Run(t, ctx, "open", chromedp.Click(`//button[.="Öppna mitt registerutdrag"]`, chromedp.BySearch),
		has(`//a[.="Läs och skriv ut (webbsida)"]`))
	browser.Screenshot(t, ctx, "centre-download-open")
	browser.Run(t, ctx, "extract", chromedp.Click(`//a[.="Läs och skriv ut (webbsida)"]`, chromedp.BySearch),
		has(`//*[contains(., "Anna Andersson")]`), chromedp.Text("body", &text))
	for _, w := range []string{"Anna Andersson", annaEmail, "Allkontrakt Sverige AB"} {
		if !strings.Contains(text, w) {
			t.Errorf("the extract lacks %q:\n%.2000s", w, text)
		}
	}
	browser.Screenshot(t, ctx, "centre-extract")

	// Another visit (here: the same browser without the visit's cookie)
	// finds the link used.
	browser.Run(t, ctx, "second visit", network.ClearBrowserCookies(), chromedp.Navigate(link),
		has(`//h1[.="Länken fungerar inte längre"]`), chromedp.Text("main", &text))
	if !strings.Contains(text, "Länken är redan använd") || !strings.Contains(text, "Begär ett nytt registerutdrag") {
		t.Errorf("second visit:\n%s", text)
	}
	browser.Screenshot(t, ctx, "centre-download-used")
	if n := h.downloads(t); n != 1 {
		t.Errorf("%d downloads audited, want 1", n)
	}
}

// TestCentreBrowserWithdraw: the signed link in an e-mail to a known
// person opens her consents; one click withdraws one.
func TestCentreBrowserWithdraw(t *testing.T) {
	h := newCentreHarness(t, stores[0].Open, noLimits)
	ctx := tillit.WithActor(t.Context(), "test")
	r, err := h.a.Requests.Submit(ctx, tillit.RequestForm{Right: tillit.RightObjection, Email: annaEmail, Purpose: "analytics"})
	if err != nil {
		t.Fatal(err)
	}
	m := centreCodeRE.FindStringSubmatch(h.mails(t, 1)[0].Text)
	if _, err := h.a.Requests.Confirm(ctx, r.ID, m[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := h.a.Requests.Complete(ctx, r.ID); err != nil {
		t.Fatal(err)
	}
	answer := h.mails(t, 1)[0]
	link := consentLinkRE.FindString(answer.Text)
	if link == "" {
		t.Fatalf("no consent link in the answer:\n%s", answer.Text)
	}

	b := browser.New(t, browser.Options{Lang: "sv"})
	var text string
	browser.Run(t, b, "consents", chromedp.Navigate(link), has(`//h2[.="E-postutskick"]`), chromedp.Text("main", &text))
	if !strings.Contains(text, "Samtycke givet") {
		t.Errorf("consents:\n%s", text)
	}
	browser.Screenshot(t, b, "centre-consents")
	browser.Run(t, b, "withdraw", chromedp.Click(`//button[contains(., "Återkalla samtycket")]`, chromedp.BySearch),
		has(`//p[@class="flash"]`), chromedp.Text("main", &text))
	if !strings.Contains(text, "Ditt samtycke till ”E-postutskick” är återkallat") || !strings.Contains(text, "Återkallat") {
		t.Errorf("after withdrawal:\n%s", text)
	}
	browser.Screenshot(t, b, "centre-consents-withdrawn")
	if _, err := h.a.Vault.Use(ctx, h.anna, "newsletter"); tillit.ErrorCode(err) != tillit.EFORBIDDEN {
		t.Errorf("the newsletter may still use Anna's data: %v", err)
	}
	n := 0
	for _, e := range h.audit(t) {
		if e.Action == tillit.AuditConsentWithdrawn && e.Actor == "privacy_centre" && e.Subject == h.anna {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d withdrawals audited from the centre, want 1", n)
	}
}
