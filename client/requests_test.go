package client_test

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/client"
)

// code waits for the e-mail to addr that gives the code of request id
// and returns the code.
func code(t *testing.T, s *server, addr, id string) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		for _, m := range s.Mail.Messages() {
			if len(m.To) == 1 && m.To[0] == addr && strings.Contains(m.Text, id) {
				if sm := codeRE.FindStringSubmatch(m.Text); sm != nil {
					return sm[1]
				}
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("no e-mail to %s with the code of %s", addr, id)
	return ""
}

var codeRE = regexp.MustCompile(`(?:koden|the code) (\d{6})`)

// submit submits f and confirms it with the e-mailed code.
func submit(t *testing.T, s *server, f tillit.RequestForm) tillit.Request {
	t.Helper()
	ctx := t.Context()
	c := s.client("requests")
	sub, err := c.SubmitRequest(ctx, f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sub.ID, "req_") || sub.State != tillit.StateReceived || sub.Message == "" || sub.Expires.IsZero() {
		t.Fatalf("submitted %+v", sub)
	}
	if strings.Contains(sub.Message, f.Email) {
		t.Errorf("the answer repeats the address: %q", sub.Message)
	}
	_, err = c.ConfirmRequest(ctx, sub.ID, "000000")
	if !client.IsNotAllowed(err) {
		t.Fatalf("a wrong code: %v", err)
	}
	r, err := c.ConfirmRequest(ctx, sub.ID, code(t, s, f.Email, sub.ID))
	if err != nil || r.State != tillit.StateConfirmed || r.Due.IsZero() || r.Details.Email != "" {
		t.Fatalf("confirmed %+v, %v", r, err)
	}
	return r
}

func testRequest(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")

	// The public answer is the same for somebody unknown.
	known, err := s.client("requests").SubmitRequest(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: p.Email, Lang: tillit.English})
	if err != nil {
		t.Fatal(err)
	}
	unknown, err := s.client("requests").SubmitRequest(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: newPerson().Email, Lang: tillit.English})
	if err != nil || unknown.Message != known.Message {
		t.Errorf("answers differ: %q, %q, %v", known.Message, unknown.Message, err)
	}

	r, err := admin.Request(ctx, known.ID)
	if err != nil || r.Details.Email != p.Email || r.Right != tillit.RightAccess || r.State != tillit.StateReceived {
		t.Errorf("request %+v, %v", r, err)
	}
	if _, err := admin.Request(ctx, "req_nothing"); !client.IsNotFound(err) {
		t.Errorf("an unknown request: %v", err)
	}

	// Every page of the open requests, one at a time.
	var ids []string
	after := ""
	for range 1000 {
		rs, next, err := admin.Requests(ctx, client.RequestsOptions{Open: true, After: after, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			ids = append(ids, r.ID)
			if r.State.IsClosed() || r.Details.Email != "" {
				t.Errorf("listed %+v", r)
			}
		}
		if next == "" {
			break
		}
		if len(rs) != 1 || next != rs[0].ID {
			t.Fatalf("page %v, next %q", rs, next)
		}
		after = next
	}
	if !strings.Contains(strings.Join(ids, " "), known.ID) || !strings.Contains(strings.Join(ids, " "), unknown.ID) {
		t.Errorf("listed %v, want %s and %s", ids, known.ID, unknown.ID)
	}

	// Confirmed with the e-mailed code, extended, extracted, answered.
	r = submit(t, s, tillit.RequestForm{Right: tillit.RightAccess, Email: p.Email, Lang: tillit.English, Reference: "ticket-7"})
	if r.Subject != rc.Subject || r.Reference != "ticket-7" {
		t.Errorf("confirmed %+v, want the subject %s", r, rc.Subject)
	}
	ext, err := admin.ExtendRequest(ctx, r.ID, 1, "Many requests at once.")
	if err != nil || ext.Extended.IsZero() || !ext.Due.After(r.Due) {
		t.Errorf("extended %+v, %v", ext, err)
	}
	if _, err := admin.ExtendRequest(ctx, r.ID, 1, "Again."); !client.IsInvalid(err) {
		t.Errorf("extended twice: %v", err)
	}
	js, err := admin.RequestExtract(ctx, r.ID, "")
	var x tillit.Extract
	if err != nil || json.Unmarshal(js, &x) != nil || x.Subject != rc.Subject || x.Request != r.ID || !bytes.Contains(js, []byte(p.Email)) {
		t.Errorf("JSON extract %.300s, %v", js, err)
	}
	for format, prefix := range map[string]string{"pdf": "%PDF-", "html": "<!DOCTYPE html>"} {
		b, err := admin.RequestExtract(ctx, r.ID, format)
		if err != nil || !bytes.HasPrefix(bytes.TrimSpace(b), []byte(prefix)) {
			t.Errorf("%s extract %.40q, %v", format, b, err)
		}
	}
	done, err := admin.CompleteRequest(ctx, r.ID)
	if err != nil || done.State != tillit.StateDone || done.Closed.IsZero() {
		t.Fatalf("completed %+v, %v", done, err)
	}
	if _, err := admin.RefuseRequest(ctx, r.ID, "Too late."); !client.IsInvalid(err) {
		t.Errorf("refused a request already done: %v", err)
	}
	rs, _, err := admin.Requests(ctx, client.RequestsOptions{})
	if err != nil || !slices.ContainsFunc(rs, func(q tillit.Request) bool { return q.ID == r.ID && q.State == tillit.StateDone }) {
		t.Errorf("the done request in the list of all: %v", err)
	}

	// The outbox holds its e-mails, without their content.
	ms, _, err := admin.Outbox(ctx, client.OutboxOptions{Request: r.ID})
	topics := map[string]bool{}
	for _, m := range ms {
		topics[m.Topic] = true
		if m.Request != r.ID || m.Via != tillit.ViaEmail {
			t.Errorf("message %+v", m)
		}
	}
	if err != nil || !topics["code"] || !topics["extension"] || !topics["answer"] {
		t.Errorf("outbox topics %v, %v", topics, err)
	}
	if _, _, err := admin.Outbox(ctx, client.OutboxOptions{Pending: true, Limit: 500}); err != nil {
		t.Errorf("pending: %v", err)
	}
	if err := admin.RetryMessage(ctx, ms[0].ID); !client.IsInvalid(err) {
		t.Errorf("retried a message that was delivered: %v", err)
	}
	if err := admin.RetryMessage(ctx, "msg_nothing"); !client.IsNotFound(err) {
		t.Errorf("retry an unknown message: %v", err)
	}
}

