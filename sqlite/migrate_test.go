package sqlite_test

import (
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pressly/goose/v3"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/storetest"
)

// TestSchemaVersion checks that a new file is initialised, reopening
// leaves it be, and a schema newer than this program knows is refused
// with a message that says what to do.
func TestSchemaVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tillit.db")
	for range 2 {
		s, err := sqlite.Open(t.Context(), path, sqlite.Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO goose_db_version (version_id, is_applied) VALUES (999, 1)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = sqlite.Open(t.Context(), path, sqlite.Options{Migrate: true})
	if tillit.ErrorCode(err) != tillit.EINVALID || !strings.Contains(err.Error(), "version 999, newer than this tillit knows") {
		t.Errorf("opening a newer schema: %v", err)
	}
}

// TestMigrateLanes migrates a file whose audit log is one chain, as
// schema version 8 wrote it.
func TestMigrateLanes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tillit.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	sub, _ := fs.Sub(sqlite.Migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectSQLite3, db, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 8); err != nil {
		t.Fatal(err)
	}
	storetest.OldChain(t, db, false, 25)
	db.Close()
	storetest.MigrateLanes(t, func(t *testing.T, migrate bool) (tillit.Store, error) {
		return sqlite.Open(t.Context(), path, sqlite.Options{Migrate: migrate})
	}, 25)
}
