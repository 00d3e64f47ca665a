package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/sqlite"
)

// storeFlags choose the store: the embedded SQLite database in the data
// directory unless a PostgreSQL connection string is given. Every command
// that opens the store has them, so that tillit serve and the other
// commands find the same store by default.
type storeFlags struct {
	Data     string `help:"The directory of the embedded store (tillit.db) and, when no key is configured, of its key (kek.json)." default:"tillit-data" env:"TILLIT_DATA" type:"path"`
	Postgres string `help:"A PostgreSQL connection string, used instead of the embedded store. Prefer the variable or TILLIT_POSTGRES_DSN_FILE: a flag shows in the process list." env:"TILLIT_POSTGRES_DSN" placeholder:"DSN"`
}

// dbPath is the embedded store's file.
func (f *storeFlags) dbPath() string { return filepath.Join(f.Data, "tillit.db") }

// storeName says which store is used, for messages.
func (f *storeFlags) storeName() string {
	if f.Postgres != "" {
		return "PostgreSQL"
	}
	return f.dbPath()
}

// open opens the chosen store, creating the embedded one if needed;
// migrate migrates an older schema.
func (f *storeFlags) open(e *env, migrate bool) (tillit.Store, error) {
	if f.Postgres != "" {
		return postgres.Open(e.ctx, f.Postgres, postgres.Options{Migrate: migrate})
	}
	if err := os.MkdirAll(f.Data, 0o700); err != nil {
		return nil, err
	}
	return sqlite.Open(e.ctx, f.dbPath(), sqlite.Options{Migrate: migrate})
}

// openExisting opens the chosen store for reading, refusing to create the
// embedded one: verifying a mistyped path must not report an empty log.
func (f *storeFlags) openExisting(e *env) (tillit.Store, error) {
	if f.Postgres != "" {
		return postgres.Open(e.ctx, f.Postgres, postgres.Options{})
	}
	return sqlite.Open(e.ctx, f.dbPath(), sqlite.Options{MustExist: true})
}

// kek loads the key-encryption key from TILLIT_KEK_FILE or TILLIT_KEK. With
// neither set and the embedded store, it uses DIR/kek.json and returns its
// path as beside: a key kept beside the data protects nothing once both are
// copied. Only tillit serve passes generate, which creates that file when
// it is missing; any other command says how to get a key instead, so that
// no key appears that nobody knows to keep.
func (f *storeFlags) kek(e *env, generate bool) (k *keys.KEK, beside string, err error) {
	if e.getenv("TILLIT_KEK_FILE") != "" || e.getenv("TILLIT_KEK") != "" || f.Postgres != "" {
		k, _, err := keys.Load(e.getenv)
		if err != nil {
			return nil, "", fmt.Errorf("%w (create one with `tillit keys generate --out FILE` and set TILLIT_KEK_FILE=FILE)", err)
		}
		return k, "", nil
	}
	path := filepath.Join(f.Data, "kek.json")
	_, err = os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist) && !generate:
		return nil, "", fmt.Errorf("no key-encryption key: neither TILLIT_KEK_FILE nor TILLIT_KEK is set and there is no %s; "+
			"start `tillit serve` with this data directory once, which creates it, or create a key with `tillit keys generate --out FILE` and set TILLIT_KEK_FILE=FILE", path)
	case errors.Is(err, os.ErrNotExist):
		js, err := keys.Generate()
		if err != nil {
			return nil, "", err
		}
		if err := os.MkdirAll(f.Data, 0o700); err != nil {
			return nil, "", err
		}
		if err := writeKeyset(path, js); err != nil {
			return nil, "", err
		}
	case err != nil:
		return nil, "", fmt.Errorf("keys: %w", err)
	}
	k, _, err = keys.Load(func(name string) string {
		if name == "TILLIT_KEK_FILE" {
			return path
		}
		return ""
	})
	return k, path, err
}

// registerFlags choose the register: a file, or the built-in Allkontrakt
// example, the same for tillit serve and every other command.
type registerFlags struct {
	Register string `short:"r" help:"The register file (YAML); the built-in Allkontrakt example when not given." env:"TILLIT_REGISTER" type:"path" placeholder:"FILE"`
}

// builtinRegister names the register used when none is given.
const builtinRegister = "examples/allkontrakt.yaml (built in)"

// policy compiles the register given, or the built-in example, and says
// which it is.
func (f *registerFlags) policy(e *env) (pol *tillit.Policy, source string, err error) {
	pol, source, _, err = f.compiled(e)
	return pol, source, err
}

// compiled is policy that also returns what checking the register found.
func (f *registerFlags) compiled(e *env) (*tillit.Policy, string, register.Problems, error) {
	if f.Register != "" {
		pol, problems, err := compileFindings(e, f.Register)
		return pol, f.Register, problems, err
	}
	pol, problems := register.Compile("examples/allkontrakt.yaml", examples.Allkontrakt)
	if pol == nil {
		return nil, "", nil, fmt.Errorf("the built-in example register: %v", problems)
	}
	return pol, builtinRegister, problems, nil
}

// vaultFlags are what a command working on personal data needs: a
// register, a store and the key-encryption key (from TILLIT_KEK_FILE or
// TILLIT_KEK, never a flag, or the embedded store's own).
type vaultFlags struct {
	storeFlags
	registerFlags
	Actor string `help:"Who acts, for the audit log (e.g. admin:anna); not a data subject's data." default:"cli" env:"TILLIT_ACTOR"`
	Lang  string `help:"Language of error messages: sv or en." enum:"sv,en" default:"en" env:"TILLIT_LANG"`
}

// open compiles the register, loads the key and opens the store and the
// services over it. The caller closes the store.
func (f *vaultFlags) open(e *env) (*app.App, error) {
	pol, source, err := f.policy(e)
	if err != nil {
		return nil, err
	}
	if source == builtinRegister {
		fmt.Fprintf(e.stderr, "tillit: using the register %s; give yours with -r or TILLIT_REGISTER\n", source)
	}
	kek, _, err := f.kek(e, false)
	if err != nil {
		return nil, err
	}
	store, err := f.storeFlags.open(e, false)
	if err != nil {
		return nil, err
	}
	a, err := app.Open(e.ctx, app.Config{Store: store, Policy: pol, KEK: kek})
	if err != nil {
		store.Close()
		return nil, err
	}
	return a, nil
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
