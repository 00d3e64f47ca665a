package server_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/smtptest"
	"github.com/tillit-privacy/tillit/requests"
	"github.com/tillit-privacy/tillit/server"
)

// TestIncidentWorkflow runs a processor's leak through the API on both
// stores with the fake clock: the affected people are exactly those
// disclosed to it in the window, the clock turns overdue after 72 hours,
// and the notice reaches the SMTP server.
func TestIncidentWorkflow(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newHarness(t, server.Limits{}, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			// Anna is disclosed to Swedbank Pay in the window; Bo to
			// Northmill in it, and to Swedbank Pay only after it.
			disclose := func(subj, recipient string) {
				t.Helper()
				if _, _, err := h.a.Vault.Disclose(ctx, tillit.Disclosure{Subject: subj, Purpose: "brokering", Recipient: recipient}); err != nil {
					t.Fatal(err)
				}
			}
			bo, err := h.a.Vault.Collect(ctx, tillit.Submission{Point: "broker_form", Fields: map[string]string{
				"name": "Bo Berg", "email": "bo@example.se", "phone": "070-1740607", "ip_address": "192.0.2.11"}})
			if err != nil {
				t.Fatal(err)
			}
			start := h.clock.Now()
			disclose(h.anna, "swedbank_pay")
			disclose(bo.Subject, "northmill")
			h.clock.Add(2 * time.Hour)
			end := h.clock.Now()
			h.clock.Add(time.Hour)
			disclose(bo.Subject, "swedbank_pay")
			discovered := h.clock.Now()

			smtp := smtptest.Start(t)
			mailer, err := deliver.NewMailer(deliver.MailConfig{Host: smtp.Host(), Port: smtp.Port(), From: "dataskydd@allkontrakt.example", TLS: "none"})
			if err != nil {
				t.Fatal(err)
			}
			open := `{"title":"Leak at the payment processor","nature":"A misconfigured export at the processor",` +
				`"discovered":"` + discovered.Format(time.RFC3339) + `","from":"` + start.Add(-time.Minute).Format(time.RFC3339) +
				`","to":"` + end.Format(time.RFC3339) + `","recipients":["swedbank_pay"],"consequences":"Phishing","risk":"high"}`
			resp, body := h.call(t, "POST", "/v1/incidents", "admin", "en", open)
			if resp.StatusCode != 200 {
				t.Fatalf("open: %d %s", resp.StatusCode, body)
			}
			id := field(body, "id")
			steps := []struct {
				name, method, path, key, body string
				advance                       time.Duration
				status                        int
				want, not                     []string
			}{
				{"open with a register key", "POST", "/v1/incidents", "register", open, 0, 403, nil, nil},
				{"open with a date that is none", "POST", "/v1/incidents", "admin", `{"title":"x","discovered":"yesterday"}`, 0, 422, []string{"expected an RFC 3339 date-time", "body.discovered"}, []string{"yesterday"}},
				{"open without a title", "POST", "/v1/incidents", "admin", `{"discovered":"` + discovered.Format(time.RFC3339) + `"}`, 0, 422, []string{"body.title"}, nil},
				{"affected", "GET", "/v1/incidents/" + id + "/affected", "admin", "", 0, 200, []string{`"subjects":["` + h.anna + `"]`, `"by":"disclosures"`}, []string{bo.Subject, "anna@"}},
				{"affected with a find key", "GET", "/v1/incidents/" + id + "/affected", "find", "", 0, 403, nil, []string{h.anna}},
				{"clock at 71 hours", "GET", "/v1/incidents/" + id, "admin", "", 71 * time.Hour, 200, []string{`"overdue":false`, `"due_soon":true`}, nil},
				{"clock after 72 hours", "GET", "/v1/incidents/" + id, "admin", "", 2 * time.Hour, 200, []string{`"overdue":true`}, nil},
				{"listed overdue", "GET", "/v1/incidents?open=true", "admin", "", 0, 200, []string{`"overdue":true`, id}, nil},
				{"no reason not to notify", "POST", "/v1/incidents/" + id + "/decision", "admin", `{"notify":false}`, 0, 422, nil, nil},
				{"draft for IMY in Swedish", "GET", "/v1/incidents/" + id + "/draft?lang=sv", "admin", "", 0, 200, []string{`"lang":"sv"`, "Allkontrakt"}, []string{"anna@", "Anna"}},
				{"draft for the people in English", "GET", "/v1/incidents/" + id + "/draft?for=subjects&lang=en", "admin", "", 0, 200, []string{`"lang":"en"`}, []string{"anna@"}},
				{"late initial notification without a reason", "POST", "/v1/incidents/" + id + "/notifications", "admin", `{"phase":"initial","reference":"IMY-2026-1"}`, 0, 422, nil, nil},
				{"add the delay's reason", "PUT", "/v1/incidents/" + id, "admin", strings.Replace(open, `"risk":"high"`, `"risk":"high","delay_reason":"The processor told us late."`, 1), 0, 200, []string{"The processor told us late."}, nil},
				{"initial notification", "POST", "/v1/incidents/" + id + "/notifications", "admin", `{"phase":"initial","reference":"IMY-2026-1"}`, 0, 200, []string{`"overdue":false`, `"late":true`}, nil},
				{"notify the people", "POST", "/v1/incidents/" + id + "/notify-subjects", "admin", `{}`, 0, 200, []string{`"queued":1`}, nil},
				{"notify again", "POST", "/v1/incidents/" + id + "/notify-subjects", "admin", `{}`, 0, 200, []string{`"queued":0`}, nil},
				{"note", "POST", "/v1/incidents/" + id + "/notes", "admin", `{"note":"Processor confirmed the fix."}`, 0, 200, []string{"timeline"}, nil},
				{"final notification", "POST", "/v1/incidents/" + id + "/notifications", "admin", `{"phase":"final"}`, 0, 200, nil, nil},
				{"close", "POST", "/v1/incidents/" + id + "/close", "admin", "", 0, 200, []string{`"closed":"`}, nil},
				{"unknown incident", "GET", "/v1/incidents/inc_nothing", "admin", "", 0, 404, nil, nil},
			}
			for _, s := range steps {
				h.clock.Add(s.advance)
				resp, body := h.call(t, s.method, s.path, s.key, "en", s.body)
				if resp.StatusCode != s.status {
					t.Fatalf("%s: %d, want %d: %s", s.name, resp.StatusCode, s.status, body)
				}
				for _, w := range s.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: no %q in %.1500s", s.name, w, body)
					}
				}
				for _, n := range s.not {
					if strings.Contains(body, n) {
						t.Errorf("%s: %q must not be in %.1500s", s.name, n, body)
					}
				}
			}
			if _, err := h.a.Requests.Deliver(ctx, requests.Post{Mail: mailer.Send}, 100); err != nil {
				t.Fatal(err)
			}
			mails := smtp.Wait(t, 1, 5*time.Second)
			if len(mails) != 1 || len(mails[0].To) != 1 || mails[0].To[0] != "anna@example.se" {
				t.Fatalf("notices: %+v", mails)
			}
			if resp, body := h.call(t, "GET", "/v1/incidents/"+id+"/deliveries", "admin", "", ""); resp.StatusCode != 200 || !strings.Contains(body, `"delivered":1`) {
				t.Errorf("deliveries: %d %s", resp.StatusCode, body)
			}
		})
	}
}

