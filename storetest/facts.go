package storetest

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit"
)

// testFacts checks Facts against the one-subject reads it stands for.
func testFacts(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	anna := e.Collect(t, Quote("anna@example.se")).Subject
	e.Collect(t, Quote("anna@example.se")) // a second case
	bo := e.Collect(t, Quote("bo@example.se")).Subject
	if err := e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: bo, Purpose: "newsletter", Given: true, Version: "1", Channel: "test"}, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		got, err := tx.Facts([]string{bo, "sub_nobody", anna, bo})
		if err != nil {
			return err
		}
		var want []tillit.History
		for _, id := range []string{bo, anna} {
			var h tillit.History
			if h.Subject, err = tx.Subject(id); err != nil {
				return err
			}
			if h.Items, err = tx.Items(id); err != nil {
				return err
			}
			if h.Cases, err = tx.Cases(id); err != nil {
				return err
			}
			if h.Events, err = tx.Events(id); err != nil {
				return err
			}
			if h.Consents, err = tx.Consents(id); err != nil {
				return err
			}
			want = append(want, h)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Facts (-one at a time +at once):\n%s", diff)
		}
		if len(got) == 2 && (len(got[1].Items) != 10 || len(got[1].Cases) != 2 || len(got[0].Consents) != 1) {
			t.Errorf("Facts = %d items and %d cases for Anna, %d consents for Bo; want 10, 2, 1", len(got[1].Items), len(got[1].Cases), len(got[0].Consents))
		}
		none, err := tx.Facts(nil)
		if err != nil || len(none) != 0 {
			t.Errorf("Facts(nil) = %v, %v; want nothing", none, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
