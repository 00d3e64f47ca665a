package storetest

import (
	"errors"
	"fmt"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/keys"
	"pgregory.net/rapid"
)

func testShred(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	r := e.Collect(t, Quote("anna@example.se"))
	if err := e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: r.Subject, Purpose: "newsletter", Channel: "privacy_centre"}, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	// Keep what a backup taken now would hold: the sealed values.
	var sealed []tillit.Item
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		var err error
		sealed, err = tx.Items(r.Subject)
		return err
	})
	if len(sealed) != 5 {
		t.Fatalf("%d sealed items, want 5", len(sealed))
	}
	if err := e.Vault.Shred(e.Ctx, r.Subject); err != nil {
		t.Fatal(err)
	}
	if err := e.Vault.Shred(e.Ctx, r.Subject); err != nil {
		t.Fatalf("shredding twice: %v", err)
	}
	_, err := e.Vault.Use(e.Ctx, r.Subject, "quote")
	wantErr(t, err, tillit.ENOTFOUND)
	if _, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, "anna@example.se"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Errorf("Find after shredding: %v, want not found", err)
	}
	// No key opens the sealed values any more: the subject's data key is
	// gone from the store, and no other key opens them.
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		if _, err := tx.DataKey(r.Subject); tillit.ErrorCode(err) != tillit.ENOTFOUND {
			t.Errorf("data key after shredding: %v, want not found", err)
		}
		if items, _ := tx.Items(r.Subject); len(items) != 0 {
			t.Errorf("%d items left after shredding", len(items))
		}
		return nil
	})
	other := e.Collect(t, Quote("anna@example.se")) // the same person comes back: a new subject
	if other.Subject == r.Subject || !other.Created {
		t.Fatalf("a new submission after shredding went to the shredded subject")
	}
	// Every data key left in the store fails to open every value the
	// backup taken before the shredding holds.
	e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		left, err := tx.DataKeys("", 1000)
		if err != nil || len(left) == 0 {
			t.Fatalf("data keys left: %d, %v", len(left), err)
		}
		for _, k := range left {
			dk, err := e.KEK.OpenDataKey(k.Subject, k.Wrapped)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range sealed {
				for _, ad := range [][]byte{itemADOf(it), itemADOf(tillit.Item{Subject: k.Subject, ID: it.ID, Category: it.Category})} {
					if _, err := dk.Decrypt(it.Sealed, ad); !errors.Is(err, keys.ErrWrongKey) {
						t.Errorf("%s's key opened a shredded value: %v", k.Subject, err)
					}
				}
			}
			if _, err := e.KEK.OpenDataKey(r.Subject, k.Wrapped); !errors.Is(err, keys.ErrWrongKey) {
				t.Errorf("%s's wrapped key opened as the shredded subject's: %v", k.Subject, err)
			}
		}
		return nil
	})
	// The pseudonymous records needed to show compliance remain.
	h, err := e.Vault.History(e.Ctx, r.Subject)
	if err != nil {
		t.Fatal(err)
	}
	if !h.Subject.IsErased() || len(h.Items) != 0 || len(h.Consents) != 1 || len(h.Events) != 1 {
		t.Errorf("history after shredding = %+v", h)
	}
	e.Verify(t)
}

// testRotateKeys is a property test: whatever values are stored, after the
// key-encryption key is rotated and the old key retired, every value still
// decrypts to what was collected.
func testRotateKeys(t *testing.T, open Opener) {
	e := NewEnv(t, open)
	type stored struct {
		subject string
		values  map[string]string
	}
	var all []stored
	kekSet := e.KEKSet
	n := 0
	rapid.Check(t, func(rt *rapid.T) {
		for range rapid.IntRange(1, 3).Draw(rt, "subjects") {
			n++
			s := Quote(fmt.Sprintf("person%d@example.se", n))
			s.Fields["name"] = rapid.StringMatching(`[\p{L} '-]{1,40}\p{L}`).Draw(rt, "name")
			s.Fields["message"] = rapid.StringMatching(`[a-zåäöA-ZÅÄÖ .,!?]{1,200}[a-z]`).Draw(rt, "message")
			r, err := e.Vault.Collect(e.Ctx, s)
			if err != nil {
				rt.Fatalf("Collect: %v", err)
			}
			all = append(all, stored{r.Subject, s.Fields})
		}
		next, err := keys.Rotate(kekSet)
		if err != nil {
			rt.Fatal(err)
		}
		kek, err := keys.ParseKEK(next)
		if err != nil {
			rt.Fatal(err)
		}
		e.set(e.reopen(t, kek))
		rep, err := e.Vault.RewrapKeys(e.Ctx)
		if err != nil {
			rt.Fatalf("RewrapKeys: %v", err)
		}
		if rep.DataKeys != len(all) || !rep.IndexKey {
			rt.Fatalf("rewrap report = %+v, want %d data keys and the index key", rep, len(all))
		}
		if kekSet, err = keys.Retire(next); err != nil {
			rt.Fatal(err)
		}
		if e.KEK, err = keys.ParseKEK(kekSet); err != nil {
			rt.Fatal(err)
		}
		e.set(e.reopen(t, e.KEK))
		// Check this round's subjects and a few earlier ones.
		check := all[len(all)-1:]
		for range 3 {
			check = append(check, all[rapid.IntRange(0, len(all)-1).Draw(rt, "earlier")])
		}
		for _, s := range check {
			items, err := e.Vault.Use(e.Ctx, s.subject, "quote")
			if err != nil {
				rt.Fatalf("Use after rotation: %v", err)
			}
			got := Values(items)
			for k, v := range s.values {
				if got[k] != v {
					rt.Fatalf("%s after rotation = %q, want %q", k, got[k], v)
				}
			}
		}
		// The blind index still finds people after rotation.
		if _, err := e.Vault.Find(e.Ctx, tillit.TypeEmail, fmt.Sprintf("person%d@example.se", n)); err != nil {
			rt.Fatalf("Find after rotation: %v", err)
		}
	})
	e.Verify(t)
}

// itemADOf is the associated data the vault seals a value with.
func itemADOf(it tillit.Item) []byte {
	return []byte(it.Subject + "\x00" + it.ID + "\x00" + it.Category)
}
