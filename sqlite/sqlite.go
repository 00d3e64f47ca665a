// Package sqlite is Tillit's embedded store: one SQLite file, pure Go
// (modernc.org/sqlite, no cgo), with embedded versioned migrations.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/sqlstore"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Options configure Open.
type Options struct {
	// Migrate migrates an existing database on an older schema. A new,
	// empty database is always initialised.
	Migrate bool
	// MustExist refuses to create the file, for commands that only read.
	MustExist bool
}

// Open opens (creating if needed) the SQLite database at path.
//
// Writes take the database lock at BEGIN (immediate transactions), so
// writers queue behind busy_timeout instead of failing; within one process
// they queue in the store and share commits (group commit). WAL with synchronous=FULL makes a commit
// durable when it returns; secure_delete overwrites deleted rows, so erased
// ciphertext does not linger in free pages.
func Open(ctx context.Context, path string, o Options) (*sqlstore.Store, error) {
	if _, err := os.Stat(path); o.MustExist && err != nil {
		return nil, tillit.Errorf(tillit.ENOTFOUND, "sqlite.open", "there is no database at %s", path)
	}
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)",
		"foreign_keys(1)", "secure_delete(1)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	db, err := sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	sub, _ := fs.Sub(migrations, "migrations")
	if err := sqlstore.Prepare(ctx, db, sqlstore.Migrations{Dialect: goose.DialectSQLite3, FS: sub}, o.Migrate); err != nil {
		db.Close()
		return nil, err
	}
	s, err := sqlstore.New(ctx, db, sqlstore.Dialect{
		Name:        "sqlite",
		Serial:      true,
		IsDuplicate: isDuplicate,
		Prepare:     true,
		// secure_delete zeroes erased rows in the database file, but the
		// WAL keeps the pages as they were until a checkpoint: copy them
		// back now rather than at some later time.
		AfterErase: checkpoint,
	})
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// checkpoint copies the WAL into the database file and truncates it, so
// that erased rows, zeroed in the file by secure_delete, do not live on in
// the log. A reader holding an old snapshot makes it report busy; it is
// tried a few times, and the next checkpoint finishes the job otherwise.
func checkpoint(ctx context.Context, db *sql.DB) {
	for range 5 {
		var busy, logPages, done int
		err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done)
		if err != nil || busy == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func isDuplicate(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return true
	}
	return false
}
