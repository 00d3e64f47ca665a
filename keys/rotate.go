package keys

import (
	"fmt"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/keyset"
)

// Rotate returns the KEK keyset JSON with a new AES256-GCM key added and made
// primary. The old keys stay, so keys wrapped under them still open; move
// those to the new key with KEK.Rewrap, then drop the old keys with Retire.
func Rotate(jsonKeyset []byte) ([]byte, error) {
	h, err := readKEK(jsonKeyset)
	if err != nil {
		return nil, fmt.Errorf("keys: rotate key-encryption key: %w", err)
	}
	m := keyset.NewManagerFromHandle(h)
	id, err := m.Add(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("keys: rotate key-encryption key: %w", err)
	}
	if err := m.SetPrimary(id); err != nil {
		return nil, fmt.Errorf("keys: rotate key-encryption key: %w", err)
	}
	return manage(m, "rotate")
}

// Retire returns the KEK keyset JSON with every key except the primary
// removed. Call it only after every wrapped key has been re-wrapped under the
// primary (KEK.Rewrap): keys wrapped under a removed key no longer open.
func Retire(jsonKeyset []byte) ([]byte, error) {
	h, err := readKEK(jsonKeyset)
	if err != nil {
		return nil, fmt.Errorf("keys: retire key-encryption keys: %w", err)
	}
	m := keyset.NewManagerFromHandle(h)
	for i := range h.Len() {
		e, err := h.Entry(i)
		if err != nil {
			return nil, fmt.Errorf("keys: retire key-encryption keys: %w", err)
		}
		if e.IsPrimary() {
			continue
		}
		if err := m.Delete(e.KeyID()); err != nil {
			return nil, fmt.Errorf("keys: retire key-encryption keys: %w", err)
		}
	}
	return manage(m, "retire")
}

// manage serialises the keyset a Manager holds.
func manage(m *keyset.Manager, op string) ([]byte, error) {
	h, err := m.Handle()
	if err != nil {
		return nil, fmt.Errorf("keys: %s key-encryption key: %w", op, err)
	}
	return writeKEK(h)
}
