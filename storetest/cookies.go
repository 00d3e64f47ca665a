package storetest

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
)

// testCookieConsents records visitors' cookie choices through the vault:
// each proof is stored with the register's version, the categories and
// the server's time, chains to the browser's previous proof, is audited
// without anything of the visitor, and a refused choice stores nothing.
func testCookieConsents(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	pol := e.Policy
	choice := tillit.CookieChoice{
		PolicyVersion: pol.Controller().PolicyVersion, CookiesHash: pol.CookiesHash(),
		Categories: map[string]bool{"statistics": false}, Via: tillit.ViaRejectAll, Origin: "https://solgarden.example",
	}
	first, err := e.Cookies.RecordCookieChoice(e.Ctx, choice)
	if err != nil {
		t.Fatal(err)
	}
	want := tillit.CookieConsent{ID: first.ID, At: e.Clock.Now().UTC(), PolicyVersion: "1.0", CookiesHash: pol.CookiesHash(),
		Accepted: []string{}, Rejected: []string{"statistics"}, Via: tillit.ViaRejectAll, Origin: "https://solgarden.example"}
	if diff := cmp.Diff(want, first); diff != "" {
		t.Errorf("proof (-want +got):\n%s", diff)
	}
	if len(first.CookiesHash) != 64 {
		t.Errorf("cookies hash %q is not a hex SHA-256", first.CookiesHash)
	}

	// The visitor changes their mind: the new proof names the old one.
	e.Clock.Add(time.Hour)
	choice.Categories["statistics"], choice.Via, choice.Replaces, choice.GPC = true, tillit.ViaChoose, first.ID, true
	second, err := e.Cookies.RecordCookieChoice(e.Ctx, choice)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID == first.ID || second.Replaces != first.ID || !second.GPC || !second.At.Equal(e.Clock.Now()) ||
		fmt.Sprint(second.Accepted, second.Rejected) != "[statistics] []" {
		// GPC refuses only what sells or shares data for advertising;
		// statistics do not.
		t.Errorf("second proof: %+v", second)
	}
	// A proof the store does not hold (a restored backup, another
	// Tillit) starts a new chain rather than pointing at nothing.
	choice.Replaces = "cc_" + strings.Repeat("a", 24)
	third, err := e.Cookies.RecordCookieChoice(e.Ctx, choice)
	if err != nil || third.Replaces != "" {
		t.Errorf("unknown previous proof: %+v, %v", third, err)
	}

	got, err := e.Cookies.CookieConsents(e.Ctx, tillit.CookieConsentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]tillit.CookieConsent{first, second, third}, got); diff != "" {
		t.Errorf("CookieConsents (-want +got):\n%s", diff)
	}
	page, err := e.Cookies.CookieConsents(e.Ctx, tillit.CookieConsentFilter{After: first.ID, N: 1})
	if err != nil || len(page) != 1 || page[0].ID != second.ID {
		t.Errorf("page after the first: %+v, %v", page, err)
	}

	entries := auditOf(t, e, tillit.AuditCookieChoice, "")
	if len(entries) != 3 {
		t.Fatalf("%d cookie_choice entries, want 3", len(entries))
	}
	if d := entries[0].Detail; d != "proof="+first.ID+" accepted= rejected=statistics gpc=false via=reject_all" {
		t.Errorf("first entry: %q", d)
	}
	if d := entries[1].Detail; d != "proof="+second.ID+" replaces="+first.ID+" accepted=statistics rejected= gpc=true via=choose" {
		t.Errorf("second entry: %q", d)
	}
	for _, a := range entries {
		if a.Subject != "" || a.Actor != "test" || strings.Contains(a.Detail, "solgarden") {
			t.Errorf("entry %d: %+v", a.Seq, a)
		}
	}
	e.Verify(t)

	t.Run("refusals", func(t *testing.T) { checkCookieRefusals(t, e) })
	t.Run("store", func(t *testing.T) { checkCookieRows(t, open) })
}

