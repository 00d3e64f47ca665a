package vault_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/testapp"
	"github.com/tillit-privacy/tillit/storetest"
)

// The vault's tests run on the rights register: sign-up for a customer
// contract, a consent newsletter and a legitimate-interest analysis;
// invoices kept seven years under Bokföringslagen.
func start(t *testing.T, st testapp.Store) *testapp.App {
	t.Helper()
	pol := storetest.RightsRegister(t, "https://crm.example/art19", "art19@tryckeriet.example")
	return testapp.Start(t, testapp.Options{Store: st.Open, Policy: pol})
}

var anna = map[string]string{"name": "Anna Svensson", "email": "anna@example.se", "phone": "070-1740605"}

// signUp collects Anna at sign-up, consenting to the newsletter, and
// returns her subject ID.
func signUp(t *testing.T, a *testapp.App) string {
	t.Helper()
	r, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: "signup", Fields: anna,
		Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}})
	if err != nil {
		t.Fatalf("Collect: %v", err)
	}
	return r.Subject
}

// values returns "category=value" of items, sorted.
func values(items []tillit.Item) string {
	var out []string
	for _, it := range items {
		out = append(out, it.Category+"="+it.Value)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

func wantCode(t *testing.T, what string, err error, code tillit.Code) {
	t.Helper()
	if got := tillit.ErrorCode(err); got != code {
		t.Errorf("%s: %v, want %s", what, err, code)
	}
}

// TestCollectAndUse: what a collection point declares is stored and each
// purpose uses the categories it declares; an undeclared field, point or
// purpose is refused and nothing is stored.
func TestCollectAndUse(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			subj := signUp(t, a)
			for purpose, want := range map[string]string{
				"customer":   "email=anna@example.se name=Anna Svensson phone=+46701740605",
				"newsletter": "email=anna@example.se",
				"analysis":   "email=anna@example.se name=Anna Svensson",
			} {
				items, err := a.Vault.Use(a.Ctx, subj, purpose)
				if err != nil || values(items) != want {
					t.Errorf("Use(%s) = %q, %v; want %q", purpose, values(items), err, want)
				}
			}

			audited := len(a.Audit(t))
			const bo = "bo@example.se"
			for _, bad := range []struct {
				name string
				s    tillit.Submission
			}{
				{"a field the point does not declare", tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo", "email": bo, "invoice": "Faktura 9"}}},
				{"a field the register does not have", tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo", "email": bo, "shoe_size": "44"}}},
				{"a required field left out", tillit.Submission{Point: "signup", Fields: map[string]string{"email": bo}}},
				{"an unknown point", tillit.Submission{Point: "nonesuch", Fields: map[string]string{"name": "Bo", "email": bo}}},
				{"consent to an unknown purpose", tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo", "email": bo},
					Consents: []tillit.ConsentGrant{{Purpose: "profiling", Version: "1"}}}},
				{"a card number in a text", tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo 4111 1111 1111 1111", "email": bo}}},
			} {
				r, err := a.Vault.Collect(a.Ctx, bad.s)
				wantCode(t, bad.name, err, tillit.EINVALID)
				if r.Subject != "" {
					t.Errorf("%s: refused, yet a receipt for %s", bad.name, r.Subject)
				}
			}
			_, err := a.Vault.Use(a.Ctx, subj, "profiling")
			wantCode(t, "an undeclared purpose", err, tillit.EINVALID)
			_, err = a.Vault.Find(a.Ctx, tillit.TypeEmail, bo)
			wantCode(t, "Bo after the refusals", err, tillit.ENOTFOUND)
			if n := len(a.Audit(t)); n != audited {
				t.Errorf("the refusals added %d audit entries", n-audited)
			}
		})
	}
}

// TestLegalBasis: a purpose uses the data only while its legal basis
// holds: consent withdrawn, an objection or a restriction forbid it, and
// each forbids only what it concerns.
func TestLegalBasis(t *testing.T) {
	withdraw := func(a *testapp.App, subj string) error {
		return a.Vault.SetConsent(a.Ctx, tillit.ConsentRecord{Subject: subj, Purpose: "newsletter", Given: false, Channel: "privacy_centre"}, tillit.Evidence{})
	}
	tests := []struct {
		name      string
		do        func(a *testapp.App, subj string) error
		forbidden []string // purposes refused after
		allowed   []string // purposes still used after
	}{
		{"consent withdrawn", withdraw, []string{"newsletter"}, []string{"customer", "analysis"}},
		{"an objection", func(a *testapp.App, subj string) error { return a.Vault.Object(a.Ctx, subj, "analysis") },
			[]string{"analysis"}, []string{"customer", "newsletter"}},
		{"restricted", func(a *testapp.App, subj string) error { return a.Vault.Restrict(a.Ctx, subj, true) },
			[]string{"customer", "newsletter", "analysis"}, nil},
		{"restricted, then lifted", func(a *testapp.App, subj string) error {
			if err := a.Vault.Restrict(a.Ctx, subj, true); err != nil {
				return err
			}
			return a.Vault.Restrict(a.Ctx, subj, false)
		}, nil, []string{"customer", "newsletter", "analysis"}},
		{"consent given again", func(a *testapp.App, subj string) error {
			if err := withdraw(a, subj); err != nil {
				return err
			}
			return a.Vault.SetConsent(a.Ctx, tillit.ConsentRecord{Subject: subj, Purpose: "newsletter", Given: true, Version: "1", Channel: "privacy_centre"}, tillit.Evidence{})
		}, nil, []string{"newsletter"}},
	}
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			for i, tc := range tests {
				// Each case has a person of its own.
				r, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: "signup",
					Fields:   map[string]string{"name": "Anna", "email": fmt.Sprintf("anna%d@example.se", i)},
					Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}})
				if err != nil {
					t.Fatal(err)
				}
				if err := tc.do(a, r.Subject); err != nil {
					t.Fatalf("%s: %v", tc.name, err)
				}
				for _, p := range tc.forbidden {
					_, err := a.Vault.Use(a.Ctx, r.Subject, p)
					wantCode(t, tc.name+": Use("+p+")", err, tillit.EFORBIDDEN)
				}
				for _, p := range tc.allowed {
					if items, err := a.Vault.Use(a.Ctx, r.Subject, p); err != nil || len(items) == 0 {
						t.Errorf("%s: Use(%s) = %d items, %v; want the items", tc.name, p, len(items), err)
					}
				}
			}
		})
	}
}

