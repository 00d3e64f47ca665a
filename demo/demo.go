package demo

import (
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
)

// Options say what Fill makes.
type Options struct {
	People int       // how many people; 200 when zero
	Seed   int64     // the same seed (and Now) gives the same people and history
	Now    time.Time // the present: the history lies before it; time.Now() when zero
	Months int       // how far back the history reaches; 18 when zero

	// Store and KEK are the store and key-encryption key the vault given
	// to Fill was opened with. Fill opens a vault of its own over them,
	// whose clock it moves through the past.
	Store tillit.Store
	KEK   *keys.KEK
}

// Report counts what Fill stored.
type Report struct {
	People      int // people created
	Collections int // submissions stored, the first and later ones
	Cases       int // cases opened
	Consents    int // consents given
	Withdrawals int // consents withdrawn, directly or by a request
	Objections  int // objections, directly or by a request
	Events      int // lifecycle events recorded, besides consents and objections
	Disclosures int // disclosures to the register's recipients
	Requests    int // data-subject requests submitted and confirmed
	Open        int // of those, still open for the officer at Now
	Overdue     int // open and past the deadline at Now
	DueSoon     int // open and due within tillit.DueSoon of Now
	Messages    int // e-mails to the made-up people, marked delivered and sent nowhere

	// Retention is what the daily retention sweeps of the history did,
	// and Lapsed counts the planned steps not taken because they had by
	// then removed the data the step needed.
	Retention tillit.SweepReport
	Lapsed    int

	// Skipped counts the planned steps not taken because the vault
	// refused a step before them, and Refusal is the first refusal's text
	// (it holds no personal data). Both stay zero on the example
	// registers; on another register they tell what the demo could not
	// play.
	Skipped int
	Refusal string
}

// The actor the demo's records carry in the audit log.
const actor = "demo"

// publicURL is where the demo's code e-mails link to; Fill reads the code
// from the confirmation link. It is at a reserved domain and never shown.
const publicURL = "https://tillit.example"

// Fill adds o.People made-up people with their history to the store of v,
// using only what v.Policy() declares; see the package comment:
//
//	rep, err := demo.Fill(ctx, v, demo.Options{People: 200, Store: store, KEK: kek})
//
// It refuses, with ECONFLICT, a store that holds or held a person or a
// request. Run it before the server starts sweeping and delivering.
func Fill(ctx context.Context, v tillit.Vault, o Options) (Report, error) {
	const op = "demo.fill"
	if o.Store == nil || o.KEK == nil {
		return Report{}, tillit.Errorf(tillit.EINVALID, op, "the store and key-encryption key of the vault are required")
	}
	o.People = cmp.Or(o.People, 200)
	o.Months = cmp.Or(o.Months, 18)
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.People < 0 || o.Months < 1 {
		return Report{}, tillit.Errorf(tillit.EINVALID, op, "people and months must be positive")
	}
	if err := empty(ctx, o.Store); err != nil {
		return Report{}, err
	}
	f := newFiller(v.Policy(), o)
	f.caller = v
	ctx = tillit.WithActor(ctx, actor)
	a, err := app.Open(ctx, app.Config{Store: o.Store, Policy: v.Policy(), KEK: o.KEK,
		Now: func() time.Time { return f.at }, Rand: f.ids, PublicURL: publicURL})
	if err != nil {
		return Report{}, fmt.Errorf("demo: %w", err)
	}
	f.a = a
	f.plan()
	if err := f.run(ctx); err != nil {
		return f.rep, fmt.Errorf("demo: %w", err)
	}
	return f.rep, nil
}

// empty refuses a store that holds anything about a person, or ever
// did: demo data must never mix with real data.
func empty(ctx context.Context, s tillit.Store) error {
	used := false
	err := s.View(ctx, func(tx tillit.Tx) error {
		ks, err := tx.DataKeys("", 1)
		if err != nil {
			return err
		}
		rs, err := tx.Requests(tillit.RequestFilter{N: 1})
		if err != nil {
			return err
		}
		used = len(ks) > 0 || len(rs) > 0
		for after := int64(0); !used; {
			entries, err := tx.Audit(after, 1000)
			if err != nil || len(entries) == 0 {
				return err
			}
			for _, e := range entries {
				used = used || e.Subject != "" || e.Action == tillit.AuditCollect
				after = e.Seq
			}
		}
		return nil
	})
	if err == nil && used {
		err = tillit.Errorf(tillit.ECONFLICT, "demo.fill", "the store holds or held people or requests; demo data goes only into an empty store")
	}
	return err
}

// filler plans the history and then plays it.
type filler struct {
	pol    *tillit.Policy
	o      Options
	caller tillit.Vault  // the vault given to Fill
	a      *app.App      // the demo's own services, whose clock is at
	rng    *rand.Rand    // every choice the plan makes
	ids    *rand.ChaCha8 // the vault's randomness, for IDs and codes
	now    time.Time     // Options.Now
	from   time.Time     // when the history begins
	at     time.Time     // the vault's clock

	steps   []step
	seq     int
	people  []*person
	point   tillit.CollectionPoint // where the values being made are collected
	phones  []string               // the fiction numbers not yet given out
	emails  map[string]bool        // the addresses given out
	pnrs    map[string]bool        // the personnummer given out
	codes   map[string]string      // request ID -> the code e-mailed for it
	checked bool                   // the first person stored was found in the vault's store
	rep     Report
}

