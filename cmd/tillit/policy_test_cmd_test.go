package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPolicyTest runs tillit policy test as a privacy officer would: the
// register's own scenarios pass, a wrong expectation fails with the rule
// that decided, and broken files are reported with what and where.
func TestPolicyTest(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	wrong := write("wrong.scenarios.yaml", `scenarios:
  - name: Kept too long
    steps:
      - collect: {as: eva, point: newsletter_signup, fields: {email: eva@example.se}, consents: [newsletter]}
      - withdraw: {subject: eva, purpose: newsletter}
      - sweep: true
      - expect: {subject: eva, kept: [email]}
`)
	unknown := write("unknown.scenarios.yaml", `scenarios:
  - name: Typo
    steps:
      - colect: {as: eva}
`)
	refused := write("refused.scenarios.yaml", `scenarios:
  - name: Undeclared field
    steps:
      - collect: {as: eva, point: newsletter_signup, fields: {email: eva@example.se, shoe_size: "42"}, consents: [newsletter]}
`)
	lonely := write("lonely.yaml", mustRead(t, "../../examples/allkontrakt.yaml"))
	reg := "../../examples/allkontrakt.yaml"
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"own scenarios", []string{"policy", "test", reg}, 0, []string{"allkontrakt.scenarios.yaml", "0 inte uppfyllda"}, nil},
		{"wrong expectation", []string{"policy", "test", reg, wrong, "--lang", "en"}, 1,
			[]string{"FAIL step 4", "eva: email kept in use — got: gone — delete", `"delete at once on consent_withdrawn" (purpose newsletter)`, "1 failed"}, nil},
		{"failed only", []string{"policy", "test", reg, "--failed", "--lang", "en"}, 0, []string{"0 failed"}, nil},
		{"unknown step", []string{"policy", "test", reg, unknown}, 1, nil, []string{"unknown.scenarios.yaml", "colect"}},
		{"refused step", []string{"policy", "test", reg, refused, "--lang", "en"}, 1, []string{"FAIL step 1", "shoe_size"}, nil},
		{"no scenarios beside", []string{"policy", "test", lonely}, 1, nil, []string{"lonely.scenarios.yaml"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tc.code, out, errOut)
			}
			for _, w := range tc.stdout {
				if !strings.Contains(out, w) {
					t.Errorf("stdout has no %q:\n%s", w, out)
				}
			}
			for _, w := range tc.stderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr has no %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func mustRead(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
