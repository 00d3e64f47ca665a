package server_test

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/smtptest"
	"github.com/tillit-privacy/tillit/requests"
	"github.com/tillit-privacy/tillit/server"
)

var codeRE = regexp.MustCompile(`(?:koden|the code) (\d{6})`)

// TestRequestWorkflow takes an access request through the API: submitted
// with a requests key, confirmed with the code that reached the SMTP
// server, then read, extended, exported and completed by an admin key;
// each step refused to a key without the scope.
func TestRequestWorkflow(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := newHarness(t, server.Limits{}, st.Open)
			smtp := smtptest.Start(t)
			mailer, err := deliver.NewMailer(deliver.MailConfig{Host: smtp.Host(), Port: smtp.Port(), From: "dataskydd@allkontrakt.example", TLS: "none"})
			if err != nil {
				t.Fatal(err)
			}
			deliverAll := func(want int) []smtptest.Message {
				t.Helper()
				if _, err := h.a.Requests.Deliver(t.Context(), requests.Post{Mail: mailer.Send}, 100); err != nil {
					t.Fatal(err)
				}
				return smtp.Wait(t, want, 5*time.Second)
			}

			resp, body := h.call(t, "POST", "/v1/requests", "requests", "en", `{"right":"access","email":"anna@example.se","lang":"en"}`)
			if resp.StatusCode != 202 {
				t.Fatalf("submit: %d %s", resp.StatusCode, body)
			}
			id := field(body, "id")
			mails := deliverAll(1)
			m := codeRE.FindStringSubmatch(mails[0].Text)
			if m == nil {
				t.Fatalf("no code in the e-mail:\n%s", mails[0].Text)
			}

			steps := []struct {
				name, method, path, key, body string
				status                        int
				want, not                     []string
			}{
				{"get before confirmation", "GET", "/v1/requests/" + id, "admin", "", 200, []string{`"state":"received"`}, nil},
				{"confirm with a collect key", "POST", "/v1/requests/" + id + "/confirm", "collect", `{"code":"` + m[1] + `"}`, 403, nil, nil},
				{"confirm", "POST", "/v1/requests/" + id + "/confirm", "requests", `{"code":"` + m[1] + `"}`, 200, []string{`"state":"confirmed"`, `"subject":"` + h.anna}, []string{"anna@"}},
				{"get with a requests key", "GET", "/v1/requests/" + id, "requests", "", 403, nil, []string{"anna@"}},
				{"get", "GET", "/v1/requests/" + id, "admin", "", 200, []string{`"due":"`, `"email":"anna@example.se"`}, nil},
				{"get unknown", "GET", "/v1/requests/req_nothing", "admin", "", 404, nil, nil},
				{"extend with a requests key", "POST", "/v1/requests/" + id + "/extend", "requests", `{"months":2,"reason":"Many systems to search."}`, 403, nil, nil},
				{"extend by three months", "POST", "/v1/requests/" + id + "/extend", "admin", `{"months":3,"reason":"Many systems to search."}`, 422, []string{"body.months"}, nil},
				{"extend", "POST", "/v1/requests/" + id + "/extend", "admin", `{"months":2,"reason":"Many systems to search."}`, 200, []string{`"extended":"`}, []string{"Many systems"}},
				{"extract with a requests key", "GET", "/v1/requests/" + id + "/extract", "requests", "", 403, nil, []string{"anna@"}},
				{"extract", "GET", "/v1/requests/" + id + "/extract?format=html", "admin", "", 200, []string{"anna@example.se", "<html"}, nil},
				{"refuse with a collect key", "POST", "/v1/requests/" + id + "/refuse", "collect", `{"reason":"no"}`, 403, nil, nil},
				{"overrule an access request", "POST", "/v1/requests/" + id + "/overrule", "admin", `{"purpose":"brokering","grounds":"none"}`, 422, nil, nil},
				{"complete", "POST", "/v1/requests/" + id + "/complete", "admin", "", 200, []string{`"state":"done"`}, []string{"anna@"}},
				{"complete again", "POST", "/v1/requests/" + id + "/complete", "admin", "", 422, []string{"already closed"}, nil},
				{"retry unknown message", "POST", "/v1/outbox/msg_nothing/retry", "admin", "", 404, nil, nil},
				{"retry with a requests key", "POST", "/v1/outbox/msg_nothing/retry", "requests", "", 403, nil, nil},
				{"close unknown task", "POST", "/v1/tasks/task_nothing/close", "admin", `{"outcome":"kept"}`, 404, nil, nil},
				{"close a task with a find key", "POST", "/v1/tasks/task_nothing/close", "find", `{"outcome":"kept"}`, 403, nil, nil},
			}
			for _, s := range steps {
				resp, body := h.call(t, s.method, s.path, s.key, "en", s.body)
				if resp.StatusCode != s.status {
					t.Fatalf("%s: %d, want %d: %s", s.name, resp.StatusCode, s.status, body)
				}
				for _, w := range s.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: no %q in %.1000s", s.name, w, body)
					}
				}
				for _, n := range s.not {
					if strings.Contains(body, n) {
						t.Errorf("%s: %q must not be in %.1000s", s.name, n, body)
					}
				}
			}
			// The extension's reason and the answer with the extract reached
			// the person.
			mails = deliverAll(3)
			if !strings.Contains(mails[1].Text, "Many systems to search.") || len(mails[2].Attachments) == 0 {
				t.Errorf("extension and answer e-mails: %q / %d attachments", mails[1].Text, len(mails[2].Attachments))
			}
		})
	}
}

// field returns a string field of a JSON object, crudely: enough for IDs.
func field(body, name string) string {
	_, rest, ok := strings.Cut(body, `"`+name+`":"`)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, `"`)
	return v
}
