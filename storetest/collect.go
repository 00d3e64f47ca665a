package storetest

import (
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
)

func testCollectAndUse(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	r := e.Collect(t, Quote("anna@example.se"))
	if !r.Created || r.Subject == "" || r.Case == "" || len(r.Items) != 5 {
		t.Fatalf("receipt = %+v, want a new subject, a case and 5 items", r)
	}
	items, err := e.Vault.Use(e.Ctx, r.Subject, "quote")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "Anna Andersson", "email": "anna@example.se", "address": "Solvägen 3, 123 45 Solby",
		"roof_type": "tegel", "consumption": "18000"}
	if diff := cmp.Diff(want, Values(items)); diff != "" {
		t.Errorf("Use(quote) (-want +got):\n%s", diff)
	}
	for _, it := range items {
		if it.Case != r.Case || it.Point != "quote_form" || !it.Provided || it.Source != "" || !it.Collected.Equal(e.Clock.Now()) {
			t.Errorf("item %s metadata = %+v", it.Category, it)
		}
	}
	// site_statistics uses only consumption; installation uses them all.
	stats, err := e.Vault.Use(e.Ctx, r.Subject, "site_statistics")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(map[string]string{"consumption": "18000"}, Values(stats)); diff != "" {
		t.Errorf("Use(site_statistics) (-want +got):\n%s", diff)
	}
	// Nothing was collected for bookkeeping: nothing comes back.
	if books, err := e.Vault.Use(e.Ctx, r.Subject, "bookkeeping"); err != nil || len(books) != 0 {
		t.Errorf("Use(bookkeeping) = %v, %v; want nothing", books, err)
	}
	h, err := e.Vault.History(e.Ctx, r.Subject)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Items) != 5 || len(h.Cases) != 1 || h.Cases[0].Kind != "quote" || len(h.Events) != 1 || h.Events[0].Event != "quote_requested" || h.Events[0].Case != r.Case {
		t.Errorf("history = %+v", h)
	}
	for _, it := range h.Items {
		if it.Value != "" || it.Sealed != nil {
			t.Errorf("history item %s carries its value", it.Category)
		}
	}
	rep := e.Verify(t)
	// index key, collect, event, 3 uses, history.
	if rep.Entries != 7 {
		t.Errorf("audit entries = %d, want 7", rep.Entries)
	}
	assertAuditClean(t, e, "Anna", "anna@example.se", "Solvägen", "18000")
}

// assertAuditClean fails if any audit entry holds one of the values.
func assertAuditClean(t *testing.T, e *Env, values ...string) {
	t.Helper()
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		entries, err := tx.Audit(0, 100000)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range entries {
			line := strings.Join([]string{a.Actor, a.Action, a.Subject, a.Purpose, a.Detail}, " ")
			for _, v := range values {
				if strings.Contains(strings.ToLower(line), strings.ToLower(v)) {
					t.Errorf("audit entry %d holds a personal value: %q", a.Seq, line)
				}
			}
		}
		return nil
	})
}

