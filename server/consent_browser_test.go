package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/browser"
	"github.com/tillit-privacy/tillit/server"
)

// hostSite is the controller's own site, on another origin than Tillit:
// a page that embeds the banner with one script tag, has its own link to
// reopen it, and records the banner's events.
type hostSite struct {
	srv    *httptest.Server
	origin string // as the browser sends it: http://localhost:<port>
	tillit string // set once Tillit serves
}

func newHostSite(t *testing.T) *hostSite {
	t.Helper()
	h := &hostSite{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>Elinfo – elkonstruktion</title>
<style>body{font-family:Georgia,serif;margin:2rem;background:#fafaf5}h1{color:#333}button,div{all:unset}</style></head>
<body><h1>Elinfo</h1><p>Programvara för elkonstruktion.</p>
<p><a href="#" id="settings" data-tillit-consent-open>Ändra dina cookieval</a></p>
<script>window.events = []; document.addEventListener("tillit:consent", function (e) { window.events.push(e.detail); });</script>
<script src="%s/consent.js" defer%s></script>
</body></html>`, h.tillit, map[bool]string{true: ` data-lang="en"`}[r.URL.Query().Get("lang") == "en"])
	}))
	t.Cleanup(h.srv.Close)
	// localhost rather than 127.0.0.1: another host as well as another
	// port than Tillit's.
	h.origin = strings.Replace(h.srv.URL, "127.0.0.1", "localhost", 1)
	return h
}

// shadow is a JavaScript expression for the banner's shadow root.
const shadow = `document.querySelector("#tillit-consent").shadowRoot`

// js returns the value of a JavaScript expression in the page.
func js[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	var v T
	browser.Run(t, ctx, "evaluate "+expr, chromedp.Evaluate(expr, &v))
	return v
}

// waitFor polls a JavaScript expression until it is true.
func waitFor(t *testing.T, ctx context.Context, step, expr string) {
	t.Helper()
	var ok bool
	browser.Run(t, ctx, step, chromedp.Poll(expr, &ok, chromedp.WithPollingTimeout(10*time.Second)))
}

// waitProofs waits until the store holds n proofs and returns them.
func waitProofs(t *testing.T, h *consentHarness, n int) []tillit.CookieConsent {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		ps := h.proofs(t)
		if len(ps) >= n {
			if len(ps) > n {
				t.Fatalf("%d proofs stored, want %d: %+v", len(ps), n, ps)
			}
			return ps
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d proofs stored after 10 seconds, want %d", len(ps), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// consentState is what tillitConsent.get() answers.
type consentState struct {
	Categories map[string]bool
	Chosen     bool
	GPC        bool
	ID         string
}

// TestConsentBrowser embeds the banner on another site in Chromium (in
// Swedish): the visitor uses the keyboard to choose, rejects analytics,
// and the proof is stored; reopening shows the choice and changing it
// stores a second proof that names the first.
func TestConsentBrowser(t *testing.T) {
	site := newHostSite(t)
	h := newConsentHarness(t, stores[0].Open, "examples/el-vis.yaml", server.Limits{}, site.origin)
	site.tillit = h.srv.URL
	ctx := browser.New(t, browser.Options{Lang: "sv"})

	browser.Run(t, ctx, "open the site", chromedp.Navigate(site.origin))
	waitFor(t, ctx, "the banner appears", `!!document.querySelector("#tillit-consent") && !`+shadow+`.querySelector(".box").hidden`)
	if title := js[string](t, ctx, shadow+`.querySelector("h2").textContent`); title != "Kakor på vår webbplats" {
		t.Errorf("title %q", title)
	}
	if got := js[string](t, ctx, shadow+`.querySelector(".box").getAttribute("role") + " " + `+shadow+`.getElementById(`+shadow+`.querySelector(".box").getAttribute("aria-labelledby")).textContent`); got != "dialog Kakor på vår webbplats" {
		t.Errorf("the dialog and its label: %q", got)
	}
	// Reject all is exactly as prominent as Accept all.
	same := js[string](t, ctx, `(function () {
		var r = `+shadow+`, a = r.querySelector("[data-act=accept]"), x = r.querySelector("[data-act=reject]");
		var sa = getComputedStyle(a), sx = getComputedStyle(x), out = [];
		["background-color", "color", "font-size", "font-weight", "padding-top", "padding-left", "border-top-width", "border-top-color"].forEach(function (p) {
			if (sa.getPropertyValue(p) != sx.getPropertyValue(p)) out.push(p);
		});
		if (a.offsetHeight != x.offsetHeight || a.offsetTop != x.offsetTop || Math.abs(a.offsetWidth - x.offsetWidth) > 2) out.push("size or level");
		return out.join(",") + "|" + x.textContent + "|" + a.textContent;
	})()`)
	if same != "|Avvisa alla|Acceptera alla" {
		t.Errorf("reject and accept differ: %q", same)
	}
	// Nothing is on before the visitor chooses; necessary always is.
	st := js[consentState](t, ctx, `tillitConsent.get()`)
	if st.Chosen || st.GPC || st.Categories["analytics"] || st.Categories["advertisement"] || st.Categories["functional"] || !st.Categories["necessary"] {
		t.Errorf("before choosing: %+v", st)
	}
	// The host page's own styles (div{all:unset}) do not reach the banner.
	if pos := js[string](t, ctx, `getComputedStyle(`+shadow+`.querySelector(".box")).position`); pos != "fixed" {
		t.Errorf("the banner's position is %q: the page's styles leak in", pos)
	}
	browser.Screenshot(t, ctx, "cookie-banner")

	// The keyboard: focus is in the banner; Tab reaches the three
	// buttons in order; Enter on "Välj själv" opens the switches.
	active := func() string {
		return js[string](t, ctx, `(function () { var a = `+shadow+`.activeElement; return a ? (a.getAttribute("data-act") || a.getAttribute("data-cat") || a.className) : "none"; })()`)
	}
	if a := active(); a != "box" {
		t.Errorf("focus on opening: %q, want the banner", a)
	}
	for _, want := range []string{"reject", "accept", "choose"} {
		browser.Run(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		if a := active(); a != want {
			t.Fatalf("Tab reached %q, want %q", a, want)
		}
	}
	browser.Run(t, ctx, "enter on choose", chromedp.KeyEvent(kb.Enter))
	if a := active(); a != "functional" {
		t.Errorf("after Enter on choose, focus is on %q, want the first switch", a)
	}
	switches := func() string {
		return js[string](t, ctx, `Array.from(`+shadow+`.querySelectorAll("input[data-cat]")).map(function (i) {
			return i.getAttribute("data-cat") + "=" + (i.checked ? "on" : "off") + (i.disabled ? "(locked)" : "");
		}).join(" ")`)
	}
	if s := switches(); s != "necessary=on(locked) functional=off analytics=off advertisement=off" {
		t.Errorf("switches: %s", s)
	}
	browser.Run(t, ctx, "space turns functional on", chromedp.KeyEvent(" "))
	browser.Run(t, ctx, "tab to analytics", chromedp.KeyEvent(kb.Tab))
	if a := active(); a != "analytics" {
		t.Errorf("Tab from functional reached %q, want analytics", a)
	}
	// Each category is labelled and described from the register, its
	// tools and their recipients one click away.
	analytics := `(function (i) { return i.closest(".cat"); })(` + shadow + `.querySelector("input[data-cat=analytics]"))`
	if got := js[string](t, ctx, analytics+`.querySelector("label").textContent + " | " + `+analytics+`.querySelector("p").textContent`); got != "Statistik | Tredjepartscookies som hjälper oss att förstå hur webbplatsen fungerar och hur besökare interagerar med den." {
		t.Errorf("analytics: %q", got)
	}
	js[bool](t, ctx, analytics+`.querySelector("details").open = true`)
	if tools := js[string](t, ctx, analytics+`.querySelector("details").textContent`); !strings.Contains(tools, "Google Analytics 4") || !strings.Contains(tools, "Mottagare: HubSpot Ireland Ltd") {
		t.Errorf("analytics tools: %q", tools)
	}
	if label := js[string](t, ctx, shadow+`.querySelector("input[data-cat=analytics]").labels[0].textContent`); label != "Statistik" {
		t.Errorf("the analytics switch is labelled %q", label)
	}
	js[bool](t, ctx, shadow+`.querySelector("input[data-cat=advertisement]").click() || true`)
	if s := switches(); s != "necessary=on(locked) functional=on analytics=off advertisement=on" {
		t.Errorf("switches after choosing: %s", s)
	}
	browser.Screenshot(t, ctx, "cookie-choices")
	js[bool](t, ctx, shadow+`.querySelector("[data-act=save]").focus() || true`)
	browser.Run(t, ctx, "enter on save", chromedp.KeyEvent(kb.Enter))

	ps := waitProofs(t, h, 1)
	p := ps[0]
	if fmt.Sprint(p.Accepted, p.Rejected) != "[functional advertisement] [analytics]" || p.PolicyVersion != "3.0" ||
		p.CookiesHash != h.pol.CookiesHash() || p.GPC || p.Via != "choose" || p.Origin != site.origin || !p.At.Equal(h.a.Vault.Now()) {
		t.Errorf("proof: %+v", p)
	}
	if raw := rawRows(t, h.store); strings.Contains(raw, "127.0.0.1") || strings.Contains(raw, "TillitTest") || strings.Contains(raw, "Mozilla") {
		t.Errorf("the proof holds the address or the browser:\n%s", raw)
	}
	waitFor(t, ctx, "the browser keeps the proof's ID", `tillitConsent.get().id == "`+p.ID+`"`)
	st = js[consentState](t, ctx, `tillitConsent.get()`)
	if !st.Chosen || st.Categories["analytics"] || !st.Categories["functional"] || !st.Categories["advertisement"] || !st.Categories["necessary"] {
		t.Errorf("after choosing: %+v", st)
	}
	if n := js[int](t, ctx, `window.events.length`); n != 1 {
		t.Errorf("%d tillit:consent events, want 1", n)
	}
	if got := js[string](t, ctx, `(`+shadow+`.querySelector(".box").hidden ? "closed" : "open") + " " + `+shadow+`.activeElement.textContent + " " + `+shadow+`.querySelector("[role=status]").textContent`); got != "closed Cookieinställningar Ditt val är sparat." {
		t.Errorf("after saving: %q; want the banner closed, focus on the settings button, the choice announced", got)
	}

	// The next page remembers the choice and does not ask again.
	browser.Run(t, ctx, "reload", chromedp.Reload())
	waitFor(t, ctx, "the banner loads", `!!window.tillitConsent && !!document.querySelector("#tillit-consent")`)
	if got := js[string](t, ctx, `(`+shadow+`.querySelector(".box").hidden ? "closed" : "open") + " " + (`+shadow+`.querySelector(".reopen").hidden ? "no button" : "button")`); got != "closed button" {
		t.Errorf("on the next page: %q", got)
	}
	if st := js[consentState](t, ctx, `tillitConsent.get()`); st.ID != p.ID || st.Categories["analytics"] || !st.Categories["advertisement"] {
		t.Errorf("on the next page: %+v", st)
	}

	// The site's own link reopens the banner with the previous choice.
	browser.Run(t, ctx, "reopen", chromedp.Click("#settings", chromedp.ByQuery))
	waitFor(t, ctx, "the banner reopens", `!`+shadow+`.querySelector(".box").hidden`)
	if s := switches(); s != "necessary=on(locked) functional=on analytics=off advertisement=on" {
		t.Errorf("reopened with: %s", s)
	}
	// Escape closes it without a change and gives the focus back.
	browser.Run(t, ctx, "escape", chromedp.KeyEvent(kb.Escape))
	if got := js[string](t, ctx, `(`+shadow+`.querySelector(".box").hidden ? "closed" : "open") + " " + document.activeElement.id`); got != "closed settings" {
		t.Errorf("after Escape: %q; want closed, focus back on the site's link", got)
	}
	// The banner's own button reopens it too; the visitor turns analytics
	// on and advertising off.
	js[bool](t, ctx, shadow+`.querySelector(".reopen").click() || true`)
	js[bool](t, ctx, shadow+`.querySelector("input[data-cat=analytics]").click() || true`)
	js[bool](t, ctx, shadow+`.querySelector("input[data-cat=advertisement]").click() || true`)
	js[bool](t, ctx, shadow+`.querySelector("[data-act=save]").click() || true`)
	ps = waitProofs(t, h, 2)
	if q := ps[1]; q.Replaces != p.ID || fmt.Sprint(q.Accepted, q.Rejected) != "[functional analytics] [advertisement]" || q.Via != "choose" {
		t.Errorf("second proof: %+v, want it to replace %s", q, p.ID)
	}
	waitFor(t, ctx, "the browser keeps the new proof's ID", `tillitConsent.get().id == "`+ps[1].ID+`"`)
	if st := js[consentState](t, ctx, `tillitConsent.get()`); !st.Categories["analytics"] || st.Categories["advertisement"] {
		t.Errorf("after changing: %+v", st)
	}

	// A page that asks for English (data-lang) gets it, with the same
	// choice.
	browser.Run(t, ctx, "the English page", chromedp.Navigate(site.origin+"/?lang=en"))
	waitFor(t, ctx, "the banner loads", `!!window.tillitConsent && !!document.querySelector("#tillit-consent")`)
	js[bool](t, ctx, shadow+`.querySelector(".reopen").click() || true`)
	if got := js[string](t, ctx, shadow+`.querySelector(".box").lang + " | " + `+shadow+`.querySelector("h2").textContent + " | " + `+shadow+`.querySelector("[data-act=reject]").textContent + " | " + `+shadow+`.querySelector("input[data-cat=analytics]").labels[0].textContent`); got != "en | Cookies on our website | Reject all | Analytics" {
		t.Errorf("in English: %q", got)
	}
	if s := switches(); s != "necessary=on(locked) functional=on analytics=on advertisement=off" {
		t.Errorf("the English page shows: %s", s)
	}
}

// TestConsentBrowserGPC checks Global Privacy Control in Chromium: with
// Sec-GPC: 1 advertising is off before the visitor does anything and
// "Accept all" does not turn it on; with nothing else to ask, no banner
// is shown and the refusal is recorded by itself.
func TestConsentBrowserGPC(t *testing.T) {
	t.Run("banner", func(t *testing.T) {
		site := newHostSite(t)
		h := newConsentHarness(t, stores[0].Open, "examples/el-vis.yaml", server.Limits{}, site.origin)
		site.tillit = h.srv.URL
		ctx := browser.New(t, browser.Options{Lang: "sv", Headers: map[string]any{"Sec-GPC": "1"}})
		browser.Run(t, ctx, "open the site", chromedp.Navigate(site.origin))
		waitFor(t, ctx, "the banner appears", `!!document.querySelector("#tillit-consent") && !`+shadow+`.querySelector(".box").hidden`)
		st := js[consentState](t, ctx, `tillitConsent.get()`)
		if !st.GPC || st.Categories["advertisement"] || st.Chosen {
			t.Errorf("before choosing: %+v", st)
		}
		if note := js[string](t, ctx, shadow+`.querySelector(".gpc").textContent`); !strings.Contains(note, "Global Privacy Control") {
			t.Errorf("GPC note: %q", note)
		}
		js[bool](t, ctx, shadow+`.querySelector("[data-act=choose]").click() || true`)
		if locked := js[string](t, ctx, `(function (i) { return (i.checked ? "on" : "off") + " " + i.disabled; })(`+shadow+`.querySelector("input[data-cat=advertisement]"))`); locked != "off true" {
			t.Errorf("the advertising switch: %q, want off and locked", locked)
		}
		js[bool](t, ctx, shadow+`.querySelector("[data-act=accept]").click() || true`)
		p := waitProofs(t, h, 1)[0]
		if !p.GPC || fmt.Sprint(p.Accepted, p.Rejected) != "[functional analytics] [advertisement]" || p.Via != "accept_all" {
			t.Errorf("proof: %+v", p)
		}
		if st := js[consentState](t, ctx, `tillitConsent.get()`); st.Categories["advertisement"] || !st.Categories["analytics"] || !st.Chosen {
			t.Errorf("after accepting all: %+v", st)
		}
	})
	t.Run("nothing else to ask", func(t *testing.T) {
		// A register whose only cookies needing consent are for
		// marketing (its purpose is direct marketing).
		src, err := os.ReadFile("../storetest/testdata/register.yaml")
		if err != nil {
			t.Fatal(err)
		}
		from := "  statistics:\n    label: {sv: Statistik, en: Statistics}\n    consent: true\n    purpose: site_statistics\n"
		if !strings.Contains(string(src), from) {
			t.Fatal("the suite's register changed: no statistics cookies to turn into marketing ones")
		}
		src = []byte(strings.Replace(string(src), from, "  ads:\n    label: {sv: Annonser, en: Ads}\n    consent: true\n    purpose: newsletter\n", 1))
		site := newHostSite(t)
		h := serveRegister(t, stores[0].Open, "register.yaml", src, server.Limits{}, site.origin)
		site.tillit = h.srv.URL
		ctx := browser.New(t, browser.Options{Lang: "sv", Headers: map[string]any{"Sec-GPC": "1"}})
		browser.Run(t, ctx, "open the site", chromedp.Navigate(site.origin))
		p := waitProofs(t, h, 1)[0]
		if !p.GPC || fmt.Sprint(p.Accepted, p.Rejected) != "[] [ads]" || p.Via != "gpc" || p.Origin != site.origin {
			t.Errorf("proof: %+v", p)
		}
		st := js[consentState](t, ctx, `tillitConsent.get()`)
		if !st.GPC || st.Categories["ads"] || !st.Chosen || !st.Categories["necessary"] {
			t.Errorf("page state: %+v", st)
		}
		if shown := js[bool](t, ctx, `!`+shadow+`.querySelector(".box").hidden`); shown {
			t.Error("the banner asks although there is nothing to ask")
		}
	})
}