// TestErase: erasure deletes everything but what a legal hold keeps,
// which stays archived, used by no purpose and found by no identifier; a
// person with nothing held has their key destroyed.
func TestErase(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			subj := signUp(t, a)
			if _, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: "invoicing", Subject: subj, Fields: map[string]string{"invoice": "Faktura 1001, 1 250 kr"}}); err != nil {
				t.Fatal(err)
			}
			if err := a.Vault.Record(a.Ctx, tillit.EventRecord{Subject: subj, Event: "payment_registered"}); err != nil {
				t.Fatal(err)
			}
			e, err := a.Vault.Erase(a.Ctx, subj)
			if err != nil {
				t.Fatal(err)
			}
			if e.Items != 3 || e.Shredded || len(e.Kept) != 1 || e.Kept[0].Hold != "bookkeeping" {
				t.Fatalf("Erase = %+v; want 3 items deleted and the invoice kept under bookkeeping", e)
			}
			h, err := a.Vault.History(a.Ctx, subj)
			if err != nil || len(h.Items) != 1 || h.Items[0].Category != "invoice" || !h.Items[0].IsArchived() {
				t.Fatalf("left after erasure: %+v, %v; want the invoice alone, archived", h.Items, err)
			}
			if items, err := a.Vault.Use(a.Ctx, subj, "customer"); err != nil || len(items) != 0 {
				t.Errorf("the kept invoice is in use: %d items, %v", len(items), err)
			}
			_, err = a.Vault.Find(a.Ctx, tillit.TypeEmail, anna["email"])
			wantCode(t, "finding the erased person", err, tillit.ENOTFOUND)

			// With no invoice, nothing is held and the key goes.
			r, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo", "email": "bo@example.se"}})
			if err != nil {
				t.Fatal(err)
			}
			if e, err := a.Vault.Erase(a.Ctx, r.Subject); err != nil || !e.Shredded || e.Items != 2 || len(e.Kept) != 0 {
				t.Fatalf("Erase(Bo) = %+v, %v; want 2 items deleted and the key destroyed", e, err)
			}
			_, err = a.Vault.Use(a.Ctx, r.Subject, "customer")
			wantCode(t, "using an erased person", err, tillit.ENOTFOUND)
		})
	}
}

