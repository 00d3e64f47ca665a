package sqlstore

import (
	"database/sql"
	"errors"
	"time"

	"github.com/tillit-privacy/tillit"
)

const requestColumns = `id, right_, state, lang, subject, purpose, received, expires, confirmed, due, extended, closed,
	repeat, attempts, pending, outcome, reference, code, sealed`

func scanRequest(r interface{ Scan(...any) error }) (tillit.Request, error) {
	var q tillit.Request
	var received, expires, due int64
	var confirmed, extended, closed sql.NullInt64
	var repeat int
	var pending string
	err := r.Scan(&q.ID, &q.Right, &q.State, &q.Lang, &q.Subject, &q.Purpose, &received, &expires, &confirmed, &due, &extended, &closed,
		&repeat, &q.Attempts, &pending, &q.Outcome, &q.Reference, &q.Code, &q.Sealed)
	q.Pending = splitIDs(pending)
	q.Received, q.Expires, q.Due = fromMicros(received), fromMicros(expires), fromMicros(due)
	q.Confirmed, q.Extended, q.Closed = fromNullMicros(confirmed), fromNullMicros(extended), fromNullMicros(closed)
	q.Repeat = repeat != 0
	return q, err
}

func flag(b bool) int {
	if b {
		return 1
	}
	return 0
}

