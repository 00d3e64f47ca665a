package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"

	"github.com/pressly/goose/v3"
	"github.com/tillit-privacy/tillit"
)

// Migrations describes a dialect's embedded, versioned migrations.
type Migrations struct {
	Dialect goose.Dialect
	FS      fs.FS // the .sql files at its root
	Options []goose.ProviderOption
}

// Prepare brings db's schema to the version this program needs. A database
// without any schema is initialised; an existing one on an older schema is
// migrated only when migrate is true, else refused with an error that names
// the command that migrates it (WTF Dial, Miniflux). A newer schema is
// always refused.
func Prepare(ctx context.Context, db *sql.DB, m Migrations, migrate bool) error {
	p, err := goose.NewProvider(m.Dialect, db, m.FS, m.Options...)
	if err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	current, target, err := p.GetVersions(ctx)
	if err != nil {
		return fmt.Errorf("migrations: schema version: %w", err)
	}
	switch {
	case current > target:
		return tillit.Errorf(tillit.EINVALID, "store.open",
			"the database schema is at version %d, newer than this tillit knows (%d): upgrade tillit", current, target)
	case current < target && current > 0 && !migrate:
		return tillit.Errorf(tillit.EINVALID, "store.open",
			"the database schema is at version %d and this tillit needs %d: back the database up and run `tillit migrate`", current, target)
	case current < target:
		if _, err := p.Up(ctx); err != nil {
			return fmt.Errorf("migrations: up: %w", err)
		}
	}
	return nil
}
