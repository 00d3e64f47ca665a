package keys_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/tillit-privacy/tillit/keys"
	"pgregory.net/rapid"
)

func TestPropertyDataKeyRoundTrip(t *testing.T) {
	t.Parallel()
	k := newKEK(t)
	rapid.Check(t, func(rt *rapid.T) {
		subject := rapid.StringMatching(`[a-z0-9-]{1,40}`).Draw(rt, "subject")
		plain := rapid.SliceOf(rapid.Byte()).Draw(rt, "plain")
		ad := rapid.SliceOf(rapid.Byte()).Draw(rt, "ad")
		d, wrapped, err := k.NewDataKey(subject)
		if err != nil {
			rt.Fatalf("NewDataKey: %v", err)
		}
		ct, err := d.Encrypt(plain, ad)
		if err != nil {
			rt.Fatalf("Encrypt: %v", err)
		}
		opened, err := k.OpenDataKey(subject, wrapped)
		if err != nil {
			rt.Fatalf("OpenDataKey: %v", err)
		}
		got, err := opened.Decrypt(ct, ad)
		if err != nil || !bytes.Equal(got, plain) {
			rt.Fatalf("Decrypt = %x, %v; want %x", got, err, plain)
		}
		other := rapid.StringMatching(`[a-z0-9-]{1,40}`).Filter(func(s string) bool { return s != subject }).Draw(rt, "other")
		if _, err := k.OpenDataKey(other, wrapped); !errors.Is(err, keys.ErrWrongKey) {
			rt.Fatalf("OpenDataKey(other subject): err = %v; want ErrWrongKey", err)
		}
		// Flipping any one bit of the wrapped key makes it fail to open.
		i := rapid.IntRange(0, len(wrapped)-1).Draw(rt, "i")
		bit := rapid.IntRange(0, 7).Draw(rt, "bit")
		bad := bytes.Clone(wrapped)
		bad[i] ^= 1 << bit
		if _, err := k.OpenDataKey(subject, bad); !errors.Is(err, keys.ErrWrongKey) {
			rt.Fatalf("OpenDataKey(altered at %d): err = %v; want ErrWrongKey", i, err)
		}
	})
}

func TestPropertyBlind(t *testing.T) {
	t.Parallel()
	x, _, err := newKEK(t).NewIndexKey()
	if err != nil {
		t.Fatalf("NewIndexKey: %v", err)
	}
	kind := rapid.SampledFrom([]string{"email", "phone", "personnummer"})
	rapid.Check(t, func(rt *rapid.T) {
		k1, v1 := kind.Draw(rt, "k1"), rapid.String().Draw(rt, "v1")
		k2, v2 := kind.Draw(rt, "k2"), rapid.String().Draw(rt, "v2")
		b1 := x.Blind(k1, v1)
		if !bytes.Equal(b1, x.Blind(k1, v1)) {
			rt.Fatal("Blind is not deterministic")
		}
		same := k1 == k2 && v1 == v2
		if same != bytes.Equal(b1, x.Blind(k2, v2)) {
			rt.Fatalf("Blind(%q,%q) vs Blind(%q,%q): equal = %v; want %v", k1, v1, k2, v2, !same, same)
		}
	})
}
