// Package sqlstore implements tillit.Store over database/sql. The sqlite and
// postgres packages open a connection, migrate it and hand it here with the
// few things that differ between the two: placeholders, how a writer takes
// the audit chain's lock, and how a duplicate key is reported.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tillit-privacy/tillit"
)

// Dialect is what differs between SQL engines.
type Dialect struct {
	Name string
	// Numbered reports whether placeholders are $1, $2, ... rather than ?.
	Numbered bool
	// LockHead is run first in every Update to serialise writers, and
	// returns the audit chain's head (seq, hash); "" when the engine's
	// own write transactions are already serial.
	LockHead string
	// IsDuplicate reports whether err is a unique-constraint violation.
	IsDuplicate func(error) bool
	// Write and Read are the isolation levels of Update and View; the
	// audit head's row lock serialises writers only under read committed,
	// and Verify needs one snapshot. Zero is the engine's default.
	Write, Read sql.IsolationLevel
	// SkipLocked is appended to the query that claims due subjects in a
	// write transaction, e.g. " FOR UPDATE SKIP LOCKED"; "" when writers
	// are serial.
	SkipLocked string
	// AfterErase, if set, runs after a transaction that erased a subject
	// commits, e.g. to checkpoint a write-ahead log that still holds the
	// erased rows.
	AfterErase func(context.Context, *sql.DB)
	// Prepare keeps each query prepared, per connection, rather than
	// parsing it on every call: on SQLite parsing is a large share of a
	// statement's cost. pgx caches prepared statements itself.
	Prepare bool
}

// Store is a tillit.Store over a *sql.DB.
type Store struct {
	db *sql.DB
	d  Dialect
	// rebound caches each query rewritten for the dialect: the set of
	// queries is fixed, and rewriting on every call is waste.
	rebound sync.Map // string -> string
	group   group    // Updates waiting to commit together
	// stmts holds the prepared statements of Dialect.Prepare, nstmts
	// counts them: queries built for a number of IDs are prepared only
	// while there are fewer than maxStmts.
	stmts  sync.Map // string -> *sql.Stmt
	nstmts atomic.Int32
}

// maxStmts is the most statements a store keeps prepared.
const maxStmts = 500

// prepared returns q prepared, or nil when it is not to be or cannot be.
func (s *Store) prepared(ctx context.Context, q string) *sql.Stmt {
	if !s.d.Prepare {
		return nil
	}
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt)
	}
	if s.nstmts.Load() >= maxStmts {
		return nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil // the query runs unprepared and reports the error
	}
	if old, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return old.(*sql.Stmt)
	}
	s.nstmts.Add(1)
	return st
}

var _ tillit.Store = (*Store)(nil)

// New returns a store over db, which must already be migrated.
func New(db *sql.DB, d Dialect) *Store {
	return &Store{db: db, d: d}
}

// DB returns the underlying database handle.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(tillit.Tx) error) error {
	return s.run(ctx, &sql.TxOptions{ReadOnly: true, Isolation: s.d.Read}, fn)
}

func (s *Store) run(ctx context.Context, opts *sql.TxOptions, fn func(tillit.Tx) error) error {
	sqlTx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", s.d.Name, err)
	}
	// A panic in fn must not leave the transaction, and with it SQLite's
	// write lock, open on a pooled connection. After Commit this is a no-op.
	defer sqlTx.Rollback()
	tx := &Tx{ctx: ctx, tx: sqlTx, s: s, writable: !opts.ReadOnly, stmts: map[string]*sql.Stmt{}, head: &head{}}
	if tx.writable {
		if err := tx.lockHead(); err != nil {
			sqlTx.Rollback()
			return err
		}
	}
	if err := fn(tx); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := tx.writeHead(); err != nil {
		sqlTx.Rollback()
		return err
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", s.d.Name, err)
	}
	if tx.erased && s.d.AfterErase != nil {
		// The erasure is committed; this only hastens the removal of
		// its old pages, so a failure is not the caller's error.
		s.d.AfterErase(ctx, s.db)
	}
	return nil
}

// rebind rewrites ? placeholders as $1, $2, ... for dialects that number them.
func (s *Store) rebind(q string) string {
	if !s.d.Numbered {
		return q
	}
	if r, ok := s.rebound.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	n := 0
	for _, r := range q {
		if r == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(r)
	}
	s.rebound.Store(q, b.String())
	return b.String()
}

// Tx is a tillit.Tx.
type Tx struct {
	ctx      context.Context
	tx       *sql.Tx
	s        *Store
	writable bool
	erased   bool                 // EraseSubject ran
	stmts    map[string]*sql.Stmt // the store's prepared statements, for this transaction
	head     *head                // the audit chain's head as the transaction moves it
}

// stmt returns q prepared for the transaction, nil when it is not
// prepared.
func (t *Tx) stmt(q string) *sql.Stmt {
	if st, ok := t.stmts[q]; ok {
		return st
	}
	st := t.s.prepared(t.ctx, q)
	if st != nil {
		st = t.tx.StmtContext(t.ctx, st)
	}
	if t.stmts != nil {
		t.stmts[q] = st
	}
	return st
}

var _ tillit.Tx = (*Tx)(nil)

func (t *Tx) exec(op, q string, args ...any) error {
	q = t.s.rebind(q)
	var err error
	if st := t.stmt(q); st != nil {
		_, err = st.ExecContext(t.ctx, args...)
	} else {
		_, err = t.tx.ExecContext(t.ctx, q, args...)
	}
	return t.wrap(op, err)
}

func (t *Tx) query(op, q string, args ...any) (*sql.Rows, error) {
	q = t.s.rebind(q)
	var rows *sql.Rows
	var err error
	if st := t.stmt(q); st != nil {
		rows, err = st.QueryContext(t.ctx, args...)
	} else {
		rows, err = t.tx.QueryContext(t.ctx, q, args...)
	}
	return rows, t.wrap(op, err)
}

func (t *Tx) row(q string, args ...any) *sql.Row {
	q = t.s.rebind(q)
	if st := t.stmt(q); st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.tx.QueryRowContext(t.ctx, q, args...)
}

// wrap turns a database error into a tillit error for the codes callers act
// on and prefixes the rest with the dialect and operation.
func (t *Tx) wrap(op string, err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return tillit.Errorf(tillit.ENOTFOUND, op, "not found")
	case t.s.d.IsDuplicate != nil && t.s.d.IsDuplicate(err):
		return tillit.Errorf(tillit.ECONFLICT, op, "already exists")
	}
	return fmt.Errorf("%s: %s: %w", t.s.d.Name, op, err)
}

func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(n int64) time.Time { return time.UnixMicro(n).UTC() }

func nullMicros(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixMicro(), Valid: true}
}

func fromNullMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return fromMicros(n.Int64)
}

func joinIDs(ids []string) string { return strings.Join(ids, ",") }

func splitIDs(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}