// TestHistoryHoldsNoValues: the history shows every record of a person
// but none of the values.
func TestHistoryHoldsNoValues(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			subj := signUp(t, a)
			if _, _, err := a.Vault.Disclose(a.Ctx, tillit.Disclosure{Subject: subj, Recipient: "crm", Purpose: "customer"}); err != nil {
				t.Fatal(err)
			}
			h, err := a.Vault.History(a.Ctx, subj)
			if err != nil {
				t.Fatal(err)
			}
			if len(h.Items) != 3 || len(h.Consents) != 1 || len(h.Disclosures) != 1 {
				t.Fatalf("history: %d items, %d consents, %d disclosures; want 3, 1, 1", len(h.Items), len(h.Consents), len(h.Disclosures))
			}
			for _, it := range h.Items {
				if it.Value != "" || it.Sealed != nil {
					t.Errorf("the history's %s item holds its value", it.Category)
				}
			}
			js, err := json.Marshal(h)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []string{"Anna", "anna@", "1740605"} {
				if strings.Contains(string(js), v) {
					t.Errorf("the history holds %q: %s", v, js)
				}
			}
		})
	}
}

// TestRectify: a correction changes the value every purpose sees and,
// for an identifier, the index the person is found by.
func TestRectify(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := start(t, st)
			subj := signUp(t, a)
			cats, err := a.Vault.Rectify(a.Ctx, subj, map[string]string{"email": "Anna.Ny@Example.se", "name": "Anna Ny"})
			if slices.Sort(cats); err != nil || !slices.Equal(cats, []string{"email", "name"}) {
				t.Fatalf("Rectify = %v, %v; want email and name", cats, err)
			}
			items, err := a.Vault.Use(a.Ctx, subj, "analysis")
			if want := "email=anna.ny@example.se name=Anna Ny"; err != nil || values(items) != want {
				t.Errorf("after rectifying: %q, %v; want %q", values(items), err, want)
			}
			if s, err := a.Vault.Find(a.Ctx, tillit.TypeEmail, "anna.ny@example.se"); err != nil || s.ID != subj {
				t.Errorf("Find(the new address) = %+v, %v; want Anna", s, err)
			}
			_, err = a.Vault.Find(a.Ctx, tillit.TypeEmail, anna["email"])
			wantCode(t, "Find(the old address)", err, tillit.ENOTFOUND)
			for name, changes := range map[string]map[string]string{
				"a category the register does not have": {"shoe_size": "44"},
				"an invalid address":                    {"email": "not an address"},
				"nothing":                               {},
			} {
				_, err := a.Vault.Rectify(a.Ctx, subj, changes)
				wantCode(t, "rectifying "+name, err, tillit.EINVALID)
			}

			// Another person's address is theirs.
			if _, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: "signup", Fields: map[string]string{"name": "Bo", "email": "bo@example.se"}}); err != nil {
				t.Fatal(err)
			}
			_, err = a.Vault.Rectify(a.Ctx, subj, map[string]string{"email": "bo@example.se"})
			wantCode(t, "rectifying to another person's address", err, tillit.ECONFLICT)
			if s, err := a.Vault.Find(a.Ctx, tillit.TypeEmail, "anna.ny@example.se"); err != nil || s.ID != subj {
				t.Errorf("after the refused correction, Find(Anna's address) = %+v, %v; want Anna", s, err)
			}
		})
	}
}
