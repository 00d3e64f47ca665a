package bench

import (
	"context"
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/vault"
)

//go:embed register.yaml
var registerYAML []byte

// Register returns the source of the register the benchmark runs on.
func Register() []byte { return registerYAML }

// compile compiles the bench register, with edit applied to its source
// first (for the register changes the by-purpose operations make).
func compile(edit func(string) string) (*tillit.Policy, error) {
	src := string(registerYAML)
	if edit != nil {
		src = edit(src)
	}
	pol, problems := register.Compile("bench/register.yaml", []byte(src))
	if pol == nil {
		return nil, fmt.Errorf("bench: register: %v", problems)
	}
	return pol, nil
}

// clock is the vault's clock: real time, moved forward by an offset when
// the retention benchmark makes records fall due.
type clock struct {
	mu  sync.Mutex
	off time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.off)
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.off += d
}

// tillitSide is Tillit's path for GDPRbench's operations: the vault over
// a store, every call through the vault with the actor an integration
// key would have.
type tillitSide struct {
	engine string
	store  tillit.Store
	v      *vault.Vault
	keys   tillit.Access
	app    *app.App
	pol    *tillit.Policy
	clock  *clock
	ctx    context.Context

	mu       sync.RWMutex
	subjects []string // record key -> subject ID
}

// openTillit opens a vault over store with the bench register, without
// the guarantees off names.
func openTillit(ctx context.Context, engine string, store tillit.Store, off benchonly.Off) (*tillitSide, error) {
	pol, err := compile(nil)
	if err != nil {
		return nil, err
	}
	js, err := keys.Generate()
	if err != nil {
		return nil, err
	}
	kek, err := keys.ParseKEK(js)
	if err != nil {
		return nil, err
	}
	t := &tillitSide{engine: engine, store: store, pol: pol, clock: &clock{}, ctx: tillit.WithActor(ctx, "api:bench")}
	a, err := app.Open(t.ctx, app.Config{Store: store, Policy: pol, KEK: kek, Now: t.clock.Now, Without: off})
	if err != nil {
		return nil, err
	}
	t.v, t.keys, t.app = a.Vault, a.Access, a
	return t, nil
}

// Close closes the store.
func (t *tillitSide) Close() error { return t.store.Close() }

// points are the collection points of GDPRbench's purposes.
var points = map[string]string{"ads": "ads_form", "2fa": "two_factor_form", "msg": "messaging_form", "backup": "backup_form"}

// submission is record n as a collection point receives it: the person's
// e-mail address (their key) and the record's data, with consent to ads
// for a record whose purpose is ads.
func submission(n int) tillit.Submission {
	p := Purpose(n)
	s := tillit.Submission{Point: points[p], Fields: map[string]string{"email": email(n), "data": Data(n, 0)}}
	if p == "ads" {
		s.Consents = []tillit.ConsentGrant{{Purpose: "ads", Version: "1"}}
	}
	return s
}

func email(n int) string { return "user" + strconv.Itoa(n) + "@bench.example" }

// bulk is how many submissions one CollectMany stores.
const bulk = 500

