package tillit

import (
	"context"
	"time"
)

// NotifyWithin is how long after becoming aware of a personal data breach
// the controller has to notify the supervisory authority (GDPR art. 33(1)).
const NotifyWithin = 72 * time.Hour

// IncidentDueSoon is how near its deadline an unsettled incident counts as
// due soon.
const IncidentDueSoon = 24 * time.Hour

// Risk is the controller's assessment of the risk a breach poses to the
// rights and freedoms of the people concerned.
type Risk string

// The levels of risk. Unassessed is "".
const (
	// RiskUnlikely: unlikely to result in a risk; the authority need not
	// be notified, but the decision and its reason are documented (GDPR
	// art. 33(1) and 33(5)).
	RiskUnlikely Risk = "unlikely"
	// RiskLikely: a risk; the authority is notified (art. 33(1)).
	RiskLikely Risk = "risk"
	// RiskHigh: a high risk; the people concerned are told too (art. 34(1)).
	RiskHigh Risk = "high"
)

// Valid reports whether r is a known level or unassessed.
func (r Risk) Valid() bool {
	return r == "" || r == RiskUnlikely || r == RiskLikely || r == RiskHigh
}

// Phase is a step of a notification to the authority given in phases
// (GDPR art. 33(4)).
type Phase string

// The phases. A notification given in one go is final at once.
const (
	PhaseInitial       Phase = "initial"       // what was known within 72 hours
	PhaseSupplementary Phase = "supplementary" // further information as it became known
	PhaseFinal         Phase = "final"         // the complete account
)

// IncidentDetails is what the officer writes about an incident. Its texts
// describe the breach, not people: they must hold no personal data (refer
// to a person, if at all, by their pseudonymous subject ID).
type IncidentDetails struct {
	Title         string    `json:"title"`                    // a short name, e.g. "Leak at the CRM processor"
	Nature        string    `json:"nature,omitempty"`         // what happened (art. 33(3)(a))
	HowDiscovered string    `json:"how_discovered,omitempty"` // how the breach came to light
	Discovered    time.Time `json:"discovered"`               // when the controller became aware; the 72-hour clock runs from here (art. 33(1))
	From          time.Time `json:"from,omitzero"`            // when it began, if known
	To            time.Time `json:"to,omitzero"`              // when it ended, if known; until Discovered when zero

	// What it concerns: the register's categories, collection points and
	// recipients (e.g. a processor that reported a leak), and the systems
	// by the controller's own names. They select the people affected.
	Categories []string `json:"categories,omitempty"`
	Points     []string `json:"points,omitempty"`
	Recipients []string `json:"recipients,omitempty"`
	Systems    []string `json:"systems,omitempty"`

	SubjectTypes    string `json:"subject_types,omitempty"`    // the categories of data subjects, e.g. "customers" (art. 33(3)(a))
	Consequences    string `json:"consequences,omitempty"`     // the likely consequences (art. 33(3)(c))
	MeasuresTaken   string `json:"measures_taken,omitempty"`   // measures taken (art. 33(3)(d))
	MeasuresPlanned string `json:"measures_planned,omitempty"` // measures proposed (art. 33(3)(d))
	Advice          string `json:"advice,omitempty"`           // what the people concerned can do themselves (art. 34(2))
	DelayReason     string `json:"delay_reason,omitempty"`     // why the authority is notified after 72 hours (art. 33(1))
	Risk            Risk   `json:"risk,omitempty"`
}

// Incident is a personal data breach in the breach register (GDPR art.
// 33(5)): the facts, the effects, the remedial action, the decision on
// notifying the authority, the notifications given and the timeline of
// everything done.
type Incident struct {
	ID string `json:"id"`
	IncidentDetails
	Opened time.Time `json:"opened"`
	Closed time.Time `json:"closed,omitzero"`

	Decision      AuthorityDecision       `json:"decision,omitzero"`
	Notifications []AuthorityNotification `json:"notifications,omitempty"` // to the authority, in order
	Notices       []SubjectNotices        `json:"notices,omitempty"`       // rounds of notices to the people (art. 34)
	Timeline      []IncidentEvent         `json:"timeline,omitempty"`      // filled by the single-incident read
}

// AuthorityDecision is the decision whether to notify the authority.
type AuthorityDecision struct {
	Notify bool      `json:"notify"`
	Reason string    `json:"reason,omitempty"` // required when not notifying (art. 33(5))
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
}

// IsZero reports whether no decision was made.
func (d AuthorityDecision) IsZero() bool { return d.At.IsZero() }

// AuthorityNotification is one phase of the notification to the
// authority (art. 33(4)).
type AuthorityNotification struct {
	Phase     Phase     `json:"phase"`
	At        time.Time `json:"at"`
	Reference string    `json:"reference,omitempty"` // e.g. the authority's case number
	Note      string    `json:"note,omitempty"`      // what this phase added
	Actor     string    `json:"actor"`
	Late      bool      `json:"late,omitempty"` // given after the 72 hours
}

// SubjectNotices is one round of notices to the people affected (art. 34).
type SubjectNotices struct {
	At       time.Time `json:"at"`
	Queued   int       `json:"queued"`             // e-mails queued in the outbox
	NoEmail  int       `json:"no_email"`           // affected people without an e-mail address: tell them another way
	Override bool      `json:"override,omitempty"` // sent although the risk was not assessed as high
	Actor    string    `json:"actor"`
}

