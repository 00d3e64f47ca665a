package keys_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit/keys"
)

func TestDataKeyRoundTrip(t *testing.T) {
	t.Parallel()
	k := newKEK(t)
	d, wrapped, err := k.NewDataKey("subj-1")
	if err != nil {
		t.Fatalf("NewDataKey: %v", err)
	}
	plain := []byte("anna.andersson@example.se")
	ad := []byte("subjects.email")
	ct, err := d.Encrypt(plain, ad)
	if err != nil {
		t.Fatalf("Encrypt: %v", err)
	}
	if strings.Contains(string(ct), string(plain)) {
		t.Fatal("ciphertext contains the plaintext")
	}
	opened, err := k.OpenDataKey("subj-1", wrapped)
	if err != nil {
		t.Fatalf("OpenDataKey: %v", err)
	}
	got, err := opened.Decrypt(ct, ad)
	if err != nil {
		t.Fatalf("Decrypt: %v", err)
	}
	if diff := cmp.Diff(plain, got); diff != "" {
		t.Errorf("Decrypt (-want +got):\n%s", diff)
	}
	if id, err := keys.WrappedBy(wrapped); err != nil || id != k.PrimaryID() {
		t.Errorf("WrappedBy = %d, %v; want %d, nil", id, err, k.PrimaryID())
	}
}

func TestDataKeyWrongKey(t *testing.T) {
	t.Parallel()
	k := newKEK(t)
	d, wrapped, err := k.NewDataKey("subj-1")
	if err != nil {
		t.Fatalf("NewDataKey: %v", err)
	}
	ct, err := d.Encrypt([]byte("secret value"), []byte("col"))
	if err != nil {
		t.Fatalf("Encrypt: %v", err)
	}
	tampered := append([]byte(nil), wrapped...)
	tampered[len(tampered)-1] ^= 1
	badCT := append([]byte(nil), ct...)
	badCT[len(badCT)-1] ^= 1
	other, otherWrapped, err := k.NewDataKey("subj-2")
	if err != nil {
		t.Fatalf("NewDataKey: %v", err)
	}

	tests := []struct {
		name string
		run  func() error
	}{
		{"other subject's AD", func() error { _, err := k.OpenDataKey("subj-2", wrapped); return err }},
		{"key moved to other subject", func() error { _, err := k.OpenDataKey("subj-1", otherWrapped); return err }},
		{"different KEK", func() error { _, err := newKEK(t).OpenDataKey("subj-1", wrapped); return err }},
		{"altered wrapped key", func() error { _, err := k.OpenDataKey("subj-1", tampered); return err }},
		{"empty wrapped key", func() error { _, err := k.OpenDataKey("subj-1", nil); return err }},
		{"index key opened as data key", func() error {
			_, w, err := k.NewIndexKey()
			if err != nil {
				t.Fatalf("NewIndexKey: %v", err)
			}
			_, err = k.OpenDataKey("subj-1", w)
			return err
		}},
		{"altered ciphertext", func() error { _, err := d.Decrypt(badCT, []byte("col")); return err }},
		{"wrong ciphertext AD", func() error { _, err := d.Decrypt(ct, []byte("other col")); return err }},
		{"other subject's data key", func() error { _, err := other.Decrypt(ct, []byte("col")); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			if !errors.Is(err, keys.ErrWrongKey) {
				t.Fatalf("err = %v; want ErrWrongKey", err)
			}
			if strings.Contains(err.Error(), "secret value") {
				t.Errorf("error %q contains the plaintext", err)
			}
		})
	}
}

func TestDataKeyRejectsBadSubject(t *testing.T) {
	t.Parallel()
	k := newKEK(t)
	for _, subject := range []string{"", keys.IndexAD} {
		if _, _, err := k.NewDataKey(subject); err == nil {
			t.Errorf("NewDataKey(%q) succeeded; want an error", subject)
		}
	}
	_, w, err := k.NewIndexKey()
	if err != nil {
		t.Fatalf("NewIndexKey: %v", err)
	}
	if _, err := k.OpenDataKey(keys.IndexAD, w); err == nil {
		t.Error("OpenDataKey(IndexAD, index key) succeeded; want an error")
	}
}

func TestWrappedByNoPrefix(t *testing.T) {
	t.Parallel()
	for _, b := range [][]byte{nil, {1, 0, 0, 0}, {0, 1, 2, 3, 4, 5, 6}, []byte("plain text here")} {
		if _, err := keys.WrappedBy(b); err == nil {
			t.Errorf("WrappedBy(%x) succeeded; want an error", b)
		}
	}
}
