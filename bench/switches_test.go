package bench

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/sqlite"
)

// guarantees is what the store holds after collecting a record twice and
// withdrawing consent, and whether the record can still be used.
type guarantees struct {
	plaintext, audited, indexed bool
	useAfterWithdrawal          bool
}

// allOn is what every guarantee on gives: sealed values, audit entries,
// the same person found by e-mail, and no use after a withdrawal.
var allOn = guarantees{plaintext: false, audited: true, indexed: true, useAfterWithdrawal: false}

// TestZeroKeepsEveryGuarantee checks that the zero benchonly.Off, the one
// every command but tillit bench's breakdown uses and the only one a
// build without the bench tag has, keeps every guarantee.
func TestZeroKeepsEveryGuarantee(t *testing.T) {
	checkGuarantees(t, benchonly.Off{}, allOn)
}

// checkGuarantees collects an ads record twice through a vault with off,
// withdraws consent and uses it, and checks what the store holds against
// want.
func checkGuarantees(t *testing.T, off benchonly.Off, want guarantees) {
	t.Helper()
	const n = 0 // an ads record: consent given at collection
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	side, err := openTillit(ctx, "sqlite", store, off)
	if err != nil {
		t.Fatal(err)
	}
	defer side.Close()
	r1, err := side.v.Collect(side.ctx, submission(n))
	if err != nil {
		t.Fatal(err)
	}
	r2, err := side.v.Collect(side.ctx, submission(n))
	if err != nil {
		t.Fatal(err)
	}
	if same := r1.Subject == r2.Subject; same != want.indexed {
		t.Errorf("the same e-mail found the same person: %v, want %v", same, want.indexed)
	}
	var plain bool
	var head int64
	err = store.View(ctx, func(tx tillit.Tx) error {
		items, err := tx.Items(r1.Subject)
		for _, it := range items {
			plain = plain || bytes.Equal(it.Sealed, []byte(email(n)))
		}
		if err == nil {
			head, _, err = tx.AuditHead()
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if plain != want.plaintext {
		t.Errorf("a value stored as written: %v, want %v", plain, want.plaintext)
	}
	if audited := head > 0; audited != want.audited {
		t.Errorf("audit entries: %d, want some: %v", head, want.audited)
	}
	withdraw := tillit.ConsentRecord{Subject: r1.Subject, Purpose: "ads", Given: false, Channel: "bench"}
	if err := side.v.SetConsent(side.ctx, withdraw, tillit.Evidence{}); err != nil {
		t.Fatal(err)
	}
	items, err := side.v.Use(side.ctx, r1.Subject, "ads")
	if used := err == nil && len(items) > 0; used != want.useAfterWithdrawal {
		t.Errorf("use after consent was withdrawn: %v (%v), want %v", used, err, want.useAfterWithdrawal)
	}
}
