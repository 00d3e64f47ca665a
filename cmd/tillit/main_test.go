package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// run runs tillit in process, as the binary would run.
func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdout: &out, Stderr: &errOut}
	code = m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// TestCLI runs the policy commands end to end as a user would.
func TestCLI(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    []string // must contain
		stderr    []string // must contain
		notStdout []string // must not contain
	}{
		{name: "check ok", args: []string{"policy", "check", "../../examples/allkontrakt.yaml"}, code: 0,
			stdout: []string{"allkontrakt.yaml: ok, 7 warning(s)"}, stderr: []string{"[transfer-safeguard]", "    country: US"}},
		{name: "check strict", args: []string{"policy", "check", "--strict", "../../examples/allkontrakt.yaml"}, code: 1,
			stderr: []string{"0 error(s), 7 warning(s)"}},
		{name: "check quiet", args: []string{"policy", "check", "-q", "../../examples/krafthem.yaml"}, code: 0,
			stdout: []string{"krafthem.yaml: ok"}},
		{name: "check broken", args: []string{"policy", "check", "../../register/testdata/broken/undeclared.yaml"}, code: 1,
			stderr: []string{`undeclared.yaml:12:23: collection_points.form.required: category "phone" is not declared`,
				"    12 |     required: [email, phone]", "7 error(s)"}},
		{name: "check missing file", args: []string{"policy", "check", "nope.yaml"}, code: 1,
			stderr: []string{"nope.yaml", "no such file"}},
		{name: "render sv html", args: []string{"policy", "render", "../../examples/allkontrakt.yaml", "--lang", "sv", "--format", "html"}, code: 0,
			stdout: []string{`<html lang="sv">`, "Raderas 30 dagar efter att du begärde förmedlingstjänsten", "559554-3694"}},
		{name: "render en md", args: []string{"policy", "render", "../../examples/krafthem.yaml", "--lang", "en", "--format", "md"}, code: 0,
			stdout: []string{"# Privacy notice – Krafthem AB", "Deleted 36 months after"}, notStdout: []string{"<html"}},
		{name: "render broken", args: []string{"policy", "render", "../../register/testdata/broken/values.yaml"}, code: 1,
			stderr: []string{"run tillit policy check"}},
		{name: "render bad lang", args: []string{"policy", "render", "../../examples/krafthem.yaml", "--lang", "de"}, code: 2,
			stderr: []string{"--lang"}},
		{name: "ropa csv", args: []string{"policy", "ropa", "../../examples/ecokraft.yaml", "--format", "csv"}, code: 0,
			stdout: []string{"controller,org_number,contact"}},
		{name: "schema", args: []string{"policy", "schema"}, code: 0,
			stdout: []string{`"$schema": "https://json-schema.org/draft/2020-12/schema"`, `"retention"`}},
		{name: "no command", args: []string{}, code: 2},
		{name: "help", args: []string{"--help"}, code: 0, stdout: []string{"policy check"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := run(t, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tt.code, stdout, stderr)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(stdout, s) {
					t.Errorf("stdout lacks %q:\n%s", s, stdout)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(stderr, s) {
					t.Errorf("stderr lacks %q:\n%s", s, stderr)
				}
			}
			for _, s := range tt.notStdout {
				if strings.Contains(stdout, s) {
					t.Errorf("stdout has %q", s)
				}
			}
		})
	}
}

// TestRopa checks that the record has one row per purpose, in both formats.
func TestRopa(t *testing.T) {
	code, out, _ := run(t, "policy", "ropa", "../../examples/allkontrakt.yaml", "--format", "csv", "--lang", "en")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != 4 {
		t.Fatalf("exit %d, err %v, %d rows", code, err, len(rows))
	}
	if rows[1][5] != "Allkontrakt's brokering service" || !strings.Contains(rows[1][16], "30 days") {
		t.Errorf("row 1: %q", rows[1])
	}
	code, out, _ = run(t, "policy", "ropa", "../../examples/allkontrakt.yaml", "--format", "json")
	var acts []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &acts) != nil || len(acts) != 3 {
		t.Fatalf("exit %d, %d activities:\n%s", code, len(acts), out)
	}
}

// TestSchema checks that every example validates against the JSON Schema
// the binary prints, that a broken one does not, and that the committed
// docs/register.schema.json is the schema the binary prints.
func TestSchema(t *testing.T) {
	_, schemaText, _ := run(t, "policy", "schema")
	committed, err := os.ReadFile("../../docs/register.schema.json")
	if err != nil || string(committed) != schemaText {
		t.Errorf("docs/register.schema.json is out of date: run go run ./cmd/tillit policy schema > docs/register.schema.json")
	}
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(schemaText))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("register.json", doc); err != nil {
		t.Fatal(err)
	}
	schema, err := c.Compile("register.json")
	if err != nil {
		t.Fatal(err)
	}
	validate := func(file string) error {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		js, err := yaml.YAMLToJSON(src)
		if err != nil {
			t.Fatal(err)
		}
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
		if err != nil {
			t.Fatal(err)
		}
		return schema.Validate(inst)
	}
	files, _ := filepath.Glob("../../examples/*.yaml")
	for _, f := range files {
		if strings.HasSuffix(f, ".scenarios.yaml") {
			continue // policy tests, not registers
		}
		if err := validate(f); err != nil {
			t.Errorf("%s does not validate: %v", f, err)
		}
	}
	if err := validate("../../register/testdata/broken/unknown-field.yaml"); err == nil {
		t.Errorf("a register with an unknown field validates")
	}
}
