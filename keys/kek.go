package keys

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/tink-crypto/tink-go/v2/aead"
	"github.com/tink-crypto/tink-go/v2/aead/aesgcm"
	"github.com/tink-crypto/tink-go/v2/core/cryptofmt"
	"github.com/tink-crypto/tink-go/v2/insecurecleartextkeyset"
	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/tink"
)

// errNotKEK is returned for input that is not a usable KEK keyset. Tink's own
// parse errors are not wrapped: they may quote the input, which is secret.
var errNotKEK = errors.New("not a Tink JSON keyset of enabled AES256-GCM keys with Tink output prefixes")

// KEK is the key-encryption key: it wraps and unwraps data keys and
// blind-index keys. Its primary key wraps; all of its keys unwrap. A KEK is
// safe for concurrent use.
type KEK struct {
	aead    tink.AEAD
	primary uint32
	ids     []uint32
}

// Generate returns a new KEK keyset as JSON with one AES256-GCM key. The
// result is secret: write it to a 0600 file or a secret store.
func Generate() ([]byte, error) {
	h, err := keyset.NewHandle(aead.AES256GCMKeyTemplate())
	if err != nil {
		return nil, fmt.Errorf("keys: generate key-encryption key: %w", err)
	}
	return writeKEK(h)
}

// ParseKEK parses a KEK from a cleartext Tink JSON keyset. Every key must be
// an enabled AES256-GCM key with Tink's output prefix.
func ParseKEK(jsonKeyset []byte) (*KEK, error) {
	k, err := parseKEK(jsonKeyset)
	if err != nil {
		return nil, fmt.Errorf("keys: parse key-encryption key: %w", err)
	}
	return k, nil
}

// parseKEK is ParseKEK without the error prefix.
func parseKEK(jsonKeyset []byte) (*KEK, error) {
	h, err := readKEK(jsonKeyset)
	if err != nil {
		return nil, err
	}
	a, err := aead.New(h)
	if err != nil {
		return nil, errNotKEK
	}
	k := &KEK{aead: a}
	for i := range h.Len() {
		e, err := h.Entry(i)
		if err != nil {
			return nil, errNotKEK
		}
		if e.IsPrimary() {
			k.primary = e.KeyID()
		}
		k.ids = append(k.ids, e.KeyID())
	}
	return k, nil
}

// PrimaryID returns the ID of the KEK key that wraps new keys.
func (k *KEK) PrimaryID() uint32 { return k.primary }

// KeyIDs returns the IDs of all keys of the KEK, in keyset order.
func (k *KEK) KeyIDs() []uint32 { return append([]uint32(nil), k.ids...) }

// String describes the KEK without revealing key material.
func (k *KEK) String() string {
	return fmt.Sprintf("keys.KEK{primary: %d, keys: %d}", k.primary, len(k.ids))
}

// WrappedBy returns the ID of the KEK key a wrapped blob was made with, read
// from Tink's five-byte output prefix (0x01 and the key ID, big-endian). It
// returns an error if the blob has no Tink prefix. It does not check that the
// blob opens.
func WrappedBy(wrapped []byte) (uint32, error) {
	if len(wrapped) <= cryptofmt.TinkPrefixSize || wrapped[0] != cryptofmt.TinkStartByte {
		return 0, errors.New("keys: wrapped key has no Tink key-ID prefix")
	}
	return binary.BigEndian.Uint32(wrapped[1:cryptofmt.TinkPrefixSize]), nil
}

// readKEK parses and checks a cleartext JSON KEK keyset. Its errors carry
// no prefix.
func readKEK(jsonKeyset []byte) (*keyset.Handle, error) {
	h, err := insecurecleartextkeyset.Read(keyset.NewJSONReader(bytes.NewReader(jsonKeyset)))
	if err != nil {
		return nil, errNotKEK
	}
	for i := range h.Len() {
		e, err := h.Entry(i)
		if err != nil || e.KeyStatus() != keyset.Enabled {
			return nil, errNotKEK
		}
		key, ok := e.Key().(*aesgcm.Key)
		if !ok {
			return nil, errNotKEK
		}
		p, ok := key.Parameters().(*aesgcm.Parameters)
		if !ok || p.KeySizeInBytes() != 32 || p.Variant() != aesgcm.VariantTink {
			return nil, errNotKEK
		}
	}
	return h, nil
}

// writeKEK serialises a KEK keyset as cleartext JSON.
func writeKEK(h *keyset.Handle) ([]byte, error) {
	var buf bytes.Buffer
	if err := insecurecleartextkeyset.Write(h, keyset.NewJSONWriter(&buf)); err != nil {
		return nil, errors.New("keys: write key-encryption key: cannot serialise keyset")
	}
	return buf.Bytes(), nil
}
