// Package postgres is Tillit's production store on PostgreSQL (pgx), with
// embedded versioned migrations. Several tillit nodes may share one
// database: writers serialise on the audit chain's head row, and migrations
// take an advisory lock.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
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
}

// Open connects to the database named by dsn (a postgres:// URL or
// key=value string; search_path may pick a schema).
func Open(ctx context.Context, dsn string, o Options) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		// pgx's parse errors may quote the DSN, password included.
		return nil, errors.New("postgres: the connection string could not be parsed")
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("postgres: migration lock: %w", err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	m := sqlstore.Migrations{Dialect: goose.DialectPostgres, FS: sub, Options: []goose.ProviderOption{goose.WithSessionLocker(locker)}}
	if err := sqlstore.Prepare(ctx, db, m, o.Migrate); err != nil {
		db.Close()
		return nil, err
	}
	return sqlstore.New(db, sqlstore.Dialect{
		Name:        "postgres",
		Numbered:    true,
		LockHead:    `SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE`,
		IsDuplicate: isDuplicate,
		SkipLocked:  ` FOR UPDATE SKIP LOCKED`,
		Write:       sql.LevelReadCommitted,
		Read:        sql.LevelRepeatableRead,
	}), nil
}

func isDuplicate(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505" // unique_violation
}
