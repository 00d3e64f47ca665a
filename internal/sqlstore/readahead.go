package sqlstore

import (
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tillit-privacy/tillit"
)

// Reading ahead. Each round trip to PostgreSQL costs more than the small
// indexed reads the vault makes, and the vault's operations read in a
// pattern: a subject, then some of its items, data key, consents, events,
// cases and disclosures; an identifier, then whether it is suppressed. So
// on PostgreSQL, Subject sends the subject's other reads in the same
// batch, and FindIdentifier the suppression check, and the Tx keeps the
// answers until it writes (a write clears them: what it wrote must be
// read back from the database). Under read committed an answer read a
// moment early is one the later query could have given.

// ahead returns a successful answer read ahead for name and key, if
// there is one.
func (t *Tx) ahead(name, key string) (any, bool) {
	v, err, ok := t.answer(name, key)
	return v, ok && err == nil
}

// answer returns an answer read ahead, if there is one for name and key.
func (t *Tx) answer(name, key string) (v any, err error, ok bool) {
	if t.read == nil {
		return nil, nil, false
	}
	a, ok := t.read[name+"\x00"+key]
	return a.v, a.err, ok
}

// answer is a query's result read ahead, from a table.
type answer struct {
	v     any
	err   error
	table string
}

// keep stores an answer read ahead.
func (t *Tx) keep(name, key, table string, v any, err error) {
	if t.read == nil {
		t.read = map[string]answer{}
	}
	t.read[name+"\x00"+key] = answer{v, err, table}
}

// forget drops the answers read ahead from the tables q writes to (all of
// them when it cannot tell): what the transaction wrote must be read
// back from the database.
func (t *Tx) forget(q string) {
	if len(t.read) == 0 {
		return
	}
	tables := writesTo(q)
	if tables == nil {
		t.read = nil
		return
	}
	for k, a := range t.read {
		if slices.Contains(tables, a.table) {
			delete(t.read, k)
		}
	}
}

// written caches writesTo: the set of queries is fixed.
var written sync.Map // string -> []string

var writeTarget = regexp.MustCompile(`(?i)\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)`)

// writesTo returns the tables a statement writes to, nil when it names
// none that it is known to.
func writesTo(q string) []string {
	if v, ok := written.Load(q); ok {
		return v.([]string)
	}
	var tables []string
	for _, m := range writeTarget.FindAllStringSubmatch(q, -1) {
		tables = append(tables, strings.ToLower(m[1]))
	}
	written.Store(q, tables)
	return tables
}

// subjectReads are the reads sent with Subject, with the table each reads
// and what reads its rows.
var subjectReads = []struct {
	name, table, q string
	read           func(pgx.Rows) (any, error)
}{
	{"items", "items", itemsQuery, func(r pgx.Rows) (any, error) { return collect(r, scanItem) }},
	{"consents", "consents", consentsQuery, func(r pgx.Rows) (any, error) { return collect(r, scanConsent) }},
	{"events", "events", eventsQuery, func(r pgx.Rows) (any, error) { return collect(r, scanEvent) }},
	{"cases", "cases", casesQuery, func(r pgx.Rows) (any, error) { return collect(r, scanCases) }},
	{"disclosures", "disclosures", disclosuresQuery, func(r pgx.Rows) (any, error) { return collect(r, scanDisclosure) }},
	{"identifiers", "identifiers", identifiersQuery, func(r pgx.Rows) (any, error) { return collect(r, scanIdentifier) }},
	{"data key", "data_keys", dataKeyQuery, func(r pgx.Rows) (any, error) {
		var b []byte
		if !r.Next() {
			if err := r.Err(); err != nil {
				return b, err
			}
			return b, pgx.ErrNoRows
		}
		err := r.Scan(&b)
		return b, err
	}},
	{"scheduled at", "retention", scheduledAtQuery, func(r pgx.Rows) (any, error) {
		if !r.Next() {
			return time.Time{}, r.Err()
		}
		var due int64
		err := r.Scan(&due)
		return fromMicros(due), err
	}},
}

// subjectAhead reads a subject and, the first time in the transaction, in
// the same batch, its other rows.
func (t *Tx) subjectAhead(pc *pgConn, id string) (tillit.Subject, error) {
	if t.readSubjects[id] {
		s, err := scanSubject(t.row(subjectQuery, id), id)
		return s, t.wrap("subject", err)
	}
	if t.readSubjects == nil {
		t.readSubjects = map[string]bool{}
	}
	t.readSubjects[id] = true
	qs := []string{t.s.rebind(subjectQuery)}
	for _, r := range subjectReads {
		qs = append(qs, t.s.rebind(r.q))
	}
	br, err := pc.sendMany(t.ctx, qs, id)
	if err != nil {
		return tillit.Subject{ID: id}, t.wrap("subject", err)
	}
	defer br.Close()
	s, err := scanSubject(br.QueryRow(), id)
	if err != nil {
		return s, t.wrap("subject", err) // the rest goes unread
	}
	answers := make([]answer, len(subjectReads))
	for i, r := range subjectReads {
		rows, err := br.Query()
		if err != nil {
			return s, t.wrap(r.name, err)
		}
		v, err := r.read(rows)
		rows.Close()
		if err == nil {
			err = rows.Err()
		}
		answers[i] = answer{v: v, err: t.wrap(r.name, err)}
	}
	if err := br.Close(); err != nil {
		return s, t.wrap("subject", err)
	}
	t.keep("subject", id, "subjects", s, nil)
	for i, r := range subjectReads {
		t.keep(r.name, id, r.table, answers[i].v, answers[i].err)
	}
	return s, nil
}

// findAhead finds an identifier's subject and, in the same batch,
// whether it is suppressed.
func (t *Tx) findAhead(pc *pgConn, kind string, blind []byte) (string, error) {
	br, err := pc.sendMany(t.ctx, []string{t.s.rebind(findIdentifierQuery), t.s.rebind(suppressedQuery)}, kind, blind)
	if err != nil {
		return "", t.wrap("find identifier", err)
	}
	defer br.Close()
	var id string
	err = br.QueryRow().Scan(&id)
	var one int
	serr := br.QueryRow().Scan(&one)
	if cerr := br.Close(); cerr != nil {
		return "", t.wrap("find identifier", cerr)
	}
	if noRows(serr) {
		serr = nil
	}
	t.keep("suppressed", kind+"\x00"+string(blind), "suppressed", serr == nil && one == 1, t.wrap("suppressed", serr))
	if noRows(err) {
		return "", tillit.Errorf(tillit.ENOTFOUND, "find identifier", "no subject has this identifier")
	}
	return id, t.wrap("find identifier", err)
}

// collect reads every row with scan.
func collect[T any](r pgx.Rows, scan func(rowSet) (T, error)) ([]T, error) {
	var out []T
	rs := pgxRowSet{r}
	for r.Next() {
		v, err := scan(rs)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, r.Err()
}

// pgxRowSet is pgx's rows as a rowSet, left open for the caller to close.
type pgxRowSet struct{ pgx.Rows }

func (r pgxRowSet) Close() error { return nil }