// testRefusals checks that each thing the register does not allow is
// refused with a clear error and writes nothing.
func testRefusals(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	quote := e.Collect(t, Quote("anna@example.se"))
	anna := quote.Subject
	news := e.Collect(t, tillit.Submission{Point: "newsletter_signup", Fields: map[string]string{"email": "nils@example.se"},
		Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}}).Subject
	if err := e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: news, Purpose: "newsletter", Channel: "privacy_centre"}, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	with := func(s tillit.Submission, k, v string) tillit.Submission {
		f := map[string]string{}
		for a, b := range s.Fields {
			f[a] = b
		}
		if v == "" {
			delete(f, k)
		} else {
			f[k] = v
		}
		s.Fields = f
		return s
	}
	contract := tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "19850412-1230", "name": "Bo Berg", "email": "bo@example.se"}}
	tests := []struct {
		name string
		do   func() error
		code tillit.Code
		want []string
	}{
		{"undeclared field", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(Quote("x@example.se"), "phone", "070-123 45 67"))
			return err
		}, tillit.EINVALID, []string{`does not accept "phone"`}},
		{"missing required field", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(Quote("x@example.se"), "roof_type", ""))
			return err
		}, tillit.EINVALID, []string{`requires "roof_type"`}},
		{"empty submission", func() error {
			_, err := e.Vault.Collect(e.Ctx, tillit.Submission{Point: "quote_form"})
			return err
		}, tillit.EINVALID, []string{`requires "name"`}},
		{"unknown collection point", func() error {
			_, err := e.Vault.Collect(e.Ctx, tillit.Submission{Point: "nope"})
			return err
		}, tillit.EINVALID, []string{`no collection point "nope"`}},
		{"invalid e-mail", func() error {
			_, err := e.Vault.Collect(e.Ctx, Quote("not-an-address"))
			return err
		}, tillit.EINVALID, []string{`"email"`}},
		{"invalid personnummer", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(contract, "personnummer", "19850412-1234"))
			return err
		}, tillit.EINVALID, []string{`"personnummer"`}},
		{"personnummer with an impossible date", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(contract, "personnummer", "19850231-1234"))
			return err
		}, tillit.EINVALID, []string{`"personnummer"`}},
		{"card number in free text", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(Quote("x@example.se"), "message", "Mitt kort: 4111 1111 1111 1111"))
			return err
		}, tillit.EINVALID, []string{"card number"}},
		{"card number with dots over two lines", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(Quote("x@example.se"), "message", "Kortet:\r\n4111.1111.1111\r\n1111 tack"))
			return err
		}, tillit.EINVALID, []string{"card number"}},
		{"personnummer in free text where refused", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(contract, "message", "Min frus pnr 850412-1230"))
			return err
		}, tillit.EINVALID, []string{"personal identity number"}},
		{"consent-only data without consent", func() error {
			_, err := e.Vault.Collect(e.Ctx, tillit.Submission{Point: "newsletter_signup", Fields: map[string]string{"email": "y@example.se"}})
			return err
		}, tillit.EINVALID, []string{`"newsletter"`, "consent"}},
		{"consent to an outdated wording", func() error {
			_, err := e.Vault.Collect(e.Ctx, tillit.Submission{Point: "newsletter_signup", Fields: map[string]string{"email": "y@example.se"},
				Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "0"}}})
			return err
		}, tillit.EINVALID, []string{`another version of the wording than the register's, version "1"`}},
		{"a case of another kind", func() error {
			_, err := e.Vault.Collect(e.Ctx, tillit.Submission{Point: "newsletter_signup", Case: quote.Case, Fields: map[string]string{"email": "q@example.se"},
				Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}})
			return err
		}, tillit.EINVALID, []string{"no such case"}},
		{"a collection point named like an e-mail address", func() error {
			_, err := e.Vault.Collect(e.Ctx, tillit.Submission{Point: "anna@example.se"})
			return err
		}, tillit.EINVALID, []string{"no collection point"}},
		{"an actor named by e-mail address", func() error {
			_, err := e.Vault.Use(tillit.WithActor(e.Ctx, "anna@example.se"), anna, "quote")
			return err
		}, tillit.EINVALID, []string{"actor must be an ID"}},
		{"a consent channel that is not an ID", func() error {
			return e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: news, Purpose: "newsletter", Channel: "call from 070-123 45 67"}, tillit.Evidence{})
		}, tillit.EINVALID, []string{"as an ID"}},
		{"an evidence reference that is not an ID", func() error {
			s := Quote("r@example.se")
			s.Evidence.Reference = "anna@example.se"
			_, err := e.Vault.Collect(e.Ctx, s)
			return err
		}, tillit.EINVALID, []string{"reference must be an ID"}},
		{"oversized value", func() error {
			_, err := e.Vault.Collect(e.Ctx, with(Quote("x@example.se"), "message", strings.Repeat("a", 65<<10)))
			return err
		}, tillit.EINVALID, []string{"longer than"}},
		{"read for an undeclared purpose", func() error {
			_, err := e.Vault.Use(e.Ctx, anna, "profiling")
			return err
		}, tillit.EINVALID, []string{`no purpose "profiling"`}},
		{"read without consent", func() error {
			_, err := e.Vault.Use(e.Ctx, anna, "newsletter")
			return err
		}, tillit.EFORBIDDEN, []string{"not consented"}},
		{"read after consent withdrawal", func() error {
			_, err := e.Vault.Use(e.Ctx, news, "newsletter")
			return err
		}, tillit.EFORBIDDEN, []string{"withdrawn"}},
		{"read of an unknown subject", func() error {
			_, err := e.Vault.Use(e.Ctx, "sub_nobody", "quote")
			return err
		}, tillit.ENOTFOUND, nil},
		{"disclosure to an undeclared recipient", func() error {
			_, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: anna, Purpose: "quote", Recipient: "installer"})
			return err
		}, tillit.EFORBIDDEN, []string{`"installer" is not declared for the purpose "quote"`}},
		{"disclosure to a sub-processor", func() error {
			_, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: news, Purpose: "newsletter", Recipient: "mailer_hosting"})
			return err
		}, tillit.EFORBIDDEN, []string{"not declared"}},
		{"disclosure to an unknown recipient", func() error {
			_, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: anna, Purpose: "installation", Recipient: "acme"})
			return err
		}, tillit.EINVALID, []string{`no recipient "acme"`}},
		{"objection without a right to object", func() error {
			return e.Vault.Object(e.Ctx, anna, "installation")
		}, tillit.EINVALID, []string{"no right to object"}},
		{"undeclared event", func() error {
			return e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: anna, Event: "moved"})
		}, tillit.EINVALID, []string{`no event "moved"`}},
		{"case event without its case", func() error {
			return e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: anna, Event: "contract_signed"})
		}, tillit.EINVALID, []string{`"quote"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := e.Head(t)
			err := tt.do()
			wantErr(t, err, tt.code, tt.want...)
			if te, ok := err.(*tillit.Error); ok && (te.Text.SV == "" || te.Text.EN == "") {
				t.Errorf("error %q lacks a Swedish or English text", err)
			}
			te, _ := err.(*tillit.Error)
			for _, v := range []string{"4111", "850412", "not-an-address", "070-123", "anna@", `version "0"`} {
				if strings.Contains(err.Error(), v) || te != nil && strings.Contains(te.Text.SV, v) {
					t.Errorf("error %q repeats the submitted value %q", err, v)
				}
			}
			if after := e.Head(t); after != before {
				t.Errorf("a refused operation wrote %d audit entries", after-before)
			}
		})
	}
	// Nothing of the refused submissions was stored: their e-mail
	// addresses belong to nobody.
	for _, email := range []string{"x@example.se", "y@example.se", "bo@example.se", "r@example.se"} {
		if _, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, email); tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Errorf("Find(%s) after refusals: %v, want not found", email, err)
		}
	}
	e.Verify(t)
}

func testFreeText(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	s := Quote("anna@example.se")
	s.Fields["message"] = "Ring mig. Mitt personnummer är 850412-1230, om det behövs."
	r := e.Collect(t, s)
	if diff := cmp.Diff([]string{"message"}, r.Redacted); diff != "" {
		t.Errorf("Redacted (-want +got):\n%s", diff)
	}
	items, err := e.Vault.Use(e.Ctx, r.Subject, "quote")
	if err != nil {
		t.Fatal(err)
	}
	if got := Values(items)["message"]; got != "Ring mig. Mitt personnummer är ******-****, om det behövs." {
		t.Errorf("stored message = %q", got)
	}

	// A transient card number is accepted at the payment point and never stored.
	p := e.Collect(t, tillit.Submission{Point: "payment", Subject: r.Subject,
		Fields: map[string]string{"name": "Anna Andersson", "card_number": "4111111111111111"}})
	if diff := cmp.Diff([]string{"card_number"}, p.Dropped); diff != "" || len(p.Items) != 1 {
		t.Errorf("payment receipt = %+v", p)
	}
	items, _ = e.Vault.Use(e.Ctx, r.Subject, "installation")
	if _, ok := Values(items)["card_number"]; ok {
		t.Error("a transient card number was stored")
	}

	// A password is kept only as a hash.
	c := e.Collect(t, tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "198504121230", "name": "Bo Berg", "email": "bo@example.se", "password": "hemligt-lösen-42"}})
	items, _ = e.Vault.Use(e.Ctx, c.Subject, "installation")
	if pw := Values(items)["password"]; !strings.HasPrefix(pw, "$argon2id$") || strings.Contains(pw, "hemligt") {
		t.Errorf("stored password = %q, want an argon2id hash", pw)
	}
}

// testCollectRace: the same new person submits a form several times at
// once (a double click, a webhook retried). Every submission is stored,
// all for one person, as they are when they come one after the other.
func testCollectRace(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	const n = 6
	receipts := make([]tillit.Receipt, n)
	errs := make([]error, n)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			receipts[i], errs[i] = e.Vault.Collect(e.Ctx, Quote("race@example.se"))
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("submission %d: %v", i, err)
		}
	}
	s, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, "race@example.se")
	if err != nil {
		t.Fatal(err)
	}
	created := 0
	for i, r := range receipts {
		if r.Subject != s.ID {
			t.Errorf("submission %d stored for %s, not for the one person %s", i, r.Subject, s.ID)
		}
		if r.Created {
			created++
		}
	}
	if created != 1 {
		t.Errorf("%d submissions created the person, want 1", created)
	}
}
