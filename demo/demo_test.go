package demo_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/demo"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/pii"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/storetest"
	"github.com/tillit-privacy/tillit/vault"
)

// registers are the example registers Fill must play.
var registers = []string{"allkontrakt", "krafthem", "ecokraft", "el-vis", "alla-elfirmor"}

// now is the present of every test.
var now = time.Date(2026, 3, 2, 10, 0, 0, 0, tillit.Stockholm)

// env is a vault over a fresh SQLite store.
type env struct {
	ctx   context.Context
	store tillit.Store
	kek   *keys.KEK
	pol   *tillit.Policy
	v     *vault.Vault
	a     *app.App
}

func newEnv(t testing.TB, name string) *env {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("..", "examples", name+".yaml"))
	if err != nil {
		t.Fatal(err)
	}
	pol, problems := register.Compile(name+".yaml", src)
	if pol == nil {
		t.Fatalf("%s: %v", name, problems)
	}
	return newEnvWith(t, pol)
}

func newEnvWith(t testing.TB, pol *tillit.Policy) *env {
	t.Helper()
	var err error
	e := &env{ctx: tillit.WithActor(context.Background(), "test"), pol: pol}
	e.store, err = sqlite.Open(e.ctx, filepath.Join(t.TempDir(), "tillit.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.store.Close() })
	e.kek, _ = storetest.KEK(t)
	a, err := app.Open(e.ctx, app.Config{Store: e.store, Policy: pol, KEK: e.kek, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	e.v, e.a = a.Vault, a
	return e
}

func (e *env) fill(t testing.TB, people int, seed int64) demo.Report {
	t.Helper()
	rep, err := demo.Fill(e.ctx, e.v, demo.Options{People: people, Seed: seed, Now: now, Store: e.store, KEK: e.kek})
	if err != nil {
		t.Fatalf("Fill: %v", err)
	}
	return rep
}

// subjects returns the IDs of the people in the store, erased ones too,
// and how many submissions were stored, from the audit log.
func (e *env) subjects(t testing.TB) (ids []string, collections int) {
	t.Helper()
	err := e.store.View(e.ctx, func(tx tillit.Tx) error {
		entries, err := tx.Audit(0, 1000000)
		for _, a := range entries {
			if a.Action != tillit.AuditCollect {
				continue
			}
			collections++
			if !slices.Contains(ids, a.Subject) {
				ids = append(ids, a.Subject)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return ids, collections
}

func (e *env) histories(t testing.TB) []tillit.History {
	t.Helper()
	var hs []tillit.History
	ids, _ := e.subjects(t)
	for _, id := range ids {
		h, err := e.a.Vault.History(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		hs = append(hs, h)
	}
	return hs
}

func (e *env) requests(t testing.TB, open bool) []tillit.Request {
	t.Helper()
	rs, err := e.a.Requests.Requests(e.ctx, tillit.RequestFilter{Open: open})
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestFill(t *testing.T) {
	for _, name := range registers {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, name)
			rep := e.fill(t, 30, 1)
			if rep.Skipped > 0 || rep.Refusal != "" {
				t.Errorf("%d steps skipped; the vault refused: %s", rep.Skipped, rep.Refusal)
			}
			t.Logf("%s: %+v", name, rep)
			hs := e.histories(t)
			t.Run("counts", func(t *testing.T) { testCounts(t, e, rep, hs) })
			t.Run("values", func(t *testing.T) { testValues(t, e, hs) })
			t.Run("disclosures", func(t *testing.T) { testDisclosures(t, e, hs) })
			t.Run("requests", func(t *testing.T) { testRequests(t, e, rep) })
			t.Run("history", func(t *testing.T) { testSpread(t, hs) })
			t.Run("outbox", func(t *testing.T) { testOutbox(t, e) })
			t.Run("retention", func(t *testing.T) { testRetention(t, e, rep) })
			t.Run("audit", func(t *testing.T) { testAudit(t, e) })
		})
	}
}

// testCounts checks the report against what the store holds.
func testCounts(t *testing.T, e *env, rep demo.Report, hs []tillit.History) {
	var got demo.Report
	got.People = len(hs)
	for _, h := range hs {
		got.Cases += len(h.Cases)
		got.Disclosures += len(h.Disclosures)
		for _, c := range h.Consents {
			if c.Given {
				got.Consents++
			} else {
				got.Withdrawals++
			}
		}
		for _, ev := range h.Events {
			if ev.Event == tillit.EventObjected {
				got.Objections++
			} else {
				got.Events++
			}
		}
	}
	got.Requests = len(e.requests(t, false))
	got.Open = len(e.requests(t, true))
	_, got.Collections = e.subjects(t)
	ms, err := e.a.Requests.Messages(e.ctx, tillit.MessageFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if !m.Delivered.IsZero() {
			got.Messages++
		}
	}
	want := demo.Report{People: rep.People, Collections: rep.Collections, Cases: rep.Cases, Disclosures: rep.Disclosures,
		Consents: rep.Consents, Withdrawals: rep.Withdrawals, Objections: rep.Objections, Events: rep.Events,
		Requests: rep.Requests, Open: rep.Open, Messages: rep.Messages}
	if got != want {
		t.Errorf("the store holds\n%+v\nthe report says\n%+v", got, want)
	}
	if rep.People != 30 {
		t.Errorf("People = %d, want 30", rep.People)
	}
	for what, n := range map[string]int{"collections": rep.Collections, "cases": rep.Cases, "consents": rep.Consents,
		"disclosures": rep.Disclosures, "events": rep.Events, "messages": rep.Messages} {
		if n == 0 && (what != "cases" || hasCases(e.pol)) && (what != "consents" || hasConsent(e.pol)) {
			t.Errorf("no %s", what)
		}
	}
}

func hasCases(pol *tillit.Policy) bool {
	return slices.ContainsFunc(pol.CollectionPoints(), func(pt tillit.CollectionPoint) bool { return pt.OpensCase != "" })
}

func hasConsent(pol *tillit.Policy) bool {
	return slices.ContainsFunc(pol.Purposes(), func(p tillit.Purpose) bool { return p.Basis == tillit.Consent })
}

// testValues reads every value back through the purposes that may use it:
// e-mail addresses at reserved domains, phone numbers kept for fiction,
// personnummer that validate and were never assigned.
func testValues(t *testing.T, e *env, hs []tillit.History) {
	seen := map[tillit.ValueType]int{}
	for _, h := range hs {
		for _, p := range e.pol.Purposes() {
			items, err := e.a.Vault.Use(e.ctx, h.Subject.ID, p.ID)
			if code := tillit.ErrorCode(err); code == tillit.EFORBIDDEN || code == tillit.ENOTFOUND {
				continue // consent withdrawn, an objection, erased
			} else if err != nil {
				t.Fatal(err)
			}
			for _, it := range items {
				c, _ := e.pol.Category(it.Category)
				seen[c.Type]++
				switch c.Type {
				case tillit.TypeEmail:
					if !demo.Reserved(it.Value) {
						t.Errorf("%s: an e-mail address outside the reserved domains", it.Category)
					}
				case tillit.TypePhone:
					if !fiction(it.Value) {
						t.Errorf("%s: a phone number not kept for fiction", it.Category)
					}
				case tillit.TypePersonnummer:
					if _, err := pii.Personnummer(it.Value, now); err != nil || it.Value[8:11] != "000" {
						t.Errorf("%s: a personnummer that is invalid or may be assigned (%v)", it.Category, err)
					}
				case tillit.TypeFreeText, tillit.TypeText, tillit.TypeAddress:
					if f := pii.Scan(it.Value, now); len(f) > 0 {
						t.Errorf("%s: text with a personnummer or card number", it.Category)
					}
				}
			}
		}
	}
	email := func(c tillit.Category) bool { return c.Type == tillit.TypeEmail }
	if slices.ContainsFunc(e.pol.Categories(), email) && seen[tillit.TypeEmail] == 0 {
		t.Errorf("no e-mail address read back")
	}
}

// fiction reports whether a normalised phone number is one PTS keeps for
// fiction.
func fiction(phone string) bool {
	for _, r := range []struct{ prefix, lo, hi string }{
		{"+46701740", "605", "699"}, {"+468465004", "00", "99"}, {"+46313900", "600", "699"},
		{"+46406280", "400", "499"}, {"+469803192", "00", "99"},
	} {
		rest, ok := strings.CutPrefix(phone, r.prefix)
		if ok && len(rest) == len(r.lo) && rest >= r.lo && rest <= r.hi {
			return true
		}
	}
	return false
}

// testDisclosures checks that data went only to recipients the register
// declares for the purpose, and only what they may receive.
func testDisclosures(t *testing.T, e *env, hs []tillit.History) {
	for _, h := range hs {
		for _, d := range h.Disclosures {
			may := e.pol.Disclosable(d.Purpose, d.Recipient)
			if len(may) == 0 {
				t.Errorf("disclosed to %s for %s, which the register does not declare", d.Recipient, d.Purpose)
			}
			for _, c := range d.Categories {
				if !slices.Contains(may, c) {
					t.Errorf("disclosed %s to %s for %s", c, d.Recipient, d.Purpose)
				}
			}
		}
	}
}

// testRequests checks the open requests: some overdue, some due soon, in
// both languages and for several rights.
func testRequests(t *testing.T, e *env, rep demo.Report) {
	var overdue, soon int
	langs, rights := map[tillit.Lang]bool{}, map[tillit.Right]bool{}
	for _, r := range e.requests(t, true) {
		if r.State != tillit.StateConfirmed || r.Subject == "" {
			t.Errorf("open request %s is %s for subject %q; want confirmed and matched", r.ID, r.State, r.Subject)
		}
		switch {
		case r.Overdue(now):
			overdue++
		case r.IsDueSoon(now):
			soon++
		}
		langs[r.Lang], rights[r.Right] = true, true
	}
	if overdue == 0 || soon == 0 || overdue != rep.Overdue || soon != rep.DueSoon {
		t.Errorf("%d overdue and %d due soon (report: %d and %d); want some of each", overdue, soon, rep.Overdue, rep.DueSoon)
	}
	if len(langs) != 2 || len(rights) < 3 {
		t.Errorf("open requests in %d languages for %d rights", len(langs), len(rights))
	}
	if rep.Requests <= rep.Open {
		t.Errorf("%d requests, %d open: want closed ones in the history too", rep.Requests, rep.Open)
	}
}

// testSpread checks that the history lies in the past months.
func testSpread(t *testing.T, hs []tillit.History) {
	first, last := now, time.Time{}
	for _, h := range hs {
		for _, it := range h.Items {
			if it.Collected.Before(first) {
				first = it.Collected
			}
			if it.Collected.After(last) {
				last = it.Collected
			}
		}
	}
	if first.Before(now.AddDate(0, -18, 0)) || !last.Before(now) || last.Sub(first) < 180*24*time.Hour {
		t.Errorf("collected from %v to %v; want a spread over the 18 months before %v", first, last, now)
	}
}

// testRetention checks that retention ran through the history as it
// runs in service, every night: nothing is overdue by more than a day.
func testRetention(t *testing.T, e *env, rep demo.Report) {
	if rep.Retention.Lag > 24*time.Hour {
		t.Errorf("the sweeps of the history lagged %v", rep.Retention.Lag)
	}
	dry, err := e.a.Vault.Sweep(e.ctx, 0, true)
	if err != nil {
		t.Fatal(err)
	}
	if dry.Lag > 24*time.Hour {
		t.Errorf("at Now, retention is %v behind", dry.Lag)
	}
}

// testOutbox checks that nothing waits to be sent to a made-up person.
func testOutbox(t *testing.T, e *env) {
	ms, err := e.a.Requests.Messages(e.ctx, tillit.MessageFilter{Pending: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) > 0 {
		t.Errorf("%d messages wait in the outbox", len(ms))
	}
}

// testAudit checks that the audit chain holds, and that the demo's
// entries are marked as the demo's and carry the times of its history, in
// order.
func testAudit(t *testing.T, e *env) {
	rep, err := vault.Auditor{Store: e.store}.Verify(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Broken != "" || rep.Entries < 100 {
		t.Errorf("audit: %d entries, broken: %q", rep.Entries, rep.Broken)
	}
	var entries []tillit.AuditEntry
	err = e.store.View(e.ctx, func(tx tillit.Tx) error {
		entries, err = tx.Audit(0, 1000000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	var demos int
	var last time.Time
	for _, a := range entries {
		switch {
		case a.Actor == "system":
			t.Errorf("entry %d (%s) has no actor", a.Seq, a.Action)
		case a.Actor != "demo":
			continue
		case a.At.Before(last) || a.At.Before(now.AddDate(0, -18, 0)) || a.At.After(now):
			t.Errorf("entry %d (%s) at %v, after one at %v", a.Seq, a.Action, a.At, last)
		}
		demos++
		last = a.At
	}
	if demos < 100 || last.Before(now.AddDate(0, 0, -7)) {
		t.Errorf("%d entries by the demo, the last at %v", demos, last)
	}
}

// TestOtherRegisters fills the registers the store contract runs on,
// written for tests rather than from a business: Fill must play any valid
// register.
func TestOtherRegisters(t *testing.T) {
	for name, pol := range map[string]func(testing.TB) *tillit.Policy{
		"storetest": storetest.Policy, "retention": storetest.RetentionPolicy} {
		t.Run(name, func(t *testing.T) {
			e := newEnvWith(t, pol(t))
			rep := e.fill(t, 30, 2)
			if rep.People != 30 || rep.Skipped > 0 {
				t.Errorf("%+v", rep)
			}
			testAudit(t, e)
		})
	}
}

// TestSeed checks that the same seed gives the same people and history,
// and another seed other ones.
func TestSeed(t *testing.T) {
	a, b, c := newEnv(t, "allkontrakt"), newEnv(t, "allkontrakt"), newEnv(t, "allkontrakt")
	ra, rb := a.fill(t, 20, 7), b.fill(t, 20, 7)
	c.fill(t, 20, 8)
	if ra != rb {
		t.Errorf("same seed, different reports:\n%+v\n%+v", ra, rb)
	}
	ha, hb, hc := comparable(a.histories(t)), comparable(b.histories(t)), comparable(c.histories(t))
	if !reflect.DeepEqual(ha, hb) {
		t.Errorf("same seed, different histories")
	}
	if reflect.DeepEqual(ha, hc) {
		t.Errorf("another seed, the same histories")
	}
	if !reflect.DeepEqual(a.requests(t, false), b.requests(t, false)) {
		t.Errorf("same seed, different requests")
	}
	for i, h := range ha {
		va, err := a.v.Use(a.ctx, h.Subject.ID, "brokering")
		if code := tillit.ErrorCode(err); code == tillit.EFORBIDDEN || code == tillit.ENOTFOUND {
			continue
		}
		vb, errb := b.v.Use(b.ctx, hb[i].Subject.ID, "brokering")
		if err != nil || errb != nil {
			t.Fatal(err, errb)
		}
		for j := range va {
			if va[j].Value != vb[j].Value {
				t.Fatalf("same seed, different %s values", va[j].Category)
			}
		}
	}
}

// comparable drops from histories what differs between stores by design:
// the evidence of a consent is keyed with the store's own key.
func comparable(hs []tillit.History) []tillit.History {
	for _, h := range hs {
		for i := range h.Consents {
			h.Consents[i].Evidence = ""
		}
	}
	return hs
}

// TestRefusesUsedStore checks that demo data never goes into a store that
// holds real data.
func TestRefusesUsedStore(t *testing.T) {
	e := newEnv(t, "allkontrakt")
	e.fill(t, 3, 1)
	_, err := demo.Fill(e.ctx, e.v, demo.Options{People: 3, Now: now, Store: e.store, KEK: e.kek})
	if tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Errorf("Fill on a used store: %v; want a conflict", err)
	}
}

// TestRefusesOtherStore checks that Fill notices a store that is not the
// vault's.
func TestRefusesOtherStore(t *testing.T) {
	e := newEnv(t, "allkontrakt")
	other, err := sqlite.Open(e.ctx, filepath.Join(t.TempDir(), "other.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = demo.Fill(e.ctx, e.v, demo.Options{People: 3, Now: now, Store: other, KEK: e.kek})
	if err == nil || !strings.Contains(err.Error(), "not the vault's") {
		t.Errorf("Fill with another store: %v", err)
	}
}

func BenchmarkFill(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		e := newEnv(b, "allkontrakt")
		b.StartTimer()
		e.fill(b, 200, 1)
	}
}
