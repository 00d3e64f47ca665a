package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// vaultRun runs tillit in process with the given environment and stdin.
func vaultRun(t *testing.T, envs map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return envs[k] }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errOut.String()
}

// TestVaultCLI walks one person through the vault on the Allkontrakt
// register, as an operator at the command line would.
func TestVaultCLI(t *testing.T) {
	dir := t.TempDir()
	kek := filepath.Join(dir, "kek.json")
	envs := map[string]string{"TILLIT_KEK_FILE": kek}
	common := []string{"--data", dir, "-r", "../../examples/allkontrakt.yaml"}
	run := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		if len(args) > 1 && args[0] == "vault" || args[0] == "keys" && args[1] == "rotate" {
			args = append(args, common...)
		}
		return vaultRun(t, envs, stdin, args...)
	}
	mustRun := func(stdin string, args ...string) string {
		t.Helper()
		code, out, errOut := run(stdin, args...)
		if code != 0 {
			t.Fatalf("tillit %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
		return out
	}

	if code, _, errOut := run("", "vault", "use", "sub_x", "-p", "brokering"); code != 1 || !strings.Contains(errOut, "keys generate") {
		t.Errorf("without a key: exit %d, %q; want a pointer to keys generate", code, errOut)
	}
	mustRun("", "keys", "generate", "--out", kek)
	if code, _, errOut := run("", "keys", "generate", "--out", kek); code != 1 || !strings.Contains(errOut, "exists") {
		t.Errorf("generate over an existing key: exit %d, %q", code, errOut)
	}

	sub := `{"point": "broker_form", "fields": {"name": "Anna Andersson", "email": "Anna@Example.se",
		"phone": "070-123 45 67", "ip_address": "192.0.2.7", "product_details": "Elavtal, villa"},
		"events": ["request_submitted"]}`
	var receipt struct {
		Subject string `json:"subject"`
		Case    string `json:"case"`
		Created bool   `json:"created"`
	}
	if err := json.Unmarshal([]byte(mustRun(sub, "vault", "collect")), &receipt); err != nil || !receipt.Created || receipt.Case == "" {
		t.Fatalf("receipt %+v, %v", receipt, err)
	}
	use := mustRun("", "vault", "use", receipt.Subject, "-p", "brokering")
	for _, want := range []string{`"value": "Anna Andersson"`, `"value": "anna@example.se"`, `"value": "+46701234567"`} {
		if !strings.Contains(use, want) {
			t.Errorf("use output lacks %s:\n%s", want, use)
		}
	}
	found := mustRun("anna@example.se\n", "vault", "find", "email")
	if !strings.Contains(found, receipt.Subject) {
		t.Errorf("find by e-mail from stdin: %s", found)
	}
	disclosed := mustRun("", "vault", "disclose", receipt.Subject, "-p", "brokering", "--to", "qred")
	if !strings.Contains(disclosed, `"recipient": "qred"`) || strings.Contains(disclosed, "192.0.2.7") {
		t.Errorf("disclose output:\n%s", disclosed)
	}
	mustRun("", "vault", "event", receipt.Subject, "offer_received", "--case", receipt.Case)

	refusals := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"undeclared field", `{"point": "newsletter_signup", "fields": {"email": "b@example.se", "phone": "0701234567"}}`,
			[]string{"vault", "collect"}, `invalid: The collection point "newsletter_signup" does not accept "phone"`},
		{"no consent, in Swedish", `{"point": "newsletter_signup", "fields": {"email": "b@example.se"}}`,
			[]string{"vault", "collect", "--lang", "sv"}, `invalid: Fältet "email" behövs bara för "newsletter", som kräver samtycke`},
		{"malformed JSON", `{"point": "broker_form", "fields": {"name": 12}}`,
			[]string{"vault", "collect"}, "wrong type"},
		{"undeclared recipient", "", []string{"vault", "disclose", receipt.Subject, "-p", "brokering", "--to", "google_analytics"},
			`forbidden: The recipient "google_analytics" is not declared for the purpose "brokering"`},
		{"no consent to read", "", []string{"vault", "use", receipt.Subject, "-p", "newsletter"}, "has not consented"},
		{"shred unconfirmed", "", []string{"vault", "shred", receipt.Subject}, "--yes"},
	}
	for _, tt := range refusals {
		code, _, errOut := run(tt.stdin, tt.args...)
		if code != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 and %q", tt.name, code, errOut, tt.want)
		}
	}

	out := mustRun("", "keys", "rotate", "--retire")
	if !strings.Contains(out, "re-wrapped 1 data keys") || !strings.Contains(out, "retired") {
		t.Errorf("rotate: %s", out)
	}
	if use2 := mustRun("", "vault", "use", receipt.Subject, "-p", "brokering"); use2 != use {
		t.Errorf("values changed across key rotation:\n%s\nvs\n%s", use, use2)
	}
	verify := mustRun("", "audit", "verify", "--data", dir)
	if !strings.Contains(verify, "audit log intact:") {
		t.Errorf("verify: %s", verify)
	}
	if code, _, errOut := run("", "audit", "verify", "--data", filepath.Join(dir, "typo")); code != 1 || !strings.Contains(errOut, "no database at") {
		t.Errorf("verify of a missing database: exit %d, %q", code, errOut)
	}
	mustRun("", "vault", "shred", receipt.Subject, "--yes")
	if code, _, errOut := run("", "vault", "use", receipt.Subject, "-p", "brokering"); code != 1 || !strings.Contains(errOut, "not_found") {
		t.Errorf("use after shred: exit %d, %q", code, errOut)
	}
	history := mustRun("", "vault", "history", receipt.Subject)
	for _, want := range []string{`"erased":`, `"recipient": "qred"`, `"event": "offer_received"`} {
		if !strings.Contains(history, want) {
			t.Errorf("history lacks %s:\n%s", want, history)
		}
	}
	if strings.Contains(history, "Anna") {
		t.Errorf("history shows a value:\n%s", history)
	}
}
