package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/server"
)

// TestOneStatusTable has the API, the admin and the privacy centre of one
// server meet the same error code of the vault, each through its real
// handlers, and checks that they answer the one table's status
// (server.Statuses, whose values status_internal_test.go pins). Where a
// surface can reach the code through the same operation of the vault
// (closing a task, confirming a request) it does. A surface that cannot
// meet a code at all (the centre signs nobody in) is left out of that
// row; status_internal_test.go covers every code on every surface.
func TestOneStatusTable(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := pagesHarness(t, st.Open)
			h.insertTask(t, "task_aaaaaaaaaaaaaaaaaaaaaaaa", h.clock.Now().Add(-time.Hour))
			if resp, body := h.call(t, "POST", "/v1/tasks/task_aaaaaaaaaaaaaaaaaaaaaaaa/close", "admin", "en", `{"outcome":"kept"}`); resp.StatusCode != http.StatusOK {
				t.Fatalf("close the task: %d %s", resp.StatusCode, body)
			}
			officer := newBrowserless(t, h, "en")
			officer.signIn(t, "eva")
			visitor := newBrowserless(t, h, "en")
			link, _ := h.a.Requests.ConsentLink(h.anna)

			// api makes a call that must be answered with a problem of code
			// (the API names the vault's EFORBIDDEN, a refusal by the
			// register, not_allowed).
			api := func(code tillit.Code, method, path, key, body string) func() int {
				return func() int {
					resp, out := h.call(t, method, path, key, "en", body)
					var p struct{ Code string }
					json.Unmarshal([]byte(out), &p)
					want := string(code)
					if code == tillit.EFORBIDDEN {
						want = "not_allowed"
					}
					if p.Code != want {
						t.Errorf("%s %s: code %q, want %q", method, path, p.Code, want)
					}
					return resp.StatusCode
				}
			}
			page := func(b *browserless, method, path string, form url.Values) func() int {
				return func() int {
					resp, _ := b.do(t, method, path, form)
					return resp.StatusCode
				}
			}
			for _, row := range []struct {
				code     tillit.Code
				surfaces map[string]func() int
			}{
				{tillit.EINVALID, map[string]func() int{
					"api":    api(tillit.EINVALID, "POST", "/v1/consents", "consents", `{"subject":"{anna}","purpose":"brokering","given":false,"channel":"crm"}`),
					"admin":  page(officer, "POST", "/admin/subjects/find", url.Values{"type": {"shoe_size"}, "value": {"42"}}),
					"centre": page(visitor, "POST", "/privacy/consents", url.Values{"link": {link}, "purpose": {"brokering"}}),
				}},
				{tillit.ENOTFOUND, map[string]func() int{
					"api":    api(tillit.ENOTFOUND, "POST", "/v1/tasks/task_bbbbbbbbbbbbbbbbbbbbbbbb/close", "admin", `{"outcome":"kept"}`),
					"admin":  page(officer, "POST", "/admin/retention/tasks/task_bbbbbbbbbbbbbbbbbbbbbbbb/close", url.Values{"outcome": {"kept"}}),
					"centre": page(visitor, "GET", "/privacy/download/nothing", nil),
				}},
				{tillit.ECONFLICT, map[string]func() int{
					"api":   api(tillit.ECONFLICT, "POST", "/v1/tasks/task_aaaaaaaaaaaaaaaaaaaaaaaa/close", "admin", `{"outcome":"erased"}`),
					"admin": page(officer, "POST", "/admin/retention/tasks/task_aaaaaaaaaaaaaaaaaaaaaaaa/close", url.Values{"outcome": {"erased"}}),
				}},
				{tillit.EUNAUTHORIZED, map[string]func() int{
					"api":   api(tillit.EUNAUTHORIZED, "POST", "/v1/submissions", "revoked", annaForm),
					"admin": page(visitor, "POST", "/admin/login", url.Values{"login": {"eva"}, "password": {"fel"}, "next": {"/admin"}}),
				}},
				{tillit.EFORBIDDEN, map[string]func() int{
					"api":    api(tillit.EFORBIDDEN, "POST", "/v1/requests/req_aaaaaaaaaaaaaaaaaaaaaaaa/confirm", "requests", `{"code":"000000"}`),
					"centre": page(visitor, "POST", "/privacy/confirm", url.Values{"request": {"req_aaaaaaaaaaaaaaaaaaaaaaaa"}, "code": {"000000"}}),
				}},
			} {
				for surface, do := range row.surfaces {
					if got := do(); got != server.Statuses[row.code] {
						t.Errorf("%s: %s answered %d, want %d", row.code, surface, got, server.Statuses[row.code])
					}
				}
			}
		})
	}
}
