package retention_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/retention"
	"github.com/tillit-privacy/tillit/storetest"
)

func policy(t *testing.T) *tillit.Policy {
	t.Helper()
	return storetest.RetentionPolicy(t)
}

// start is 10:00 on 15 January 2026, Stockholm time.
var start = time.Date(2026, time.January, 15, 10, 0, 0, 0, tillit.Stockholm)

func day(n int) time.Time   { return start.AddDate(0, 0, n).UTC() }
func month(n int) time.Time { return tillit.Duration{N: n, Unit: tillit.Months}.After(start).UTC() }

func item(id, cat, caseID string, at time.Time, purposes ...string) tillit.Item {
	return tillit.Item{ID: id, Subject: "s", Category: cat, Case: caseID, Collected: at, Purposes: purposes}
}

func ev(name, caseID string, at time.Time) tillit.EventRecord {
	return tillit.EventRecord{Subject: "s", Event: name, Case: caseID, At: at}
}

func forecast(t *testing.T, plan retention.Plan, id string) tillit.Forecast {
	t.Helper()
	for _, fc := range plan.Items {
		if fc.Item == id {
			return fc
		}
	}
	t.Fatalf("no forecast for %s", id)
	return tillit.Forecast{}
}

func same(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %v, want %v", what, got.In(tillit.Stockholm), want.In(tillit.Stockholm))
	}
}

func TestUnlessWithin(t *testing.T) {
	pol := policy(t)
	orders := []tillit.Case{{ID: "o1", Kind: "order", Opened: start}}
	for _, tc := range []struct {
		name  string
		offer int // day of the offer; -1 for none
		gone  time.Time
	}{
		{"no offer: 30 days after the order", -1, day(30)},
		{"offer inside the 14-day window cancels", 10, time.Time{}},
		{"offer on the window's last day cancels", 14, time.Time{}},
		{"offer after the window does not", 20, day(30)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := retention.Facts{
				Items:  []tillit.Item{item("i1", "name", "o1", start, "ordering")},
				Cases:  orders,
				Events: []tillit.EventRecord{ev("order_placed", "o1", start)},
			}
			if tc.offer >= 0 {
				f.Events = append(f.Events, ev("offer_received", "o1", day(tc.offer)))
			}
			fc := forecast(t, retention.Evaluate(pol, f, day(40)), "i1")
			same(t, "GoneAt", fc.GoneAt, tc.gone)
			if tc.gone.IsZero() && len(fc.KeptBy) != 1 {
				t.Errorf("KeptBy = %v, want [ordering]", fc.KeptBy)
			}
			if !tc.gone.IsZero() && fc.GoneRule != "delete 30 days after order_placed unless offer_received within 14 days" {
				t.Errorf("GoneRule = %q", fc.GoneRule)
			}
		})
	}
}

func TestArchiveThenDelete(t *testing.T) {
	pol := policy(t)
	f := retention.Facts{
		Items: []tillit.Item{item("i1", "name", "o1", start, "ordering")},
		Cases: []tillit.Case{{ID: "o1", Kind: "order", Opened: start}},
		Events: []tillit.EventRecord{ev("order_placed", "o1", start), ev("offer_received", "o1", day(3)),
			ev("order_delivered", "o1", day(20))},
	}
	fc := forecast(t, retention.Evaluate(pol, f, day(21)), "i1")
	same(t, "ArchiveAt", fc.ArchiveAt, day(20))
	same(t, "GoneAt", fc.GoneAt, tillit.Duration{N: 3, Unit: tillit.Years}.After(day(20)).UTC())
	if fc.ArchiveRule != "archive at once on order_delivered" || fc.Action != tillit.Delete {
		t.Errorf("ArchiveRule %q, Action %q", fc.ArchiveRule, fc.Action)
	}
}

func TestAtOnceIgnoresEarlierLife(t *testing.T) {
	// An item collected after its case was delivered is not archived by
	// that delivery: "at once" looks only at events from its collection on.
	pol := policy(t)
	f := retention.Facts{
		Items: []tillit.Item{item("late", "name", "o1", day(30), "ordering")},
		Cases: []tillit.Case{{ID: "o1", Kind: "order", Opened: start}},
		Events: []tillit.EventRecord{ev("order_placed", "o1", start), ev("offer_received", "o1", day(3)),
			ev("order_delivered", "o1", day(20))},
	}
	fc := forecast(t, retention.Evaluate(pol, f, day(31)), "late")
	if !fc.ArchiveAt.IsZero() {
		t.Errorf("ArchiveAt = %v, want none", fc.ArchiveAt)
	}
	// The period rule still counts from the delivery.
	same(t, "GoneAt", fc.GoneAt, tillit.Duration{N: 3, Unit: tillit.Years}.After(day(20)).UTC())
}

