package sqlite_test

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/storetest"
	"github.com/tillit-privacy/tillit/vault"
)

// TestShredBackup checks what the README promises about backups: one made
// before a subject was shredded still opens while the key-encryption key it
// was made under exists, and no longer once that key is rotated and retired.
func TestShredBackup(t *testing.T) {
	dir := t.TempDir()
	live := openPath(t, filepath.Join(dir, "tillit.db"))
	e := storetest.NewEnv(t, func(testing.TB) tillit.Store { return live })
	r := e.Collect(t, storetest.Quote("anna@example.se"))

	backup := filepath.Join(dir, "backup.db")
	db := live.(interface{ DB() *sql.DB }).DB()
	if _, err := db.ExecContext(e.Ctx, "VACUUM INTO ?", backup); err != nil {
		t.Fatal(err)
	}
	if err := e.Vault.Shred(e.Ctx, r.Subject); err != nil {
		t.Fatal(err)
	}
	openVault := func(store tillit.Store, kek *keys.KEK) (*vault.Vault, error) {
		a, err := app.Open(e.Ctx, app.Config{Store: store, Policy: storetest.Policy(t), KEK: kek, Now: e.Clock.Now})
		if err != nil {
			return nil, err
		}
		return a.Vault, nil
	}

	old := openPath(t, backup)
	v, err := openVault(old, e.KEK)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Use(e.Ctx, r.Subject, "quote"); err != nil {
		t.Fatalf("the backup does not open under the key it was made with: %v", err)
	}

	// Rotate, re-wrap the live store, retire the old key.
	next, err := keys.Rotate(e.KEKSet)
	if err != nil {
		t.Fatal(err)
	}
	rotated, _ := keys.ParseKEK(next)
	lv, err := openVault(live, rotated)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lv.RewrapKeys(e.Ctx); err != nil {
		t.Fatal(err)
	}
	if n, err := lv.Stale(e.Ctx); err != nil || n != 0 {
		t.Fatalf("stale keys after re-wrapping: %d, %v", n, err)
	}
	retiredSet, _ := keys.Retire(next)
	retired, _ := keys.ParseKEK(retiredSet)
	if _, err := openVault(live, retired); err != nil {
		t.Fatalf("the live store does not open under the retired keyset: %v", err)
	}
	if _, err := openVault(old, retired); !errors.Is(err, keys.ErrWrongKey) {
		t.Errorf("the pre-shredding backup opened under the retired keyset: %v", err)
	}
	old.View(e.Ctx, func(tx tillit.Tx) error {
		wrapped, err := tx.DataKey(r.Subject)
		if err != nil {
			t.Fatalf("the backup lacks the subject's key: %v", err)
		}
		if _, err := retired.OpenDataKey(r.Subject, wrapped); !errors.Is(err, keys.ErrWrongKey) {
			t.Errorf("the shredded subject's key in the backup opened under the retired keyset: %v", err)
		}
		return nil
	})
}
