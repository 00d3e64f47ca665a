package tillit

import (
	"context"
	"time"
)

// Store is where the vault keeps its rows: subjects, wrapped keys, blind
// indexes, encrypted items, cases, events, consents, disclosures and the
// audit chain. It knows nothing of the register or of encryption. The
// sqlite and postgres packages implement it; storetest is its contract.
type Store interface {
	// Update runs fn in a write transaction. It commits when fn returns
	// nil and rolls back otherwise; audit entries appended in fn commit
	// with it or not at all. Updates wait for one another only where they
	// touch the same rows (on SQLite, which has one writer, they queue and
	// may share a commit).
	Update(ctx context.Context, fn func(Tx) error) error

	// View runs fn in a read-only transaction.
	View(ctx context.Context, fn func(Tx) error) error

	// Close closes the store.
	Close() error
}

// WrappedKey is a subject's data key as stored: encrypted by the
// key-encryption key.
type WrappedKey struct {
	Subject string
	Wrapped []byte
}

// Identifier is a blind index of an identifier: its kind (email, phone,
// personnummer) and the keyed hash of its normalised value.
type Identifier struct {
	Kind  string
	Blind []byte
}

// Tx is a store transaction. Methods return ENOTFOUND for a missing row and
// ECONFLICT for a duplicate key; other errors are internal.
//
// A write that returns nothing but an error may be sent later than it is
// called (the PostgreSQL store sends writes with the next read or with
// the commit, to save round trips): its error, ECONFLICT included, may
// then come from a later method or from Update itself. Methods whose
// comment says "ECONFLICT when the ID is taken" report it at once.
type Tx interface {
	// Secret returns a named system key (e.g. the wrapped blind-index key).
	Secret(name string) ([]byte, error)
	// PutSecret creates or replaces a named system key.
	PutSecret(name string, wrapped []byte) error

	// InsertSubject creates a subject with its wrapped data key.
	InsertSubject(s Subject, key []byte) error
	Subject(id string) (Subject, error)
	SetRestricted(id string, on bool) error
	// EraseSubject deletes the subject's data key, identifiers and items
	// and marks it erased.
	EraseSubject(s Subject) error
	// DataKey returns the subject's wrapped data key.
	DataKey(subject string) ([]byte, error)
	// DataKeys returns up to n wrapped data keys of subjects with IDs
	// greater than after, in ID order.
	DataKeys(after string, n int) ([]WrappedKey, error)
	PutDataKey(k WrappedKey) error

	// PutIdentifier records that a blind index belongs to a subject.
	// ECONFLICT when it already belongs to one.
	PutIdentifier(kind string, blind []byte, subject string) error
	// FindIdentifier returns the subject a blind index belongs to.
	FindIdentifier(kind string, blind []byte) (string, error)
	// Identifiers returns the blind indexes of a subject's identifiers.
	Identifiers(subject string) ([]Identifier, error)
	// DeleteIdentifier removes a subject's blind index, e.g. after the
	// value was rectified.
	DeleteIdentifier(kind string, blind []byte, subject string) error

	InsertCase(c Case) error
	Case(id string) (Case, error)
	Cases(subject string) ([]Case, error)

	// InsertItem stores an item; its Value is ignored, only Sealed is kept.
	InsertItem(it Item) error
	Items(subject string) ([]Item, error)
	// ArchiveItems marks a subject's items archived at at.
	ArchiveItems(subject string, ids []string, at time.Time) error
	// DeleteItems removes a subject's items.
	DeleteItems(subject string, ids []string) error
	// ResealItem replaces an item's sealed value (rectification).
	ResealItem(subject, id string, sealed []byte) error
	// InsertAnonymous keeps a value that no longer belongs to anyone.
	InsertAnonymous(a Anonymous) error

	InsertEvent(e EventRecord) error
	Events(subject string) ([]EventRecord, error)

	InsertConsent(c ConsentRecord) error
	Consents(subject string) ([]ConsentRecord, error)

	InsertDisclosure(d Disclosure) error
	Disclosures(subject string) ([]Disclosure, error)

	// Schedule sets when the subject's retention is next due; a zero
	// time removes it from the schedule.
	Schedule(subject string, due time.Time) error
	// ScheduledAt returns when the subject is due; zero when it is not
	// on the schedule.
	ScheduledAt(subject string) (time.Time, error)
	// ScheduleAll puts every subject that is not erased on the schedule,
	// due at due, e.g. after the register's retention rules changed.
	ScheduleAll(due time.Time) error
	// Due claims up to n subjects due at or before now, earliest first.
	// Within Update, a subject claimed by another transaction is
	// skipped rather than waited for, so that several sweepers share
	// the work.
	Due(now time.Time, n int) ([]Scheduled, error)
	// Scheduled returns up to n entries due at or before until (all
	// when until is zero) that come after the entry after, in due order.
	Scheduled(until time.Time, after Scheduled, n int) ([]Scheduled, error)

	// InsertTask raises a task; it reports false, and changes nothing,
	// when the same task (subject, purpose, rule, case, due) was raised.
	InsertTask(t Task) (bool, error)
	Task(id string) (Task, error)
	// Tasks returns up to n tasks with IDs after after, open ones only
	// unless all is set, in the order they were raised.
	Tasks(all bool, after string, n int) ([]Task, error)
	CloseTask(t Task) error

	// Meta returns a named setting of the store; PutMeta sets it.
	Meta(name string) (string, error)
	PutMeta(name, value string) error

	// InsertRequest stores a new request with the wrapped key its
	// details are sealed with.
	InsertRequest(r Request, key []byte) error
	Request(id string) (Request, error)
	// RequestKey returns the wrapped key of a request's details;
	// ENOTFOUND once it was destroyed.
	RequestKey(id string) ([]byte, error)
	// UpdateRequest stores a request's state, subject, times, counters,
	// outcome, code and sealed details. With Sealed nil the key is
	// destroyed too.
	UpdateRequest(r Request) error
	// Requests pages through requests in the order they were received.
	Requests(f RequestFilter) ([]Request, error)

	// InsertMessage queues a message with the wrapped key its address
	// and content are sealed with.
	InsertMessage(m Message, key []byte) error
	Message(id string) (Message, error)
	// MessageKey returns the wrapped key of a message; ENOTFOUND once
	// it was destroyed.
	MessageKey(id string) ([]byte, error)
	// UpdateMessage stores an attempt's outcome. With Sealed nil the key
	// is destroyed too.
	UpdateMessage(m Message) error
	// PendingMessages claims up to n messages whose next attempt is due
	// at or before now, skipping those another transaction holds.
	PendingMessages(now time.Time, n int) ([]Message, error)
	// Messages pages through the outbox in the order messages were queued.
	Messages(f MessageFilter) ([]Message, error)

	// OwnKeys pages through the wrapped keys of requests
	// (KeysOfRequests) or outbox messages (KeysOfMessages) that still
	// have one, in ID order; WrappedKey.Subject holds the row's ID.
	OwnKeys(kind, after string, n int) ([]WrappedKey, error)
	// PutOwnKey replaces such a key, e.g. re-wrapped after rotation.
	PutOwnKey(kind string, k WrappedKey) error
	// ShredMessages destroys the content and key of a subject's
	// undelivered messages and reports how many there were.
	ShredMessages(subject string) (int, error)

	// Suppress puts an erased person's identifier (as its blind index)
	// on the suppression list; Suppressed looks it up; Unsuppress takes
	// it off.
	Suppress(kind string, blind []byte, at time.Time) error
	Suppressed(kind string, blind []byte) (bool, error)
	Unsuppress(kind string, blind []byte) error

	// AppendAudit appends e to the audit log, in the lane of its subject
	// (AuditLaneOf), chained to the lane's head; the store sets Seq, Lane,
	// LaneSeq, Prev and Hash. It is written with the transaction: the
	// PostgreSQL store sends it with the commit and computes the chain on
	// the server, so the entry is not readable before. Only within Update.
	AppendAudit(e AuditEntry) error
	// Audit returns up to n entries with Seq greater than after, in Seq
	// order, from all lanes.
	Audit(after int64, n int) ([]AuditEntry, error)
	// AuditLane returns up to n entries of one lane with LaneSeq greater
	// than after, in lane order.
	AuditLane(lane int, after int64, n int) ([]AuditEntry, error)
	// AuditHead returns the Seq and hash of the newest entry (0 and nil
	// when there is none).
	AuditHead() (int64, []byte, error)
	// AuditHeads returns the head of every lane as the store recorded it
	// with its last append, in lane order.
	AuditHeads() ([]AuditLaneHead, error)
	// AuditCheckpoints returns up to n checkpoints with Seq greater than
	// after, in order.
	AuditCheckpoints(after int64, n int) ([]AuditCheckpoint, error)
	// LastAuditCheckpoint returns the newest checkpoint; ENOTFOUND when
	// there is none.
	LastAuditCheckpoint() (AuditCheckpoint, error)
	// InsertAuditCheckpoint stores a checkpoint; ECONFLICT when its Seq
	// is taken (another node wrote one meanwhile). Only within Update.
	InsertAuditCheckpoint(c AuditCheckpoint) error

	// InsertAPIKey stores a new API key with the keyed hash of its
	// secret. ECONFLICT when the ID is taken.
	InsertAPIKey(k APIKey) error
	// APIKey returns an API key, with its hash, by ID; ENOTFOUND when
	// there is none.
	APIKey(id string) (APIKey, error)
	// APIKeys returns every API key, revoked ones too, in the order they
	// were created.
	APIKeys() ([]APIKey, error)
	// RevokeAPIKey marks a key revoked at at; a key revoked before keeps
	// its first time. ENOTFOUND when there is no such key.
	RevokeAPIKey(id string, at time.Time) error

	// InsertIncident stores a new incident (without its timeline).
	// ECONFLICT when the ID is taken.
	InsertIncident(in Incident) error
	// UpdateIncident stores an incident's details, decision,
	// notifications, notices and closing time. ENOTFOUND when there is
	// no such incident.
	UpdateIncident(in Incident) error
	// Incident returns an incident with its timeline; ENOTFOUND when
	// there is none.
	Incident(id string) (Incident, error)
	// Incidents returns incidents without their timelines, in the order
	// they were opened.
	Incidents(f IncidentFilter) ([]Incident, error)
	// AppendIncidentEvent appends an entry to an incident's timeline.
	AppendIncidentEvent(e IncidentEvent) error
	// Disclosed returns, one row per category, the disclosures to any of
	// x.Recipients made within x.From and x.To, of x.Categories only
	// when any are given, in the order they were made. It reads no
	// values.
	Disclosed(x Exposure) ([]Exposed, error)
	// Held returns, one row per item, the items collected at or before
	// x.To at any of x.Points (all points when none are given) and of
	// x.Categories (all when none are given), in the order they were
	// collected. It reads no values.
	Held(x Exposure) ([]Exposed, error)

	// Admin users and sessions.

	// InsertAdminUser stores a new user; ECONFLICT when the login is taken.
	InsertAdminUser(u AdminUser) error
	// AdminUser and AdminUserByLogin return a user; ENOTFOUND when none.
	AdminUser(id string) (AdminUser, error)
	AdminUserByLogin(login string) (AdminUser, error)
	// AdminUsers returns every user in the order they were created.
	AdminUsers() ([]AdminUser, error)
	// UpdateAdminUser stores a user's name, role, hash and disabled time.
	UpdateAdminUser(u AdminUser) error
	// InsertAdminSession stores a new session.
	InsertAdminSession(s AdminSession) error
	// AdminSession returns a session by its token's hash; ENOTFOUND when
	// none.
	AdminSession(hash []byte) (AdminSession, error)
	// TouchAdminSession records a session's last use.
	TouchAdminSession(hash []byte, seen time.Time) error
	// DeleteAdminSession ends a session.
	DeleteAdminSession(hash []byte) error
	// DeleteAdminSessions ends every session of user and every session
	// that expired by now or was last seen before idleBefore.
	DeleteAdminSessions(user string, now, idleBefore time.Time) (int, error)

	// Cookie consents.

	// InsertCookieConsent stores the proof of a visitor's cookie choice.
	// ECONFLICT when the ID is taken.
	InsertCookieConsent(c CookieConsent) error
	// CookieConsent returns a proof by ID; ENOTFOUND when there is none.
	CookieConsent(id string) (CookieConsent, error)
	// CookieConsents pages through the proofs in the order they were
	// stored.
	CookieConsents(f CookieConsentFilter) ([]CookieConsent, error)

	// Privacy centre.

	// InsertDownload stores a one-time download link by the keyed hash
	// of its token. ECONFLICT when its ID or hash is taken.
	InsertDownload(d Download) error
	// Download returns the link whose token hashes to hash; ENOTFOUND
	// when there is none.
	Download(hash []byte) (Download, error)
	// SpendDownload marks a link used at at. ECONFLICT when it was used
	// already, ENOTFOUND when there is no such link.
	SpendDownload(id string, at time.Time) error
	// Downloads returns the links sent for a request, in the order they
	// were made.
	Downloads(request string) ([]Download, error)

	// Facts returns what the retention rules look at for many subjects
	// at once, in the order asked: each subject that exists with its
	// items (sealed), cases, events and consents, not its disclosures.
	Facts(subjects []string) ([]History, error)
}

// RequestFilter selects requests: of one subject, open ones only, those
// still unconfirmed when they expired before ExpiredBy, after the request
// with ID After, at most N (all when N is 0).
type RequestFilter struct {
	Subject   string
	Open      bool
	ExpiredBy time.Time
	After     string
	N         int
}

// MessageFilter selects messages of the outbox: of one request, subject
// or incident, undelivered ones only, after the message with ID After, at
// most N (all when N is 0).
type MessageFilter struct {
	Request  string
	Subject  string
	Incident string
	Pending  bool
	After    string
	N        int
}

// The kinds of keys of their own that rows other than subjects have.
const (
	KeysOfRequests = "requests" // a request's details
	KeysOfMessages = "messages" // an outbox message's address and content
)