func newFiller(pol *tillit.Policy, o Options) *filler {
	var seed [32]byte
	binary.LittleEndian.PutUint64(seed[:], uint64(o.Seed))
	copy(seed[8:], "tillit demo")
	f := &filler{
		pol:    pol,
		rng:    rand.New(rand.NewPCG(uint64(o.Seed), 0x7469_6c6c_6974)),
		ids:    rand.NewChaCha8(seed),
		now:    o.Now.UTC(),
		from:   o.Now.UTC().AddDate(0, -o.Months, 0),
		o:      o,
		emails: map[string]bool{},
		pnrs:   map[string]bool{},
		codes:  map[string]string{},
	}
	f.at = f.from
	mobile, fixed := fictionPhones()
	f.rng.Shuffle(len(mobile), func(i, j int) { mobile[i], mobile[j] = mobile[j], mobile[i] })
	f.rng.Shuffle(len(fixed), func(i, j int) { fixed[i], fixed[j] = fixed[j], fixed[i] })
	f.phones = append(mobile, fixed...)
	return f
}

// thread is a line of steps that depend on each other: a person's
// history, or a request. A step the vault refuses ends its thread; so
// does a step that finds the person's data gone under the register's
// retention rules, as it would have been in life.
type thread struct {
	lastAt time.Time // the last step planned
	failed bool      // the vault refused a step
	gone   bool      // retention erased the person
}

// step is one thing that happens at a time: a submission, an event, a
// disclosure, a part of a request, a retention sweep. Steps run in time
// order.
type step struct {
	at  time.Time
	seq int
	in  *thread // nil for a step of its own
	do  func(ctx context.Context) error
}

// add plans a step at at; it reports false, and plans nothing, when at is
// not in the past.
func (f *filler) add(at time.Time, in *thread, do func(ctx context.Context) error) bool {
	if !at.Before(f.now) {
		return false
	}
	f.seq++
	f.steps = append(f.steps, step{at: at, seq: f.seq, in: in, do: do})
	if in != nil && at.After(in.lastAt) {
		in.lastAt = at
	}
	return true
}

// errGone and errLapsed are what a step returns when retention got there
// first: the person was erased, or the data the step needs is gone.
var (
	errGone   = errors.New("the person was erased under the retention rules")
	errLapsed = errors.New("the data was deleted or archived under the retention rules")
)

// run plays the planned steps in time order with the clock at each
// step's time. A step the vault refuses ends its thread; any other error
// ends Fill.
func (f *filler) run(ctx context.Context) error {
	slices.SortFunc(f.steps, func(a, b step) int {
		return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq))
	})
	for _, s := range f.steps {
		switch {
		case s.in != nil && s.in.gone:
			f.rep.Lapsed++
			continue
		case s.in != nil && s.in.failed:
			f.rep.Skipped++
			continue
		}
		f.at = s.at
		err := s.do(ctx)
		switch {
		case err == nil:
		case errors.Is(err, errGone) && s.in != nil:
			s.in.gone = true
			f.rep.Lapsed++
		case errors.Is(err, errLapsed):
			f.rep.Lapsed++
		case refused(err) && s.in != nil:
			s.in.failed = true
			f.rep.Skipped++
			if f.rep.Refusal == "" {
				f.rep.Refusal = err.Error()
			}
		default:
			return err
		}
	}
	f.at = f.now
	if err := f.deliver(ctx); err != nil {
		return err
	}
	return f.count(ctx)
}

// erased reports whether retention has erased the person.
func (f *filler) erased(ctx context.Context, p *person) (bool, error) {
	s, err := f.a.Vault.Subject(ctx, p.subject)
	return err == nil && s.IsErased(), err
}

// gone turns a step's not-found into errGone when retention erased the
// person before it.
func (f *filler) gone(ctx context.Context, p *person, err error) error {
	if tillit.ErrorCode(err) != tillit.ENOTFOUND {
		return err
	}
	if erased, cerr := f.erased(ctx, p); cerr != nil {
		return cerr
	} else if erased {
		return errGone
	}
	return err
}

// refused reports whether err is the vault saying no to a step, rather
// than something going wrong.
func refused(err error) bool {
	switch tillit.ErrorCode(err) {
	case tillit.EINVALID, tillit.EFORBIDDEN, tillit.ENOTFOUND, tillit.ECONFLICT:
		return true
	}
	return false
}

// count reads the requests back to count those open at Now.
func (f *filler) count(ctx context.Context) error {
	open, err := f.a.Requests.Requests(ctx, tillit.RequestFilter{Open: true})
	if err != nil {
		return err
	}
	for _, r := range open {
		f.rep.Open++
		switch {
		case r.Overdue(f.now):
			f.rep.Overdue++
		case r.IsDueSoon(f.now):
			f.rep.DueSoon++
		}
	}
	return nil
}

// between returns a random time in [a, b).
func (f *filler) between(a, b time.Time) time.Time {
	if !b.After(a) {
		return a
	}
	return a.Add(time.Duration(f.rng.Int64N(int64(b.Sub(a)))))
}

// after returns a random time between lo and hi after t.
func (f *filler) after(t time.Time, lo, hi time.Duration) time.Time {
	return f.between(t.Add(lo), t.Add(hi))
}

const day = 24 * time.Hour