func TestSeveralPurposesTheLastDecides(t *testing.T) {
	pol := policy(t)
	f := retention.Facts{
		Items: []tillit.Item{
			item("both", "consumption", "o1", start, "ordering", "statistics"),
			item("stats", "consumption", "o1", start, "statistics"),
		},
		Cases:  []tillit.Case{{ID: "o1", Kind: "order", Opened: start}},
		Events: []tillit.EventRecord{ev("order_placed", "o1", start)},
	}
	plan := retention.Evaluate(pol, f, day(1))
	both := forecast(t, plan, "both")
	same(t, "both.GoneAt", both.GoneAt, month(2)) // 2 months > 30 days
	if both.Action != tillit.Anonymise || both.GonePurpose != "statistics" {
		t.Errorf("both: action %q by %q, want anonymise by statistics", both.Action, both.GonePurpose)
	}
	// ordering let go at day 30; statistics still used it until then.
	same(t, "both.ArchiveAt", both.ArchiveAt, time.Time{})
	stats := forecast(t, plan, "stats")
	same(t, "stats.GoneAt", stats.GoneAt, month(2))

	// Once delivered, ordering archives it and keeps it three years:
	// statistics has let go by then, so it is archived from month 2.
	f.Events = append(f.Events, ev("offer_received", "o1", day(1)), ev("order_delivered", "o1", day(5)))
	both = forecast(t, retention.Evaluate(pol, f, day(6)), "both")
	same(t, "delivered.ArchiveAt", both.ArchiveAt, month(2))
	same(t, "delivered.GoneAt", both.GoneAt, tillit.Duration{N: 3, Unit: tillit.Years}.After(day(5)).UTC())
	if both.GonePurpose != "ordering" || both.Action != tillit.Delete {
		t.Errorf("delivered: %q by %q", both.Action, both.GonePurpose)
	}
}

func TestCaseEventsForItemsWithoutACase(t *testing.T) {
	// A profile item belongs to no case: the contract rule holds it while
	// any contract runs, and counts from the last one to end.
	pol := policy(t)
	f := retention.Facts{
		Items: []tillit.Item{item("p", "address", "", start, "contract")},
		Cases: []tillit.Case{{ID: "c1", Kind: "contract", Opened: start}, {ID: "c2", Kind: "contract", Opened: day(10)}},
		Events: []tillit.EventRecord{
			ev("contract_ended", "c1", day(100)),
		},
	}
	fc := forecast(t, retention.Evaluate(pol, f, day(200)), "p")
	if !fc.GoneAt.IsZero() {
		t.Fatalf("GoneAt = %v while contract c2 runs", fc.GoneAt)
	}
	f.Events = append(f.Events, ev("contract_ended", "c2", day(300)))
	fc = forecast(t, retention.Evaluate(pol, f, day(301)), "p")
	same(t, "GoneAt", fc.GoneAt, tillit.Duration{N: 36, Unit: tillit.Months}.After(day(300)).UTC())

	// Without any contract the contract purpose does not hold the item:
	// alone it decides nothing; with another purpose, that one decides.
	f.Cases, f.Events = nil, nil
	fc = forecast(t, retention.Evaluate(pol, f, day(301)), "p")
	if !fc.GoneAt.IsZero() || len(fc.KeptBy) != 0 {
		t.Errorf("no contract: GoneAt %v KeptBy %v", fc.GoneAt, fc.KeptBy)
	}
	f.Items = []tillit.Item{item("n", "name", "", start, "contract", "prospects")}
	fc = forecast(t, retention.Evaluate(pol, f, day(301)), "n")
	same(t, "no contract, prospect: GoneAt", fc.GoneAt, tillit.Duration{N: 5, Unit: tillit.Years}.After(start).UTC())
}

