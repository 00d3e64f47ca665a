package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/kong"
)

// parse parses args as tillit would, with the environment envs, and
// returns what the commands would get.
func parse(t *testing.T, envs map[string]string, args ...string) (*cli, error) {
	t.Helper()
	var c cli
	parser, err := newParser(&c, func(k string) string { return envs[k] },
		kong.Writers(io.Discard, io.Discard), kong.Exit(func(int) { t.Fatal("kong exited") }))
	if err != nil {
		t.Fatal(err)
	}
	_, err = parser.Parse(args)
	return &c, err
}

// writeFile writes a file in a fresh directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestConfigPrecedence checks that a setting comes from the default, the
// config file, the environment and the command line, each overriding the
// one before, and that the process environment is read only through
// Main.Getenv.
func TestConfigPrecedence(t *testing.T) {
	t.Setenv("TILLIT_ADDR", "192.0.2.1:1") // must not be seen: tests inject their environment
	config := writeFile(t, "tillit.yaml", `# Tillit's settings
addr: 127.0.0.1:9090
sweep-every: 5m
smtp-port: 2525
smtp-tls: none
data: /var/lib/tillit
public-url: "https://example.se"
postgres:
`)
	dsn := writeFile(t, "dsn", "postgres://tillit@db.example/tillit\n")
	tests := []struct {
		name string
		envs map[string]string
		args []string
		want func(c *serveCmd) []any // got, want, got, want...
	}{
		{"defaults", nil, nil, func(c *serveCmd) []any {
			return []any{c.Addr, "127.0.0.1:8080", c.SweepEvery, time.Minute, c.SMTPPort, 587, filepath.Base(c.Data), "tillit-data"}
		}},
		{"file over defaults", nil, []string{"--config", config}, func(c *serveCmd) []any {
			return []any{c.Addr, "127.0.0.1:9090", c.SweepEvery, 5 * time.Minute, c.SMTPPort, 2525, c.SMTPTLS, "none",
				c.Data, "/var/lib/tillit", c.PublicURL, "https://example.se", c.SendEvery, 15 * time.Second, c.Postgres, ""}
		}},
		{"file named by TILLIT_CONFIG", map[string]string{"TILLIT_CONFIG": config}, nil, func(c *serveCmd) []any {
			return []any{c.Addr, "127.0.0.1:9090"}
		}},
		{"environment over file", map[string]string{"TILLIT_ADDR": "127.0.0.1:9191", "TILLIT_SMTP_PORT": "25"}, []string{"--config", config},
			func(c *serveCmd) []any {
				return []any{c.Addr, "127.0.0.1:9191", c.SMTPPort, 25, c.SweepEvery, 5 * time.Minute}
			}},
		{"flag over environment", map[string]string{"TILLIT_ADDR": "127.0.0.1:9191"}, []string{"--config", config, "--addr", "127.0.0.1:9292"},
			func(c *serveCmd) []any {
				return []any{c.Addr, "127.0.0.1:9292", c.SweepEvery, 5 * time.Minute}
			}},
		{"flag over default", nil, []string{"--sweep-every", "0"}, func(c *serveCmd) []any {
			return []any{c.SweepEvery, time.Duration(0)}
		}},
		{"*_FILE, trailing newline trimmed", map[string]string{"TILLIT_POSTGRES_DSN_FILE": dsn}, []string{"--config", config},
			func(c *serveCmd) []any {
				return []any{c.Postgres, "postgres://tillit@db.example/tillit"}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := parse(t, tt.envs, append([]string{"serve"}, tt.args...)...)
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want(&c.Serve)
			for i := 0; i < len(w); i += 2 {
				if w[i] != w[i+1] {
					t.Errorf("got %v, want %v", w[i], w[i+1])
				}
			}
		})
	}

	// The same file serves every command: audit verify has no --addr.
	c, err := parse(t, nil, "audit", "verify", "--config", config)
	if err != nil || c.Audit.Verify.Data != "/var/lib/tillit" {
		t.Errorf("audit verify: data %q, %v", c.Audit.Verify.Data, err)
	}
}

