package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/internal/smtptest"
)

// TestIncidentsCLI takes a processor's leak through the command line: who
// is affected, the clock in the listing, the decision that needs a reason,
// the draft for IMY, the notice e-mailed to the person through a real SMTP
// server, the notification and closing, each step in the timeline.
func TestIncidentsCLI(t *testing.T) {
	dir := t.TempDir()
	kek := filepath.Join(dir, "kek.json")
	srv := smtptest.Start(t)
	envs := map[string]string{"TILLIT_KEK_FILE": kek, "TILLIT_ACTOR": "admin:7"}
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
	var receipt struct{ Subject, Case string }
	out := mustRun(`{"point": "broker_form", "fields": {"name": "Åsa Öberg", "email": "asa@example.se", "phone": "070-123 45 67",
		"product_details": "Elavtal", "ip_address": "192.0.2.7"}, "events": ["request_submitted"]}`, "vault", "collect")
	if err := json.Unmarshal([]byte(out), &receipt); err != nil || receipt.Subject == "" {
		t.Fatalf("collect: %s, %v", out, err)
	}
	mustRun("", "vault", "disclose", receipt.Subject, "--purpose", "brokering", "--to", "qred", "--case", receipt.Case)

	now := time.Now()
	leak := fmt.Sprintf(`{"title": "Läcka hos Qred", "nature": "Qred rapporterade att en exportfil låg öppen.",
		"discovered": %q, "from": %q, "to": %q, "recipients": ["qred"], "risk": "high",
		"consequences": "Risk för nätfiske.", "measures_taken": "Filen är borttagen."}`,
		now.Add(-time.Minute).Format(time.RFC3339), now.Add(-time.Hour).Format(time.RFC3339), now.Add(time.Hour).Format(time.RFC3339))
	var in struct {
		ID       string
		Timeline []struct{ Kind, Actor string }
	}
	if err := json.Unmarshal([]byte(mustRun(leak, "incidents", "open")), &in); err != nil || in.ID == "" {
		t.Fatalf("open: %v", err)
	}
	old := fmt.Sprintf(`{"title": "Borttappad dator", "discovered": %q, "categories": ["phone"]}`, now.Add(-80*time.Hour).Format(time.RFC3339))
	var lost struct{ ID string }
	if err := json.Unmarshal([]byte(mustRun(old, "incidents", "open")), &lost); err != nil || lost.ID == "" {
		t.Fatalf("open: %v", err)
	}
	if code, _, errOut := run(`{"title": "x", "discovered": "igår"}`, "incidents", "open"); code != 1 || strings.Contains(errOut, "igår") {
		t.Errorf("bad JSON: exit %d, %q", code, errOut)
	}

	list := mustRun("", "incidents", "list")
	if !regexp.MustCompile(lost.ID+`.*OVERDUE by 8h0\dm`).MatchString(list) || !regexp.MustCompile(in.ID+`.*due in 71h5\dm +high`).MatchString(list) {
		t.Errorf("list:\n%s", list)
	}
	if strings.Index(list, lost.ID) > strings.Index(list, in.ID) {
		t.Errorf("the overdue incident is not listed first:\n%s", list)
	}

	var affected struct {
		Subjects []string
		Records  int
	}
	if err := json.Unmarshal([]byte(mustRun("", "incidents", "affected", in.ID)), &affected); err != nil ||
		len(affected.Subjects) != 1 || affected.Subjects[0] != receipt.Subject || affected.Records != 1 {
		t.Errorf("affected: %+v, %v", affected, err)
	}

	if code, _, errOut := run("", "incidents", "decide", lost.ID, "not-notify"); code != 1 || !strings.Contains(errOut, "reason") {
		t.Errorf("not notifying without a reason: exit %d, %q", code, errOut)
	}
	mustRun("", "incidents", "decide", lost.ID, "not-notify", "--reason", "Disken var krypterad.")
	if list := mustRun("", "incidents", "list"); !strings.Contains(list, "not notifying (decided)") || strings.Contains(list, "OVERDUE") {
		t.Errorf("list after the decision:\n%s", list)
	}

	draft := mustRun("", "incidents", "draft", in.ID, "--in", "en")
	for _, w := range []string{"Notification of a personal data breach: Läcka hos Qred", "Approximate number of people: 1", "Qred rapporterade", "Risk för nätfiske."} {
		if !strings.Contains(draft, w) {
			t.Errorf("draft lacks %q:\n%s", w, draft)
		}
	}
	if strings.Contains(draft, "asa@example.se") || strings.Contains(draft, "Åsa") || strings.Contains(draft, receipt.Subject) {
		t.Errorf("the draft holds personal data:\n%s", draft)
	}

	var round struct{ Queued, NoEmail int }
	if err := json.Unmarshal([]byte(mustRun("", append([]string{"incidents", "notify-subjects", in.ID}, mail...)...)), &round); err != nil || round.Queued != 1 {
		t.Fatalf("notify-subjects: %+v, %v", round, err)
	}
	notice := srv.Wait(t, 1, 5*time.Second)[0]
	if notice.To[0] != "asa@example.se" || !strings.Contains(notice.Subject, "säkerhetsincident") || !strings.Contains(notice.Text, "Filen är borttagen.") {
		t.Errorf("notice to %v: %s\n%s", notice.To, notice.Subject, notice.Text)
	}
	if err := json.Unmarshal([]byte(mustRun("", append([]string{"incidents", "notify-subjects", in.ID}, mail...)...)), &round); err != nil || round.Queued != 0 {
		t.Errorf("second notify-subjects: %+v, %v", round, err)
	}

	if code, _, errOut := run("", "incidents", "close", in.ID); code != 1 || !strings.Contains(errOut, "33(5)") {
		t.Errorf("closing before notifying: exit %d, %q", code, errOut)
	}
	mustRun("", "incidents", "notified", in.ID, "--reference", "IMY-2026-77")
	mustRun("", "incidents", "note", in.ID, "Lösenord återställda hos Qred.")
	mustRun("", "incidents", "close", in.ID)

	var shown struct {
		Clock      string
		Deliveries struct{ Queued, Delivered int }
		Timeline   []struct{ Kind, Actor string }
	}
	if err := json.Unmarshal([]byte(mustRun("", "incidents", "show", in.ID)), &shown); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range shown.Timeline {
		kinds = append(kinds, e.Kind)
		if e.Actor != "admin:7" {
			t.Errorf("timeline actor %q", e.Actor)
		}
	}
	want := "incident_opened incident_affected incident_drafted incident_subjects_notified incident_subjects_notified incident_authority_notified incident_note incident_closed"
	if strings.Join(kinds, " ") != want || shown.Clock != "closed" || shown.Deliveries.Queued != 1 || shown.Deliveries.Delivered != 1 {
		t.Errorf("show: clock %q, deliveries %+v, timeline\n%s\nwant\n%s", shown.Clock, shown.Deliveries, strings.Join(kinds, " "), want)
	}
	if list := mustRun("", "incidents", "list"); strings.Contains(list, in.ID) {
		t.Errorf("a closed incident in the open list:\n%s", list)
	}
	if code, _, errOut := vaultRun(t, envs, "", "audit", "verify", "--data", dir); code != 0 {
		t.Errorf("audit verify: %s", errOut)
	}
}
