package tillit

import (
	"context"
	"time"
)

// Scheduled says when a subject's retention is next due: when the sweep
// must look at the subject again because an item is to be archived or to
// go, a legal hold ends, or a review is to be raised.
type Scheduled struct {
	Subject string    `json:"subject"`
	Due     time.Time `json:"due"`
}

// Task is work a retention rule raised for the privacy officer, e.g. a
// "review" rule that asks whether a person who never became a customer
// wants their data kept.
type Task struct {
	ID      string    `json:"id"`
	Subject string    `json:"subject"`
	Purpose string    `json:"purpose"`
	Rule    string    `json:"rule"` // the rule as the register writes it
	Case    string    `json:"case,omitempty"`
	Due     time.Time `json:"due"`    // when the rule fell due
	Raised  time.Time `json:"raised"` // when the sweep raised it
	Closed  time.Time `json:"closed,omitzero"`
	Outcome string    `json:"outcome,omitempty"` // what the officer decided, as an ID such as kept or erased
	Actor   string    `json:"actor,omitempty"`   // who closed it
}

// IsOpen reports whether the task waits for the officer.
func (t Task) IsOpen() bool { return t.Closed.IsZero() }

// Anonymous is a value kept after its item was anonymised: no subject, no
// exact time, only the category, the purposes and the month it was
// collected in.
type Anonymous struct {
	Category string
	Purposes []string
	Value    string
	Month    string // YYYY-MM, Stockholm time
}

// Forecast says, for one item, what its retention rules and legal holds
// will do to it and when. Zero times mean "not by any rule now in force":
// an item that no rule lets go is kept until something happens (an event,
// a request) or the register changes.
type Forecast struct {
	Subject  string    `json:"subject"`
	Item     string    `json:"item"`
	Category string    `json:"category"`
	Case     string    `json:"case,omitempty"`
	Purposes []string  `json:"purposes,omitempty"`
	Archived time.Time `json:"archived,omitzero"` // already archived

	// ArchiveAt is when the item stops being used and is archived,
	// ArchiveRule the rule (or hold) that does it.
	ArchiveAt   time.Time `json:"archive_at,omitzero"`
	ArchiveRule string    `json:"archive_rule,omitempty"`
	// GoneAt is when the item is deleted or anonymised (Action), by
	// GoneRule of GonePurpose, or at the end of legal hold Hold.
	GoneAt      time.Time `json:"gone_at,omitzero"`
	Action      Action    `json:"action,omitempty"`
	GoneRule    string    `json:"gone_rule,omitempty"`
	GonePurpose string    `json:"gone_purpose,omitempty"`
	// Hold is the legal hold that keeps the item after its purposes let it
	// go, HoldLaw its law and HoldUntil its end.
	Hold      string    `json:"hold,omitempty"`
	HoldLaw   Text      `json:"hold_law,omitzero"`
	HoldUntil time.Time `json:"hold_until,omitzero"`
	// KeptBy lists the purposes that keep the item with no end now known.
	KeptBy []string `json:"kept_by,omitempty"`
	// Restricted is set when the person's restriction (art. 18) stops
	// every rule until it is lifted.
	Restricted bool `json:"restricted,omitempty"`
}

// HappensBy reports whether the item is to be archived or to go by until
// (at any time when until is zero).
func (f Forecast) HappensBy(until time.Time) bool {
	by := func(t time.Time) bool { return !t.IsZero() && (until.IsZero() || !t.After(until)) }
	return by(f.GoneAt) || f.Archived.IsZero() && by(f.ArchiveAt)
}

// SweepReport counts what one sweep did (or, in a dry run, would do).
type SweepReport struct {
	Subjects   int  `json:"subjects"`   // subjects looked at
	Deleted    int  `json:"deleted"`    // items deleted
	Anonymised int  `json:"anonymised"` // items anonymised
	Archived   int  `json:"archived"`   // items archived
	Tasks      int  `json:"tasks"`      // review tasks raised
	Shredded   int  `json:"shredded"`   // subjects left with nothing, whose data keys were destroyed
	DryRun     bool `json:"dry_run,omitempty"`
	// Lag is the longest time from an item falling due to its going.
	Lag time.Duration `json:"lag_ns"`
}

// Add adds the counts of o to r and keeps the longer lag.
func (r *SweepReport) Add(o SweepReport) {
	r.Subjects += o.Subjects
	r.Deleted += o.Deleted
	r.Anonymised += o.Anonymised
	r.Archived += o.Archived
	r.Tasks += o.Tasks
	r.Shredded += o.Shredded
	r.Lag = max(r.Lag, o.Lag)
}

// Retention enforces the register's retention rules on the vault.
type Retention interface {
	// Forecast returns what will happen to a subject's items.
	Forecast(ctx context.Context, subject string) ([]Forecast, error)
	// ForecastAll calls fn for every item anything is due to happen to by
	// until (zero: ever), subject by subject in due order.
	ForecastAll(ctx context.Context, until time.Time, fn func(Forecast) error) error
	// Sweep does what is due now, in batches of at most batch subjects,
	// until nothing is due; with dryRun it only reports what it would do.
	Sweep(ctx context.Context, batch int, dryRun bool) (SweepReport, error)
	// Tasks returns up to n tasks after the task with ID after.
	Tasks(ctx context.Context, all bool, after string, n int) ([]Task, error)
	// CloseTask records the officer's decision on a task.
	CloseTask(ctx context.Context, id, outcome string) (Task, error)
	// NextDue returns when the next subject is due and how many are due
	// now.
	NextDue(ctx context.Context) (next time.Time, due int, err error)
	// Reschedule puts every subject on the schedule again, e.g. after the
	// register's retention rules changed.
	Reschedule(ctx context.Context) error
}
