package main

import (
	"errors"
	"fmt"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/vault"
)

// storeFlags choose the store: the embedded SQLite file unless a
// PostgreSQL connection string is given.
type storeFlags struct {
	DB       string `help:"The SQLite database file (the default store)." default:"tillit.db" env:"TILLIT_DB" type:"path"`
	Postgres string `help:"A PostgreSQL connection string; used instead of --db. Prefer the variable: a flag shows in the process list." env:"TILLIT_POSTGRES_DSN" placeholder:"DSN"`
}

// open opens the chosen store; migrate migrates an older schema.
func (f *storeFlags) open(e *env, migrate bool) (tillit.Store, error) {
	if f.Postgres != "" {
		return postgres.Open(e.ctx, f.Postgres, postgres.Options{Migrate: migrate})
	}
	return sqlite.Open(e.ctx, f.DB, sqlite.Options{Migrate: migrate})
}

// openExisting opens the chosen store for reading, refusing to create a
// SQLite file: verifying a mistyped path must not report an empty log.
func (f *storeFlags) openExisting(e *env) (tillit.Store, error) {
	if f.Postgres != "" {
		return postgres.Open(e.ctx, f.Postgres, postgres.Options{})
	}
	return sqlite.Open(e.ctx, f.DB, sqlite.Options{MustExist: true})
}

// vaultFlags are what a command working on personal data needs: a
// register, a store and the key-encryption key (from TILLIT_KEK_FILE or
// TILLIT_KEK, never a flag).
type vaultFlags struct {
	storeFlags
	Register string `short:"r" help:"The register file (YAML)." default:"tillit.yaml" env:"TILLIT_REGISTER" type:"path"`
	Actor    string `help:"Who acts, for the audit log (e.g. admin:anna); not a data subject's data." default:"cli" env:"TILLIT_ACTOR"`
	Lang     string `help:"Language of error messages: sv or en." enum:"sv,en" default:"en" env:"TILLIT_LANG"`
}

// open compiles the register, loads the key and opens the store and vault.
// The caller closes the store.
func (f *vaultFlags) open(e *env) (*vault.Vault, tillit.Store, error) {
	pol, err := compile(e, f.Register)
	if err != nil {
		return nil, nil, err
	}
	kek, _, err := keys.Load(e.getenv)
	if err != nil {
		return nil, nil, fmt.Errorf("%w (create one with `tillit keys generate --out tillit-kek.json`)", err)
	}
	store, err := f.storeFlags.open(e, false)
	if err != nil {
		return nil, nil, err
	}
	v, err := vault.Open(e.ctx, vault.Config{Store: store, Policy: pol, KEK: kek})
	if err != nil {
		store.Close()
		return nil, nil, err
	}
	return v, store, nil
}

// explain returns err with a *tillit.Error's message in lang, so that a
// refusal reads as the register's own words.
func explain(err error, lang string) error {
	var te *tillit.Error
	if errors.As(err, &te) {
		l, _ := tillit.ParseLang(lang)
		return fmt.Errorf("%s: %s", te.Code, te.MessageIn(l))
	}
	return err
}
