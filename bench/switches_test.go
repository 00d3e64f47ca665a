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

// TestSwitches checks that each benchmark switch turns off what it names
// and nothing else, and that the zero value keeps every guarantee.
func TestSwitches(t *testing.T) {
	const n = 0 // an ads record: consent given at collection
	tests := []struct {
		name string
		off  benchonly.Off
		// what the store holds after collecting record n twice and
		// withdrawing consent
		plaintext, audited, indexed bool
		useAfterWithdrawal          bool
	}{
		{"all on", benchonly.Off{}, false, true, true, false},
		{"encryption", benchonly.Off{Encryption: true}, true, true, true, false},
		{"audit", benchonly.Off{Audit: true}, false, false, true, false},
		{"purpose check", benchonly.Off{PurposeCheck: true}, false, true, true, true},
		{"indexes", benchonly.Off{Indexes: true}, false, true, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "t.db"), sqlite.Options{})
			if err != nil {
				t.Fatal(err)
			}
			side, err := openTillit(ctx, "sqlite", store, tt.off)
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
			if same := r1.Subject == r2.Subject; same != tt.indexed {
				t.Errorf("the same e-mail found the same person: %v, want %v", same, tt.indexed)
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
			if plain != tt.plaintext {
				t.Errorf("a value stored as written: %v, want %v", plain, tt.plaintext)
			}
			if audited := head > 0; audited != tt.audited {
				t.Errorf("audit entries: %d, want some: %v", head, tt.audited)
			}
			withdraw := tillit.ConsentRecord{Subject: r1.Subject, Purpose: "ads", Given: false, Channel: "bench"}
			if err := side.v.SetConsent(side.ctx, withdraw, tillit.Evidence{}); err != nil {
				t.Fatal(err)
			}
			items, err := side.v.Use(side.ctx, r1.Subject, "ads")
			if used := err == nil && len(items) > 0; used != tt.useAfterWithdrawal {
				t.Errorf("use after consent was withdrawn: %v (%v), want %v", used, err, tt.useAfterWithdrawal)
			}
		})
	}
}
