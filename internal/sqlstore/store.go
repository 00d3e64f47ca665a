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
	"time"

	"github.com/tillit-privacy/tillit"
)

// Dialect is what differs between SQL engines.
type Dialect struct {
	Name string
	// Numbered reports whether placeholders are $1, $2, ... rather than ?.
	Numbered bool
	// LockHead is run first in every Update to serialise writers; "" when
	// the engine's own write transactions are already serial.
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
}

// Store is a tillit.Store over a *sql.DB.
type Store struct {
	db *sql.DB
	d  Dialect
	// rebound caches each query rewritten for the dialect: the set of
	// queries is fixed, and rewriting on every call is waste.
	rebound sync.Map // string -> string
	group   group    // Updates waiting to commit together
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
	tx := &Tx{ctx: ctx, tx: sqlTx, s: s, writable: !opts.ReadOnly}
	if tx.writable && s.d.LockHead != "" {
		if _, err := sqlTx.ExecContext(ctx, s.d.LockHead); err != nil {
			sqlTx.Rollback()
			return fmt.Errorf("%s: lock audit head: %w", s.d.Name, err)
		}
	}
	if err := fn(tx); err != nil {
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
	erased   bool // EraseSubject ran
}

var _ tillit.Tx = (*Tx)(nil)

func (t *Tx) exec(op, q string, args ...any) error {
	_, err := t.tx.ExecContext(t.ctx, t.s.rebind(q), args...)
	return t.wrap(op, err)
}

func (t *Tx) query(op, q string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.s.rebind(q), args...)
	return rows, t.wrap(op, err)
}

func (t *Tx) row(q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, t.s.rebind(q), args...)
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
