package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/vault"
)

type keysCmd struct {
	Generate generateKeyCmd `cmd:"" help:"Create a new key-encryption key file."`
	Rotate   rotateKeyCmd   `cmd:"" help:"Add a new primary key to the TILLIT_KEK_FILE keyset and re-wrap every data key under it."`
}

type generateKeyCmd struct {
	Out string `required:"" help:"The file to create (mode 0600); an existing file is never overwritten." type:"path"`
}

func (c *generateKeyCmd) Run(e *env) error {
	js, err := keys.Generate()
	if err != nil {
		return err
	}
	f, err := os.OpenFile(c.Out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("keys generate: %w", err)
	}
	if _, err := f.Write(js); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "wrote a new key-encryption key to %s; keep it out of the database and its backups, and set TILLIT_KEK_FILE=%s\n", c.Out, c.Out)
	return nil
}

type rotateKeyCmd struct {
	vaultFlags
	Retire bool `help:"After re-wrapping, remove the old keys from the keyset: backups made under them can no longer be read."`
}

// Run rotates in an order that a crash at any point survives: the new
// keyset (old keys kept) is written before any data key uses it, and old
// keys are retired only after every data key was re-wrapped.
func (c *rotateKeyCmd) Run(e *env) error {
	path := e.getenv("TILLIT_KEK_FILE")
	if path == "" {
		return errors.New("keys rotate writes the keyset, so it needs TILLIT_KEK_FILE; with TILLIT_KEK, rotate in your secret store and point TILLIT_KEK_FILE at the result")
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("keys rotate: %w", err)
	}
	next, err := keys.Rotate(old)
	if err != nil {
		return fmt.Errorf("keys rotate: %s: %w", path, err)
	}
	if err := writeKeyset(path, next); err != nil {
		return err
	}
	// Read back what was written: re-wrapping under a key that did not
	// reach the disk would lose every re-wrapped subject.
	if back, err := os.ReadFile(path); err != nil || !bytes.Equal(back, next) {
		return fmt.Errorf("keys rotate: %s does not read back as written; nothing was re-wrapped", path)
	}
	var rep vault.RewrapReport
	stale := 0
	err = withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		if rep, err = a.Vault.RewrapKeys(e.ctx); err != nil {
			return nil, err
		}
		stale, err = a.Vault.Stale(e.ctx)
		return nil, err
	})
	if err != nil {
		return fmt.Errorf("%w; the new keyset is in place with the old keys kept, so running keys rotate again finishes the job", err)
	}
	fmt.Fprintf(e.stdout, "re-wrapped %d data keys (%d already current); blind-index key re-wrapped: %t\n", rep.DataKeys, rep.Unchanged, rep.IndexKey)
	if c.Retire && stale > 0 {
		return fmt.Errorf("%d keys are still under an old key-encryption key (another tillit process with the old keyset?): not retiring; restart every process with the new keyset and run keys rotate --retire again", stale)
	}
	if c.Retire {
		retired, err := keys.Retire(next)
		if err != nil {
			return err
		}
		if err := writeKeyset(path, retired); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, "retired the old keys: backups made before this rotation can no longer be decrypted")
	}
	return nil
}

// writeKeyset replaces the keyset file atomically, keeping its mode 0600.
func writeKeyset(path string, js []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tillit-kek-*")
	if err != nil {
		return fmt.Errorf("keys: write keyset: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(js); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	// The rename is durable only once the directory is synced.
	dir, err := os.Open(filepath.Dir(path))
	if err != nil {
		return err
	}
	defer dir.Close()
	return dir.Sync()
}
