// Package postgres is Tillit's production store on PostgreSQL, on pgx
// natively: a pgxpool of connections, and transactions that pipeline their
// writes with the next read or the commit. Several tillit nodes may share
// one database: writers wait only for the rows they touch (the audit log's
// lanes are chained on the server as the commit runs, docs/audit.md), and
// migrations take an advisory lock.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/tillit-privacy/tillit/internal/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure Open.
type Options struct {
	// Migrate migrates an existing database on an older schema. A database
	// without Tillit's tables is always initialised.
	Migrate bool
	// MaxConns is the most connections the store keeps open; DefaultMaxConns
	// when zero. Each concurrent transaction holds one.
	MaxConns int32
	// Tracer, if set, sees every statement and batch sent (tests count
	// round trips with it). It may also implement pgx.BatchTracer.
	Tracer pgx.QueryTracer
}

// DefaultMaxConns is the pool size when Options.MaxConns is zero: four
// connections per CPU, at least eight. A transaction spends most of its
// time waiting for the network or the disk, so a few per core keep the
// server busy without making it switch between hundreds.
func DefaultMaxConns() int32 { return int32(max(8, 4*runtime.NumCPU())) }

// Open connects to the database named by dsn (a postgres:// URL or
// key=value string; search_path may pick a schema).
func Open(ctx context.Context, dsn string, o Options) (*sqlstore.Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors may quote the DSN, password included.
		return nil, errors.New("postgres: the connection string could not be parsed")
	}
	cfg.MaxConns = o.MaxConns
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = DefaultMaxConns()
	}
	if o.Tracer != nil {
		cfg.ConnConfig.Tracer = o.Tracer
	}
	if _, ok := cfg.ConnConfig.RuntimeParams["application_name"]; !ok {
		cfg.ConnConfig.RuntimeParams["application_name"] = "tillit"
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	db := stdlib.OpenDBFromPool(pool)
	fail := func(err error) (*sqlstore.Store, error) {
		db.Close()
		pool.Close()
		return nil, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return fail(fmt.Errorf("postgres: migration lock: %w", err))
	}
	sub, _ := fs.Sub(migrations, "migrations")
	m := sqlstore.Migrations{Dialect: goose.DialectPostgres, FS: sub, Options: []goose.ProviderOption{goose.WithSessionLocker(locker)}}
	if err := sqlstore.Prepare(ctx, db, m, o.Migrate); err != nil {
		return fail(err)
	}
	s, err := sqlstore.NewPool(ctx, pool, db, sqlstore.Dialect{
		Name:        "postgres",
		Numbered:    true,
		AppendAudit: appendAudit,
		IsDuplicate: isDuplicate,
		SkipLocked:  ` FOR UPDATE SKIP LOCKED`,
	})
	if err != nil {
		return fail(err)
	}
	return s, nil
}

// appendAudit appends an entry to its lane in one statement: it moves the
// lane's head, computing the entry's hash on the server exactly as
// tillit.AuditEntry.Digest does (big-endian 8-byte integers, UTF-8 text
// length-prefixed), and inserts the entry with the head's new position,
// previous hash and hash. The row lock on the lane is taken here, as the
// commit runs, and released by it. Arguments: lane, at, actor, action,
// subject, purpose, detail. The last line fails (division by zero) when
// nothing was inserted, e.g. because the lane has no head row: the
// statement is sent in one batch with the COMMIT, which an error turns
// into a rollback, so no change commits without its entry.
const appendAudit = `WITH l AS (
	UPDATE audit_lanes SET seq = seq + 1, prev = hash,
		hash = sha256(int8send(seq + 1) || int8send($2::bigint)
			|| int8send(octet_length(convert_to($3::text, 'UTF8'))::bigint) || convert_to($3::text, 'UTF8')
			|| int8send(octet_length(convert_to($4::text, 'UTF8'))::bigint) || convert_to($4::text, 'UTF8')
			|| int8send(octet_length(convert_to($5::text, 'UTF8'))::bigint) || convert_to($5::text, 'UTF8')
			|| int8send(octet_length(convert_to($6::text, 'UTF8'))::bigint) || convert_to($6::text, 'UTF8')
			|| int8send(octet_length(convert_to($7::text, 'UTF8'))::bigint) || convert_to($7::text, 'UTF8')
			|| int8send(octet_length(hash)::bigint) || hash)
	WHERE lane = $1::integer
	RETURNING lane, seq, prev, hash
), i AS (
	INSERT INTO audit (lane, lseq, at, actor, action, subject, purpose, detail, prev, hash)
	SELECT lane, seq, $2::bigint, $3::text, $4::text, $5::text, $6::text, $7::text, prev, hash FROM l
	RETURNING 1
)
SELECT 1 / (SELECT count(*) FROM i)::integer`

func isDuplicate(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505" // unique_violation
}
