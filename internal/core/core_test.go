package core_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/internal/testapp"
	"github.com/tillit-privacy/tillit/storetest"
	"github.com/tillit-privacy/tillit/vault"
)

// open returns a core over a fresh store of st with the Allkontrakt
// register.
func open(t *testing.T, st testapp.Store) *core.Core {
	t.Helper()
	store := st.Open(t)
	t.Cleanup(func() { store.Close() })
	kek, _ := storetest.KEK(t)
	c, err := core.Open(context.Background(), core.Config{Store: store, Policy: testapp.Allkontrakt(t), KEK: kek, Now: storetest.NewClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

var ctx = tillit.WithActor(context.Background(), "test")

// TestIDs: an ID is its kind's prefix, an underscore and 24 letters of
// lower-case base32, and no two are alike.
func TestIDs(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) { testIDs(t, open(t, st)) })
	}
}

func testIDs(t *testing.T, c *core.Core) {
	form := regexp.MustCompile(`^rq_[a-z2-7]{24}$`)
	seen := map[string]bool{}
	for range 1000 {
		id := c.ID("rq")
		if !form.MatchString(id) {
			t.Fatalf("ID %q is not rq_ and 24 base32 letters", id)
		}
		if seen[id] {
			t.Fatalf("ID %q made twice", id)
		}
		seen[id] = true
	}
}

// TestAuditRefusesNames: the audit log can never be erased, so an actor
// must be an ID: one that looks like a name or an e-mail address is
// refused with EINVALID and nothing is appended.
func TestAuditRefusesNames(t *testing.T) {
	tests := []struct {
		actor string
		ok    bool
	}{
		{"admin:ad_x4kq", true},
		{"api:ak_abc", true},
		{"system:sweep", true},
		{"subject", true},
		{"Anna Andersson", false},
		{"anna@example.se", false},
		{"admin:anna@example.se", false},
		{"Åsa", false},
		{"admin:" + strings.Repeat("x", 64), false},
	}
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			c := open(t, st)
			head := func() int64 {
				var seq int64
				if err := c.Store.View(ctx, func(tx tillit.Tx) error { var err error; seq, _, err = tx.AuditHead(); return err }); err != nil {
					t.Fatal(err)
				}
				return seq
			}
			for _, tc := range tests {
				before := head()
				err := c.Store.Update(ctx, func(tx tillit.Tx) error {
					return c.Audit(tillit.WithActor(ctx, tc.actor), tx, tillit.AuditEntry{Action: "test"})
				})
				switch {
				case tc.ok && err != nil:
					t.Errorf("actor %q: %v", tc.actor, err)
				case !tc.ok && tillit.ErrorCode(err) != tillit.EINVALID:
					t.Errorf("actor %q: %v, want %s", tc.actor, err, tillit.EINVALID)
				case !tc.ok && strings.Contains(err.Error(), tc.actor):
					t.Errorf("actor %q: the refusal repeats it: %v", tc.actor, err)
				}
				if appended := head() - before; appended != map[bool]int64{true: 1, false: 0}[tc.ok] {
					t.Errorf("actor %q: %d entries appended", tc.actor, appended)
				}
			}
		})
	}
}

// TestSealedValuesStayInTheirRow: a value is sealed to its subject, item
// and category, so a sealed value copied to another row, of the same
// person or another, does not open there.
func TestSealedValuesStayInTheirRow(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			c := open(t, st)
			v := vault.New(c)
			collect := func(name, email string) string {
				r, err := v.Collect(ctx, tillit.Submission{Point: "newsletter_signup", Fields: map[string]string{"name": name, "email": email},
					Consents: []tillit.ConsentGrant{{Purpose: "newsletter", Version: "1"}}})
				if err != nil {
					t.Fatal(err)
				}
				return r.Subject
			}
			anna, bo := collect("Anna", "anna@example.se"), collect("Bo", "bo@example.se")
			items := func(subj string) []tillit.Item {
				var its []tillit.Item
				if err := c.Store.View(ctx, func(tx tillit.Tx) error { var err error; its, err = tx.Items(subj); return err }); err != nil {
					t.Fatal(err)
				}
				if len(its) != 2 {
					t.Fatalf("%d items of %s, want 2", len(its), subj)
				}
				return its
			}
			openAll := func(subj string) ([]tillit.Item, error) {
				its := items(subj)
				return its, c.Store.View(ctx, func(tx tillit.Tx) error { return c.OpenItems(tx, subj, its) })
			}
			if its, err := openAll(anna); err != nil || its[0].Value == "" || its[1].Value == "" {
				t.Fatalf("Anna's own items: %+v, %v; want them open", its, err)
			}

			annas, bos := items(anna), items(bo)
			for _, tc := range []struct {
				name     string
				from, to tillit.Item
			}{
				{"another item of the same person", annas[0], annas[1]},
				{"an item of another person", annas[0], bos[0]},
			} {
				err := c.Store.Update(ctx, func(tx tillit.Tx) error { return tx.ResealItem(tc.to.Subject, tc.to.ID, tc.from.Sealed) })
				if err != nil {
					t.Fatal(err)
				}
				if _, err := openAll(tc.to.Subject); err == nil {
					t.Errorf("a sealed value copied to %s opened there", tc.name)
				}
				if _, err := v.Use(ctx, tc.to.Subject, "newsletter"); err == nil {
					t.Errorf("the vault used a sealed value copied to %s", tc.name)
				}
			}
		})
	}
}

// TestPolicy: the register in force is the one last set; what the
// services check against follows it at once.
func TestPolicy(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) { testPolicy(t, open(t, st)) })
	}
}

func testPolicy(t *testing.T, c *core.Core) {
	allkontrakt := c.Policy()
	if allkontrakt == nil || allkontrakt.Controller().Name != "Allkontrakt Sverige AB" {
		t.Fatal("the register in force is not the one the core was opened with")
	}
	if _, err := c.Purpose("test", "brokering"); err != nil {
		t.Fatalf("Allkontrakt's purpose: %v", err)
	}
	rights := storetest.RightsRegister(t, "https://crm.example/art19", "art19@tryckeriet.example")
	c.SetPolicy(rights)
	if c.Policy() != rights {
		t.Fatal("Policy is not the register set")
	}
	if _, err := c.Purpose("test", "brokering"); tillit.ErrorCode(err) != tillit.EINVALID {
		t.Errorf("Allkontrakt's purpose under the new register: %v, want %s", err, tillit.EINVALID)
	}
	if _, err := c.Purpose("test", "customer"); err != nil {
		t.Errorf("the new register's purpose: %v", err)
	}
	if v := vault.New(c); v.Policy() != rights {
		t.Error("a service over the core does not see the register set")
	}
}
