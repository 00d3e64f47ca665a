package storetest

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/retention"
	"github.com/tillit-privacy/tillit/scenario"
	"github.com/tillit-privacy/tillit/vault"
)

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// after returns the clock's start moved by a register period.
func after(start time.Time, d string) time.Time {
	p, err := register.ParseDuration(d)
	if err != nil {
		panic(err)
	}
	return p.After(start)
}

// order is a submission to the retention register's order form.
func order(name string, consumption bool) tillit.Submission {
	s := tillit.Submission{
		Point:  "order_form",
		Fields: map[string]string{"name": name, "address": "Provgatan 2, 111 11 Stockholm"},
		Events: []string{"order_placed"},
	}
	if consumption {
		s.Fields["consumption"] = "4500"
	}
	return s
}

// auditOf returns the audit entries with action, for the subject ("" for all).
func auditOf(t testing.TB, e *Env, action, subject string) []tillit.AuditEntry {
	t.Helper()
	var out []tillit.AuditEntry
	err := e.Store.View(e.Ctx, func(tx tillit.Tx) error {
		for after := int64(0); ; {
			es, err := tx.Audit(after, 1000)
			if err != nil {
				return err
			}
			for _, a := range es {
				if a.Action == action && (subject == "" || a.Subject == subject) {
					out = append(out, a)
				}
				after = a.Seq
			}
			if len(es) < 1000 {
				return nil
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sweep(t testing.TB, e *Env, dry bool) tillit.SweepReport {
	t.Helper()
	r, err := e.Vault.Sweep(e.Ctx, 0, dry)
	if err != nil {
		t.Fatalf("Sweep: %v", err)
	}
	return r
}

func testSweep(t *testing.T, open Opener) {
	e := newEnv(t, open(t), RetentionPolicy(t))
	start := e.Clock.Now()
	a := e.Collect(t, order("Anna Andersson", true))

	e.Clock.Set(after(start, "29 days"))
	if r := sweep(t, e, false); r.Deleted+r.Archived+r.Anonymised != 0 {
		t.Fatalf("sweep before anything is due: %+v", r)
	}

	// 30 days without an offer: name and address go; consumption is
	// still used for statistics.
	e.Clock.Set(after(start, "30 days"))
	head := e.Head(t)
	if r := sweep(t, e, true); r.Deleted != 2 || r.Subjects != 1 || !r.DryRun {
		t.Fatalf("dry run = %+v, want 2 deletions", r)
	}
	if e.Head(t) != head {
		t.Fatal("a dry run wrote to the audit log")
	}
	if r := sweep(t, e, false); r.Deleted != 2 || r.Subjects != 1 || r.Shredded != 0 {
		t.Fatalf("sweep = %+v, want 2 deletions", r)
	}
	entries := auditOf(t, e, tillit.AuditRetention, a.Subject)
	if len(entries) != 1 || !strings.Contains(entries[0].Detail, `rule="delete 30 days after order_placed unless offer_received within 14 days"`) ||
		!strings.Contains(entries[0].Detail, "categories=address,name") || entries[0].Purpose != "ordering" {
		t.Fatalf("audit of the deletion = %+v", entries)
	}
	if r := sweep(t, e, false); r != (tillit.SweepReport{}) {
		t.Fatalf("second sweep = %+v, want nothing", r)
	}
	items, err := e.Vault.Use(e.Ctx, a.Subject, "statistics")
	if err != nil || len(items) != 1 || items[0].Value != "4500" {
		t.Fatalf("Use(statistics) = %v, %v", items, err)
	}

	// Two months: consumption is anonymised and nothing is left, so the
	// data key is destroyed.
	e.Clock.Set(after(start, "2 months"))
	if r := sweep(t, e, false); r.Anonymised != 1 || r.Shredded != 1 {
		t.Fatalf("sweep = %+v, want 1 anonymised and the subject shredded", r)
	}
	if s, err := e.Vault.Subject(e.Ctx, a.Subject); err != nil || !s.IsErased() {
		t.Fatalf("subject after the last item went: %+v, %v", s, err)
	}
	if got := auditOf(t, e, tillit.AuditShred, a.Subject); len(got) != 1 || got[0].Detail != "reason=retention" {
		t.Fatalf("shred audit = %+v", got)
	}
	e.Verify(t)
}

func testArchive(t *testing.T, open Opener) {
	e := newEnv(t, open(t), RetentionPolicy(t))
	start := e.Clock.Now()
	r := e.Collect(t, order("Bo Berg", true))
	e.Clock.Set(after(start, "1 day"))
	rec := func(name string) {
		t.Helper()
		if err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: r.Subject, Event: name, Case: r.Case}); err != nil {
			t.Fatal(err)
		}
	}
	rec("offer_received")
	e.Clock.Set(after(start, "5 days"))
	rec("order_delivered")
	if got := sweep(t, e, false); got.Archived != 2 {
		t.Fatalf("sweep = %+v, want name and address archived", got)
	}
	// Archived items serve no purpose any more; consumption still serves
	// statistics.
	items, err := e.Vault.Use(e.Ctx, r.Subject, "ordering")
	for _, it := range items {
		if it.Category != "consumption" {
			t.Fatalf("Use(ordering) returned archived %s (%v)", it.Category, err)
		}
	}
	h, err := e.Vault.History(e.Ctx, r.Subject)
	if err != nil {
		t.Fatal(err)
	}
	archived := 0
	for _, it := range h.Items {
		if it.IsArchived() {
			archived++
		}
	}
	if archived != 2 {
		t.Fatalf("history shows %d archived items, want 2", archived)
	}
	e.Clock.Set(after(start, "2 months"))
	if got := sweep(t, e, false); got.Archived != 1 || got.Deleted != 0 {
		t.Fatalf("sweep at 2 months = %+v, want consumption archived", got)
	}
	e.Clock.Set(after(after(start, "5 days"), "3 years"))
	if got := sweep(t, e, false); got.Deleted != 3 || got.Shredded != 1 {
		t.Fatalf("sweep after 3 years = %+v, want all 3 deleted", got)
	}
	e.Verify(t)
}

func testReviewTasks(t *testing.T, open Opener) {
	e := newEnv(t, open(t), RetentionPolicy(t))
	start := e.Clock.Now()
	p := e.Collect(t, tillit.Submission{Point: "profile", Fields: map[string]string{"name": "Cilla Ceder"}})
	e.Clock.Set(after(start, "12 months"))
	if r := sweep(t, e, false); r.Tasks != 1 {
		t.Fatalf("sweep = %+v, want one task", r)
	}
	if r := sweep(t, e, false); r.Tasks != 0 {
		t.Fatalf("second sweep = %+v, want no new task", r)
	}
	tasks, err := e.Vault.Tasks(e.Ctx, false, "", 10)
	if err != nil || len(tasks) != 1 || tasks[0].Subject != p.Subject || tasks[0].Purpose != "prospects" {
		t.Fatalf("Tasks = %+v, %v", tasks, err)
	}
	if _, err := e.Vault.CloseTask(e.Ctx, tasks[0].ID, "Cilla said keep it"); tillit.ErrorCode(err) != tillit.EINVALID {
		t.Fatalf("CloseTask with free text: %v", err)
	}
	closed, err := e.Vault.CloseTask(e.Ctx, tasks[0].ID, "kept")
	if err != nil || closed.IsOpen() || closed.Outcome != "kept" || closed.Actor != "test" {
		t.Fatalf("CloseTask = %+v, %v", closed, err)
	}
	if _, err := e.Vault.CloseTask(e.Ctx, tasks[0].ID, "kept"); tillit.ErrorCode(err) != tillit.ECONFLICT {
		t.Fatalf("closing twice: %v", err)
	}
	if open, _ := e.Vault.Tasks(e.Ctx, false, "", 10); len(open) != 0 {
		t.Fatalf("open tasks after closing: %+v", open)
	}
	// A year later the person is asked again, unless they became a customer.
	e.Clock.Set(after(start, "24 months"))
	if r := sweep(t, e, false); r.Tasks != 1 {
		t.Fatalf("sweep after 24 months = %+v, want one task", r)
	}
	if err := e.Vault.Record(e.Ctx, tillit.EventRecord{Subject: p.Subject, Event: "became_customer"}); err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(after(start, "36 months"))
	if r := sweep(t, e, false); r.Tasks != 0 {
		t.Fatalf("sweep for a customer = %+v, want no task", r)
	}
}

func testRescheduleOnRegisterChange(t *testing.T, open Opener) {
	e := newEnv(t, open(t), RetentionPolicy(t))
	start := e.Clock.Now()
	d := e.Collect(t, order("Dan Dahl", false))
	e.Clock.Set(after(start, "21 days"))
	if r := sweep(t, e, false); r.Deleted != 0 {
		t.Fatalf("sweep = %+v before the period", r)
	}
	src := bytes.Replace(RetentionRegister(), []byte("delete 30 days after order_placed"), []byte("delete 20 days after order_placed"), 1)
	pol, problems := register.Compile("changed.yaml", src)
	if pol == nil {
		t.Fatal(problems)
	}
	a, err := app.Open(e.Ctx, app.Config{Store: e.Store, Policy: pol, KEK: e.KEK, Now: e.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	if got := auditOf(t, e, tillit.AuditRescheduled, ""); len(got) != 1 {
		t.Fatalf("rescheduled audit entries = %d, want 1", len(got))
	}
	v := a.Vault
	r, err := v.Sweep(e.Ctx, 0, false)
	if err != nil || r.Deleted != 2 || r.Shredded != 1 {
		t.Fatalf("sweep under the changed register = %+v, %v", r, err)
	}
	if s, _ := v.Subject(e.Ctx, d.Subject); !s.IsErased() {
		t.Fatal("subject not shredded")
	}
	// Opening again with the same register changes nothing.
	if _, err := app.Open(e.Ctx, app.Config{Store: e.Store, Policy: pol, KEK: e.KEK, Now: e.Clock.Now}); err != nil {
		t.Fatal(err)
	}
	if got := auditOf(t, e, tillit.AuditRescheduled, ""); len(got) != 1 {
		t.Fatalf("rescheduled audit entries = %d after reopening, want 1", len(got))
	}
}

// TwoOpener opens two stores on one new, empty database, as two nodes
// sharing it would.
type TwoOpener func(t testing.TB) (tillit.Store, tillit.Store)

// SweepTwoNodes sweeps one store from two vaults at once and checks that
// every due item is deleted exactly once and every emptied subject
// shredded once.
func SweepTwoNodes(t *testing.T, open TwoOpener, subjects int) {
	s1, s2 := open(t)
	e := newEnv(t, s1, RetentionPolicy(t))
	start := e.Clock.Now()
	var want []string
	for i := range subjects {
		r := e.Collect(t, order("Person "+string(rune('A'+i%26)), false))
		want = append(want, r.Items...)
	}
	a2, err := app.Open(e.Ctx, app.Config{Store: s2, Policy: e.Policy, KEK: e.KEK, Now: e.Clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	e.Clock.Set(after(start, "31 days"))
	var wg sync.WaitGroup
	reports := make([]tillit.SweepReport, 2)
	errs := make([]error, 2)
	for i, v := range []*vault.Vault{e.Vault, a2.Vault} {
		wg.Go(func() {
			ctx := tillit.WithActor(context.Background(), "node"+string(rune('1'+i)))
			reports[i], errs[i] = v.Sweep(ctx, 7, false)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("node 1: %+v; node 2: %+v", reports[0], reports[1])
	if d := reports[0].Deleted + reports[1].Deleted; d != len(want) {
		t.Errorf("deleted %d items in all, want %d", d, len(want))
	}
	if s := reports[0].Shredded + reports[1].Shredded; s != subjects {
		t.Errorf("shredded %d subjects, want %d", s, subjects)
	}
	seen := map[string]int{}
	for _, a := range auditOf(t, e, tillit.AuditRetention, "") {
		_, ids, _ := strings.Cut(a.Detail, " items=")
		for _, id := range strings.Split(ids, ",") {
			seen[id]++
		}
	}
	for _, id := range want {
		if seen[id] != 1 {
			t.Errorf("item %s deleted %d times, want once", id, seen[id])
		}
	}
	if n := len(auditOf(t, e, tillit.AuditShred, "")); n != subjects {
		t.Errorf("%d shred entries, want %d", n, subjects)
	}
	// Nothing is left to do for either node.
	for _, v := range []*vault.Vault{e.Vault, a2.Vault} {
		if r, err := v.Sweep(e.Ctx, 7, false); err != nil || r.Subjects != 0 {
			t.Errorf("sweep after both: %+v, %v", r, err)
		}
	}
	e.Verify(t)
}

// noClose keeps the policy test runner from closing a store the test
// harness closes.
type noClose struct{ tillit.Store }

func (noClose) Close() error { return nil }

// Examples plays the scenario file of every example register in dir
// (REGISTER.scenarios.yaml next to REGISTER.yaml) on stores from open.
func Examples(t *testing.T, open Opener, dir string) {
	registers, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, reg := range registers {
		if strings.HasSuffix(reg, ".scenarios.yaml") {
			continue
		}
		file := scenario.Beside(reg)
		if file == "" {
			t.Errorf("%s has no scenarios", reg)
			continue
		}
		n++
		t.Run(filepath.Base(reg), func(t *testing.T) {
			pol, _, problems, err := register.CompileFile(reg)
			if err != nil || pol == nil {
				t.Fatalf("%s: %v %v", reg, err, problems)
			}
			f, err := scenario.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			rs, err := scenario.Run(t.Context(), pol, f, func(context.Context) (tillit.Store, error) {
				return noClose{open(t)}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rs {
				if !r.Pass {
					t.Errorf("%s: %s, step %d: %s: %s — got %s (%s)", file, r.Scenario, r.Step, r.Subject, r.What.EN, r.Got.EN, r.Rule.EN)
				}
			}
			if len(rs) == 0 {
				t.Errorf("%s: no expectations", file)
			}
			t.Log(fmt.Sprintf("%s: %d expectations", file, len(rs)))
		})
	}
	if n == 0 {
		t.Fatalf("no example registers in %s", dir)
	}
}

func testScheduler(t *testing.T, open Opener) {
	e := newEnv(t, open(t), RetentionPolicy(t))
	start := e.Clock.Now()
	r := e.Collect(t, order("Eva Ek", false))
	e.Clock.Set(after(start, "31 days"))
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() {
		(&retention.Scheduler{Sweeper: e.Vault, Every: 10 * time.Millisecond}).Run(ctx)
		close(stopped)
	}()
	defer func() { cancel(); <-stopped }()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if s, err := e.Vault.Subject(e.Ctx, r.Subject); err == nil && s.IsErased() {
			if got := auditOf(t, e, tillit.AuditRetention, r.Subject); len(got) != 1 || got[0].Actor != "retention" {
				t.Fatalf("scheduler's audit entries = %+v", got)
			}
			return
		}
	}
	t.Fatal("the scheduler did not sweep the due subject")
}