// TestIncidentRefusalEchoesNoInput: a category, collection point or
// recipient the register does not have is refused without quoting what
// was sent, which may be a person's address.
func TestIncidentRefusalEchoesNoInput(t *testing.T) {
	h := newHarness(t, server.Limits{}, stores[0].Open)
	discovered := h.clock.Now().Format(time.RFC3339)
	for _, field := range []string{"categories", "points", "recipients"} {
		body := `{"title":"Leak","discovered":"` + discovered + `","` + field + `":["anna@example.se"]}`
		resp, answer := h.call(t, "POST", "/v1/incidents", "admin", "en", body)
		if resp.StatusCode != 422 || strings.Contains(answer, "anna@") {
			t.Errorf("%s: %d %s", field, resp.StatusCode, answer)
		}
	}
}

// TestIncidentRiskRaisedAfterNotNotifying: a risk assessed as high after
// the decision not to notify is refused, so that the incident does not
// stay settled (and closable) with a breach that must be notified.
func TestIncidentRiskRaisedAfterNotNotifying(t *testing.T) {
	h := newHarness(t, server.Limits{}, stores[0].Open)
	details := func(risk string) string {
		return `{"title":"Lost laptop","discovered":"` + h.clock.Now().Format(time.RFC3339) + `","risk":"` + risk + `"}`
	}
	resp, body := h.call(t, "POST", "/v1/incidents", "admin", "en", details("unlikely"))
	if resp.StatusCode != 200 {
		t.Fatalf("open: %d %s", resp.StatusCode, body)
	}
	id := field(body, "id")
	if resp, body := h.call(t, "POST", "/v1/incidents/"+id+"/decision", "admin", "en", `{"notify":false,"reason":"The disk was encrypted"}`); resp.StatusCode != 200 {
		t.Fatalf("decide: %d %s", resp.StatusCode, body)
	}
	resp, body = h.call(t, "PUT", "/v1/incidents/"+id, "admin", "en", details("high"))
	if resp.StatusCode != 422 || !strings.Contains(body, "Decide to notify first") {
		t.Fatalf("raising the risk: %d %s", resp.StatusCode, body)
	}
	_, body = h.call(t, "GET", "/v1/incidents/"+id, "admin", "en", "")
	if !strings.Contains(body, `"risk":"unlikely"`) {
		t.Errorf("the refused update changed the incident: %s", body)
	}
	// Deciding to notify first lets the assessment change.
	if resp, body := h.call(t, "POST", "/v1/incidents/"+id+"/decision", "admin", "en", `{"notify":true}`); resp.StatusCode != 200 {
		t.Fatalf("decide to notify: %d %s", resp.StatusCode, body)
	}
	if resp, body := h.call(t, "PUT", "/v1/incidents/"+id, "admin", "en", details("high")); resp.StatusCode != 200 {
		t.Fatalf("raising the risk after deciding to notify: %d %s", resp.StatusCode, body)
	}
}