// InsertRequest stores a new request and the wrapped key of its details.
func (t *Tx) InsertRequest(q tillit.Request, key []byte) error {
	return t.exec("insert request", `INSERT INTO requests (`+requestColumns+`, key)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		q.ID, q.Right, q.State, q.Lang, q.Subject, q.Purpose, micros(q.Received), micros(q.Expires), nullMicros(q.Confirmed),
		micros(q.Due), nullMicros(q.Extended), nullMicros(q.Closed), flag(q.Repeat), q.Attempts, joinIDs(q.Pending), q.Outcome, q.Reference,
		q.Code, q.Sealed, key)
}

// Request returns a request by ID.
func (t *Tx) Request(id string) (tillit.Request, error) {
	q, err := scanRequest(t.row(`SELECT `+requestColumns+` FROM requests WHERE id = ?`, id))
	return q, t.wrap("request", err)
}

// RequestKey returns the wrapped key of a request's details.
func (t *Tx) RequestKey(id string) ([]byte, error) {
	var key []byte
	err := t.row(`SELECT key FROM requests WHERE id = ? AND key IS NOT NULL`, id).Scan(&key)
	return key, t.wrap("request key", err)
}

// UpdateRequest stores what changes in a request; without sealed details
// the key goes too.
func (t *Tx) UpdateRequest(q tillit.Request) error {
	shred := ``
	if q.Sealed == nil {
		shred = `, key = NULL`
		t.erased = true
	}
	return t.exec("update request", `UPDATE requests SET state = ?, subject = ?, purpose = ?, confirmed = ?, due = ?, extended = ?,
		closed = ?, repeat = ?, attempts = ?, pending = ?, outcome = ?, code = ?, sealed = ?`+shred+` WHERE id = ?`,
		q.State, q.Subject, q.Purpose, nullMicros(q.Confirmed), micros(q.Due), nullMicros(q.Extended),
		nullMicros(q.Closed), flag(q.Repeat), q.Attempts, joinIDs(q.Pending), q.Outcome, q.Code, q.Sealed, q.ID)
}

// Requests pages through requests in the order they were received.
func (t *Tx) Requests(f tillit.RequestFilter) ([]tillit.Request, error) {
	from, err := t.seq("requests", f.After)
	if err != nil {
		return nil, err
	}
	q, args := `SELECT `+requestColumns+` FROM requests WHERE n > ?`, []any{from}
	if f.Subject != "" {
		q, args = q+` AND subject = ?`, append(args, f.Subject)
	}
	if f.Open {
		q += ` AND closed IS NULL`
	}
	if !f.ExpiredBy.IsZero() {
		q, args = q+` AND state = ? AND expires < ?`, append(args, tillit.StateReceived, micros(f.ExpiredBy))
	}
	return scanAll(t, "requests", q+` ORDER BY n LIMIT ?`,
		func(r rowSet) (tillit.Request, error) { return scanRequest(r) }, append(args, limit(f.N))...)
}

// seq returns the row number of the row with id in table, 0 for "".
func (t *Tx) seq(table, id string) (int64, error) {
	if id == "" {
		return 0, nil
	}
	var n int64
	err := t.row(`SELECT n FROM `+table+` WHERE id = ?`, id).Scan(&n)
	return n, t.wrap(table, err)
}

func limit(n int) int {
	if n <= 0 {
		return 1 << 30
	}
	return n
}

const messageColumns = `id, via, topic, request, subject, recipient, incident, created, attempts, next_at, delivered, last_error, sealed`

func scanMessage(r interface{ Scan(...any) error }) (tillit.Message, error) {
	var m tillit.Message
	var created int64
	var next, delivered sql.NullInt64
	err := r.Scan(&m.ID, &m.Via, &m.Topic, &m.Request, &m.Subject, &m.Recipient, &m.Incident, &created, &m.Attempts, &next, &delivered,
		&m.LastError, &m.Sealed)
	m.Created, m.NextAt, m.Delivered = fromMicros(created), fromNullMicros(next), fromNullMicros(delivered)
	return m, err
}

// InsertMessage queues a message with the wrapped key of its content.
func (t *Tx) InsertMessage(m tillit.Message, key []byte) error {
	return t.exec("insert message", `INSERT INTO outbox (`+messageColumns+`, key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		m.ID, m.Via, m.Topic, m.Request, m.Subject, m.Recipient, m.Incident, micros(m.Created), m.Attempts, nullMicros(m.NextAt),
		nullMicros(m.Delivered), m.LastError, m.Sealed, key)
}

// Message returns a message by ID.
func (t *Tx) Message(id string) (tillit.Message, error) {
	m, err := scanMessage(t.row(`SELECT `+messageColumns+` FROM outbox WHERE id = ?`, id))
	return m, t.wrap("message", err)
}

// MessageKey returns the wrapped key of a message's content.
func (t *Tx) MessageKey(id string) ([]byte, error) {
	var key []byte
	err := t.row(`SELECT key FROM outbox WHERE id = ? AND key IS NOT NULL`, id).Scan(&key)
	return key, t.wrap("message key", err)
}

// UpdateMessage records an attempt; without sealed content the key goes too.
func (t *Tx) UpdateMessage(m tillit.Message) error {
	shred := ``
	if m.Sealed == nil {
		shred = `, key = NULL`
		t.erased = true
	}
	return t.exec("update message", `UPDATE outbox SET attempts = ?, next_at = ?, delivered = ?, last_error = ?, sealed = ?`+shred+` WHERE id = ?`,
		m.Attempts, nullMicros(m.NextAt), nullMicros(m.Delivered), m.LastError, m.Sealed, m.ID)
}

// PendingMessages claims up to n messages due for an attempt at or before now.
func (t *Tx) PendingMessages(now time.Time, n int) ([]tillit.Message, error) {
	q := `SELECT ` + messageColumns + ` FROM outbox WHERE next_at <= ? ORDER BY next_at, n LIMIT ?`
	if t.writable {
		q += t.s.d.SkipLocked
	}
	return scanAll(t, "pending messages", q, func(r rowSet) (tillit.Message, error) { return scanMessage(r) }, micros(now), n)
}

// Messages pages through the outbox in the order messages were queued.
func (t *Tx) Messages(f tillit.MessageFilter) ([]tillit.Message, error) {
	from, err := t.seq("outbox", f.After)
	if err != nil {
		return nil, err
	}
	q, args := `SELECT `+messageColumns+` FROM outbox WHERE n > ?`, []any{from}
	if f.Request != "" {
		q, args = q+` AND request = ?`, append(args, f.Request)
	}
	if f.Subject != "" {
		q, args = q+` AND subject = ?`, append(args, f.Subject)
	}
	if f.Incident != "" {
		q, args = q+` AND incident = ?`, append(args, f.Incident)
	}
	if f.Pending {
		q += ` AND delivered IS NULL`
	}
	return scanAll(t, "messages", q+` ORDER BY n LIMIT ?`,
		func(r rowSet) (tillit.Message, error) { return scanMessage(r) }, append(args, limit(f.N))...)
}

// Suppress puts a blind index on the suppression list.
func (t *Tx) Suppress(kind string, blind []byte, at time.Time) error {
	return t.exec("suppress", `INSERT INTO suppressed (kind, blind, at) VALUES (?, ?, ?) ON CONFLICT (kind, blind) DO NOTHING`,
		kind, blind, micros(at))
}

// Suppressed reports whether a blind index is on the suppression list.
func (t *Tx) Suppressed(kind string, blind []byte) (bool, error) {
	if v, err, ok := t.answer("suppressed", kind+"\x00"+string(blind)); ok {
		return v.(bool), err
	}
	var one int
	err := t.row(suppressedQuery, kind, blind).Scan(&one)
	if noRows(err) {
		return false, nil
	}
	return err == nil, t.wrap("suppressed", err)
}

const suppressedQuery = `SELECT 1 FROM suppressed WHERE kind = ? AND blind = ?`

// Unsuppress takes a blind index off the suppression list.
func (t *Tx) Unsuppress(kind string, blind []byte) error {
	return t.exec("unsuppress", `DELETE FROM suppressed WHERE kind = ? AND blind = ?`, kind, blind)
}

// ResealItem replaces an item's sealed value, e.g. after rectification.
func (t *Tx) ResealItem(subject, id string, sealed []byte) error {
	t.erased = true // the old value is still in the write-ahead log
	return t.exec("reseal item", `UPDATE items SET sealed = ? WHERE subject = ? AND id = ?`, sealed, subject, id)
}

// DeleteIdentifier removes a subject's blind index.
func (t *Tx) DeleteIdentifier(kind string, blind []byte, subject string) error {
	return t.exec("delete identifier", `DELETE FROM identifiers WHERE kind = ? AND blind = ? AND subject = ?`, kind, blind, subject)
}

// sealTables maps the kinds of own keys to their tables.
var sealTables = map[string]string{tillit.KeysOfRequests: "requests", tillit.KeysOfMessages: "outbox"}

// OwnKeys pages through the wrapped keys of requests or outbox messages
// that still have one, by ID.
func (t *Tx) OwnKeys(kind, after string, n int) ([]tillit.WrappedKey, error) {
	table, ok := sealTables[kind]
	if !ok {
		return nil, t.wrap("own keys", errors.New("unknown kind of key "+kind))
	}
	return scanAll(t, "own keys", `SELECT id, key FROM `+table+` WHERE key IS NOT NULL AND id > ? ORDER BY id LIMIT ?`,
		func(r rowSet) (tillit.WrappedKey, error) {
			var k tillit.WrappedKey
			err := r.Scan(&k.Subject, &k.Wrapped)
			return k, err
		}, after, n)
}

// PutOwnKey replaces the wrapped key of a request or message.
func (t *Tx) PutOwnKey(kind string, k tillit.WrappedKey) error {
	table, ok := sealTables[kind]
	if !ok {
		return t.wrap("put own key", errors.New("unknown kind of key "+kind))
	}
	return t.exec("put own key", `UPDATE `+table+` SET key = ? WHERE id = ? AND key IS NOT NULL`, k.Wrapped, k.Subject)
}

// ShredMessages destroys the content of a subject's undelivered messages.
func (t *Tx) ShredMessages(subject string) (int, error) {
	n, err := t.execN("shred messages", `UPDATE outbox SET sealed = NULL, key = NULL, next_at = NULL,
		last_error = 'content destroyed: the person was erased' WHERE subject = ? AND delivered IS NULL AND key IS NOT NULL`, subject)
	if err != nil {
		return 0, err
	}
	t.erased = true
	return int(n), nil
}