func TestLegalHoldKeepsExactlyItsCategories(t *testing.T) {
	pol := policy(t)
	f := retention.Facts{
		Items: []tillit.Item{
			item("n", "name", "c1", start, "contract"),
			item("a", "address", "c1", start, "contract"),
			item("inv", "invoice", "c1", start, "contract"),
		},
		Cases:  []tillit.Case{{ID: "c1", Kind: "contract", Opened: start}},
		Events: []tillit.EventRecord{ev("payment", "", month(5)), ev("contract_ended", "c1", month(6))},
	}
	plan := retention.Evaluate(pol, f, month(7))
	released := tillit.Duration{N: 36, Unit: tillit.Months}.After(month(6)).UTC()
	// The last payment was in 2026: kept until 1 January 2034.
	holdEnd := time.Date(2034, time.January, 1, 0, 0, 0, 0, tillit.Stockholm).UTC()

	n := forecast(t, plan, "n")
	same(t, "name.GoneAt", n.GoneAt, released)
	if n.Hold != "" {
		t.Errorf("name held by %q", n.Hold)
	}
	for _, id := range []string{"a", "inv"} {
		fc := forecast(t, plan, id)
		same(t, id+".ArchiveAt", fc.ArchiveAt, released)
		same(t, id+".GoneAt", fc.GoneAt, holdEnd)
		if fc.Hold != "bookkeeping" || fc.HoldUntil != holdEnd || fc.HoldLaw.SV == "" {
			t.Errorf("%s: hold %q until %v", id, fc.Hold, fc.HoldUntil)
		}
	}
	// A payment late in December counts from the end of that year.
	f.Events[0].At = time.Date(2026, time.December, 31, 23, 30, 0, 0, tillit.Stockholm).UTC()
	same(t, "late payment", forecast(t, retention.Evaluate(pol, f, month(7)), "inv").GoneAt, holdEnd)
}

func TestRecurringReview(t *testing.T) {
	pol := policy(t)
	f := retention.Facts{Items: []tillit.Item{item("p", "name", "", start, "prospects")}}
	plan := retention.Evaluate(pol, f, month(11))
	if len(plan.Reviews) != 0 {
		t.Fatalf("reviews before 12 months: %v", plan.Reviews)
	}
	same(t, "Next", plan.Next(month(11), true), month(12))

	plan = retention.Evaluate(pol, f, month(30))
	if len(plan.Reviews) != 1 {
		t.Fatalf("reviews = %v, want the latest one only", plan.Reviews)
	}
	same(t, "review due", plan.Reviews[0].Due, month(24))
	same(t, "Next after the review", plan.Next(month(30), true), month(36))

	// A customer is not asked again.
	f.Events = []tillit.EventRecord{ev("became_customer", "", month(13))}
	plan = retention.Evaluate(pol, f, month(30))
	if len(plan.Reviews) != 1 || !plan.Reviews[0].Due.Equal(month(12)) {
		t.Errorf("reviews for a customer = %v, want only the one before", plan.Reviews)
	}
	same(t, "Next for a customer", plan.Next(month(30), true), tillit.Duration{N: 5, Unit: tillit.Years}.After(start).UTC())
}

func TestRestrictedSubjectIsNeverDue(t *testing.T) {
	pol := policy(t)
	f := retention.Facts{
		Subject: tillit.Subject{ID: "s", Restricted: true},
		Items:   []tillit.Item{item("p", "name", "", start, "prospects")},
	}
	plan := retention.Evaluate(pol, f, month(100))
	if !plan.Items[0].Restricted {
		t.Error("forecast not marked restricted")
	}
	if next := plan.Next(month(100), false); !next.IsZero() {
		t.Errorf("Next = %v for a restricted subject", next)
	}
}

func TestFingerprintFollowsTheRules(t *testing.T) {
	a := retention.Fingerprint(policy(t))
	if a != retention.Fingerprint(policy(t)) {
		t.Fatal("fingerprint is not stable")
	}
	changed := bytes.Replace(storetest.RetentionRegister(), []byte("delete 5 years after collected"), []byte("delete 6 years after collected"), 1)
	pol, ps := register.Compile("changed.yaml", changed)
	if pol == nil {
		t.Fatal(ps)
	}
	if retention.Fingerprint(pol) == a {
		t.Error("a changed rule keeps the fingerprint")
	}
}
