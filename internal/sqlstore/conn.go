package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// conn is where a transaction's statements go: a database/sql
// transaction (sqlConn) or a pgx connection that sends writes with the
// next read or the commit (pgConn).
type conn interface {
	// exec runs a statement whose only outcome is an error. It may be
	// held back and sent with the next statement that needs an answer,
	// whose error it then becomes (an *opError naming exec's op).
	exec(ctx context.Context, op, q string, args []any) error
	// execN runs a statement at once and returns the rows it changed.
	execN(ctx context.Context, q string, args []any) (int64, error)
	query(ctx context.Context, q string, args []any) (rowSet, error)
	queryRow(ctx context.Context, q string, args []any) rowScanner
	// savepoint, rollbackTo and release bracket one Update of a group
	// (group commit).
	savepoint(ctx context.Context) error
	rollbackTo(ctx context.Context) error
	commit(ctx context.Context) error
	rollback(ctx context.Context) error
}

// rowSet is a result set being read.
type rowSet interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close() error
}

// rowScanner is a result of at most one row.
type rowScanner interface {
	Scan(dest ...any) error
}

// opError is the error of a statement that was held back and failed when
// it was sent with a later one: it names the held-back statement's op.
type opError struct {
	op  string
	err error
}

func (e *opError) Error() string { return e.op + ": " + e.err.Error() }
func (e *opError) Unwrap() error { return e.err }

// errRow is a row whose query failed before it ran.
type errRow struct{ err error }

func (r errRow) Scan(...any) error { return r.err }

// sqlConn is a database/sql transaction with the store's prepared
// statements (SQLite).
type sqlConn struct {
	tx    *sql.Tx
	s     *Store
	stmts map[string]*sql.Stmt // the store's prepared statements, for this transaction
}

// stmt returns q prepared for the transaction, nil when it is not
// prepared.
func (c *sqlConn) stmt(ctx context.Context, q string) *sql.Stmt {
	if st, ok := c.stmts[q]; ok {
		return st
	}
	st := c.s.prepared(ctx, q)
	if st != nil {
		st = c.tx.StmtContext(ctx, st)
	}
	c.stmts[q] = st
	return st
}

func (c *sqlConn) exec(ctx context.Context, _, q string, args []any) error {
	_, err := c.execN(ctx, q, args)
	return err
}

func (c *sqlConn) execN(ctx context.Context, q string, args []any) (int64, error) {
	var res sql.Result
	var err error
	if st := c.stmt(ctx, q); st != nil {
		res, err = st.ExecContext(ctx, args...)
	} else {
		res, err = c.tx.ExecContext(ctx, q, args...)
	}
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (c *sqlConn) query(ctx context.Context, q string, args []any) (rowSet, error) {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.tx.QueryContext(ctx, q, args...)
}

func (c *sqlConn) queryRow(ctx context.Context, q string, args []any) rowScanner {
	if st := c.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, q, args...)
}

func (c *sqlConn) savepoint(ctx context.Context) error {
	_, err := c.tx.ExecContext(ctx, "SAVEPOINT tillit_update")
	return err
}

func (c *sqlConn) rollbackTo(ctx context.Context) error {
	_, err := c.tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT tillit_update")
	return err
}

func (c *sqlConn) commit(context.Context) error { return c.tx.Commit() }

func (c *sqlConn) rollback(context.Context) error {
	if err := c.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// beginSQL starts a database/sql transaction.
func (s *Store) beginSQL(ctx context.Context, write bool) (conn, error) {
	opts := &sql.TxOptions{ReadOnly: !write, Isolation: s.d.Read}
	if write {
		opts.Isolation = s.d.Write
	}
	tx, err := s.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: begin: %w", s.d.Name, err)
	}
	return &sqlConn{tx: tx, s: s, stmts: map[string]*sql.Stmt{}}, nil
}