// TestConfigErrors checks that a bad file, a bad value or a doubly set
// variable is refused with where the problem is, and never with a value
// that may be a secret.
func TestConfigErrors(t *testing.T) {
	secret := writeFile(t, "secret", "hunter2\n")
	tests := []struct {
		name   string
		config string // the config file's content, if any
		envs   map[string]string
		want   []string // the error contains
	}{
		{"unknown key", "data: /tmp/x\ndta: /tmp/y\n", nil, []string{"tillit.yaml:2:", `unknown key "dta"`, "data, demo"}},
		{"a per-command option is no setting", "yes: true\n", nil, []string{"tillit.yaml:1:", `unknown key "yes"`}},
		{"malformed", "addr: 127.0.0.1:9090\ndata: [tillit-data\n", nil, []string{"tillit.yaml:2:", "YAML syntax"}},
		{"not a mapping", "- addr\n", nil, []string{"tillit.yaml:1:", "map flag names to values"}},
		{"a list value", "data:\n  - a\n  - b\n", nil, []string{"tillit.yaml:1:", "data must be a single value"}},
		{"set twice", "addr: a:1\naddr: b:2\n", nil, []string{"tillit.yaml:2:", `"addr" already defined`}},
		{"two documents", "addr: a:1\n---\naddr: b:2\n", nil, []string{"tillit.yaml:3:", "one YAML document"}},
		{"a value that does not parse", "addr: a:1\nsweep-every: soon\n", nil, []string{"--sweep-every", "tillit.yaml:2"}},
		{"an environment value that does not parse", "", map[string]string{"TILLIT_SEND_EVERY": "soon"}, []string{"--send-every", "TILLIT_SEND_EVERY"}},
		{"both X and X_FILE", "", map[string]string{"TILLIT_POSTGRES_DSN": "postgres://u:hunter2@db/x", "TILLIT_POSTGRES_DSN_FILE": secret},
			[]string{"--postgres: both TILLIT_POSTGRES_DSN and TILLIT_POSTGRES_DSN_FILE are set"}},
		{"X_FILE missing", "", map[string]string{"TILLIT_SMTP_HOST_FILE": "/nonexistent/smtp-host"}, []string{"TILLIT_SMTP_HOST_FILE", "no such file"}},
		{"config file missing", "", map[string]string{"TILLIT_CONFIG": "/nonexistent/tillit.yaml"}, []string{"config:", "/nonexistent/tillit.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"serve"}
			if tt.config != "" {
				args = append(args, "--config", writeFile(t, "tillit.yaml", tt.config))
			}
			_, err := parse(t, tt.envs, args...)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error shows a secret: %q", err)
			}
		})
	}

	// Through the command line, a bad setting is a usage error.
	config := writeFile(t, "tillit.yaml", "bogus: 1\n")
	if code, _, stderr := vaultRun(t, nil, "", "audit", "verify", "--config", config); code != 2 || !strings.Contains(stderr, `tillit.yaml:1: unknown key "bogus"`) {
		t.Errorf("exit %d, %q", code, stderr)
	}
}

// TestServeThenCLI runs tillit serve on a fresh data directory with no key
// configured, then other commands with the same directory: they find its
// store, its key and its register without being told.
func TestServeThenCLI(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	config := writeFile(t, "tillit.yaml", "data: "+dir+"\nsweep-every: 0\n")

	// Before serve made a key, no other command makes one.
	code, _, stderr := vaultRun(t, map[string]string{"TILLIT_DATA": dir}, "", "requests", "list")
	if code != 1 || !strings.Contains(stderr, "tillit serve") || !strings.Contains(stderr, "keys generate") {
		t.Errorf("without a key: exit %d, %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "kek.json")); !os.IsNotExist(err) {
		t.Errorf("a command other than serve made a key: %v", err)
	}

	_, stop := startServe(t, map[string]string{"TILLIT_CONFIG": config})
	if code, stderr := stop(); code != 0 {
		t.Fatalf("serve: exit %d\n%s", code, stderr)
	}

	sub := `{"point": "broker_form", "fields": {"name": "Anna Andersson", "email": "anna@example.se",
		"phone": "070-123 45 67", "ip_address": "192.0.2.7", "product_details": "Elavtal"}, "events": ["request_submitted"]}`
	for _, tc := range []struct {
		envs  map[string]string
		stdin string
		args  []string
		want  string
	}{
		{map[string]string{"TILLIT_DATA": dir}, sub, []string{"vault", "collect"}, `"created": true`},
		{nil, "", []string{"requests", "list", "--config", config}, "REQUEST"},
		{nil, "", []string{"audit", "verify", "--data", dir}, "audit log intact:"},
	} {
		code, stdout, stderr := vaultRun(t, tc.envs, tc.stdin, tc.args...)
		if code != 0 || !strings.Contains(stdout, tc.want) {
			t.Errorf("tillit %s: exit %d, stdout %q, stderr %q", strings.Join(tc.args, " "), code, stdout, stderr)
		}
	}
}
