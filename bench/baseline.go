package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/tillit-privacy/tillit/internal/sqlstore"
	"github.com/tillit-privacy/tillit/postgres"
)

// baseline is GDPRbench's PostgreSQL baseline on one engine: the single
// table usertable(YCSB_KEY text primary key, field0 ... field9 text), no
// other index, and the JDBC client's statements. Key operations use
// prepared statements, as the client caches them; metadata operations by
// purpose are built as literal SQL each time, as the client builds them.
type baseline struct {
	engine string
	// w runs writes and r reads. On SQLite w has one connection, so that
	// writers queue in the pool rather than in SQLite's busy handler
	// (which sleeps), the same way Tillit's store queues them; on
	// PostgreSQL both are the same pool.
	w, r     *sql.DB
	numbered bool
	insert   *sql.Stmt
	read     *sql.Stmt
	readMeta *sql.Stmt
	update   *sql.Stmt
	setMeta  *sql.Stmt
	delete   *sql.Stmt
}

// baselineSchema is GDPRbench's table: every column text, the key the only
// index.
const baselineSchema = `CREATE TABLE usertable (YCSB_KEY TEXT PRIMARY KEY,
	field0 TEXT, field1 TEXT, field2 TEXT, field3 TEXT, field4 TEXT,
	field5 TEXT, field6 TEXT, field7 TEXT, field8 TEXT, field9 TEXT)`

// openBaselineSQLite opens a baseline table in a new SQLite file at path,
// with the same durability as Tillit's store: WAL, synchronous=FULL.
func openBaselineSQLite(ctx context.Context, path string) (*baseline, error) {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	w, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	if _, err := w.ExecContext(ctx, baselineSchema); err != nil {
		w.Close()
		return nil, fmt.Errorf("baseline: create table: %w", err)
	}
	q.Add("_pragma", "query_only(1)")
	r, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		w.Close()
		return nil, err
	}
	b := &baseline{engine: "sqlite", w: w, r: r}
	return b, b.prepare(ctx)
}

// openBaselinePostgres creates usertable in the schema dsn's search_path
// names.
func openBaselinePostgres(ctx context.Context, dsn string) (*baseline, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, errors.New("baseline: the PostgreSQL connection string could not be parsed")
	}
	if _, err := db.ExecContext(ctx, baselineSchema); err != nil {
		db.Close()
		return nil, fmt.Errorf("baseline: create table: %w", err)
	}
	// The same pool as Tillit's store: database/sql keeps only two idle
	// connections by default, and beyond two clients would close and
	// reopen one on almost every operation.
	n := int(postgres.DefaultMaxConns())
	db.SetMaxOpenConns(n)
	db.SetMaxIdleConns(n)
	b := &baseline{engine: "postgres", w: db, r: db, numbered: true}
	return b, b.prepare(ctx)
}

func (b *baseline) sql(q string) string {
	if !b.numbered {
		return q
	}
	return sqlstore.Numbered(q)
}

