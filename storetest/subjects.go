package storetest

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
)

func testIdentifiers(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	bo := tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "850412-1230", "name": "Bo Berg", "email": "Bo.Berg@Example.se", "phone": "070-123 45 67"}}
	r := e.Collect(t, bo)
	for _, q := range []struct {
		kind  tillit.ValueType
		value string
	}{
		{tillit.TypeEmail, "bo.berg@example.se"},
		{tillit.TypeEmail, " BO.BERG@EXAMPLE.SE "},
		{tillit.TypePhone, "+46701234567"},
		{tillit.TypePhone, "0701234567"},
		{tillit.TypePersonnummer, "198504121230"},
		{tillit.TypePersonnummer, "850412-1230"},
	} {
		s, err := e.Vault.Find(e.Ctx, q.kind, q.value)
		if err != nil || s.ID != r.Subject {
			t.Errorf("Find(%s, %q) = %q, %v; want %q", q.kind, q.value, s.ID, err, r.Subject)
		}
	}
	if _, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, "someone@example.se"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Errorf("Find(unknown) = %v, want not found", err)
	}
	if _, err := e.Vault.Find(e.Ctx, tillit.TypePersonnummer, "850412-1234"); tillit.ErrorCode(err) != tillit.EINVALID {
		t.Errorf("Find(invalid personnummer) = %v, want invalid", err)
	}

	// A second submission with the same e-mail adds to the same person.
	again := e.Collect(t, Quote("bo.berg@example.se"))
	if again.Subject != r.Subject || again.Created {
		t.Errorf("second submission went to %q (created %v), want %q", again.Subject, again.Created, r.Subject)
	}
	// Identifiers of two different people in one submission are refused.
	e.Collect(t, Quote("cia@example.se"))
	mixed := tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "850412-1230", "name": "Bo Berg", "email": "cia@example.se"}}
	before := e.Head(t)
	_, err := e.Vault.Collect(e.Ctx, mixed)
	wantErr(t, err, tillit.ECONFLICT, "different people")
	if e.Head(t) != before {
		t.Error("a conflicting submission wrote to the audit log")
	}

	// A second personnummer for a person found by e-mail is someone else.
	before = e.Head(t)
	_, err = e.Vault.Collect(e.Ctx, tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "811218-9876", "name": "Mallory", "email": "bo.berg@example.se", "phone": "0739876543"}})
	wantErr(t, err, tillit.ECONFLICT, "different people")
	if e.Head(t) != before {
		t.Error("a second personnummer wrote to the audit log")
	}
	if _, err := e.Vault.Find(e.Ctx, tillit.TypePhone, "0739876543"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Errorf("the refused submission's phone was indexed: %v", err)
	}
	// The same value in two identifier categories is one identifier.
	same := tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "811218-9876", "name": "Cia", "email": "cia2@example.se"}}
	e.Collect(t, same)

	// The blind index holds no plaintext identifier.
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		for _, kind := range []string{"email", "phone", "personnummer"} {
			for _, v := range []string{"bo.berg@example.se", "+46701234567", "198504121230"} {
				if _, err := tx.FindIdentifier(kind, []byte(v)); tillit.ErrorCode(err) != tillit.ENOTFOUND {
					t.Errorf("identifier %s is indexed in plaintext", kind)
				}
			}
		}
		return nil
	})
}