// testObjectionRequest: the person objects to analytics, on legitimate
// interest; the officer records compelling grounds. Another request is
// refused.
func testObjectionRequest(t *testing.T, s *server) {
	ctx := t.Context()
	p := newPerson()
	rc := collect(t, s, p)
	admin := s.client("admin")
	_, err := s.client("collect").Collect(ctx, tillit.Submission{Point: "site_analytics", Subject: rc.Subject,
		Fields: map[string]string{"browser_info": "Firefox 140", "device_info": "desktop", "site_data": "/elavtal"}})
	if err != nil {
		t.Fatal(err)
	}
	r := submit(t, s, tillit.RequestForm{Right: tillit.RightObjection, Email: p.Email, Purpose: "analytics"})
	if len(r.Pending) != 1 || r.Pending[0] != "analytics" {
		t.Fatalf("objection %+v: want analytics pending", r)
	}
	if _, err := admin.OverruleObjection(ctx, r.ID, "newsletter", "Because."); !client.IsInvalid(err) {
		t.Errorf("overruled an objection to a purpose it does not concern: %v", err)
	}
	over, err := admin.OverruleObjection(ctx, r.ID, "analytics", "The site cannot be kept secure without it.")
	if err != nil || len(over.Pending) != 0 || over.State != tillit.StateDone || !strings.Contains(over.Outcome, "overruled") {
		t.Fatalf("overruled %+v, %v", over, err)
	}

	r = submit(t, s, tillit.RequestForm{Right: tillit.RightErasure, Email: p.Email})
	ref, err := admin.RefuseRequest(ctx, r.ID, "The contract is still being fulfilled.")
	if err != nil || ref.State != tillit.StateRefused || ref.Details.Reason != "" {
		t.Errorf("refused %+v, %v", ref, err)
	}
	if _, err := s.client("admin").Use(ctx, rc.Subject, "brokering"); err != nil {
		t.Errorf("a refused erasure erased: %v", err)
	}
}
