// Package sqlstore implements tillit.Store over database/sql (SQLite) or a
// pgx pool (PostgreSQL), with one set of queries. The sqlite and postgres
// packages open a connection, migrate it and hand it here with the few
// things that differ between the two: placeholders, how the audit log is
// appended, isolation levels, and how a duplicate key is reported.
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

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tillit-privacy/tillit"
)

// Dialect is what differs between SQL engines.
type Dialect struct {
	Name string
	// Numbered reports whether placeholders are $1, $2, ... rather than ?.
	Numbered bool
	// Serial reports whether the engine has one writer at a time
	// (SQLite): Updates then queue in the store and share commits (group
	// commit), and the audit lanes' heads are moved in Go. Otherwise
	// Updates run side by side, each on a connection of its own, waiting
	// only for the rows they touch.
	Serial bool
	// AppendAudit, when set, is one statement that appends an entry to
	// its lane on the server (chaining it there), with the arguments
	// lane, at, actor, action, subject, purpose, detail. It needs no
	// answer, so it goes with the commit, and the lane's row is locked
	// only while the commit runs.
	AppendAudit string
	// IsDuplicate reports whether err is a unique-constraint violation.
	IsDuplicate func(error) bool
	// Write and Read are the isolation levels of Update and View (for
	// database/sql; the pgx path uses read committed and repeatable
	// read): Verify needs one snapshot. Zero is the engine's default.
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

// Store is a tillit.Store over a *sql.DB, or over a pgx pool.
type Store struct {
	db *sql.DB
	// pool, when set, is where transactions run, on pgx natively
	// (pgConn); db is then a database/sql view of the same pool.
	pool *pgxpool.Pool
	d    Dialect
	// lanes is how many lanes the audit log has.
	lanes int
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
func New(ctx context.Context, db *sql.DB, d Dialect) (*Store, error) {
	s := &Store{db: db, d: d}
	return s, s.init(ctx)
}

// NewPool returns a store whose transactions run on pool, natively, with
// db a database/sql handle over the same pool (e.g. from
// stdlib.OpenDBFromPool) for DB's callers. The database must already be
// migrated.
func NewPool(ctx context.Context, pool *pgxpool.Pool, db *sql.DB, d Dialect) (*Store, error) {
	s := &Store{db: db, pool: pool, d: d}
	return s, s.init(ctx)
}

// init reads what the store needs to know of the schema.
func (s *Store) init(ctx context.Context) error {
	if err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_lanes`).Scan(&s.lanes); err != nil {
		return fmt.Errorf("%s: audit lanes: %w", s.d.Name, err)
	}
	return nil
}

// DB returns the underlying database handle.
func (s *Store) DB() *sql.DB { return s.db }

// Pool returns the pgx pool transactions run on; nil for database/sql.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the database.
func (s *Store) Close() error {
	err := s.db.Close()
	if s.pool != nil {
		s.pool.Close()
	}
	return err
}

// View runs fn in a read-only transaction.
func (s *Store) View(ctx context.Context, fn func(tillit.Tx) error) error {
	return s.run(ctx, false, fn)
}

// begin starts a transaction on the store's connection kind.
func (s *Store) begin(ctx context.Context, write bool) (conn, error) {
	if s.pool != nil {
		return s.beginPgx(ctx, write)
	}
	return s.beginSQL(ctx, write)
}

// newTx returns a transaction over c.
func (s *Store) newTx(ctx context.Context, c conn, write bool, h *heads) *Tx {
	return &Tx{ctx: ctx, c: c, s: s, writable: write, heads: h}
}

func (s *Store) run(ctx context.Context, write bool, fn func(tillit.Tx) error) error {
	c, err := s.begin(ctx, write)
	if err != nil {
		return err
	}
	// A panic in fn must not leave the transaction, and with it SQLite's
	// write lock, open on a pooled connection. After commit this is a
	// no-op.
	defer c.rollback(ctx)
	tx := s.newTx(ctx, c, write, &heads{})
	if err := fn(tx); err != nil {
		c.rollback(ctx)
		return err
	}
	if err := tx.writeHeads(); err != nil {
		c.rollback(ctx)
		return err
	}
	if err := c.commit(ctx); err != nil {
		return tx.wrap("commit", err)
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
	r := Numbered(q)
	s.rebound.Store(q, r)
	return r
}

// Numbered rewrites a query's ? placeholders as $1, $2, ..., as
// PostgreSQL numbers them.
func Numbered(q string) string {
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
	return b.String()
}

// Tx is a tillit.Tx.
type Tx struct {
	ctx      context.Context
	c        conn
	s        *Store
	writable bool
	erased   bool              // EraseSubject ran
	heads    *heads            // the audit lanes' heads as the transaction moves them
	read     map[string]answer // answers read ahead (readahead.go)
	// readSubjects are the subjects whose rows were read ahead.
	readSubjects map[string]bool
}

var _ tillit.Tx = (*Tx)(nil)

// exec runs a statement that returns nothing; on PostgreSQL it is sent
// with the next statement that needs an answer, or with the commit.
func (t *Tx) exec(op, q string, args ...any) error {
	t.forget(q)
	return t.wrap(op, t.c.exec(t.ctx, op, t.s.rebind(q), args))
}

// execNow runs a statement at once, for writes whose caller acts on their
// error (ECONFLICT for a taken ID).
func (t *Tx) execNow(op, q string, args ...any) error {
	_, err := t.execN(op, q, args...)
	return err
}

// execN runs a statement at once and returns how many rows it changed.
func (t *Tx) execN(op, q string, args ...any) (int64, error) {
	t.forget(q)
	n, err := t.c.execN(t.ctx, t.s.rebind(q), args)
	return n, t.wrap(op, err)
}

func (t *Tx) query(op, q string, args ...any) (rowSet, error) {
	r, err := t.c.query(t.ctx, t.s.rebind(q), args)
	return r, t.wrap(op, err)
}

func (t *Tx) row(q string, args ...any) rowScanner {
	return t.c.queryRow(t.ctx, t.s.rebind(q), args)
}

// wrap turns a database error into a tillit error for the codes callers act
// on and prefixes the rest with the dialect and operation.
func (t *Tx) wrap(op string, err error) error {
	var held *opError
	if errors.As(err, &held) {
		op = held.op // a statement sent late failed, not this one
	}
	switch {
	case err == nil:
		return nil
	case noRows(err):
		return tillit.Errorf(tillit.ENOTFOUND, op, "not found")
	case t.s.d.IsDuplicate != nil && t.s.d.IsDuplicate(err):
		return tillit.Errorf(tillit.ECONFLICT, op, "already exists")
	}
	return fmt.Errorf("%s: %s: %w", t.s.d.Name, op, err)
}

// noRows reports whether err says a query found no row.
func noRows(err error) bool {
	return errors.Is(err, sql.ErrNoRows) || errors.Is(err, pgx.ErrNoRows)
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