func testConsent(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	r := e.Collect(t, tillit.Submission{Point: "newsletter_signup", Fields: map[string]string{"email": "nils@example.se"},
		Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}},
		Evidence: tillit.Evidence{IP: "192.0.2.44", Reference: "form-v3"}})
	if _, err := e.Vault.Use(e.Ctx, r.Subject, "newsletter"); err != nil {
		t.Fatalf("Use after consent: %v", err)
	}
	e.Clock.Add(3600e9)
	withdraw := tillit.ConsentRecord{Subject: r.Subject, Purpose: "newsletter", Channel: "privacy_centre"}
	if err := e.Vault.SetConsent(e.Ctx, withdraw, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	_, err := e.Vault.Use(e.Ctx, r.Subject, "newsletter")
	wantErr(t, err, tillit.EFORBIDDEN, "withdrawn")
	_, _, err = e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: r.Subject, Purpose: "newsletter", Recipient: "mailer"})
	wantErr(t, err, tillit.EFORBIDDEN, "withdrawn")

	// Giving consent again needs the current wording version.
	err = e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: r.Subject, Purpose: "newsletter", Given: true, Version: "0", Channel: "privacy_centre"}, tillit.Evidence{})
	wantErr(t, err, tillit.EINVALID, "version")
	err = e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: r.Subject, Purpose: "quote", Given: true, Version: "1", Channel: "privacy_centre"}, tillit.Evidence{})
	wantErr(t, err, tillit.EINVALID, "does not rest on consent")
	if err := e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: r.Subject, Purpose: "newsletter", Given: true, Version: "1", Channel: "privacy_centre"}, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Vault.Use(e.Ctx, r.Subject, "newsletter"); err != nil {
		t.Errorf("Use after consent given again: %v", err)
	}

	h, err := e.Vault.History(e.Ctx, r.Subject)
	if err != nil {
		t.Fatal(err)
	}
	var ledger []string
	for _, c := range h.Consents {
		ledger = append(ledger, c.Purpose+"/"+c.Version+"/"+c.Channel+"/"+map[bool]string{true: "given", false: "withdrawn"}[c.Given])
	}
	want := []string{"newsletter/1/newsletter_signup/given", "newsletter/1/privacy_centre/withdrawn", "newsletter/1/privacy_centre/given"}
	if diff := cmp.Diff(want, ledger); diff != "" {
		t.Errorf("consent ledger (-want +got):\n%s", diff)
	}
	if err := e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: r.Subject, Purpose: "newsletter", Channel: "privacy_centre",
		Evidence: "192.0.2.99 raw"}, tillit.Evidence{IP: "192.0.2.99", Reference: "req-77"}); err != nil {
		t.Fatal(err)
	}
	h, _ = e.Vault.History(e.Ctx, r.Subject)
	if last := h.Consents[len(h.Consents)-1]; strings.Contains(last.Evidence, "192.0.2") || !strings.Contains(last.Evidence, "ref=req-77 ip_hmac=") {
		t.Errorf("withdrawal evidence = %q, want the reference and a keyed IP hash only", last.Evidence)
	}
	ev := h.Consents[0].Evidence
	if ev == "" || !strings.Contains(ev, "ref=form-v3") || !strings.Contains(ev, "ip_hmac=") || strings.Contains(ev, "192.0.2") {
		t.Errorf("consent evidence = %q, want a reference and a keyed IP hash, no address", ev)
	}
	if !h.Consents[1].At.After(h.Consents[0].At) {
		t.Errorf("withdrawal time %v is not after the consent %v", h.Consents[1].At, h.Consents[0].At)
	}
}

func testObjectAndRestrict(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	r := e.Collect(t, Quote("anna@example.se"))
	if err := e.Vault.Object(e.Ctx, r.Subject, "site_statistics"); err != nil {
		t.Fatal(err)
	}
	_, err := e.Vault.Use(e.Ctx, r.Subject, "site_statistics")
	wantErr(t, err, tillit.EFORBIDDEN, "objected", "art. 21")
	if _, err := e.Vault.Use(e.Ctx, r.Subject, "quote"); err != nil {
		t.Errorf("an objection to statistics stopped the quote: %v", err)
	}

	if err := e.Vault.Restrict(e.Ctx, r.Subject, true); err != nil {
		t.Fatal(err)
	}
	_, err = e.Vault.Use(e.Ctx, r.Subject, "quote")
	wantErr(t, err, tillit.EFORBIDDEN, "restricted", "art. 18")
	_, _, err = e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: r.Subject, Purpose: "installation", Recipient: "installer"})
	wantErr(t, err, tillit.EFORBIDDEN, "restricted")
	if err := e.Vault.Restrict(e.Ctx, r.Subject, false); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Vault.Use(e.Ctx, r.Subject, "quote"); err != nil {
		t.Errorf("Use after the restriction was lifted: %v", err)
	}
}

