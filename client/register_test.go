package client_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

func testNotice(t *testing.T, s *server) {
	ctx := t.Context()
	public := client.New(s.URL, "") // the notice needs no key
	md, err := public.Notice(ctx, tillit.English, "md")
	if err != nil || !bytes.HasPrefix(md, []byte("# Privacy notice – Allkontrakt Sverige AB")) {
		t.Errorf("notice in English: %.80q, %v", md, err)
	}
	html, err := public.In(tillit.Swedish).Notice(ctx, "", "")
	if err != nil || !bytes.Contains(html, []byte(`lang="sv"`)) || !bytes.Contains(html, []byte("Raderas 30 dagar efter")) {
		t.Errorf("notice in Swedish: %.200q, %v", html, err)
	}
	if _, err := public.Notice(ctx, tillit.English, "pdf"); !client.IsInvalid(err) {
		t.Errorf("as PDF: %v", err)
	}
}

func testROPA(t *testing.T, s *server) {
	ctx := t.Context()
	c := s.client("register")
	js, err := c.ROPA(ctx, tillit.English, "")
	var acts []map[string]any
	if err != nil || json.Unmarshal(js, &acts) != nil || len(acts) == 0 || acts[0]["purpose_id"] == nil {
		t.Errorf("ROPA as JSON: %.300s, %v", js, err)
	}
	csv, err := c.ROPA(ctx, tillit.Swedish, "csv")
	if err != nil || !bytes.HasPrefix(csv, []byte("controller,org_number")) || !bytes.Contains(csv, []byte("brokering")) {
		t.Errorf("ROPA as CSV: %.300s, %v", csv, err)
	}
	if _, err := s.client("collect").ROPA(ctx, "", ""); !client.IsForbidden(err) {
		t.Errorf("with a collect key: %v", err)
	}
}

func testLint(t *testing.T, s *server) {
	ctx := t.Context()
	rep, err := s.client("register").Lint(ctx)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[string]bool{}
	for _, f := range rep.Findings {
		codes[f.Code] = true
		if f.Line == 0 || f.Message == "" || f.Severity != "warning" {
			t.Errorf("finding %+v", f)
		}
	}
	if !strings.Contains(rep.File, "allkontrakt.yaml") || !codes["transfer-safeguard"] || !codes["art19-notify"] {
		t.Errorf("lint of the built-in register: %+v", rep)
	}
	if _, err := s.client("collect").Lint(ctx); !client.IsForbidden(err) {
		t.Errorf("with a collect key: %v", err)
	}
}

func testRetention(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")

	fs, err := admin.SubjectForecast(ctx, rc.Subject)
	if err != nil || len(fs) != 4 {
		t.Fatalf("subject forecast %+v, %v", fs, err)
	}
	for _, f := range fs {
		// delete 30 days after request_submitted unless offer_received
		if f.Subject != rc.Subject || f.GoneAt.IsZero() || f.Action != tillit.Delete {
			t.Errorf("forecast %+v", f)
		}
	}
	all, err := admin.Forecast(ctx, client.ForecastOptions{Until: time.Now().AddDate(0, 2, 0)})
	if err != nil || all.Until.IsZero() || !slices.ContainsFunc(all.Forecasts, func(f tillit.Forecast) bool { return f.Subject == rc.Subject }) {
		t.Errorf("forecast: %+v, %v", all, err)
	}
	one, err := admin.Forecast(ctx, client.ForecastOptions{Until: time.Now().AddDate(0, 2, 0), Limit: 1})
	if err != nil || len(one.Forecasts) != 1 || !one.More {
		t.Errorf("forecast of one: %+v, %v", one, err)
	}
	if none, err := admin.Forecast(ctx, client.ForecastOptions{Until: time.Now().AddDate(0, 0, 1)}); err != nil ||
		slices.ContainsFunc(none.Forecasts, func(f tillit.Forecast) bool { return f.Subject == rc.Subject }) {
		t.Errorf("forecast by tomorrow: %+v, %v", none, err)
	}

	if _, _, err := admin.Tasks(ctx, client.TasksOptions{All: true}); err != nil {
		t.Errorf("tasks: %v", err)
	}
	if _, err := admin.CloseTask(ctx, "task_nothing", "kept"); !client.IsNotFound(err) {
		t.Errorf("close an unknown task: %v", err)
	}
	if _, _, err := s.client("register").Tasks(ctx, client.TasksOptions{}); !client.IsForbidden(err) {
		t.Errorf("tasks with a register key: %v", err)
	}
}

func testSubject(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")
	h, err := admin.SubjectHistory(ctx, rc.Subject)
	if err != nil || h.Subject.ID != rc.Subject || len(h.Items) != 4 || len(h.Cases) != 1 || h.Cases[0].ID != rc.Case {
		t.Fatalf("history %+v, %v", h, err)
	}
	for _, it := range h.Items {
		if it.Value != "" {
			t.Errorf("a value in the history: %+v", it)
		}
	}
	js, err := admin.SubjectExtract(ctx, rc.Subject, tillit.English, "json")
	var x tillit.Extract
	if err != nil || json.Unmarshal(js, &x) != nil || x.Lang != tillit.English || x.Subject != rc.Subject || len(x.Items) != 4 {
		t.Errorf("extract %.300s, %v", js, err)
	}
	if !bytes.Contains(js, []byte(p.Email)) {
		t.Error("the extract lacks the e-mail address")
	}
	if pdf, err := admin.SubjectExtract(ctx, rc.Subject, "", "pdf"); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Errorf("PDF extract %.20q, %v", pdf, err)
	}
	if _, err := admin.SubjectExtract(ctx, "sub_nobody", "", ""); !client.IsNotFound(err) {
		t.Errorf("extract of nobody: %v", err)
	}
	if _, err := admin.SubjectForecast(ctx, "sub_nobody"); !client.IsNotFound(err) {
		t.Errorf("forecast of nobody: %v", err)
	}
}

func testVerifyAudit(t *testing.T, s *server) {
	ctx := t.Context()
	rep, err := s.client("admin").VerifyAudit(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Intact || rep.Broken != "" || rep.Entries < 100 || len(rep.Head) != 32 {
		t.Errorf("audit log after the calls and the commands beside the server: %+v", rep)
	}
	if _, err := s.client("register").VerifyAudit(ctx); !client.IsForbidden(err) {
		t.Errorf("with a register key: %v", err)
	}
}
