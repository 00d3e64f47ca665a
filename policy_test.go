package tillit_test

import (
	"slices"
	"testing"

	"github.com/tillit-privacy/tillit"
)

func text(s string) tillit.Text { return tillit.Text{SV: s, EN: s} }

func def() tillit.PolicyDef {
	return tillit.PolicyDef{
		Controller: tillit.Controller{Name: "Exempel AB"},
		Categories: []tillit.Category{
			{ID: "email", Label: text("E-post"), Type: tillit.TypeEmail, Identifier: true},
			{ID: "invoice", Label: text("Faktura")},
			{ID: "roof", Label: text("Taktyp")},
		},
		Events: []tillit.Event{{ID: "contract_ended", Label: text("Avtal slut"), Done: text("avtalet upphörde")}},
		CollectionPoints: []tillit.CollectionPoint{
			{ID: "form", Channel: tillit.ChannelWebForm, Required: []string{"email"}, Optional: []string{"roof"}, Purposes: []string{"quote"}},
		},
		Purposes: []tillit.Purpose{
			{ID: "quote", Basis: tillit.Contract, Categories: []string{"email", "roof"}, Recipients: []string{"installer"},
				Retention: []tillit.Rule{{Action: tillit.Delete, After: tillit.Duration{N: 36, Unit: tillit.Months}, Event: tillit.EventCollected}}},
			{ID: "billing", Basis: tillit.LegalObligation, Categories: []string{"email", "invoice"},
				Retention: []tillit.Rule{{Action: tillit.Delete, After: tillit.Duration{N: 36, Unit: tillit.Months}, Event: "contract_ended"}}},
		},
		Recipients: []tillit.Recipient{{ID: "installer", Name: "Installatör AB", Role: tillit.IndependentCtl, Country: "SE", Categories: []string{"email"}}},
		LegalHolds: []tillit.LegalHold{{ID: "bfl", Law: text("Bokföringslagen"), Categories: []string{"invoice"},
			Keep: tillit.Rule{After: tillit.Duration{N: 7, Unit: tillit.Years}, EndOfYear: true, Event: "contract_ended"}}},
	}
}

func ids[T any](xs []T, id func(T) string) []string {
	var out []string
	for _, x := range xs {
		out = append(out, id(x))
	}
	return out
}

func TestPolicyQueries(t *testing.T) {
	p, err := tillit.NewPolicy(def())
	if err != nil {
		t.Fatal(err)
	}
	cp, ok := p.CollectionPoint("form")
	if !ok || !cp.Accepts("email") || !cp.Accepts("roof") || cp.Accepts("invoice") {
		t.Errorf("collection point form accepts the wrong categories: %+v", cp)
	}
	if got := ids(p.PurposesUsing("email"), func(x tillit.Purpose) string { return x.ID }); !slices.Equal(got, []string{"quote", "billing"}) {
		t.Errorf("PurposesUsing(email) = %v", got)
	}
	if got := ids(p.RecipientsFor("quote"), func(r tillit.Recipient) string { return r.ID }); !slices.Equal(got, []string{"installer"}) {
		t.Errorf("RecipientsFor(quote) = %v", got)
	}
	if got := p.Disclosable("quote", "installer"); !slices.Equal(got, []string{"email"}) {
		t.Errorf("Disclosable(quote, installer) = %v, want [email]: roof is not the recipient's", got)
	}
	if got := p.Disclosable("billing", "installer"); got != nil {
		t.Errorf("Disclosable(billing, installer) = %v, want nothing: not a recipient of billing", got)
	}
	if got := p.RulesFor("email", []string{"quote", "billing"}); len(got) != 2 || got[0].Purpose != "quote" || got[1].Purpose != "billing" {
		t.Errorf("RulesFor(email) = %+v", got)
	}
	if got := p.RulesFor("roof", []string{"billing"}); len(got) != 0 {
		t.Errorf("RulesFor(roof, billing) = %+v, want none: billing does not use roof", got)
	}
	if got := p.HoldsOn("invoice"); len(got) != 1 || got[0].ID != "bfl" {
		t.Errorf("HoldsOn(invoice) = %+v", got)
	}
	if _, ok := p.Event(tillit.EventConsentWithdrawn); !ok {
		t.Errorf("built-in events missing")
	}
	if p.Controller().Authority != tillit.IMY {
		t.Errorf("default authority is not IMY")
	}
}

// TestPolicyImmutable checks that neither the definition nor a returned value
// can change a compiled policy.
func TestPolicyImmutable(t *testing.T) {
	d := def()
	p, err := tillit.NewPolicy(d)
	if err != nil {
		t.Fatal(err)
	}
	d.Purposes[0].Categories[0] = "invoice"
	x, _ := p.Purpose("quote")
	x.Categories[0] = "invoice"
	x.Retention[0].Action = tillit.Archive
	all := p.Purposes()
	all[0].Recipients[0] = "someone"
	cps := p.CollectionPoints()
	cps[0].Required = append(cps[0].Required[:0], "invoice")

	again, _ := p.Purpose("quote")
	if again.Categories[0] != "email" || again.Retention[0].Action != tillit.Delete || again.Recipients[0] != "installer" {
		t.Errorf("policy changed through a returned value: %+v", again)
	}
	if cp, _ := p.CollectionPoint("form"); cp.Required[0] != "email" {
		t.Errorf("collection point changed: %+v", cp)
	}
}

func TestNewPolicyErrors(t *testing.T) {
	tests := map[string]func(*tillit.PolicyDef){
		"duplicate category":    func(d *tillit.PolicyDef) { d.Categories = append(d.Categories, d.Categories[0]) },
		"undeclared category":   func(d *tillit.PolicyDef) { d.Purposes[0].Categories = append(d.Purposes[0].Categories, "shoe") },
		"undeclared recipient":  func(d *tillit.PolicyDef) { d.Purposes[1].Recipients = []string{"nobody"} },
		"undeclared rule event": func(d *tillit.PolicyDef) { d.Purposes[0].Retention[0].Event = "never" },
		"undeclared purpose":    func(d *tillit.PolicyDef) { d.CollectionPoints[0].Purposes = []string{"spying"} },
		"redeclared built-in":   func(d *tillit.PolicyDef) { d.Events = append(d.Events, tillit.Event{ID: tillit.EventCollected}) },
	}
	for name, edit := range tests {
		t.Run(name, func(t *testing.T) {
			d := def()
			edit(&d)
			if _, err := tillit.NewPolicy(d); tillit.ErrorCode(err) != tillit.EINVALID {
				t.Errorf("got %v, want an invalid error", err)
			}
		})
	}
}

func TestIsEEA(t *testing.T) {
	for c, want := range map[string]bool{"SE": true, "NO": true, "IE": true, "EU": true, "US": false, "GB": false, "IL": false} {
		if tillit.IsEEA(c) != want {
			t.Errorf("IsEEA(%s) = %v", c, !want)
		}
	}
}
