package tillit

import (
	"context"
	"time"
)

// Subject is a data subject: a person whose data the vault holds. Its ID is
// random and pseudonymous, so it is safe in logs and the audit log.
type Subject struct {
	ID         string    `json:"id"`
	Created    time.Time `json:"created"`
	Restricted bool      `json:"restricted,omitempty"` // processing is restricted (GDPR art. 18)
	Erased     time.Time `json:"erased,omitzero"`      // when the subject's data key was destroyed; zero if never
}

// IsErased reports whether the subject's data has been crypto-shredded.
func (s Subject) IsErased() bool { return !s.Erased.IsZero() }

// Item is one value of one category of personal data about a subject.
type Item struct {
	ID        string    `json:"id"`
	Subject   string    `json:"subject"`
	Category  string    `json:"category"`
	Value     string    `json:"value,omitempty"`    // the plaintext; empty when the item comes from a store
	Sealed    []byte    `json:"-"`                  // the value encrypted with the subject's data key, as stored
	Purposes  []string  `json:"purposes,omitempty"` // the purposes it was collected for
	Source    string    `json:"source,omitempty"`   // the source, "" when the person provided it
	Point     string    `json:"point"`              // the collection point
	Case      string    `json:"case,omitempty"`     // the case it belongs to, if any
	Provided  bool      `json:"provided"`           // the person provided it (GDPR art. 13 rather than 14; art. 20)
	Collected time.Time `json:"collected"`
	// Archived is when a retention rule or a legal hold archived the item:
	// it is kept, but no purpose may use it any more; only legal claims
	// and the person's own requests reach it. Zero while in use.
	Archived time.Time `json:"archived,omitzero"`
}

// IsArchived reports whether the item is archived.
func (it Item) IsArchived() bool { return !it.Archived.IsZero() }

// Case is one matter a subject's data belongs to: a request, an order, a
// contract. Case events such as "offer_received" are recorded against it.
type Case struct {
	ID      string    `json:"id"`
	Subject string    `json:"subject"`
	Kind    string    `json:"kind"`  // the case type named by the register, e.g. "request"
	Point   string    `json:"point"` // the collection point that opened it
	Opened  time.Time `json:"opened"`
}

// Submission is what a collection point sends: the values a person gave
// (or that came from a declared source), keyed by category, and the
// consents given with the version of the wording shown.
type Submission struct {
	Point    string            `json:"point"`
	Subject  string            `json:"subject,omitempty"` // an existing subject to add to; "" to find or create one by identifiers
	Case     string            `json:"case,omitempty"`    // an existing case to add to; "" to open one if the point opens cases
	Fields   map[string]string `json:"fields,omitempty"`  // category ID -> value
	Consents []ConsentGrant    `json:"consents,omitempty"`
	Events   []string          `json:"events,omitempty"` // events that happened with the submission, e.g. "request_submitted"
	Evidence Evidence          `json:"evidence,omitzero"`
}

// ConsentGrant is a consent given in a submission (GDPR art. 7(1)).
type ConsentGrant struct {
	Purpose string `json:"purpose"`
	Version string `json:"version"` // the version of the wording shown to the person
}

// Evidence is how a consent or a submission can later be proved. The IP
// address is kept only as a keyed hash, never as written.
type Evidence struct {
	IP        string `json:"ip,omitempty"`        // the client's address; stored as a keyed hash
	Reference string `json:"reference,omitempty"` // the caller's reference, e.g. a form version or request ID; no personal data
}

// Receipt acknowledges a stored submission.
type Receipt struct {
	Subject  string   `json:"subject,omitempty"`
	Created  bool     `json:"created,omitempty"`  // a new subject was created
	Case     string   `json:"case,omitempty"`     // the case the submission belongs to, if any
	Items    []string `json:"items,omitempty"`    // the stored items' IDs
	Redacted []string `json:"redacted,omitempty"` // categories whose free text had a personnummer masked
	Dropped  []string `json:"dropped,omitempty"`  // transient categories accepted but not stored
}

// ConsentRecord is an entry of the append-only consent ledger.
type ConsentRecord struct {
	ID       string    `json:"id"`
	Subject  string    `json:"subject"`
	Purpose  string    `json:"purpose"`
	Given    bool      `json:"given"`             // given, or withdrawn (GDPR art. 7(3))
	Version  string    `json:"version"`           // the wording version
	Channel  string    `json:"channel,omitempty"` // how it was given or withdrawn, e.g. the collection point or "privacy_centre"
	At       time.Time `json:"at"`
	Evidence string    `json:"evidence,omitempty"` // a reference and a keyed hash of the IP address; never the address
}

// EventRecord is a lifecycle event that happened to a subject or a case.
type EventRecord struct {
	ID      string    `json:"id"`
	Subject string    `json:"subject"`
	Event   string    `json:"event"`             // an event the register declares, or a built-in one
	Case    string    `json:"case,omitempty"`    // for case events
	Purpose string    `json:"purpose,omitempty"` // for objected, consent_given and consent_withdrawn
	At      time.Time `json:"at"`
	Actor   string    `json:"actor,omitempty"`
}

