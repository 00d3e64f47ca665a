package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// pgConn is a transaction on a pgx connection that holds its writes back:
// a statement that needs no answer (exec) is queued, and sent, pipelined
// in one batch, with the next statement that does or with the COMMIT.
// BEGIN itself goes with the first statement. A transaction that reads
// once and writes therefore costs two round trips, whatever it writes.
//
// Audit appends are held apart, until the COMMIT, and sent then after
// every other write, in lane order: a transaction locks its lanes' rows
// only while it commits, and always in the same order, so two that write
// for the same subjects in another order wait for each other instead of
// deadlocking. Each must insert exactly one entry, or the transaction
// fails (fail closed: no change without its entry).
type pgConn struct {
	c         *pgxpool.Conn
	begin     string // the BEGIN statement, sent with the first batch
	begun     bool   // BEGIN was sent: the transaction must be ended
	pending   []held
	audits    []held // audit appends, sent with the COMMIT
	auditMark int    // len(audits) at the savepoint
}

// held is a statement queued until the next batch.
type held struct {
	op, q string
	args  []any
	one   bool // it must affect exactly one row
}

// errNoLane is an audit append that appended nothing: its lane has no
// head row.
var errNoLane = errors.New("the audit lane has no head row; nothing was appended")

// beginPgx takes a connection from the pool for a transaction; nothing is
// sent yet.
func (s *Store) beginPgx(ctx context.Context, write bool) (conn, error) {
	c, err := s.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: begin: %w", s.d.Name, err)
	}
	begin := "BEGIN ISOLATION LEVEL READ COMMITTED"
	if !write {
		begin = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"
	}
	return &pgConn{c: c, begin: begin}, nil
}

// send sends BEGIN if it was not, the held statements and then q, in one
// batch, and returns the results positioned at q's.
func (c *pgConn) send(ctx context.Context, q string, args []any) (pgx.BatchResults, error) {
	return c.sendMany(ctx, []string{q}, args...)
}

// sendMany is send with several queries, all with the same arguments;
// the results are positioned at the first one's.
func (c *pgConn) sendMany(ctx context.Context, qs []string, args ...any) (pgx.BatchResults, error) {
	b := &pgx.Batch{}
	first := !c.begun
	if first {
		b.Queue(c.begin)
	}
	pending := c.pending
	for _, h := range pending {
		b.Queue(h.q, h.args...)
	}
	for _, q := range qs {
		b.Queue(q, args...)
	}
	c.pending, c.begun = nil, true
	br := c.c.SendBatch(ctx, b)
	if first {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return nil, err
		}
	}
	for _, h := range pending {
		tag, err := br.Exec()
		if err == nil && h.one && tag.RowsAffected() != 1 {
			err = errNoLane
		}
		if err != nil {
			br.Close()
			return nil, &opError{op: h.op, err: err}
		}
	}
	return br, nil
}

func (c *pgConn) exec(_ context.Context, op, q string, args []any) error {
	if op == opAppendAudit {
		c.audits = append(c.audits, held{op: op, q: q, args: args, one: true})
		return nil
	}
	c.pending = append(c.pending, held{op: op, q: q, args: args})
	return nil
}

func (c *pgConn) execN(ctx context.Context, q string, args []any) (int64, error) {
	br, err := c.send(ctx, q, args)
	if err != nil {
		return 0, err
	}
	tag, err := br.Exec()
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	return tag.RowsAffected(), err
}

func (c *pgConn) query(ctx context.Context, q string, args []any) (rowSet, error) {
	br, err := c.send(ctx, q, args)
	if err != nil {
		return nil, err
	}
	r, err := br.Query()
	if err != nil {
		br.Close()
		return nil, err
	}
	return &pgRows{Rows: r, br: br}, nil
}

func (c *pgConn) queryRow(ctx context.Context, q string, args []any) rowScanner {
	br, err := c.send(ctx, q, args)
	if err != nil {
		return errRow{err}
	}
	return pgRow{br}
}

func (c *pgConn) savepoint(ctx context.Context) error {
	c.auditMark = len(c.audits)
	return c.exec(ctx, "savepoint", "SAVEPOINT tillit_update", nil)
}

func (c *pgConn) rollbackTo(ctx context.Context) error {
	c.audits = c.audits[:c.auditMark]
	_, err := c.execN(ctx, "ROLLBACK TO SAVEPOINT tillit_update", nil)
	return err
}

// commit sends what is held with the COMMIT; a transaction that sent
// nothing has nothing to commit.
func (c *pgConn) commit(ctx context.Context) error {
	if !c.begun && len(c.pending) == 0 && len(c.audits) == 0 {
		c.c.Release()
		c.c = nil
		return nil
	}
	slices.SortStableFunc(c.audits, func(a, b held) int { return cmp.Compare(a.args[0].(int), b.args[0].(int)) })
	c.pending, c.audits = append(c.pending, c.audits...), nil
	_, err := c.execN(ctx, "COMMIT", nil)
	if err != nil {
		return err // rollback ends the aborted transaction
	}
	c.begun = false
	c.c.Release()
	c.c = nil
	return nil
}

// rollback ends the transaction if it began; it is a no-op after commit.
func (c *pgConn) rollback(ctx context.Context) error {
	if c.c == nil {
		return nil
	}
	defer func() {
		c.c.Release()
		c.c = nil
	}()
	c.pending, c.audits = nil, nil
	if !c.begun {
		return nil
	}
	c.begun = false
	// The caller's context may be why the transaction ends: the
	// rollback must still be sent (else the pool destroys the
	// connection, which the server then rolls back).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, err := c.c.Exec(ctx, "ROLLBACK")
	return err
}

// pgRows are the rows of a query sent in a batch; closing them, or
// reading past the last, closes the batch and frees the connection (as
// database/sql's rows do).
type pgRows struct {
	pgx.Rows
	br     pgx.BatchResults
	closed bool
	err    error
}

func (r *pgRows) Next() bool {
	if r.Rows.Next() {
		return true
	}
	r.Close()
	return false
}

func (r *pgRows) Err() error {
	if err := r.Rows.Err(); err != nil {
		return err
	}
	return r.err
}

func (r *pgRows) Close() error {
	if r.closed {
		return r.err
	}
	r.closed = true
	r.Rows.Close()
	r.err = r.Rows.Err()
	if cerr := r.br.Close(); r.err == nil {
		r.err = cerr
	}
	return r.err
}

// pgRow is the one row of a query sent in a batch.
type pgRow struct{ br pgx.BatchResults }

func (r pgRow) Scan(dest ...any) error {
	err := r.br.QueryRow().Scan(dest...)
	if cerr := r.br.Close(); err == nil {
		err = cerr
	}
	return err
}
