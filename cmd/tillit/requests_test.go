package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/internal/smtptest"
)

func TestRequestsDue(t *testing.T) {
	tests := []struct {
		date, due, extended string
	}{
		{"2026-11-24", "2026-12-28", "2027-02-24"}, // julafton, juldagen, annandag jul, a weekend
		{"2026-03-05", "2026-04-07", "2026-06-05"}, // påskdagen, annandag påsk
		{"2027-01-31", "2027-03-01", "2027-04-30"}, // 28 February is a Sunday
	}
	for _, tt := range tests {
		code, out, errOut := vaultRun(t, nil, "", "requests", "due", tt.date)
		if code != 0 {
			t.Fatalf("due %s: exit %d: %s", tt.date, code, errOut)
		}
		if !strings.Contains(out, "due       "+tt.due) || !strings.Contains(out, "extended  "+tt.extended) {
			t.Errorf("due %s:\n%s\nwant due %s, extended %s", tt.date, out, tt.due, tt.extended)
		}
	}
	if code, _, errOut := vaultRun(t, nil, "", "requests", "due", "24/11/2026"); code != 1 || !strings.Contains(errOut, "YYYY-MM-DD") {
		t.Errorf("a malformed date: exit %d, %q", code, errOut)
	}
}

// TestRequestsCLI takes an access request through the command line with a
// real SMTP server: the public answer is the same for a known and an
// unknown address, the code from the e-mail confirms it, and the officer
// lists, completes and prints it.
func TestRequestsCLI(t *testing.T) {
	dir := t.TempDir()
	kek := filepath.Join(dir, "kek.json")
	srv := smtptest.Start(t)
	envs := map[string]string{"TILLIT_KEK_FILE": kek}
	common := []string{"--data", dir, "-r", "../../examples/allkontrakt.yaml"}
	mail := []string{"--smtp-host", srv.Host(), "--smtp-port", strconv.Itoa(srv.Port()), "--smtp-tls", "none", "--mail-from", "dataskydd@allkontrakt.example"}
	run := func(stdin string, args ...string) (int, string, string) {
		t.Helper()
		if args[0] != "keys" {
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
	mustRun("", "keys", "generate", "--out", kek)
	mustRun(`{"point": "broker_form", "fields": {"name": "Åsa Öberg", "email": "asa@example.se", "phone": "070-123 45 67",
		"product_details": "Elavtal", "ip_address": "192.0.2.7"}, "events": ["request_submitted"]}`, "vault", "collect")

	known := mustRun(`{"right": "access", "email": "asa@example.se"}`, append([]string{"requests", "submit"}, mail...)...)
	unknown := mustRun(`{"right": "access", "email": "nobody@example.se"}`, append([]string{"requests", "submit"}, mail...)...)
	if known != unknown || !strings.Contains(known, "skickat en kod") {
		t.Fatalf("public answers differ or are wrong:\n%q\n%q", known, unknown)
	}
	msgs := srv.Wait(t, 2, 5*time.Second)
	if msgs[0].To[0] != "asa@example.se" || msgs[1].To[0] != "nobody@example.se" {
		t.Fatalf("code e-mails went to %v and %v", msgs[0].To, msgs[1].To)
	}
	m := regexp.MustCompile(`koden (\d{6})`).FindStringSubmatch(msgs[0].Text)
	id := regexp.MustCompile(`req_[a-z0-9]+`).FindString(msgs[0].Text)
	if m == nil || id == "" {
		t.Fatalf("code e-mail:\n%s", msgs[0].Text)
	}

	if code, _, errOut := run("", "requests", "confirm", id, "000000"); code != 1 || !strings.Contains(errOut, "The code is wrong") {
		t.Errorf("wrong code: exit %d, %q", code, errOut)
	}
	var r struct {
		State, Subject string
		Due            time.Time
	}
	if err := json.Unmarshal([]byte(mustRun("", "requests", "confirm", id, m[1])), &r); err != nil || r.State != "confirmed" || r.Subject == "" {
		t.Fatalf("confirmed: %+v, %v", r, err)
	}
	list := mustRun("", "requests", "list")
	if !strings.Contains(list, id) || !strings.Contains(list, day(r.Due)) {
		t.Errorf("list:\n%s", list)
	}
	if code, _, errOut := run("", "requests", "refuse", id, "--reason", " "); code != 1 || !strings.Contains(errOut, "reason") {
		t.Errorf("refusal without a reason: exit %d, %q", code, errOut)
	}

	pdf := filepath.Join(dir, "utdrag.pdf")
	if out := mustRun("", "requests", "extract", id, "-o", pdf); !strings.Contains(out, "items") {
		t.Errorf("extract: %s", out)
	}
	if b, err := os.ReadFile(pdf); err != nil || !bytes.HasPrefix(b, []byte("%PDF")) {
		t.Errorf("extract file: %v", err)
	}
	if code, _, _ := run("", "requests", "extract", id, "-o", pdf); code != 1 {
		t.Error("the extract overwrote an existing file")
	}

	mustRun("", append([]string{"requests", "complete", id}, mail...)...)
	answer := srv.Wait(t, 3, 5*time.Second)[2]
	if answer.To[0] != "asa@example.se" || len(answer.Attachments) != 3 {
		t.Fatalf("answer to %v with %d attachments", answer.To, len(answer.Attachments))
	}
	if !bytes.Contains(answer.Attachments[2].Data, []byte("Åsa Öberg")) {
		t.Error("the JSON extract lacks the name")
	}
	outbox := mustRun("", "outbox", "list", "--pending")
	if strings.TrimSpace(outbox) != "[]" {
		t.Errorf("pending after delivery:\n%s", outbox)
	}
	if strings.Contains(mustRun("", "outbox", "list"), "asa@example.se") {
		t.Error("the outbox listing shows an address")
	}
}