// load collects records first..first+n-1 through the vault's bulk path.
func (t *tillitSide) load(ctx context.Context, first, n int) error {
	t.mu.Lock()
	if len(t.subjects) < first+n {
		t.subjects = append(t.subjects, make([]string, first+n-len(t.subjects))...)
	}
	t.mu.Unlock()
	subs := make([]tillit.Submission, 0, bulk)
	for i := first; i < first+n; i += bulk {
		subs = subs[:0]
		for j := i; j < min(i+bulk, first+n); j++ {
			subs = append(subs, submission(j))
		}
		rs, err := t.v.CollectMany(t.ctx, subs)
		if err != nil {
			return fmt.Errorf("tillit: load: %w", err)
		}
		t.mu.Lock()
		for j, r := range rs {
			t.subjects[i+j] = r.Subject
		}
		t.mu.Unlock()
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

func (t *tillitSide) subject(n int) string {
	t.mu.RLock()
	defer t.mu.RUnlock()
	if n < len(t.subjects) {
		return t.subjects[n]
	}
	return ""
}

// do runs one step through the vault, by key: the record's person.
//
//	insert       Collect at the point of the record's purpose
//	read         Use for the record's purpose (legal basis checked, values decrypted, audited)
//	read-meta    History: everything but the values (items, events, consents, disclosures)
//	update       Rectify the record's data
//	update-meta  SetConsent to ads, given or withdrawn as the decision says (GDPRbench's field4)
//	delete(-meta) Erase: the person's data deleted, identifiers suppressed, key destroyed
func (t *tillitSide) do(ctx context.Context, s Step) (status, error) {
	if s.Op == OpInsert {
		_, err := t.v.Collect(t.ctx, submission(s.Key))
		return classify(err)
	}
	subj := t.subject(s.Key)
	if subj == "" {
		return statusNotFound, nil
	}
	var err error
	switch s.Op {
	case OpRead:
		_, err = t.v.Use(t.ctx, subj, tillitPurposes[Purpose(s.Key)])
	case OpReadMeta:
		_, err = t.v.History(t.ctx, subj)
	case OpUpdate:
		_, err = t.v.Rectify(t.ctx, subj, map[string]string{"data": Data(s.Key, 1+s.Pick%1_000_000)})
	case OpUpdateMeta:
		given := fieldValues[4][s.Pick%3] != "disallow"
		err = t.v.SetConsent(t.ctx, tillit.ConsentRecord{Subject: subj, Purpose: "ads", Given: given, Version: "1", Channel: "bench"}, tillit.Evidence{})
	case OpDelete, OpDeleteMeta:
		_, err = t.v.Erase(t.ctx, subj)
	default:
		return statusOK, fmt.Errorf("tillit: no operation %q", s.Op)
	}
	return classify(err)
}

// classify turns the vault's refusals into statuses: a person not found
// (erased before) and a use the legal basis does not allow (consent
// withdrawn, an objection) are answers, not failures.
func classify(err error) (status, error) {
	switch tillit.ErrorCode(err) {
	case "":
		return statusOK, nil
	case tillit.ENOTFOUND:
		return statusNotFound, nil
	case tillit.EFORBIDDEN:
		return statusRefused, nil
	}
	return statusOK, err
}

// retire stops processing for a GDPRbench purpose, the way a controller
// does it in Tillit: the register is changed so that the purpose's data
// goes at once, the schedule is checked against the new register (every
// person is due again), and a sweep deletes what no other purpose keeps
// and destroys the key of everyone left with nothing. It returns what the
// sweep did.
func (t *tillitSide) retire(purpose string) (tillit.SweepReport, error) {
	pol, err := compile(func(src string) string {
		return editPurpose(src, tillitPurposes[purpose], "    retention:\n", "      - delete at once on collected\n")
	})
	if err != nil {
		return tillit.SweepReport{}, err
	}
	t.v.SetPolicy(pol)
	if err := t.v.Reschedule(t.ctx); err != nil {
		return tillit.SweepReport{}, err
	}
	return t.v.Sweep(t.ctx, 0, false)
}

// restore puts the bench register back in force after retire.
func (t *tillitSide) restore() error {
	t.v.SetPolicy(t.pol)
	return t.v.Reschedule(t.ctx)
}

// share changes, for every record of a GDPRbench purpose at once, who its
// data may be disclosed to (GDPRbench's ACL and sharing, field5 and
// field6): in Tillit that is said once, in the register, so the change is
// a register change, checked against the schedule like any other.
func (t *tillitSide) share(purpose string, wider bool) error {
	pol := t.pol
	if wider {
		var err error
		id, extra := tillitPurposes[purpose], "backup_host, "
		if id == "backup" {
			extra = "mailer, "
		}
		pol, err = compile(func(src string) string { return editPurpose(src, id, "    recipients: [", extra) })
		if err != nil {
			return err
		}
	}
	t.v.SetPolicy(pol)
	return t.v.Reschedule(t.ctx)
}

// editPurpose inserts text after the first line starting with at in the
// purpose's block of the register.
func editPurpose(src, purpose, at, text string) string {
	start := strings.Index(src, "\npurposes:\n")
	block := strings.Index(src[start:], "\n  "+purpose+":\n")
	if start < 0 || block < 0 {
		return src
	}
	from := start + block
	i := strings.Index(src[from:], "\n"+at)
	if i < 0 {
		return src
	}
	i += from + 1 + len(at)
	return src[:i] + text + src[i:]
}