func testDisclose(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	r := e.Collect(t, Quote("anna@example.se"))
	d, items, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: r.Subject, Purpose: "installation", Recipient: "installer"})
	if err != nil {
		t.Fatal(err)
	}
	// The installer may receive name, address and roof type, not e-mail.
	want := map[string]string{"name": "Anna Andersson", "address": "Solvägen 3, 123 45 Solby", "roof_type": "tegel"}
	if diff := cmp.Diff(want, Values(items)); diff != "" {
		t.Errorf("disclosed values (-want +got):\n%s", diff)
	}
	if d.Recipient != "installer" || d.Purpose != "installation" || d.Case != r.Case || d.Actor != "test" ||
		!sameSet(d.Categories, []string{"address", "name", "roof_type"}) {
		t.Errorf("disclosure = %+v", d)
	}
	h, err := e.Vault.History(e.Ctx, r.Subject)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Disclosures) != 1 || h.Disclosures[0].ID != d.ID || !sameSet(h.Disclosures[0].Categories, d.Categories) {
		t.Errorf("recorded disclosures = %+v, want %+v", h.Disclosures, d)
	}
	assertAuditClean(t, e, "Anna", "Solvägen", "tegel")

	// A second request: disclosing one case sends that case's address
	// only, and the record names the case.
	s2 := Quote("anna@example.se")
	s2.Fields["address"] = "Fjällstigen 1, 987 65 Fjäll"
	r2 := e.Collect(t, s2)
	d2, items, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: r.Subject, Purpose: "installation", Recipient: "installer", Case: r2.Case})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 3 || Values(items)["address"] != "Fjällstigen 1, 987 65 Fjäll" || d2.Case != r2.Case {
		t.Errorf("disclosure of case %s = %+v, %v", r2.Case, d2, Values(items))
	}
	// Nothing to disclose is not recorded as a disclosure.
	news := e.Collect(t, tillit.Submission{Point: "newsletter_signup", Fields: map[string]string{"email": "nils@example.se"},
		Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}})
	before := e.Head(t)
	_, _, err = e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: news.Subject, Purpose: "installation", Recipient: "installer"})
	wantErr(t, err, tillit.ENOTFOUND, "nothing was disclosed")
	if e.Head(t) != before {
		t.Error("an empty disclosure was recorded")
	}
}

func testEvents(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	r := e.Collect(t, Quote("anna@example.se"))
	if err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: r.Subject, Event: "contract_signed", Case: r.Case}); err != nil {
		t.Fatal(err)
	}
	if err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: r.Subject, Event: "warranty_ended"}); err != nil {
		t.Fatal(err)
	}
	if err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: r.Subject, Event: tillit.EventActivity}); err != nil {
		t.Fatal(err)
	}
	err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: r.Subject, Event: tillit.EventConsentGiven})
	wantErr(t, err, tillit.EINVALID, "recorded by Tillit itself")
	other := e.Collect(t, Quote("bo@example.se"))
	err = e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: other.Subject, Event: "contract_signed", Case: r.Case})
	wantErr(t, err, tillit.EINVALID, `case of type "quote"`)
	h, err := e.Vault.History(e.Ctx, r.Subject)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range h.Events {
		got = append(got, ev.Event+"@"+ev.Case)
	}
	want := []string{"quote_requested@" + r.Case, "contract_signed@" + r.Case, "warranty_ended@", "activity@"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]bool{}
	for _, s := range a {
		m[s] = true
	}
	for _, s := range b {
		if !m[s] {
			return false
		}
	}
	return true
}
