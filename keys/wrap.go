package keys

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
)

// wrap serialises a keyset with Tink's binary format and encrypts it under
// the primary KEK key with ad as associated data. The result is what Tink
// itself stores in an EncryptedKeyset's encrypted_keyset field.
func (k *KEK) wrap(h *keyset.Handle, ad string) ([]byte, error) {
	var buf bytes.Buffer
	if err := insecurecleartextkeyset.Write(h, keyset.NewBinaryWriter(&buf)); err != nil {
		return nil, errors.New("cannot serialise keyset")
	}
	plain := buf.Bytes()
	defer clear(plain)
	wrapped, err := k.aead.Encrypt(plain, []byte(ad))
	if err != nil {
		return nil, errors.New("cannot encrypt keyset")
	}
	return wrapped, nil
}

// unwrap decrypts a wrapped keyset with ad as associated data and parses it.
func (k *KEK) unwrap(wrapped []byte, ad string) (*keyset.Handle, error) {
	plain, err := k.aead.Decrypt(wrapped, []byte(ad))
	if err != nil {
		return nil, ErrWrongKey
	}
	defer clear(plain)
	h, err := insecurecleartextkeyset.Read(keyset.NewBinaryReader(bytes.NewReader(plain)))
	if err != nil {
		return nil, errors.New("wrapped data is not a keyset")
	}
	return h, nil
}

// Rewrap re-encrypts a wrapped data key or index key under the primary KEK
// key. ad is the associated data it was wrapped with: the subject ID for a
// data key, IndexAD for the index key. When the key is already wrapped under
// the primary, Rewrap checks that it opens and returns it unchanged and
// false. An error matching ErrWrongKey means no KEK key opens it with ad.
func (k *KEK) Rewrap(wrapped []byte, ad string) ([]byte, bool, error) {
	id, err := WrappedBy(wrapped)
	if err != nil {
		return nil, false, fmt.Errorf("keys: rewrap: %w", ErrWrongKey)
	}
	plain, err := k.aead.Decrypt(wrapped, []byte(ad))
	if err != nil {
		return nil, false, fmt.Errorf("keys: rewrap: %w", ErrWrongKey)
	}
	defer clear(plain)
	if id == k.primary {
		return wrapped, false, nil
	}
	out, err := k.aead.Encrypt(plain, []byte(ad))
	if err != nil {
		return nil, false, errors.New("keys: rewrap: cannot encrypt")
	}
	return out, true, nil
}
