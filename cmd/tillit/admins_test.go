package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestAdmins creates, lists, disables and re-enables users of the admin
// through the CLI; the password comes from stdin and is never printed.
func TestAdmins(t *testing.T) {
	dir := t.TempDir()
	kek := filepath.Join(dir, "kek.json")
	if code, _, stderr := vaultRun(t, nil, "", "keys", "generate", "--out", kek); code != 0 {
		t.Fatal(stderr)
	}
	const pw = "ett långt lösenord\n"
	code, out, stderr := vaultRun(t, nil, pw, "admins", "create", "eva", "--name", "Eva Ek", "--data", dir)
	if code != 0 || !strings.Contains(out, "(officer) can sign in at /admin as eva") {
		t.Fatalf("create: %d %s %s", code, out, stderr)
	}
	code, _, stderr = vaultRun(t, nil, pw, "admins", "create", "eva", "--name", "Eva igen", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "already taken") {
		t.Errorf("second eva: %d %s", code, stderr)
	}
	code, _, stderr = vaultRun(t, nil, "kort\n", "admins", "create", "kim", "--name", "Kim", "--role", "auditor", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "at least 12") {
		t.Errorf("short password: %d %s", code, stderr)
	}
	code, _, stderr = vaultRun(t, nil, "", "admins", "create", "kim", "--name", "Kim", "--data", dir)
	if code == 0 || !strings.Contains(stderr, "stdin") {
		t.Errorf("no password: %d %s", code, stderr)
	}
	if code, out, stderr := vaultRun(t, nil, pw, "admins", "create", "kim", "--name", "Kim Granskare", "--role", "auditor", "--data", dir); code != 0 {
		t.Fatalf("create auditor: %d %s %s", code, out, stderr)
	}
	if code, out, stderr := vaultRun(t, nil, "", "admins", "disable", "kim", "--data", dir); code != 0 || !strings.Contains(out, "disabled") {
		t.Fatalf("disable: %d %s %s", code, out, stderr)
	}
	code, out, _ = vaultRun(t, nil, "", "admins", "list", "--data", dir)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.Contains(lines[1], "eva") || !strings.Contains(lines[1], "officer") ||
		!strings.Contains(lines[2], "auditor") || strings.HasSuffix(strings.TrimSpace(lines[2]), "-") {
		t.Fatalf("list:\n%s", out)
	}
	if strings.Contains(out, "lösenord") || strings.Contains(out, "argon2") {
		t.Errorf("list shows a password or hash:\n%s", out)
	}
	if code, _, stderr := vaultRun(t, nil, "", "admins", "role", "nobody", "auditor", "--data", dir); code == 0 || !strings.Contains(stderr, "no such user") {
		t.Errorf("role of nobody: %d %s", code, stderr)
	}
}