func (b *baseline) prepare(ctx context.Context) error {
	var err error
	prep := func(db *sql.DB, q string) *sql.Stmt {
		if err != nil {
			return nil
		}
		var s *sql.Stmt
		s, err = db.PrepareContext(ctx, b.sql(q))
		return s
	}
	b.insert = prep(b.w, `INSERT INTO usertable (YCSB_KEY, field0, field1, field2, field3, field4, field5, field6, field7, field8, field9)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	b.read = prep(b.r, `SELECT * FROM usertable WHERE YCSB_KEY = ?`)
	b.readMeta = prep(b.r, `SELECT field0, field1, field2, field3, field4, field5, field6, field7, field8 FROM usertable WHERE YCSB_KEY = ?`)
	b.update = prep(b.w, `UPDATE usertable SET field0 = ?, field1 = ?, field2 = ?, field3 = ?, field4 = ?, field5 = ?,
		field6 = ?, field7 = ?, field8 = ?, field9 = ? WHERE YCSB_KEY = ?`)
	b.setMeta = prep(b.w, `UPDATE usertable SET field4 = ? WHERE YCSB_KEY = ?`)
	b.delete = prep(b.w, `DELETE FROM usertable WHERE YCSB_KEY = ?`)
	if err != nil {
		b.Close()
		return fmt.Errorf("baseline: prepare: %w", err)
	}
	return nil
}

// Close closes the baseline's connections.
func (b *baseline) Close() error {
	b.w.Close()
	if b.r != b.w {
		b.r.Close()
	}
	return nil
}

// record returns record n's values, with its data in version v.
func record(n, v int) []any {
	out := make([]any, 0, 11)
	out = append(out, Key(n))
	for f := range 9 {
		out = append(out, Field(n, f))
	}
	return append(out, Data(n, v))
}

// load inserts records first..first+n-1, a thousand per transaction.
func (b *baseline) load(ctx context.Context, first, n int) error {
	const per = 1000
	for i := first; i < first+n; i += per {
		tx, err := b.w.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		ins := tx.StmtContext(ctx, b.insert)
		for j := i; j < min(i+per, first+n); j++ {
			if _, err := ins.ExecContext(ctx, record(j, 0)...); err != nil {
				tx.Rollback()
				return fmt.Errorf("baseline: load: %w", err)
			}
		}
		if err := tx.Commit(); err != nil {
			return fmt.Errorf("baseline: load: %w", err)
		}
	}
	return nil
}

// do runs one step by key (the paper's semantics: a person's own record).
func (b *baseline) do(ctx context.Context, s Step) (status, error) {
	switch s.Op {
	case OpInsert:
		return b.exec(ctx, b.insert, record(s.Key, 0)...)
	case OpRead:
		var cols [11]sql.NullString
		return b.row(b.read.QueryRowContext(ctx, Key(s.Key)), &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6],
			&cols[7], &cols[8], &cols[9], &cols[10])
	case OpReadMeta:
		var cols [9]sql.NullString
		return b.row(b.readMeta.QueryRowContext(ctx, Key(s.Key)), &cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6],
			&cols[7], &cols[8])
	case OpUpdate:
		vals := record(s.Key, 1+s.Pick%1_000_000)
		return b.exec(ctx, b.update, append(vals[1:], vals[0])...)
	case OpUpdateMeta:
		return b.exec(ctx, b.setMeta, pad("DEC", fieldValues[4][s.Pick%3]), Key(s.Key))
	case OpDelete, OpDeleteMeta:
		return b.exec(ctx, b.delete, Key(s.Key))
	}
	return statusOK, fmt.Errorf("baseline: no operation %q", s.Op)
}

// doPublished runs one step as the published JDBC client does: its
// metadata operations ignore the key and act on every record of a purpose
// picked at random from ten (DefaultDBFlavor), of which six match no
// record; read-meta reads the first row of the result. The purpose is
// compared as stored (GDPRbench pads it), so that four of the ten match.
func (b *baseline) doPublished(ctx context.Context, s Step) (status, error) {
	purpose := pad("PUR", jdbcPurposes[s.Pick%len(jdbcPurposes)])
	switch s.Op {
	case OpReadMeta:
		rows, err := b.r.QueryContext(ctx, `SELECT * FROM usertable WHERE field0 = '`+purpose+`'`)
		if err != nil {
			return statusOK, err
		}
		defer rows.Close()
		if !rows.Next() {
			return statusNotFound, rows.Err()
		}
		var cols [11]sql.NullString
		if err := rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7], &cols[8], &cols[9], &cols[10]); err != nil {
			return statusOK, err
		}
		return statusOK, rows.Close()
	case OpUpdateMeta:
		return statusOK, b.bulk(ctx, `UPDATE usertable SET field4 = '`+pad("DEC", fieldValues[4][(s.Pick>>8)%3])+`' WHERE field0 = '`+purpose+`'`)
	case OpDeleteMeta:
		return statusOK, b.bulk(ctx, `DELETE FROM usertable WHERE field0 = '`+purpose+`'`)
	}
	return b.do(ctx, s)
}

// bulk runs a statement that changes a quarter of the table, again when
// PostgreSQL chose it as a deadlock's victim (two such statements lock
// their rows in different orders), as a real client would.
func (b *baseline) bulk(ctx context.Context, q string) error {
	for try := 0; ; try++ {
		_, err := b.w.ExecContext(ctx, q)
		var pe *pgconn.PgError
		if err == nil || try == 4 || !errors.As(err, &pe) || pe.Code != "40P01" {
			return err
		}
	}
}

// byPurpose runs a metadata operation on every record of one purpose:
// read-meta reads them all.
func (b *baseline) byPurpose(ctx context.Context, op Op, purpose string) (int64, error) {
	p := pad("PUR", purpose)
	switch op {
	case OpReadMeta:
		rows, err := b.r.QueryContext(ctx, b.sql(`SELECT * FROM usertable WHERE field0 = ?`), p)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		var n int64
		var cols [11]sql.NullString
		for rows.Next() {
			if err := rows.Scan(&cols[0], &cols[1], &cols[2], &cols[3], &cols[4], &cols[5], &cols[6], &cols[7], &cols[8], &cols[9], &cols[10]); err != nil {
				return n, err
			}
			n++
		}
		return n, rows.Err()
	case OpUpdateMeta:
		res, err := b.w.ExecContext(ctx, b.sql(`UPDATE usertable SET field4 = ? WHERE field0 = ?`), pad("DEC", "disallow"), p)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	case OpDeleteMeta:
		res, err := b.w.ExecContext(ctx, b.sql(`DELETE FROM usertable WHERE field0 = ?`), p)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	return 0, fmt.Errorf("baseline: no operation %q by purpose", op)
}

func (b *baseline) exec(ctx context.Context, st *sql.Stmt, args ...any) (status, error) {
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return statusOK, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return statusNotFound, err
	}
	return statusOK, nil
}

func (b *baseline) row(r *sql.Row, dest ...any) (status, error) {
	err := r.Scan(dest...)
	if errors.Is(err, sql.ErrNoRows) {
		return statusNotFound, nil
	}
	return statusOK, err
}
