package keys_test

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
	tinkpb "github.com/tink-crypto/tink-go/v2/proto/tink_go_proto"
)

// tinkJSON returns a cleartext JSON keyset with one key made from template.
func tinkJSON(t *testing.T, template *tinkpb.KeyTemplate) string {
	t.Helper()
	h, err := keyset.NewHandle(template)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := insecurecleartextkeyset.Write(h, keyset.NewJSONWriter(&buf)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestRotateRewrapRetire(t *testing.T) {
	t.Parallel()
	js := newKEKJSON(t)
	old := parse(t, js)
	oldID := old.PrimaryID()

	// Two subjects' keys and the index key under the first KEK key.
	dA, wrappedA, err := old.NewDataKey("subj-a")
	if err != nil {
		t.Fatalf("NewDataKey: %v", err)
	}
	ctA, err := dA.Encrypt([]byte("value a"), nil)
	if err != nil {
		t.Fatalf("Encrypt: %v", err)
	}
	_, wrappedB, err := old.NewDataKey("subj-b")
	if err != nil {
		t.Fatalf("NewDataKey: %v", err)
	}
	x, wrappedX, err := old.NewIndexKey()
	if err != nil {
		t.Fatalf("NewIndexKey: %v", err)
	}

	rotated, err := keys.Rotate(js)
	if err != nil {
		t.Fatalf("Rotate: %v", err)
	}
	k := parse(t, rotated)
	if k.PrimaryID() == oldID {
		t.Fatal("Rotate kept the old primary")
	}
	if ids := k.KeyIDs(); len(ids) != 2 || !slices.Contains(ids, oldID) || !slices.Contains(ids, k.PrimaryID()) {
		t.Fatalf("KeyIDs = %v; want the old %d and the new %d", ids, oldID, k.PrimaryID())
	}

	// Old wrapped keys still open after rotation.
	if _, err := k.OpenDataKey("subj-b", wrappedB); err != nil {
		t.Fatalf("OpenDataKey after Rotate: %v", err)
	}

	// Rewrap moves subject A and the index key to the new primary.
	rewrappedA, changed, err := k.Rewrap(wrappedA, "subj-a")
	if err != nil || !changed {
		t.Fatalf("Rewrap = %v, %v; want changed, nil", changed, err)
	}
	if id, err := keys.WrappedBy(rewrappedA); err != nil || id != k.PrimaryID() {
		t.Errorf("WrappedBy(rewrapped) = %d, %v; want %d", id, err, k.PrimaryID())
	}
	again, changed, err := k.Rewrap(rewrappedA, "subj-a")
	if err != nil || changed || !slices.Equal(again, rewrappedA) {
		t.Errorf("second Rewrap = changed %v, %v; want the input unchanged", changed, err)
	}
	if _, _, err := k.Rewrap(wrappedA, "subj-b"); !errors.Is(err, keys.ErrWrongKey) {
		t.Errorf("Rewrap with the wrong AD: err = %v; want ErrWrongKey", err)
	}
	rewrappedX, changed, err := k.Rewrap(wrappedX, keys.IndexAD)
	if err != nil || !changed {
		t.Fatalf("Rewrap index = %v, %v; want changed, nil", changed, err)
	}

	// Retire drops the old key: rewrapped keys open, the rest no longer do.
	retired, err := keys.Retire(rotated)
	if err != nil {
		t.Fatalf("Retire: %v", err)
	}
	r := parse(t, retired)
	if diff := cmp.Diff([]uint32{k.PrimaryID()}, r.KeyIDs()); diff != "" {
		t.Errorf("KeyIDs after Retire (-want +got):\n%s", diff)
	}
	dA2, err := r.OpenDataKey("subj-a", rewrappedA)
	if err != nil {
		t.Fatalf("OpenDataKey after Retire: %v", err)
	}
	got, err := dA2.Decrypt(ctA, nil)
	if err != nil {
		t.Fatalf("Decrypt old ciphertext: %v", err)
	}
	if diff := cmp.Diff([]byte("value a"), got); diff != "" {
		t.Errorf("Decrypt (-want +got):\n%s", diff)
	}
	x2, err := r.OpenIndexKey(rewrappedX)
	if err != nil {
		t.Fatalf("OpenIndexKey after Retire: %v", err)
	}
	if diff := cmp.Diff(x.Blind("email", "a@example.se"), x2.Blind("email", "a@example.se")); diff != "" {
		t.Errorf("Blind changed across rewrap (-want +got):\n%s", diff)
	}
	if _, err := r.OpenDataKey("subj-b", wrappedB); !errors.Is(err, keys.ErrWrongKey) {
		t.Errorf("OpenDataKey of a key not rewrapped: err = %v; want ErrWrongKey", err)
	}
	if _, _, err := r.Rewrap(wrappedB, "subj-b"); !errors.Is(err, keys.ErrWrongKey) {
		t.Errorf("Rewrap of a key not rewrapped: err = %v; want ErrWrongKey", err)
	}
}

func TestParseKEKRejects(t *testing.T) {
	t.Parallel()
	tests := map[string]string{
		"empty":      ``,
		"not json":   `not a keyset`,
		"empty json": `{}`,
		"no keys":    `{"primaryKeyId": 1, "key": []}`,
		"AES128-GCM": tinkJSON(t, aead.AES128GCMKeyTemplate()),
		"no prefix":  tinkJSON(t, aead.AES256GCMNoPrefixKeyTemplate()),
		"other AEAD": tinkJSON(t, aead.ChaCha20Poly1305KeyTemplate()),
		"PRF":        tinkJSON(t, prf.HMACSHA256PRFKeyTemplate()),
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := keys.ParseKEK([]byte(in))
			if err == nil {
				t.Fatal("ParseKEK succeeded; want an error")
			}
			if in != "" && strings.Contains(err.Error(), in) {
				t.Errorf("error %q contains the input", err)
			}
			if _, err := keys.Rotate([]byte(in)); err == nil {
				t.Fatal("Rotate succeeded; want an error")
			}
			if _, err := keys.Retire([]byte(in)); err == nil {
				t.Fatal("Retire succeeded; want an error")
			}
		})
	}
}