// Disclosure records that data was disclosed to a recipient, so that
// GDPR art. 15(1)(c) and art. 19 can be answered.
type Disclosure struct {
	ID         string    `json:"id"`
	Subject    string    `json:"subject"`
	Recipient  string    `json:"recipient"`
	Purpose    string    `json:"purpose"`
	Categories []string  `json:"categories,omitempty"`
	Case       string    `json:"case,omitempty"`
	At         time.Time `json:"at"`
	Actor      string    `json:"actor,omitempty"`
}

// History is everything the vault knows about a subject except the values.
type History struct {
	Subject     Subject         `json:"subject"`
	Items       []Item          `json:"items,omitempty"` // without Value or Sealed
	Cases       []Case          `json:"cases,omitempty"`
	Events      []EventRecord   `json:"events,omitempty"`
	Consents    []ConsentRecord `json:"consents,omitempty"`
	Disclosures []Disclosure    `json:"disclosures,omitempty"`
}

// Vault collects, stores, uses and discloses personal data as the register
// allows. Every method that reads or changes data appends an audit entry in
// the same transaction, with the actor taken from the context (WithActor).
type Vault interface {
	// Collect validates a submission against its collection point and
	// stores it. It returns EINVALID for undeclared or missing fields,
	// invalid values, card numbers and refused personnummer in free text,
	// and unknown or outdated consents; ECONFLICT when the identifiers
	// belong to different subjects; nothing is stored on error.
	Collect(ctx context.Context, s Submission) (Receipt, error)

	// Find returns the subject an identifier of the given type (email,
	// phone, personnummer) belongs to, through the blind index. ENOTFOUND
	// when there is none.
	Find(ctx context.Context, kind ValueType, value string) (Subject, error)

	// Subject returns a subject by ID, ENOTFOUND if there is none.
	Subject(ctx context.Context, id string) (Subject, error)

	// Use returns the subject's values that purpose may use, if the purpose's
	// legal basis holds now. EFORBIDDEN names the reason: no consent, consent
	// withdrawn, an objection, or restriction. ENOTFOUND for an unknown or
	// erased subject, EINVALID for an undeclared purpose.
	Use(ctx context.Context, subject, purpose string) ([]Item, error)

	// Disclose returns the values d.Recipient may receive for d.Purpose,
	// of d.Case only when it names one, and records the disclosure. It
	// refuses like Use, with EFORBIDDEN when the recipient is not declared
	// for the purpose, and ENOTFOUND when there is nothing to disclose.
	Disclose(ctx context.Context, d Disclosure) (Disclosure, []Item, error)

	// Record records a lifecycle event. EINVALID for an undeclared event or
	// a case event without a case of its type.
	Record(ctx context.Context, e EventRecord) error

	// SetConsent gives or withdraws consent to a purpose whose basis is
	// consent. Withdrawing is always possible (GDPR art. 7(3)).
	SetConsent(ctx context.Context, c ConsentRecord, ev Evidence) error

	// Object records the subject's objection to a purpose (GDPR art. 21).
	// EINVALID when the purpose's basis gives no right to object.
	Object(ctx context.Context, subject, purpose string) error

	// Restrict restricts processing of the subject's data, or lifts the
	// restriction (GDPR art. 18).
	Restrict(ctx context.Context, subject string, on bool) error

	// Shred destroys the subject's data key, values and identifiers, keeping
	// only the pseudonymous records (consents, events, disclosures) needed
	// to show compliance (GDPR art. 5(2), 7(1), 19).
	Shred(ctx context.Context, subject string) error

	// History returns what the vault holds about a subject, without values.
	History(ctx context.Context, subject string) (History, error)

	// Erase erases everything the vault holds about a person that no legal
	// hold keeps (GDPR art. 17) and reports what was kept and why.
	Erase(ctx context.Context, subject string) (Erasure, error)

	// Rectify replaces the values of the categories named in changes
	// (GDPR art. 16) and returns the categories it changed.
	Rectify(ctx context.Context, subject string, changes map[string]string) ([]string, error)

	// Overrule records that compelling legitimate grounds override the
	// subject's objection to purpose (GDPR art. 21(1)).
	Overrule(ctx context.Context, subject, purpose string) error

	// Portable returns the values the subject gave that rest on consent or
	// contract (GDPR art. 20).
	Portable(ctx context.Context, subject string) ([]PortableItem, error)

	// Extract returns the access extract of a subject in lang (GDPR art. 15).
	Extract(ctx context.Context, subject string, lang Lang) (Extract, error)

	// OpenSubject records that an officer opened a person's page, with a
	// reason code and an optional reference; it holds no free text.
	OpenSubject(ctx context.Context, subject, reason, ref string) error

	// AuditCall appends an audit entry for a call through the API that no
	// vault operation records by itself; detail holds no personal data.
	AuditCall(ctx context.Context, action, detail string) error

	// Policy returns the register in force.
	Policy() *Policy

	// Now returns the time on the vault's clock.
	Now() time.Time
}

type actorKey struct{}

// WithActor returns a context that names who acts: "api:<key id>",
// "admin:<user id>", "subject", "system:<job>". It goes into the audit log,
// so it must not be personal data of a data subject.
func WithActor(ctx context.Context, actor string) context.Context {
	return context.WithValue(ctx, actorKey{}, actor)
}

// ActorFrom returns the actor named by WithActor, or "system".
func ActorFrom(ctx context.Context) string {
	if a, ok := ctx.Value(actorKey{}).(string); ok && a != "" {
		return a
	}
	return "system"
}