// IncidentEvent is an entry of an incident's timeline: who did what, when.
// Its note holds IDs and counts, never personal data.
type IncidentEvent struct {
	Incident string    `json:"incident"`
	At       time.Time `json:"at"`
	Actor    string    `json:"actor"`
	Kind     string    `json:"kind"` // one of the Audit* incident actions
	Note     string    `json:"note,omitempty"`
}

// Deadline is when the authority must be notified: 72 hours after the
// controller became aware of the breach (GDPR art. 33(1)).
func (in Incident) Deadline() time.Time { return in.Discovered.Add(NotifyWithin) }

// Notified reports whether the authority has been notified.
func (in Incident) Notified() bool { return len(in.Notifications) > 0 }

// NotNotifying reports whether the decision is not to notify the authority.
func (in Incident) NotNotifying() bool { return !in.Decision.IsZero() && !in.Decision.Notify }

// Settled reports whether the clock has stopped: the authority was
// notified, or the decision not to notify it is recorded.
func (in Incident) Settled() bool { return in.Notified() || in.NotNotifying() }

// IsClosed reports whether the incident is closed.
func (in Incident) IsClosed() bool { return !in.Closed.IsZero() }

// Overdue reports whether the authority is neither notified nor decided
// against after the deadline.
func (in Incident) Overdue(now time.Time) bool {
	return !in.Settled() && now.After(in.Deadline())
}

// IsDueSoon reports whether the incident is unsettled and its deadline is
// within IncidentDueSoon.
func (in Incident) IsDueSoon(now time.Time) bool {
	return !in.Settled() && !now.After(in.Deadline()) && in.Deadline().Sub(now) <= IncidentDueSoon
}

// Window returns the time the breach lasted, as far as known: To defaults
// to Discovered.
func (in Incident) Window() (from, to time.Time) {
	to = in.To
	if to.IsZero() {
		to = in.Discovered
	}
	return in.From, to
}

// IncidentFilter selects incidents: open ones only, or all.
type IncidentFilter struct {
	Open bool
}

// Affected is who a breach likely affects, computed from the vault: by
// disclosures to the incident's recipients within its window or, without
// recipients, by the items of its categories and collection points held
// in the window.
type Affected struct {
	Incident   string             `json:"incident"`
	Computed   time.Time          `json:"computed"`
	By         string             `json:"by"` // "disclosures", "items", or "" when the incident selects nothing
	From       time.Time          `json:"from,omitzero"`
	To         time.Time          `json:"to"`
	Subjects   []string           `json:"subjects"`         // pseudonymous IDs, sorted
	Records    int                `json:"records"`          // disclosures or items concerned
	Categories []AffectedCategory `json:"categories"`       // per category, in the register's order
	Erased     int                `json:"erased,omitempty"` // people since erased, not counted: their data no longer exists
}

// AffectedCategory counts the people and records of one category.
type AffectedCategory struct {
	Category string `json:"category"`
	Subjects int    `json:"subjects"`
	Records  int    `json:"records"`
}

// Exposure selects rows an incident may have exposed: disclosures to
// Recipients, or items of Points, each of Categories when any are given,
// within From and To (From zero for no start).
type Exposure struct {
	Recipients []string
	Categories []string
	Points     []string
	From, To   time.Time
}

// Exposed is one category of one subject's data an incident may have
// exposed, with the row it came from (a disclosure's or an item's ID).
type Exposed struct {
	Subject  string
	Category string
	Row      string
}

// Draft is a text Tillit drafts for the officer to check and send.
type Draft struct {
	Lang  Lang   `json:"lang"`
	Title string `json:"title"`
	Text  string `json:"text"` // Markdown
}

// NoticeDeliveries counts an incident's notices in the outbox.
type NoticeDeliveries struct {
	Queued    int `json:"queued"`
	Delivered int `json:"delivered"`
	Pending   int `json:"pending"` // waiting or being retried
	Failed    int `json:"failed"`  // given up: the officer must act
}

// Breaches keeps the breach register (GDPR art. 33–34). Every step is
// audited and in the incident's timeline, without personal data. Errors
// are EINVALID for bad details or a step out of order, ENOTFOUND for an
// unknown incident.
type Breaches interface {
	OpenIncident(ctx context.Context, d IncidentDetails) (Incident, error)
	UpdateIncident(ctx context.Context, id string, d IncidentDetails) (Incident, error)
	NoteIncident(ctx context.Context, id, note string) (Incident, error)
	Incident(ctx context.Context, id string) (Incident, error)
	Incidents(ctx context.Context, f IncidentFilter) ([]Incident, error)
	// Affected computes who the incident affects and records the count
	// in the timeline; AffectedView computes it as a read.
	Affected(ctx context.Context, id string) (Affected, error)
	AffectedView(ctx context.Context, id string) (Affected, error)
	DecideAuthority(ctx context.Context, id string, notify bool, reason string) (Incident, error)
	RecordAuthorityNotification(ctx context.Context, id string, phase Phase, reference, note string) (Incident, error)
	// The drafts: the ...View variants are reads that leave no step.
	DraftAuthorityNotification(ctx context.Context, id string, lang Lang) (Draft, error)
	DraftAuthorityNotificationView(ctx context.Context, id string, lang Lang) (Draft, error)
	DraftSubjectNotice(ctx context.Context, id string, lang Lang) (Draft, error)
	DraftSubjectNoticeView(ctx context.Context, id string, lang Lang) (Draft, error)
	NotifySubjects(ctx context.Context, id string, override bool) (SubjectNotices, error)
	NoticeDeliveries(ctx context.Context, id string) (NoticeDeliveries, error)
	CloseIncident(ctx context.Context, id string) (Incident, error)
}
