package keys

import (
	"errors"
	"fmt"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// DataKey encrypts one data subject's values. It is safe for concurrent use.
type DataKey struct {
	aead tink.AEAD
}

// NewDataKey makes a fresh AES256-GCM data key for the subject and returns it
// with its wrapped form, which the caller stores next to the subject.
// Deleting every copy of the wrapped form shreds the subject's data.
func (k *KEK) NewDataKey(subject string) (*DataKey, []byte, error) {
	if err := checkSubject(subject); err != nil {
		return nil, nil, fmt.Errorf("keys: new data key: %w", err)
	}
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, nil, fmt.Errorf("keys: new data key: %w", err)
	}
	d, err := newDataKey(h)
	if err != nil {
		return nil, nil, fmt.Errorf("keys: new data key: %w", err)
	}
	wrapped, err := k.wrap(h, subject)
	if err != nil {
		return nil, nil, fmt.Errorf("keys: new data key: %w", err)
	}
	return d, wrapped, nil
}

// OpenDataKey unwraps the subject's data key. An error matching ErrWrongKey
// means no KEK key opens it for this subject.
func (k *KEK) OpenDataKey(subject string, wrapped []byte) (*DataKey, error) {
	if err := checkSubject(subject); err != nil {
		return nil, fmt.Errorf("keys: open data key: %w", err)
	}
	h, err := k.unwrap(wrapped, subject)
	if err != nil {
		return nil, fmt.Errorf("keys: open data key: %w", err)
	}
	d, err := newDataKey(h)
	if err != nil {
		return nil, fmt.Errorf("keys: open data key: %w", err)
	}
	return d, nil
}

// Encrypt encrypts plaintext, binding it to ad (for example the table and
// column it is stored in), which Decrypt must be given again.
func (d *DataKey) Encrypt(plaintext, ad []byte) ([]byte, error) {
	ct, err := d.aead.Encrypt(plaintext, ad)
	if err != nil {
		return nil, errors.New("keys: encrypt: cannot encrypt")
	}
	return ct, nil
}

// Decrypt decrypts a ciphertext made by Encrypt with the same ad. An error
// matching ErrWrongKey means the key or ad is wrong or the data was altered.
func (d *DataKey) Decrypt(ciphertext, ad []byte) ([]byte, error) {
	pt, err := d.aead.Decrypt(ciphertext, ad)
	if err != nil {
		return nil, fmt.Errorf("keys: decrypt: %w", ErrWrongKey)
	}
	return pt, nil
}

// String describes the data key without revealing key material.
func (d *DataKey) String() string { return "keys.DataKey" }

// newDataKey makes the AEAD primitive of a data-key keyset.
func newDataKey(h *keyset.Handle) (*DataKey, error) {
	a, err := aead.New(h)
	if err != nil {
		return nil, errors.New("keyset is not a data key")
	}
	return &DataKey{aead: a}, nil
}

// checkSubject rejects subject IDs that cannot serve as associated data: an
// empty one, and IndexAD, which belongs to the blind-index key.
func checkSubject(subject string) error {
	switch subject {
	case "":
		return errors.New("empty subject ID")
	case IndexAD:
		return errors.New("subject ID is reserved")
	}
	return nil
}
