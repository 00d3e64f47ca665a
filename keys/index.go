package keys

import (
	"errors"
	"fmt"
	"strings"

	"github.com/tink-crypto/tink-go/v2/keyset"
	"github.com/tink-crypto/tink-go/v2/prf"
)

// IndexAD is the associated data the blind-index key is wrapped with.
const IndexAD = "tillit:blind-index"

// blindSize is the length of a blind index in bytes.
const blindSize = 32

// Index computes blind indexes: keyed hashes of normalised identifiers that
// let the database find a subject without storing the identifier. It is safe
// for concurrent use.
type Index struct {
	prf prf.PRF
}

// NewIndexKey makes a fresh HMAC-SHA256 PRF index key and returns it with its
// wrapped form, which the caller stores in the database.
func (k *KEK) NewIndexKey() (*Index, []byte, error) {
	h, err := keyset.NewHandle(prf.HMACSHA256PRFKeyTemplate())
	if err != nil {
		return nil, nil, fmt.Errorf("keys: new index key: %w", err)
	}
	x, err := newIndex(h)
	if err != nil {
		return nil, nil, fmt.Errorf("keys: new index key: %w", err)
	}
	wrapped, err := k.wrap(h, IndexAD)
	if err != nil {
		return nil, nil, fmt.Errorf("keys: new index key: %w", err)
	}
	return x, wrapped, nil
}

// OpenIndexKey unwraps the index key. An error matching ErrWrongKey means no
// KEK key opens it.
func (k *KEK) OpenIndexKey(wrapped []byte) (*Index, error) {
	h, err := k.unwrap(wrapped, IndexAD)
	if err != nil {
		return nil, fmt.Errorf("keys: open index key: %w", err)
	}
	x, err := newIndex(h)
	if err != nil {
		return nil, fmt.Errorf("keys: open index key: %w", err)
	}
	return x, nil
}

// Blind returns the 32-byte blind index of a normalised identifier value of
// the given kind ("email", "phone", "personnummer"): the PRF of kind, a zero
// byte and value. The same inputs give the same output, and kinds never
// collide. The caller normalises value first. Blind panics if kind contains
// a zero byte, which would break that separation; kinds are constants.
func (x *Index) Blind(kind, value string) []byte {
	if strings.IndexByte(kind, 0) >= 0 {
		panic("keys: Blind: kind contains a zero byte")
	}
	in := make([]byte, 0, len(kind)+1+len(value))
	in = append(in, kind...)
	in = append(in, 0)
	in = append(in, value...)
	out, err := x.prf.ComputePRF(in, blindSize)
	if err != nil {
		// HMAC-SHA256 always yields 32 bytes; this cannot happen.
		panic("keys: Blind: PRF failed")
	}
	return out
}

// String describes the index key without revealing key material.
func (x *Index) String() string { return "keys.Index" }

// newIndex makes the primary PRF of an index-key keyset.
func newIndex(h *keyset.Handle) (*Index, error) {
	set, err := prf.NewPRFSet(h)
	if err != nil {
		return nil, errors.New("keyset is not an index key")
	}
	p, ok := set.PRFs[set.PrimaryID]
	if !ok {
		return nil, errors.New("keyset is not an index key")
	}
	return &Index{prf: p}, nil
}
