package cookies_test

import (
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/testapp"
	"github.com/tillit-privacy/tillit/register"
)

// The EL-VIS register asks about three categories of cookies: functional
// (personalisation), analytics (web analytics) and advertisement (ad
// marketing, a direct-marketing purpose); necessary needs no consent.
const origin = "https://www.elvis.example"

// start starts the services with the EL-VIS register.
func start(t *testing.T, st testapp.Store) *testapp.App {
	t.Helper()
	src, err := os.ReadFile("../examples/el-vis.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pol, problems := register.Compile("examples/el-vis.yaml", src)
	if pol == nil {
		t.Fatal(problems)
	}
	return testapp.Start(t, testapp.Options{Store: st.Open, Policy: pol})
}

// choice returns a choice made with the banner of the register in force.
func choice(a *testapp.App, via string, functional, analytics, advertisement bool) tillit.CookieChoice {
	return tillit.CookieChoice{
		PolicyVersion: a.Policy.Controller().PolicyVersion, CookiesHash: a.Policy.CookiesHash(),
		Categories: map[string]bool{"functional": functional, "analytics": analytics, "advertisement": advertisement},
		Via:        via, Origin: origin,
	}
}

// TestChoicesAreChained: a choice is stored with the server's time and
// listed; the same browser's next choice names the one it replaces.
func TestChoicesAreChained(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			first, err := a.Cookies.RecordCookieChoice(a.Ctx, choice(a, tillit.ViaChoose, true, false, true))
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(first.Accepted, first.Rejected); got != "[functional advertisement] [analytics]" ||
				first.Replaces != "" || !first.At.Equal(a.Clock.Now()) || first.Origin != origin || first.PolicyVersion != "3.0" {
				t.Errorf("first proof %+v; want functional and advertisement accepted, analytics rejected, now", first)
			}

			a.Clock.Add(time.Hour)
			c := choice(a, tillit.ViaRejectAll, false, false, false)
			c.Replaces = first.ID
			second, err := a.Cookies.RecordCookieChoice(a.Ctx, c)
			if err != nil {
				t.Fatal(err)
			}
			if second.Replaces != first.ID || second.ID == first.ID || len(second.Accepted) != 0 || len(second.Rejected) != 3 {
				t.Errorf("second proof %+v; want everything rejected, replacing %s", second, first.ID)
			}

			list, err := a.Cookies.CookieConsents(a.Ctx, tillit.CookieConsentFilter{})
			if err != nil || len(list) != 2 || list[0].ID != first.ID || list[1].ID != second.ID || list[1].Replaces != first.ID {
				t.Fatalf("CookieConsents = %+v, %v; want the two proofs in order, chained", list, err)
			}
		})
	}
}

// TestRefusedChoices: a choice naming a category the register does not
// have, or made on a site that is not an origin, is refused with EINVALID
// and stores and audits nothing.
func TestRefusedChoices(t *testing.T) {
	tests := []struct {
		name   string
		change func(*tillit.CookieChoice)
	}{
		{"unknown category", func(c *tillit.CookieChoice) { c.Categories["tracking"] = true }},
		{"strictly necessary category", func(c *tillit.CookieChoice) { c.Categories["necessary"] = true }},
		{"a category left out", func(c *tillit.CookieChoice) { delete(c.Categories, "analytics") }},
		{"no origin", func(c *tillit.CookieChoice) { c.Origin = "" }},
		{"origin with a path", func(c *tillit.CookieChoice) { c.Origin = origin + "/kontakt" }},
		{"origin with a query", func(c *tillit.CookieChoice) { c.Origin = origin + "?email=anna@example.se" }},
		{"origin with a user", func(c *tillit.CookieChoice) { c.Origin = "https://anna@www.elvis.example" }},
		{"origin not over HTTP", func(c *tillit.CookieChoice) { c.Origin = "ftp://www.elvis.example" }},
		{"a host alone", func(c *tillit.CookieChoice) { c.Origin = "www.elvis.example" }},
		{"a malformed previous proof", func(c *tillit.CookieChoice) { c.Replaces = "cc_short" }},
	}
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			audited := len(a.Audit(t))
			for _, tc := range tests {
				c := choice(a, tillit.ViaChoose, true, false, false)
				tc.change(&c)
				if _, err := a.Cookies.RecordCookieChoice(a.Ctx, c); tillit.ErrorCode(err) != tillit.EINVALID {
					t.Errorf("%s: %v, want %s", tc.name, err, tillit.EINVALID)
				}
			}
			if list, err := a.Cookies.CookieConsents(a.Ctx, tillit.CookieConsentFilter{}); err != nil || len(list) != 0 {
				t.Errorf("after the refusals: %d proofs, %v; want none", len(list), err)
			}
			if n := len(a.Audit(t)); n != audited {
				t.Errorf("the refusals added %d audit entries", n-audited)
			}
			// The same choice unchanged is recorded: the refusals were
			// the changes'.
			if _, err := a.Cookies.RecordCookieChoice(a.Ctx, choice(a, tillit.ViaChoose, true, false, false)); err != nil {
				t.Errorf("the unchanged choice: %v", err)
			}
		})
	}
}

// TestGlobalPrivacyControl: with the GPC signal, every category whose
// data is sold or shared for advertising (a direct-marketing purpose, or
// an ID such as advertisement) is rejected whatever the choice said; the
// others are as chosen. A choice "by GPC" needs the signal and nothing
// else left to ask about.
func TestGlobalPrivacyControl(t *testing.T) {
	tests := []struct {
		name     string
		via      string
		gpc      bool
		yes      bool   // every category accepted
		want     string // accepted, rejected; "" for EINVALID
		wantCode tillit.Code
	}{
		{"no signal", tillit.ViaAcceptAll, false, true, "[functional analytics advertisement] []", ""},
		{"accept all with the signal", tillit.ViaAcceptAll, true, true, "[functional analytics] [advertisement]", ""},
		{"choose with the signal", tillit.ViaChoose, true, true, "[functional analytics] [advertisement]", ""},
		{"reject all with the signal", tillit.ViaRejectAll, true, false, "[] [functional analytics advertisement]", ""},
		{"by GPC while other categories are left to ask", tillit.ViaGPC, true, false, "", tillit.EINVALID},
		{"by GPC without the signal", tillit.ViaGPC, false, false, "", tillit.EINVALID},
	}
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			for _, tc := range tests {
				c := choice(a, tc.via, tc.yes, tc.yes, tc.yes)
				c.GPC = tc.gpc
				got, err := a.Cookies.RecordCookieChoice(a.Ctx, c)
				switch {
				case tc.wantCode != "":
					if tillit.ErrorCode(err) != tc.wantCode {
						t.Errorf("%s: %v, want %s", tc.name, err, tc.wantCode)
					}
				case err != nil:
					t.Errorf("%s: %v", tc.name, err)
				case fmt.Sprint(got.Accepted, " ", got.Rejected) != tc.want || got.GPC != tc.gpc:
					t.Errorf("%s: accepted %v, rejected %v, gpc %v; want %s", tc.name, got.Accepted, got.Rejected, got.GPC, tc.want)
				}
			}
		})
	}
}
