package tillit

import "context"

// Store is where the vault keeps its rows: subjects, wrapped keys, blind
// indexes, encrypted items, cases, events, consents, disclosures and the
// audit chain. It knows nothing of the register or of encryption. The
// sqlite and postgres packages implement it; storetest is its contract.
type Store interface {
	// Update runs fn in a transaction that is serialised with every other
	// Update, so that audit entries chain in commit order. The transaction
	// commits when fn returns nil and rolls back otherwise.
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

	InsertCase(c Case) error
	Case(id string) (Case, error)
	Cases(subject string) ([]Case, error)

	// InsertItem stores an item; its Value is ignored, only Sealed is kept.
	InsertItem(it Item) error
	Items(subject string) ([]Item, error)

	InsertEvent(e EventRecord) error
	Events(subject string) ([]EventRecord, error)

	InsertConsent(c ConsentRecord) error
	Consents(subject string) ([]ConsentRecord, error)

	InsertDisclosure(d Disclosure) error
	Disclosures(subject string) ([]Disclosure, error)

	// AppendAudit sets e's Seq, Prev and Hash to follow the chain's head,
	// stores it and moves the head. Only within Update.
	AppendAudit(e AuditEntry) (AuditEntry, error)
	// Audit returns up to n entries with Seq greater than after.
	Audit(after int64, n int) ([]AuditEntry, error)
	// AuditHead returns the sequence number and hash of the last entry.
	AuditHead() (int64, []byte, error)
}
