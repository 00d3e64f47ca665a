package keys_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBlind(t *testing.T) {
	t.Parallel()
	k := newKEK(t)
	x, wrapped, err := k.NewIndexKey()
	if err != nil {
		t.Fatalf("NewIndexKey: %v", err)
	}
	a := x.Blind("email", "anna@example.se")
	if len(a) != 32 {
		t.Fatalf("len(Blind) = %d; want 32", len(a))
	}
	if diff := cmp.Diff(a, x.Blind("email", "anna@example.se")); diff != "" {
		t.Errorf("Blind not deterministic (-first +second):\n%s", diff)
	}
	opened, err := k.OpenIndexKey(wrapped)
	if err != nil {
		t.Fatalf("OpenIndexKey: %v", err)
	}
	if diff := cmp.Diff(a, opened.Blind("email", "anna@example.se")); diff != "" {
		t.Errorf("Blind differs after OpenIndexKey (-want +got):\n%s", diff)
	}

	differ := []struct {
		name        string
		kind, value string
	}{
		{"other value", "email", "bertil@example.se"},
		{"other kind", "phone", "anna@example.se"},
		{"boundary moved", "emai", "lanna@example.se"},
		{"empty value", "email", ""},
	}
	for _, d := range differ {
		if bytes.Equal(a, x.Blind(d.kind, d.value)) {
			t.Errorf("%s: Blind(%q, %q) equals Blind(email, anna@example.se)", d.name, d.kind, d.value)
		}
	}

	y, _, err := k.NewIndexKey()
	if err != nil {
		t.Fatalf("NewIndexKey: %v", err)
	}
	if bytes.Equal(a, y.Blind("email", "anna@example.se")) {
		t.Error("two index keys give the same blind index")
	}
	if _, err := newKEK(t).OpenIndexKey(wrapped); err == nil {
		t.Error("a different KEK opened the index key")
	}
}

func TestBlindPanicsOnNULInKind(t *testing.T) {
	t.Parallel()
	x, _, err := newKEK(t).NewIndexKey()
	if err != nil {
		t.Fatalf("NewIndexKey: %v", err)
	}
	defer func() {
		if recover() == nil {
			t.Error("Blind with a NUL in kind did not panic")
		}
	}()
	x.Blind("e\x00mail", "x")
}
