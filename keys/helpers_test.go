package keys_test

import (
	"testing"

	"github.com/tillit-privacy/tillit/keys"
)

// newKEKJSON returns a fresh KEK keyset as JSON.
func newKEKJSON(t testing.TB) []byte {
	t.Helper()
	js, err := keys.Generate()
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	return js
}

// parse parses a KEK keyset or fails the test.
func parse(t testing.TB, js []byte) *keys.KEK {
	t.Helper()
	k, err := keys.ParseKEK(js)
	if err != nil {
		t.Fatalf("ParseKEK: %v", err)
	}
	return k
}

// newKEK returns a fresh KEK.
func newKEK(t testing.TB) *keys.KEK {
	t.Helper()
	return parse(t, newKEKJSON(t))
}
