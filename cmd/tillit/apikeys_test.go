package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/sqlite"
)

// TestAPIKeysCLI creates, lists and revokes an API key at the command
// line on the Allkontrakt register: the token printed once authenticates
// until the key is revoked, a scope for an undeclared purpose is refused
// in the chosen language, and neither the listing nor the audit log shows
// the token.
func TestAPIKeysCLI(t *testing.T) {
	dir := t.TempDir()
	kek := filepath.Join(dir, "kek.json")
	envs := map[string]string{"TILLIT_KEK_FILE": kek}
	common := []string{"--data", dir, "-r", "../../examples/allkontrakt.yaml"}
	run := func(args ...string) (int, string, string) {
		t.Helper()
		if args[0] == "apikeys" {
			args = append(args, common...)
		}
		return vaultRun(t, envs, "", args...)
	}
	mustRun := func(args ...string) string {
		t.Helper()
		code, out, errOut := run(args...)
		if code != 0 {
			t.Fatalf("tillit %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
		}
		return out
	}
	mustRun("keys", "generate", "--out", kek)

	out := mustRun("apikeys", "create", "--name", "Webbshopen", "--scope", "collect", "--scope", "read:newsletter", "-s", "collect")
	m := regexp.MustCompile(`(?m)^key +(ak_[a-z2-7]+)\nscopes +collect read:newsletter\n\n(tillit_ak_[a-z2-7]+_[A-Za-z0-9_-]{43})\n`).FindStringSubmatch(out)
	if m == nil || !strings.HasPrefix(m[2], "tillit_"+m[1]+"_") || !strings.Contains(out, "shown only this once") {
		t.Fatalf("create printed:\n%s", out)
	}
	id, token := m[1], m[2]

	code, _, errOut := run("apikeys", "create", "--name", "Analys", "--scope", "read:marketing")
	if code != 1 || !strings.Contains(errOut, `"read:marketing"`) || !strings.Contains(errOut, "does not declare") {
		t.Errorf("a scope for an undeclared purpose: exit %d, %q", code, errOut)
	}
	code, _, errOut = run("apikeys", "create", "--name", "Analys", "--scope", "write", "--lang", "sv")
	if code != 1 || !strings.Contains(errOut, `Det finns ingen behörighet "write"`) {
		t.Errorf("an unknown scope in Swedish: exit %d, %q", code, errOut)
	}
	var made struct {
		Key   tillit.APIKey `json:"key"`
		Token string        `json:"token"`
	}
	if err := json.Unmarshal([]byte(mustRun("apikeys", "create", "--name", "Admin", "--scope", "admin", "--json")), &made); err != nil ||
		!strings.HasPrefix(made.Token, "tillit_"+made.Key.ID+"_") || made.Key.Name != "Admin" {
		t.Fatalf("create --json: %+v, %v", made, err)
	}

	list := mustRun("apikeys", "list")
	row := regexp.MustCompile(`(?m)^` + id + ` +Webbshopen +collect read:newsletter +\d{4}-\d\d-\d\d \d\d:\d\d +-$`)
	if !row.MatchString(list) || !strings.Contains(list, made.Key.ID) || strings.Contains(list, "Analys") {
		t.Errorf("list: want the two keys made, the first not revoked:\n%s", list)
	}

	a := openApp(t, dir, kek)
	if k, err := a.Access.Authenticate(context.Background(), token); err != nil || k.ID != id || !k.Allows("read:newsletter") || k.Allows("read:brokering") {
		t.Errorf("Authenticate the printed token: %+v, %v", k, err)
	}
	if out := mustRun("apikeys", "revoke", id); !strings.Contains(out, "revoked "+id) {
		t.Errorf("revoke: %s", out)
	}
	if _, err := a.Access.Authenticate(context.Background(), token); tillit.ErrorCode(err) != tillit.EUNAUTHORIZED {
		t.Errorf("Authenticate after revoking: %v", err)
	}
	if _, err := a.Access.Authenticate(context.Background(), made.Token); err != nil {
		t.Errorf("revoking one key revoked another: %v", err)
	}
	mustRun("apikeys", "revoke", id) // again: nothing changes
	if code, _, errOut := run("apikeys", "revoke", "ak_nosuchkey"); code != 1 || !strings.Contains(errOut, "no API key ak_nosuchkey") {
		t.Errorf("revoking an unknown key: exit %d, %q", code, errOut)
	}

	var listed []map[string]any
	js := mustRun("apikeys", "list", "--json")
	if err := json.Unmarshal([]byte(js), &listed); err != nil || len(listed) != 2 || listed[0]["id"] != id || listed[0]["revoked"] == nil ||
		listed[1]["revoked"] != nil || strings.Contains(js, "hash") {
		t.Errorf("list --json: %v\n%s", err, js)
	}
	after := mustRun("apikeys", "list")
	revoked := regexp.MustCompile(`(?m)^` + id + ` +Webbshopen +collect read:newsletter +\d{4}-\d\d-\d\d \d\d:\d\d +\d{4}-\d\d-\d\d \d\d:\d\d$`)
	if !revoked.MatchString(after) {
		t.Errorf("list after revoking: want the first key's revocation time:\n%s", after)
	}
	secret := strings.TrimPrefix(token, "tillit_"+id+"_")
	for _, text := range []string{list, js, after} {
		if strings.Contains(text, secret) {
			t.Errorf("a listing shows the secret:\n%s", text)
		}
	}
	entries := auditLog(t, dir)
	if !strings.Contains(entries, "api_key_created key="+id+" scopes=collect,read:newsletter") || !strings.Contains(entries, "api_key_revoked key="+id) {
		t.Errorf("audit log:\n%s", entries)
	}
	if strings.Contains(entries, secret) || strings.Contains(entries, made.Token[len(made.Token)-43:]) || strings.Contains(entries, "Webbshopen") {
		t.Errorf("the audit log holds a secret or a key's name:\n%s", entries)
	}
}

// openApp opens the services the commands use, over the data directory's
// store, to check what they did from the other side.
func openApp(t *testing.T, dir, kekFile string) *app.App {
	t.Helper()
	kek, _, err := keys.Load(func(name string) string { return map[string]string{"TILLIT_KEK_FILE": kekFile}[name] })
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("../../examples/allkontrakt.yaml")
	if err != nil {
		t.Fatal(err)
	}
	pol, problems := register.Compile("examples/allkontrakt.yaml", src)
	if pol == nil {
		t.Fatal(problems)
	}
	store, err := sqlite.Open(t.Context(), filepath.Join(dir, "tillit.db"), sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a, err := app.Open(tillit.WithActor(t.Context(), "test"), app.Config{Store: store, Policy: pol, KEK: kek})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// auditLog returns the data directory's audit log, one "action detail"
// line per entry.
func auditLog(t *testing.T, dir string) string {
	t.Helper()
	store, err := sqlite.Open(t.Context(), filepath.Join(dir, "tillit.db"), sqlite.Options{MustExist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	var b strings.Builder
	err = store.View(t.Context(), func(tx tillit.Tx) error {
		es, err := tx.Audit(0, 10000)
		for _, e := range es {
			b.WriteString(e.Action + " " + e.Detail + "\n")
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
