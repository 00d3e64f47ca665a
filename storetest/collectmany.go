package storetest

import (
	"testing"

	"github.com/tillit-privacy/tillit"
)

// testCollectMany checks the bulk path: each submission is stored as
// Collect stores it, in order, and one refusal, whether found before or
// in the store, leaves nothing stored and names the submission.
func testCollectMany(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	subs := []tillit.Submission{Quote("anna@example.se"), Quote("bo@example.se"), Quote("anna@example.se")}
	rs, err := e.Vault.CollectMany(e.Ctx, subs)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 3 || !rs[0].Created || !rs[1].Created || rs[2].Created || rs[2].Subject != rs[0].Subject || rs[1].Subject == rs[0].Subject {
		t.Fatalf("receipts = %+v: want two new people, the third submission added to the first", rs)
	}
	for i, r := range rs {
		if len(r.Items) != 5 || r.Case == "" {
			t.Errorf("receipt %d = %+v, want 5 items and a case", i, r)
		}
		items, err := e.Vault.Use(e.Ctx, r.Subject, "quote")
		if err != nil {
			t.Fatal(err)
		}
		if got := Values(items)["email"]; got != subs[i].Fields["email"] {
			t.Errorf("person %d's e-mail = %q", i, got)
		}
	}
	h, err := e.Vault.History(e.Ctx, rs[0].Subject)
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Items) != 10 || len(h.Cases) != 2 || len(h.Events) != 2 {
		t.Errorf("the first person holds %d items, %d cases, %d events; want 10, 2, 2", len(h.Items), len(h.Cases), len(h.Events))
	}

	// Anna gives her personnummer: from now on it is hers.
	contract := tillit.Submission{Point: "contract_form", Fields: map[string]string{
		"personnummer": "19811218-9876", "name": "Anna Andersson", "email": "anna@example.se"}}
	if _, err := e.Vault.CollectMany(e.Ctx, []tillit.Submission{contract}); err != nil {
		t.Fatal(err)
	}
	head := e.Head(t)
	bad := Quote("cecilia@example.se")
	bad.Fields["email"] = "not an address"
	_, err = e.Vault.CollectMany(e.Ctx, []tillit.Submission{Quote("dan@example.se"), bad})
	wantErr(t, err, tillit.EINVALID, "Submission 1")
	if msg := err.(*tillit.Error).Text.SV; msg == "" || msg[:9] != "Inskick 1" {
		t.Errorf("Swedish message = %q, want it to name submission 1", msg)
	}
	// Known only in the store: Anna's personnummer with Bo's e-mail.
	// The first submission of the batch is rolled back too.
	conflict := contract
	conflict.Fields = map[string]string{"personnummer": "19811218-9876", "name": "Anna Andersson", "email": "bo@example.se"}
	_, err = e.Vault.CollectMany(e.Ctx, []tillit.Submission{Quote("erik@example.se"), conflict})
	wantErr(t, err, tillit.ECONFLICT, "Submission 1")
	if got := e.Head(t); got != head {
		t.Errorf("the audit head moved from %d to %d: a refused batch stored something", head, got)
	}
	for _, email := range []string{"dan@example.se", "erik@example.se"} {
		if _, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, email); tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Errorf("Find(%s) = %v, want not found: a refused batch stored it", email, err)
		}
	}
	if rs, err := e.Vault.CollectMany(e.Ctx, nil); err != nil || len(rs) != 0 {
		t.Errorf("an empty batch = %v, %v; want nothing", rs, err)
	}
}
