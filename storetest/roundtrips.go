package storetest

import (
	"fmt"
	"testing"

	"github.com/tillit-privacy/tillit"
)

// RoundTrips runs each of the vault's operations against a store and
// checks, with trips (how many round trips to the database the store has
// made so far), that none takes more than max. Each operation runs once
// on another person first, so that statements the store prepares on
// first use are not counted; the store should have one connection, so
// that that one has them.
func RoundTrips(t *testing.T, open Opener, trips func() int64, max int64) {
	e := NewEnv(t, open)
	people := map[int]string{}
	for i := range 2 {
		people[i] = e.Collect(t, Quote(fmt.Sprintf("warm%d@example.se", i))).Subject
		if err := e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: people[i], Purpose: "newsletter", Given: true, Version: "1", Channel: "privacy_centre"}, tillit.Evidence{}); err != nil {
			t.Fatal(err)
		}
	}
	ops := []struct {
		name string
		fn   func(i int) error
	}{
		{"collect", func(i int) error {
			_, err := e.Vault.Collect(e.Ctx, Quote(fmt.Sprintf("new%d@example.se", i)))
			return err
		}},
		{"use", func(i int) error {
			_, err := e.Vault.Use(e.Ctx, people[i], "quote")
			return err
		}},
		{"use (consent)", func(i int) error {
			_, err := e.Vault.Use(e.Ctx, people[i], "newsletter")
			if tillit.ErrorCode(err) == tillit.ENOTFOUND {
				err = nil // no e-mail for the newsletter's purpose is fine: the checks ran
			}
			return err
		}},
		{"disclose", func(i int) error {
			_, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: people[i], Purpose: "installation", Recipient: "installer"})
			return err
		}},
		{"rectify", func(i int) error {
			_, err := e.Vault.Rectify(e.Ctx, people[i], map[string]string{"address": fmt.Sprintf("Storgatan %d, 123 45 Solby", i+1)})
			return err
		}},
		{"consent", func(i int) error {
			return e.Vault.SetConsent(e.Ctx, tillit.ConsentRecord{Subject: people[i], Purpose: "newsletter", Given: false, Channel: "privacy_centre"}, tillit.Evidence{})
		}},
		{"history", func(i int) error {
			_, err := e.Vault.History(e.Ctx, people[i])
			return err
		}},
		{"erase", func(i int) error {
			_, err := e.Vault.Erase(e.Ctx, people[i])
			return err
		}},
	}
	for _, op := range ops {
		if err := op.fn(0); err != nil { // warm
			t.Fatalf("%s: %v", op.name, err)
		}
		before := trips()
		if err := op.fn(1); err != nil {
			t.Fatalf("%s: %v", op.name, err)
		}
		n := trips() - before
		t.Logf("%s: %d round trips", op.name, n)
		if n > max {
			t.Errorf("%s took %d round trips to the database, want at most %d", op.name, n, max)
		}
	}
}
