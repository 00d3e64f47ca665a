package keys_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tillit-privacy/tillit/keys"
)

// env returns a getenv func over a fixed map.
func env(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

func TestLoad(t *testing.T) {
	t.Parallel()
	js := newKEKJSON(t)
	want := parse(t, js)
	dir := t.TempDir()
	good := filepath.Join(dir, "kek.json")
	if err := os.WriteFile(good, js, 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		vars map[string]string
		src  keys.Source
	}{
		{"file", map[string]string{"TILLIT_KEK_FILE": good}, keys.Source{Kind: "file", Path: good}},
		{"env", map[string]string{"TILLIT_KEK": string(js)}, keys.Source{Kind: "env"}},
		{"file wins over env", map[string]string{"TILLIT_KEK_FILE": good, "TILLIT_KEK": "garbage"}, keys.Source{Kind: "file", Path: good}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, src, err := keys.Load(env(tt.vars))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if diff := cmp.Diff(tt.src, src); diff != "" {
				t.Errorf("Source (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want.KeyIDs(), k.KeyIDs()); diff != "" {
				t.Errorf("KeyIDs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// A keyset with its key material altered: still secret-looking content
	// that must not appear in the error.
	broken := strings.Replace(string(newKEKJSON(t)), `"value":"`, `"value":"AAAA`, 1)
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	secret := "s3cr3t-not-a-keyset"
	secretFile := filepath.Join(dir, "secret.json")
	if err := os.WriteFile(secretFile, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		vars    map[string]string
		names   string   // variable the error must name
		private []string // text the error must not contain
	}{
		{"nothing set", nil, "TILLIT_KEK", nil},
		{"missing file", map[string]string{"TILLIT_KEK_FILE": filepath.Join(dir, "nope")}, "TILLIT_KEK_FILE", nil},
		{"file not a keyset", map[string]string{"TILLIT_KEK_FILE": secretFile}, "TILLIT_KEK_FILE", []string{secret}},
		{"file keyset broken", map[string]string{"TILLIT_KEK_FILE": bad}, "TILLIT_KEK_FILE", []string{"AAAA", `"value"`}},
		{"env not a keyset", map[string]string{"TILLIT_KEK": secret}, "TILLIT_KEK", []string{secret, "TILLIT_KEK_FILE"}},
		{"env keyset broken", map[string]string{"TILLIT_KEK": broken}, "TILLIT_KEK", []string{"AAAA", `"value"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := keys.Load(env(tt.vars))
			if err == nil {
				t.Fatal("Load succeeded; want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.names) {
				t.Errorf("error %q does not name %s", msg, tt.names)
			}
			for _, p := range tt.private {
				if strings.Contains(msg, p) {
					t.Errorf("error %q contains %q", msg, p)
				}
			}
		})
	}
}
