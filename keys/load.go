package keys

import (
	"fmt"
	"os"
)

// The environment variables Load reads.
const (
	envKEKFile = "TILLIT_KEK_FILE" // path of a file holding the KEK JSON keyset
	envKEK     = "TILLIT_KEK"      // the KEK JSON keyset itself
)

// Source says where Load found the KEK.
type Source struct {
	Kind string // "file" or "env"
	Path string // the file's path when Kind is "file"
}

// Load reads the KEK from the file named by TILLIT_KEK_FILE if that is set,
// else from TILLIT_KEK, which holds the JSON keyset itself. getenv is
// os.Getenv outside tests. The file must be readable by Tillit alone (0600)
// or come from a secret store. Errors name the variable at fault, never its
// value or the file's content.
func Load(getenv func(string) string) (*KEK, Source, error) {
	if path := getenv(envKEKFile); path != "" {
		src := Source{Kind: "file", Path: path}
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, src, fmt.Errorf("keys: %s: cannot read the key-encryption key file: %w", envKEKFile, err)
		}
		defer clear(b)
		k, err := parseKEK(b)
		if err != nil {
			return nil, src, fmt.Errorf("keys: %s: the file %s is %w", envKEKFile, path, err)
		}
		return k, src, nil
	}
	src := Source{Kind: "env"}
	v := getenv(envKEK)
	if v == "" {
		return nil, src, fmt.Errorf("keys: no key-encryption key: set %s to a file holding the JSON keyset, or %s to the keyset itself", envKEKFile, envKEK)
	}
	k, err := parseKEK([]byte(v))
	if err != nil {
		return nil, src, fmt.Errorf("keys: %s is %w", envKEK, err)
	}
	return k, src, nil
}