// checkCookieRefusals checks that a choice that does not fit the register
// in force is refused with a message saying what is wrong, and stores and
// audits nothing.
func checkCookieRefusals(t *testing.T, e *Env) {
	before, err := e.Cookies.CookieConsents(e.Ctx, tillit.CookieConsentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	head := e.Head(t)
	good := func() tillit.CookieChoice {
		return tillit.CookieChoice{PolicyVersion: "1.0", CookiesHash: e.Policy.CookiesHash(),
			Categories: map[string]bool{"statistics": true}, Via: tillit.ViaAcceptAll, Origin: "https://solgarden.example"}
	}
	tests := []struct {
		name   string
		change func(*tillit.CookieChoice)
		code   tillit.Code
		want   string
	}{
		{"old policy version", func(c *tillit.CookieChoice) { c.PolicyVersion = "0.9" }, tillit.ECONFLICT, "reload the page"},
		{"other cookie section", func(c *tillit.CookieChoice) { c.CookiesHash = strings.Repeat("0", 64) }, tillit.ECONFLICT, "changed since"},
		{"unknown category", func(c *tillit.CookieChoice) { c.Categories["tracking"] = true }, tillit.EINVALID, "no cookie category tracking"},
		{"category not an ID", func(c *tillit.CookieChoice) { c.Categories["anna@example.se"] = false }, tillit.EINVALID, "(a name that is not an ID)"},
		{"necessary category", func(c *tillit.CookieChoice) { c.Categories["necessary"] = false }, tillit.EINVALID, "strictly necessary"},
		{"category missing", func(c *tillit.CookieChoice) { delete(c.Categories, "statistics") }, tillit.EINVALID, "lacks the cookie category statistics"},
		{"unknown way", func(c *tillit.CookieChoice) { c.Via = "click" }, tillit.EINVALID, "accept_all, reject_all, choose, gpc"},
		{"accept all that is not", func(c *tillit.CookieChoice) { c.Categories["statistics"] = false }, tillit.EINVALID, "does not leave out statistics"},
		{"reject all that is not", func(c *tillit.CookieChoice) { c.Via = tillit.ViaRejectAll }, tillit.EINVALID, "does not accept statistics"},
		{"gpc without the signal", func(c *tillit.CookieChoice) { c.Via, c.Categories["statistics"] = tillit.ViaGPC, false }, tillit.EINVALID, "needs the signal"},
		{"gpc with questions left", func(c *tillit.CookieChoice) {
			c.Via, c.GPC, c.Categories["statistics"] = tillit.ViaGPC, true, false
		}, tillit.EINVALID, "nothing else left"},
		{"malformed previous proof", func(c *tillit.CookieChoice) { c.Replaces = "anna@example.se" }, tillit.EINVALID, "form cc_"},
		{"origin with a path", func(c *tillit.CookieChoice) { c.Origin = "https://solgarden.example/kontakt" }, tillit.EINVALID, "origin"},
		{"no origin", func(c *tillit.CookieChoice) { c.Origin = "" }, tillit.EINVALID, "origin"},
		{"origin not on the web", func(c *tillit.CookieChoice) { c.Origin = "file://x" }, tillit.EINVALID, "origin"},
		{"long origin", func(c *tillit.CookieChoice) { c.Origin = "https://" + strings.Repeat("a", 200) + ".se" }, tillit.EINVALID, "at most 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good()
			tt.change(&c)
			_, err := e.Cookies.RecordCookieChoice(e.Ctx, c)
			wantErr(t, err, tt.code, tt.want)
			var te *tillit.Error
			if !errors.As(err, &te) || te.Text.SV == "" || te.Text.SV == te.Text.EN {
				t.Errorf("%v: no Swedish message", err)
			}
			if strings.Contains(err.Error(), "anna") {
				t.Errorf("the error repeats what was sent: %v", err)
			}
		})
	}
	after, err := e.Cookies.CookieConsents(e.Ctx, tillit.CookieConsentFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) || e.Head(t) != head {
		t.Errorf("refusals stored %d proofs and %d audit entries", len(after)-len(before), e.Head(t)-head)
	}
}

// checkCookieRows checks the store's own promises for proofs of cookie
// choices: they come back as stored, an ID is unique, and they page in
// the order they were stored.
func checkCookieRows(t *testing.T, open Opener) {
	s := open(t)
	ctx := t.Context()
	at := time.Date(2026, 5, 1, 12, 0, 0, 123456000, time.UTC)
	var all []tillit.CookieConsent
	for i := range 5 {
		c := tillit.CookieConsent{ID: fmt.Sprintf("cc_%d", i), At: at.Add(time.Duration(i) * time.Minute), PolicyVersion: "2",
			CookiesHash: "abc", Accepted: []string{"analytics", "marketing"}, Rejected: []string{}, GPC: i%2 == 1,
			Via: tillit.ViaChoose, Origin: "https://example.se"}
		if i > 0 {
			c.Replaces = all[i-1].ID
		}
		if i == 4 {
			c.Accepted, c.Rejected = []string{}, []string{"analytics", "marketing"}
		}
		all = append(all, c)
		if err := s.Update(ctx, func(tx tillit.Tx) error { return tx.InsertCookieConsent(c) }); err != nil {
			t.Fatal(err)
		}
	}
	wantErr(t, s.Update(ctx, func(tx tillit.Tx) error { return tx.InsertCookieConsent(all[0]) }), tillit.ECONFLICT)
	err := s.View(ctx, func(tx tillit.Tx) error {
		got, err := tx.CookieConsent("cc_3")
		if err != nil {
			return err
		}
		if diff := cmp.Diff(all[3], got); diff != "" {
			t.Errorf("cc_3 (-want +got):\n%s", diff)
		}
		_, err = tx.CookieConsent("cc_none")
		wantErr(t, err, tillit.ENOTFOUND)
		list, err := tx.CookieConsents(tillit.CookieConsentFilter{})
		if err != nil {
			return err
		}
		if diff := cmp.Diff(all, list); diff != "" {
			t.Errorf("all (-want +got):\n%s", diff)
		}
		list, err = tx.CookieConsents(tillit.CookieConsentFilter{After: "cc_1", N: 2})
		if err != nil {
			return err
		}
		if diff := cmp.Diff(all[2:4], list); diff != "" {
			t.Errorf("page after cc_1 (-want +got):\n%s", diff)
		}
		_, err = tx.CookieConsents(tillit.CookieConsentFilter{After: "cc_none"})
		wantErr(t, err, tillit.ENOTFOUND)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
