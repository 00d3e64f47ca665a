package server_test

import (
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/server"
)

// pagesFixture is an admin harness with an incident, a review task and a
// request whose code waits in the outbox, so that every page has rows.
type pagesFixture struct {
	*harness
	incident string
	task     string
}

func newPagesFixture(t *testing.T, open func(testing.TB) tillit.Store) *pagesFixture {
	t.Helper()
	h := pagesHarness(t, open)
	ctx := tillit.WithActor(t.Context(), "test")
	in, err := h.a.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "Lost laptop", Nature: "A laptop with an export was stolen",
		Discovered: h.clock.Now().Add(-time.Hour), Categories: []string{"email", "phone"}, Risk: tillit.RiskLikely})
	if err != nil {
		t.Fatal(err)
	}
	f := &pagesFixture{harness: h, incident: in.ID, task: "task_review1"}
	f.insertTask(t, f.task, h.clock.Now().Add(-time.Hour))
	if _, err := h.a.Requests.Submit(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: "anna@example.se", Lang: tillit.Swedish}); err != nil {
		t.Fatal(err)
	}
	return f
}

// pagesHarness is an admin harness whose address limit lets a test
// click through every page at once.
func pagesHarness(t *testing.T, open func(testing.TB) tillit.Store) *harness {
	t.Helper()
	h := newHarness(t, server.Limits{KeyRate: 500, KeyBurst: 1000, IPRate: 1e4, IPBurst: 1e4, MaxBody: 1 << 20}, open)
	ctx := tillit.WithActor(t.Context(), "test")
	for _, u := range []struct {
		login, name string
		role        tillit.AdminRole
	}{{"eva", "Eva Ek", tillit.RoleOfficer}, {"gustav", "Gustav Granskare", tillit.RoleAuditor}} {
		if _, err := h.a.Access.CreateAdmin(ctx, u.login, u.name, u.role, officerPW); err != nil {
			t.Fatal(err)
		}
	}
	return h
}

// insertTask raises a review task for Anna as a sweep would.
func (h *harness) insertTask(t *testing.T, id string, due time.Time) {
	t.Helper()
	err := h.store.Update(t.Context(), func(tx tillit.Tx) error {
		_, err := tx.InsertTask(tillit.Task{ID: id, Subject: h.anna, Purpose: "newsletter", Rule: "review 24 months after last_activity",
			Due: due, Raised: h.clock.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// auditHead is the audit log's last sequence number.
func (h *harness) auditHead(t *testing.T) int64 {
	t.Helper()
	var head int64
	err := h.store.View(t.Context(), func(tx tillit.Tx) error {
		var err error
		head, _, err = tx.AuditHead()
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return head
}

// auditSince returns the audit entries after seq.
func (h *harness) auditSince(t *testing.T, seq int64) []tillit.AuditEntry {
	t.Helper()
	var es []tillit.AuditEntry
	err := h.store.View(t.Context(), func(tx tillit.Tx) error {
		var err error
		es, err = tx.Audit(seq, 10000)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// pageOK fails the test unless the page answered status, carries every
// text (no "[admin." key shows) and is marked as the language.
func pageOK(t *testing.T, what string, resp *http.Response, body string, status int, lang string) {
	t.Helper()
	if resp.StatusCode != status {
		t.Fatalf("%s: status %d, want %d\n%s", what, resp.StatusCode, status, body)
	}
	if i := strings.Index(body, "[admin."); i >= 0 {
		t.Errorf("%s: a text is missing: %s", what, body[i:min(len(body), i+60)])
	}
	if i := strings.Index(body, "[web."); i >= 0 {
		t.Errorf("%s: a text is missing: %s", what, body[i:min(len(body), i+60)])
	}
	if !strings.Contains(body, `<html lang="`+lang+`">`) {
		t.Errorf("%s: not marked as %s", what, lang)
	}
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("%s: Cache-Control %q, want no-store", what, resp.Header.Get("Cache-Control"))
	}
}

// Every page renders for both roles in both languages with every text,
// and the officer's forms are the officer's only.
func TestAdminPagesRender(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newPagesFixture(t, st.Open)
			id := f.incident
			pages := []string{
				"/admin", "/admin/subjects", "/admin/subjects/" + f.anna, "/admin/register",
				"/admin/retention", "/admin/retention?tasks=all", "/admin/retention?until=2031-01-01",
				"/admin/audit", "/admin/audit?before=3",
				"/admin/outbox", "/admin/outbox?show=pending",
				"/admin/incidents", "/admin/incidents?show=all", "/admin/incidents/" + id,
				"/admin/incidents/" + id + "/affected", "/admin/incidents/" + id + "/draft?for=authority&in=sv",
				"/admin/incidents/" + id + "/draft?for=subjects&in=en",
			}
			officerOnly := []string{"/admin/incidents/new", "/admin/incidents/" + id + "/edit"}
			for _, user := range []string{"eva", "gustav"} {
				for _, lang := range []string{"sv", "en"} {
					b := newBrowserless(t, f.harness, lang)
					b.signIn(t, user)
					for _, path := range pages {
						resp, body := b.do(t, "GET", path, nil)
						pageOK(t, user+" "+lang+" GET "+path, resp, body, http.StatusOK, lang)
					}
					for _, path := range officerOnly {
						resp, body := b.do(t, "GET", path, nil)
						if user == "eva" {
							pageOK(t, user+" "+lang+" GET "+path, resp, body, http.StatusOK, lang)
						} else if resp.StatusCode != http.StatusForbidden {
							t.Errorf("auditor GET %s: %d, want 403", path, resp.StatusCode)
						}
					}
					resp, body := b.do(t, "POST", "/admin/subjects/"+f.anna, url.Values{"reason": {"complaint"}})
					if user == "eva" {
						pageOK(t, "officer opens the subject in "+lang, resp, body, http.StatusOK, lang)
					} else if resp.StatusCode != http.StatusForbidden {
						t.Errorf("auditor opens the subject: %d, want 403", resp.StatusCode)
					}
				}
			}
			// The auditor is told why there is no search form.
			b := newBrowserless(t, f.harness, "en")
			b.signIn(t, "gustav")
			if _, body := b.do(t, "GET", "/admin/subjects", nil); !strings.Contains(body, "As an auditor you cannot open") || strings.Contains(body, `action="/admin/subjects/find`) {
				t.Errorf("the auditor's subjects page:\n%s", body)
			}
			if _, body := b.do(t, "GET", "/admin/incidents/"+id, nil); strings.Contains(body, `method="post"`) && strings.Contains(body, "/decide") {
				t.Errorf("the auditor sees the incident's forms")
			}
		})
	}
}

// An auditor's posts are refused and change nothing; so is a post from
// another site, even the officer's.
func TestAdminPagesRefusePosts(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newPagesFixture(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			msgs, err := f.a.Requests.Messages(ctx, tillit.MessageFilter{})
			if err != nil || len(msgs) == 0 {
				t.Fatalf("messages: %v %v", msgs, err)
			}
			id := f.incident
			posts := []struct {
				path string
				form url.Values
			}{
				{"/admin/subjects/find", url.Values{"type": {"email"}, "value": {"anna@example.se"}}},
				{"/admin/subjects/" + f.anna, url.Values{"reason": {"complaint"}}},
				{"/admin/retention/tasks/" + f.task + "/close", url.Values{"outcome": {"kept"}}},
				{"/admin/outbox/" + msgs[0].ID + "/retry", url.Values{}},
				{"/admin/incidents", url.Values{"title": {"Another"}, "discovered": {"2020-01-01T10:00"}}},
				{"/admin/incidents/" + id + "/edit", url.Values{"title": {"Changed"}, "discovered": {"2020-01-01T10:00"}}},
				{"/admin/incidents/" + id + "/decide", url.Values{"notify": {"yes"}}},
				{"/admin/incidents/" + id + "/notify", url.Values{"phase": {"initial"}}},
				{"/admin/incidents/" + id + "/notify-subjects", url.Values{"override": {"yes"}}},
				{"/admin/incidents/" + id + "/note", url.Values{"note": {"passwords reset"}}},
				{"/admin/incidents/" + id + "/close", url.Values{}},
				{"/admin/incidents/" + id + "/record-affected", url.Values{}},
			}
			auditor := newBrowserless(t, f.harness, "sv")
			auditor.signIn(t, "gustav")
			officer := newBrowserless(t, f.harness, "sv")
			officer.signIn(t, "eva")
			before := f.auditHead(t)
			for _, p := range posts {
				resp, body := auditor.do(t, "POST", p.path, p.form)
				if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "granskare") {
					t.Errorf("auditor POST %s: %d, want 403 saying why\n%s", p.path, resp.StatusCode, body)
				}
				resp, body = officer.do(t, "POST", p.path, p.form, "Sec-Fetch-Site", "cross-site")
				if resp.StatusCode != http.StatusForbidden || !strings.Contains(body, "annan webbplats") {
					t.Errorf("cross-site POST %s: %d, want 403\n%s", p.path, resp.StatusCode, body)
				}
			}
			if after := f.auditHead(t); after != before {
				t.Errorf("refused posts wrote %d audit entries: %v", after-before, f.auditSince(t, before))
			}
			in, err := f.a.Breaches.Incident(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if in.Title != "Lost laptop" || !in.Decision.IsZero() || len(in.Timeline) != 1 || in.IsClosed() {
				t.Errorf("the incident changed: %+v", in)
			}
			if ins, _ := f.a.Breaches.Incidents(ctx, tillit.IncidentFilter{}); len(ins) != 1 {
				t.Errorf("%d incidents, want 1", len(ins))
			}
			if ts, _ := f.a.Vault.Tasks(ctx, false, "", 10); len(ts) != 1 {
				t.Errorf("the task was closed: %v", ts)
			}
		})
	}
}

// Opening a subject asks why first, logs the reason as a code without
// personal data before showing anything, and shows everything held by
// purpose with its forecast, disclosures, consents, events and requests.
func TestAdminSubjectPage(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newPagesFixture(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			if _, _, err := f.a.Vault.Disclose(ctx, tillit.Disclosure{Subject: f.anna, Purpose: "brokering", Recipient: "northmill"}); err != nil {
				t.Fatal(err)
			}
			b := newBrowserless(t, f.harness, "sv")
			b.signIn(t, "eva")
			path := "/admin/subjects/" + f.anna

			// The reason form shows nothing held, even with a reason in
			// the URL.
			for _, p := range []string{path, path + "?reason=complaint", path + "?reason=complaint&ref=x"} {
				resp, body := b.do(t, "GET", p, nil)
				pageOK(t, "GET "+p, resp, body, http.StatusOK, "sv")
				if strings.Contains(body, "Anna Andersson") || strings.Contains(body, "anna@example.se") {
					t.Errorf("GET %s shows personal data", p)
				}
				if !strings.Contains(body, "Varför öppnar du uppgifterna?") {
					t.Errorf("GET %s does not ask why", p)
				}
			}

			// Bad reasons are refused with the field marked, nothing logged.
			head := f.auditHead(t)
			for _, c := range []struct {
				name string
				form url.Values
				want string
			}{
				{"no reason", url.Values{}, "Välj ett skäl."},
				{"unknown reason", url.Values{"reason": {"curiosity"}}, "Välj ett skäl."},
				{"other without a description", url.Values{"reason": {"other"}}, "Beskriv skälet"},
				{"an e-mail address as reference", url.Values{"reason": {"complaint"}, "ref": {"anna@example.se"}}, "Referensen anges som ett id"},
				{"a phone number as reference", url.Values{"reason": {"complaint"}, "ref": {"0701740605"}}, "telefonnummer"},
				{"a personnummer as reference", url.Values{"reason": {"complaint"}, "ref": {"199001010017"}}, "personnummer"},
				{"too long a description", url.Values{"reason": {"other"}, "note": {strings.Repeat("x", 501)}}, "högst 500"},
			} {
				resp, body := b.do(t, "POST", path, c.form)
				if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, c.want) || !strings.Contains(body, `aria-invalid="true"`) {
					t.Errorf("%s: %d, want 422 with %q\n%s", c.name, resp.StatusCode, c.want, body)
				}
				if strings.Contains(body, "Anna Andersson") {
					t.Errorf("%s: the data was shown", c.name)
				}
			}
			if n := f.auditHead(t); n != head {
				t.Errorf("refused reasons wrote %v", f.auditSince(t, head))
			}

			// A good reason: logged first, then everything shown.
			secret := "Anna Andersson ringde om sin faktura"
			resp, body := b.do(t, "POST", path, url.Values{"reason": {"other"}, "ref": {"CASE-2024-17"}, "note": {secret}})
			pageOK(t, "open", resp, body, http.StatusOK, "sv")
			for _, want := range []string{"Anna Andersson", "anna@example.se", "&#43;46701740605", "Personen själv", secret, "Annat (CASE-2024-17)",
				"Uppgifter per ändamål", "Gallringsprognos", "Northmill", "Utlämnanden", "Samtycken", "Händelser", "Öppna begäranden", "Eva Ek"} {
				if !strings.Contains(body, want) {
					t.Errorf("the subject page lacks %q\n%s", want, body)
				}
			}
			if _, after, _ := strings.Cut(body, `id="held-h"`); !regexp.MustCompile(`(?s)<h3>[^<]+<span class="badge">`).MatchString(after) {
				t.Errorf("the data is not grouped by purpose")
			}
			es := f.auditSince(t, head)
			if len(es) == 0 || es[0].Action != "subject_opened" || es[0].Subject != f.anna || es[0].Detail != "reason=other ref=CASE-2024-17" || !strings.HasPrefix(es[0].Actor, "admin:") {
				t.Fatalf("the first entry after opening is %+v; want subject_opened with the reason", es)
			}
			for _, e := range es {
				all := e.Actor + e.Action + e.Subject + e.Purpose + e.Detail
				for _, pd := range []string{"Anna", "anna@", "0701740605", "+4670", "faktura"} {
					if strings.Contains(all, pd) {
						t.Errorf("audit entry %d holds personal data: %+v", e.Seq, e)
					}
				}
			}
			if strings.Contains(f.log.String(), "anna@") || strings.Contains(f.log.String(), "faktura") {
				t.Errorf("the server log holds personal data")
			}

			// A subject that does not exist.
			if resp, _ := b.do(t, "POST", "/admin/subjects/sub_nobody", url.Values{"reason": {"complaint"}}); resp.StatusCode != http.StatusNotFound {
				t.Errorf("unknown subject: %d, want 404", resp.StatusCode)
			}
		})
	}
}

// Finding a person posts the identifier and lands on the reason form by
// the subject's ID; the identifier is in no URL.
func TestAdminFindSubject(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newPagesFixture(t, st.Open)
			b := newBrowserless(t, f.harness, "en")
			b.signIn(t, "eva")
			resp, _ := b.do(t, "POST", "/admin/subjects/find", url.Values{"type": {"email"}, "value": {"Anna@Example.se"}})
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/subjects/"+f.anna) {
				t.Fatalf("find: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			resp, _ = b.do(t, "POST", "/admin/subjects/find", url.Values{"type": {"phone"}, "value": {"070-174 06 05"}})
			if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/admin/subjects/"+f.anna) || strings.Contains(loc, "070") {
				t.Errorf("find by phone: %d to %q", resp.StatusCode, loc)
			}
			resp, body := b.do(t, "POST", "/admin/subjects/find", url.Values{"type": {"email"}, "value": {"nobody@example.se"}})
			if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, "No data subject has that identifier") || !strings.Contains(body, `value="nobody@example.se"`) {
				t.Errorf("unknown: %d\n%s", resp.StatusCode, body)
			}
			resp, body = b.do(t, "POST", "/admin/subjects/find", url.Values{"type": {"email"}, "value": {"not an address"}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `aria-invalid="true"`) {
				t.Errorf("invalid: %d\n%s", resp.StatusCode, body)
			}
			resp, _ = b.do(t, "POST", "/admin/subjects/find", url.Values{"type": {"email"}, "value": {""}})
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("empty: %d", resp.StatusCode)
			}
			resp, _ = b.do(t, "GET", "/admin/subjects?id="+f.anna, nil)
			if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/subjects/"+f.anna) {
				t.Errorf("by ID: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			resp, body = b.do(t, "GET", "/admin/subjects?id="+url.QueryEscape("https://evil.example/"), nil)
			if resp.StatusCode != http.StatusUnprocessableEntity || resp.Header.Get("Location") != "" {
				t.Errorf("a bad ID: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
			}
			if strings.Contains(f.log.String(), "anna@") || strings.Contains(strings.ToLower(f.log.String()), "nobody@") {
				t.Errorf("the log holds an identifier:\n%s", f.log.String())
			}
		})
	}
}

// Bad input on the forms re-renders them with the values and the fields
// marked, and changes nothing.
func TestAdminPagesFormErrors(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newPagesFixture(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			b := newBrowserless(t, f.harness, "en")
			b.signIn(t, "eva")
			future := f.clock.Now().Add(48 * time.Hour).In(tillit.Stockholm).Format("2006-01-02T15:04")
			id := f.incident
			cases := []struct {
				name, path string
				form       url.Values
				want       []string
			}{
				{"incident without a title", "/admin/incidents", url.Values{"title": {""}, "discovered": {"2020-01-01T10:00"}, "nature": {"Kept text"}},
					[]string{"Fill in the field.", "Kept text", `id="f-title"`}},
				{"incident with a bad time", "/admin/incidents", url.Values{"title": {"Leak"}, "discovered": {"yesterday"}},
					[]string{"YYYY-MM-DD HH:MM", `value="Leak"`}},
				{"incident discovered in the future", "/admin/incidents", url.Values{"title": {"Leak"}, "discovered": {future}, "categories": {"email"}},
					[]string{"in the future", `value="email" checked`}},
				{"incident with an unknown category", "/admin/incidents", url.Values{"title": {"Leak"}, "discovered": {"2020-01-01T10:00"}, "categories": {"shoe_size"}},
					[]string{"not in the register"}},
				{"incident with a personnummer", "/admin/incidents", url.Values{"title": {"Leak"}, "discovered": {"2020-01-01T10:00"}, "nature": {"19900101-0017 leaked"}},
					[]string{"personnummer"}},
				{"edit without a title", "/admin/incidents/" + id + "/edit", url.Values{"title": {""}, "discovered": {"2020-01-01T10:00"}},
					[]string{"Fill in the field."}},
				{"not notifying without a reason", "/admin/incidents/" + id + "/decide", url.Values{"notify": {"no"}},
					[]string{"Give the reason"}},
				{"no decision chosen", "/admin/incidents/" + id + "/decide", url.Values{},
					[]string{"Choose whether"}},
				{"a supplementary notification first", "/admin/incidents/" + id + "/notify", url.Values{"phase": {"supplementary"}},
					[]string{"follows an initial"}},
				{"an empty note", "/admin/incidents/" + id + "/note", url.Values{"note": {"  "}},
					[]string{"Fill in the field."}},
				{"closing an unsettled incident", "/admin/incidents/" + id + "/close", url.Values{},
					[]string{"before closing"}},
				{"notifying people at a risk not high", "/admin/incidents/" + id + "/notify-subjects", url.Values{},
					[]string{"not assessed as high"}},
				{"a task without a decision", "/admin/retention/tasks/" + f.task + "/close", url.Values{"outcome": {""}},
					[]string{"Choose a decision."}},
				{"a task with an unknown decision", "/admin/retention/tasks/" + f.task + "/close", url.Values{"outcome": {"burnt"}},
					[]string{"Choose a decision."}},
			}
			head := f.auditHead(t)
			for _, c := range cases {
				resp, body := b.do(t, "POST", c.path, c.form)
				if resp.StatusCode != http.StatusUnprocessableEntity {
					t.Errorf("%s: %d, want 422\n%s", c.name, resp.StatusCode, body)
					continue
				}
				pageOK(t, c.name, resp, body, http.StatusUnprocessableEntity, "en")
				if !strings.Contains(body, "Nothing was changed") {
					t.Errorf("%s: no form error above the page", c.name)
				}
				for _, w := range c.want {
					if !strings.Contains(body, w) {
						t.Errorf("%s: the page lacks %q", c.name, w)
					}
				}
			}
			// Only the re-rendered incident pages' looks were logged.
			for _, e := range f.auditSince(t, head) {
				if e.Action != "incident_viewed" {
					t.Errorf("a refused form wrote %+v", e)
				}
			}
			in, _ := f.a.Breaches.Incident(ctx, id)
			if in.Title != "Lost laptop" || !in.Decision.IsZero() || len(in.Timeline) != 1 {
				t.Errorf("the incident changed: %+v", in)
			}
			if ins, _ := f.a.Breaches.Incidents(ctx, tillit.IncidentFilter{}); len(ins) != 1 {
				t.Errorf("%d incidents, want 1", len(ins))
			}
			resp, body := b.do(t, "GET", "/admin/retention?until=tomorrow", nil)
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "YYYY-MM-DD") {
				t.Errorf("a bad forecast date: %d", resp.StatusCode)
			}
			resp, _ = b.do(t, "GET", "/admin/register/ropa?format=xml", nil)
			if resp.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("ROPA in xml: %d", resp.StatusCode)
			}
		})
	}
}

// An incident through its pages: opened, shown with its clock on the
// list and the dashboard, decided, notified in phases, noted, the people
// told, drafts written, closed; the clock turns overdue after 72 hours.
func TestAdminIncidentPages(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := pagesHarness(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			if _, _, err := h.a.Vault.Disclose(ctx, tillit.Disclosure{Subject: h.anna, Purpose: "brokering", Recipient: "northmill"}); err != nil {
				t.Fatal(err)
			}
			h.clock.Add(3 * time.Hour)
			b := newBrowserless(t, h, "sv")
			b.signIn(t, "eva")
			discovered := h.clock.Now().In(tillit.Stockholm).Add(-2 * time.Hour).Truncate(time.Minute)
			resp, body := b.do(t, "POST", "/admin/incidents", url.Values{
				"title": {"Läcka hos Northmill"}, "discovered": {discovered.Format("2006-01-02T15:04")},
				"from": {discovered.Add(-48 * time.Hour).Format("2006-01-02T15:04")}, "recipients": {"northmill"},
				"nature": {"Ett felkonfigurerat API"}, "systems": {"crm, export"}, "risk": {"high"},
			})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("open: %d\n%s", resp.StatusCode, body)
			}
			loc := resp.Header.Get("Location")
			id := strings.TrimPrefix(strings.Split(loc, "?")[0], "/admin/incidents/")
			resp, body = b.do(t, "GET", loc, nil)
			pageOK(t, "incident", resp, body, http.StatusOK, "sv")
			for _, want := range []string{"Incidenten är registrerad", "Läcka hos Northmill", "70 h 00 min kvar", "Northmill", "<code>crm</code>", "hög risk", "Registrerad"} {
				if !strings.Contains(body, want) {
					t.Errorf("the incident page lacks %q", want)
				}
			}
			for _, path := range []string{"/admin/incidents", "/admin"} {
				if _, body := b.do(t, "GET", path, nil); !strings.Contains(body, "70 h 00 min kvar") {
					t.Errorf("%s does not show the clock", path)
				}
			}
			// Who is affected: Anna, through the disclosure to Northmill.
			// Looking records nothing; the officer records the count.
			_, body = b.do(t, "GET", "/admin/incidents/"+id+"/affected", nil)
			if !strings.Contains(body, h.anna) || !strings.Contains(body, "<strong>1</strong>") || !strings.Contains(body, `action="/admin/incidents/`+id+`/record-affected`) {
				t.Errorf("affected:\n%s", body)
			}
			if _, body = b.do(t, "GET", "/admin/incidents/"+id, nil); !strings.Contains(body, "Inget antal är registrerat") {
				t.Errorf("looking at who is affected recorded a count")
			}
			resp, body = b.do(t, "POST", "/admin/incidents/"+id+"/record-affected", url.Values{})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("record the count: %d\n%s", resp.StatusCode, body)
			}
			if _, body = b.do(t, "GET", resp.Header.Get("Location"), nil); !strings.Contains(body, "Antalet berörda är registrerat") || !strings.Contains(body, "Berörda personer: 1, poster: 1") {
				t.Errorf("the incident page does not show the recorded count:\n%s", body)
			}
			for _, c := range []struct{ path, want string }{
				{"/draft?for=authority&in=sv", "<pre"},
				{"/draft?for=authority&in=en", "lang=\"en\""},
				{"/draft?for=subjects&in=sv", "<pre"},
			} {
				resp, body := b.do(t, "GET", "/admin/incidents/"+id+c.path, nil)
				pageOK(t, "draft "+c.path, resp, body, http.StatusOK, "sv")
				if !strings.Contains(body, c.want) || !strings.Contains(body, "Northmill") {
					t.Errorf("draft %s:\n%s", c.path, body)
				}
			}
			// The clock turns overdue after 72 hours.
			h.clock.Add(71 * time.Hour)
			b = newBrowserless(t, h, "sv") // the session has ended
			b.signIn(t, "eva")
			if _, body = b.do(t, "GET", "/admin/incidents", nil); !strings.Contains(body, "badge clock bad") || !strings.Contains(body, "1 h 00 min över tiden") {
				t.Errorf("not overdue after 73 hours:\n%s", body)
			}
			steps := []struct {
				action string
				form   url.Values
				done   string
			}{
				{"decide", url.Values{"notify": {"yes"}}, "Beslutet är registrerat"},
				{"edit", url.Values{"title": {"Läcka hos Northmill"}, "discovered": {discovered.Format("2006-01-02T15:04")}, "recipients": {"northmill"},
					"risk": {"high"}, "delay_reason": {"Leverantören svarade sent"}}, "Uppgifterna är sparade"},
				{"notify", url.Values{"phase": {"initial"}, "reference": {"IMY-2024-123"}}, "Anmälan till IMY är registrerad"},
				{"notify", url.Values{"phase": {"final"}, "note": {"Allt klart"}}, "Anmälan till IMY är registrerad"},
				{"notify-subjects", url.Values{}, "Besked till de berörda är köade"},
				{"note", url.Values{"note": {"Lösenord återställda"}}, "Anteckningen är sparad"},
				{"close", url.Values{}, "Incidenten är stängd"},
			}
			for _, s := range steps {
				resp, body := b.do(t, "POST", "/admin/incidents/"+id+"/"+s.action, s.form)
				if resp.StatusCode != http.StatusSeeOther {
					t.Fatalf("%s: %d\n%s", s.action, resp.StatusCode, body)
				}
				if _, body = b.do(t, "GET", resp.Header.Get("Location"), nil); !strings.Contains(body, s.done) {
					t.Errorf("%s: no %q", s.action, s.done)
				}
			}
			in, err := h.a.Breaches.Incident(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !in.IsClosed() || len(in.Notifications) != 2 || !in.Notifications[0].Late || in.Notifications[0].Reference != "IMY-2024-123" || len(in.Notices) != 1 || in.Notices[0].Queued != 1 {
				t.Errorf("after the steps: %+v", in)
			}
			_, body = b.do(t, "GET", "/admin/incidents/"+id, nil)
			for _, want := range []string{"Lösenord återställda", "IMY-2024-123", "sen", "stängd", "Eva Ek", "1 köade"} {
				if !strings.Contains(body, want) {
					t.Errorf("the closed incident's page lacks %q", want)
				}
			}
			if strings.Contains(body, `action="/admin/incidents/`+id+`/note`) || strings.Contains(body, `/record-affected`) {
				t.Errorf("a closed incident still offers its forms")
			}
			taken := len(in.Timeline)
			resp, body = b.do(t, "POST", "/admin/incidents/"+id+"/record-affected", url.Values{})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Incidenten är stängd") {
				t.Errorf("recording a count on a closed incident: %d\n%s", resp.StatusCode, body)
			}
			if in, _ = h.a.Breaches.Incident(ctx, id); len(in.Timeline) != taken {
				t.Errorf("a count was recorded on the closed incident: %+v", in.Timeline[taken:])
			}
		})
	}
}

// Lists paginate: incidents, the outbox, tasks, the forecast and the
// audit log.
func TestAdminPagesPaginate(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := pagesHarness(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			const n = 53
			for i := range n {
				if _, err := h.a.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: fmt.Sprintf("Incident %02d", i), Discovered: h.clock.Now().Add(-time.Duration(i) * time.Minute)}); err != nil {
					t.Fatal(err)
				}
				if _, err := h.a.Requests.Submit(ctx, tillit.RequestForm{Right: tillit.RightAccess, Email: fmt.Sprintf("p%d@example.se", i)}); err != nil {
					t.Fatal(err)
				}
				h.insertTask(t, fmt.Sprintf("task_%03d", i), h.clock.Now().Add(-time.Duration(i+1)*time.Hour))
				if _, err := h.a.Vault.Collect(ctx, tillit.Submission{Point: "broker_form", Fields: map[string]string{
					"name": "P", "email": fmt.Sprintf("q%d@example.se", i), "phone": fmt.Sprintf("070-17406%02d", 10+i), "ip_address": "192.0.2.10",
				}, Events: []string{"request_submitted"}}); err != nil {
					t.Fatal(err)
				}
			}
			b := newBrowserless(t, h, "en")
			b.signIn(t, "eva")
			rows := regexp.MustCompile(`(?s)<tbody>.*?</tbody>`)
			count := func(body, row string) int {
				return strings.Count(rows.FindString(body), row)
			}
			next := regexp.MustCompile(`<a href="([^"]*after=[^"]+)">Next →</a>`)
			for _, c := range []struct {
				path, row string
				total     int
			}{
				{"/admin/incidents", "<tr>", n},
				{"/admin/outbox", "<tr>", n},
				{"/admin/retention#tasks", `<td>task_`, n},
			} {
				resp, body := b.do(t, "GET", c.path, nil)
				pageOK(t, c.path, resp, body, http.StatusOK, "en")
				if got := count(body, c.row); got != 50 {
					t.Errorf("%s: %d rows on the first page, want 50", c.path, got)
				}
				m := next.FindStringSubmatch(body)
				if m == nil {
					t.Fatalf("%s: no next page", c.path)
				}
				resp, body = b.do(t, "GET", strings.ReplaceAll(m[1], "&amp;", "&"), nil)
				pageOK(t, c.path+" page 2", resp, body, http.StatusOK, "en")
				if got := count(body, c.row); got != c.total-50 {
					t.Errorf("%s: %d rows on the second page, want %d", c.path, got, c.total-50)
				}
				if next.MatchString(body) {
					t.Errorf("%s: the last page has a next link", c.path)
				}
			}
			// The forecast: every item of 54 people falls due within a
			// year (brokering data goes 12 months after the request).
			until := h.clock.Now().AddDate(1, 1, 0).Format("2006-01-02")
			resp, body := b.do(t, "GET", "/admin/retention?until="+until, nil)
			pageOK(t, "forecast", resp, body, http.StatusOK, "en")
			fc := regexp.MustCompile(`skip=(\d+)#forecast-h`).FindStringSubmatch(body)
			if fc == nil || fc[1] != "50" {
				t.Fatalf("the forecast has no next page: %v", fc)
			}
			// The audit log, newest first, 50 at a time.
			head := h.auditHead(t)
			_, body = b.do(t, "GET", "/admin/audit", nil)
			seqs := regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(body, -1)
			if len(seqs) != 50 || seqs[0][1] != fmt.Sprint(head) || seqs[49][1] != fmt.Sprint(head-49) {
				t.Fatalf("audit page 1: %d rows from %v; head %d", len(seqs), seqs[:min(1, len(seqs))], head)
			}
			older := regexp.MustCompile(`<a href="(/admin/audit\?before=\d+)">Older →</a>`).FindStringSubmatch(body)
			if older == nil {
				t.Fatal("no older page of the audit log")
			}
			_, body = b.do(t, "GET", older[1], nil)
			seqs = regexp.MustCompile(`<td class="num">(\d+)</td>`).FindAllStringSubmatch(body, -1)
			if len(seqs) == 0 || seqs[0][1] != fmt.Sprint(head-50) {
				t.Errorf("audit page 2 starts at %v, want %d", seqs, head-50)
			}
			if !strings.Contains(body, "← Newer") {
				t.Errorf("audit page 2 has no link back")
			}
		})
	}
}

// The audit page verifies the chain when its button is posted, also
// for the auditor: intact, then broken at the entry that was altered
// behind the store's back. A GET verifies nothing and writes nothing; a
// post from another site is refused.
func TestAdminAuditVerify(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			h := pagesHarness(t, st.Open)
			b := newBrowserless(t, h, "sv")
			b.signIn(t, "gustav")
			_, body := b.do(t, "GET", "/admin/audit", nil)
			if !strings.Contains(body, `<form method="post" action="/admin/audit/verify?lang=sv#verify-h">`) {
				t.Fatalf("the audit page has no verify button that posts:\n%s", body)
			}
			before := h.auditHead(t)
			for range 3 {
				resp, body := b.do(t, "GET", "/admin/audit/verify?lang=en", nil)
				if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/audit?lang=en" || strings.Contains(body, "intact") {
					t.Errorf("GET verify: %d %s\n%s", resp.StatusCode, resp.Header.Get("Location"), body)
				}
			}
			resp, body := b.do(t, "POST", "/admin/audit/verify", url.Values{}, "Sec-Fetch-Site", "cross-site")
			if resp.StatusCode != http.StatusForbidden {
				t.Errorf("cross-site POST verify: %d\n%s", resp.StatusCode, body)
			}
			if after := h.auditHead(t); after != before {
				t.Errorf("GET or a refused post wrote %d audit entries: %+v", after-before, h.auditSince(t, before))
			}
			resp, body = b.do(t, "POST", "/admin/audit/verify", url.Values{})
			pageOK(t, "verify", resp, body, http.StatusOK, "sv")
			if !strings.Contains(body, "Kedjan är hel") || !strings.Contains(body, fmt.Sprintf("%d poster kontrollerade", before)) {
				t.Fatalf("verify:\n%s", body)
			}
			if !strings.Contains(body, `class="lang" href="/admin/audit?lang=en"`) {
				t.Errorf("the other language's link verifies again")
			}
			es := h.auditSince(t, before)
			if len(es) != 1 || es[0].Action != "audit_verified" || es[0].Actor == "" || !strings.Contains(es[0].Detail, "intact=true") {
				t.Errorf("the verification was not logged once: %+v", es)
			}
			db, ok := h.store.(interface{ DB() *sql.DB })
			if !ok {
				t.Skip("the store gives no raw handle to tamper with")
			}
			if _, err := db.DB().ExecContext(t.Context(), `UPDATE audit SET detail = 'altered' WHERE seq = 2`); err != nil {
				t.Fatal(err)
			}
			_, body = b.do(t, "POST", "/admin/audit/verify?lang=en", url.Values{})
			if !strings.Contains(body, "The chain is broken at entry 2.") || !strings.Contains(body, "entry 2 was altered") {
				t.Errorf("a broken chain:\n%s", body)
			}
		})
	}
}

// Looking at who an incident affects and at its drafts changes nothing:
// an auditor (and an officer) may view them again and again, and turn
// the pages of the affected list, leaving the incident's timeline as it
// was; each view is one audit entry of IDs and counts. The officer's
// post records the count in the timeline, and the API still does on its
// GET.
func TestAdminIncidentViewsChangeNothing(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := pagesHarness(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			// 55 more people with an e-mail address and a phone number
			// before the breach: the affected list has two pages.
			for i := range 55 {
				if _, err := f.a.Vault.Collect(ctx, tillit.Submission{Point: "broker_form", Fields: map[string]string{
					"name": "P", "email": fmt.Sprintf("q%d@example.se", i), "phone": fmt.Sprintf("070-17406%02d", 10+i), "ip_address": "192.0.2.10",
				}}); err != nil {
					t.Fatal(err)
				}
			}
			f.clock.Add(time.Hour)
			was, err := f.a.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "Lost laptop", Discovered: f.clock.Now().Add(-time.Minute),
				Categories: []string{"email", "phone"}, Risk: tillit.RiskLikely})
			if err != nil {
				t.Fatal(err)
			}
			id := was.ID
			before := f.auditHead(t)
			next := regexp.MustCompile(`<a href="(/admin/incidents/[^"]*/affected\?after=[^"#]+)#list-h">`)
			subjectLink := regexp.MustCompile(`<li><a href="/admin/subjects/`)
			views := 0
			for _, user := range []string{"gustav", "eva"} {
				b := newBrowserless(t, f, "en")
				b.signIn(t, user)
				for range 2 {
					resp, body := b.do(t, "GET", "/admin/incidents/"+id+"/affected", nil)
					pageOK(t, user+" affected", resp, body, http.StatusOK, "en")
					if got := len(subjectLink.FindAllString(body, -1)); got != 50 || !strings.Contains(body, "<strong>56</strong>") {
						t.Fatalf("%s: the first page lists %d people:\n%s", user, got, body)
					}
					if offers := strings.Contains(body, "/record-affected"); offers != (user == "eva") {
						t.Errorf("%s: the record button shown %t", user, offers)
					}
					m := next.FindStringSubmatch(body)
					if m == nil {
						t.Fatalf("%s: no next page of the affected", user)
					}
					resp, body = b.do(t, "GET", m[1], nil)
					pageOK(t, user+" affected page 2", resp, body, http.StatusOK, "en")
					if got := len(subjectLink.FindAllString(body, -1)); got != 6 || next.MatchString(body) {
						t.Errorf("%s: the second page lists %d people", user, got)
					}
					for _, q := range []string{"for=authority&in=sv", "for=authority&in=en", "for=subjects&in=sv", "for=subjects&in=en"} {
						resp, body := b.do(t, "GET", "/admin/incidents/"+id+"/draft?"+q, nil)
						pageOK(t, user+" draft "+q, resp, body, http.StatusOK, "en")
						if !strings.Contains(body, "<pre") {
							t.Errorf("%s: draft %s:\n%s", user, q, body)
						}
					}
					views += 2 + 4
				}
				if _, body := b.do(t, "GET", "/admin/incidents/"+id, nil); !strings.Contains(body, "No count is recorded in the timeline yet.") {
					t.Errorf("%s: the incident page shows a count that was never recorded", user)
				}
			}
			in, err := f.a.Breaches.Incident(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(in.Timeline) != len(was.Timeline) || in.Title != was.Title || in.Risk != was.Risk {
				t.Fatalf("viewing changed the incident: %+v", in.Timeline)
			}
			// Each view is audited as a read, with IDs and counts only.
			counted := map[string]int{}
			for _, e := range f.auditSince(t, before) {
				counted[e.Action]++
				switch e.Action {
				case "incident_affected_viewed", "incident_draft_viewed":
					if !strings.HasPrefix(e.Detail, "incident="+id+" ") || !strings.Contains(e.Detail, "subjects=56") || strings.Contains(e.Detail, "@") || e.Subject != "" {
						t.Errorf("the view's entry: %+v", e)
					}
				case "incident_affected", "incident_drafted":
					t.Errorf("a view was recorded as a step: %+v", e)
				}
			}
			if counted["incident_affected_viewed"] != 8 || counted["incident_draft_viewed"] != 16 || counted["incident_affected_viewed"]+counted["incident_draft_viewed"] != views {
				t.Errorf("audited views: %v, want %d", counted, views)
			}
			// The officer records the count: one step.
			b := newBrowserless(t, f, "en")
			b.signIn(t, "eva")
			resp, body := b.do(t, "POST", "/admin/incidents/"+id+"/record-affected", url.Values{})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("record the count: %d\n%s", resp.StatusCode, body)
			}
			if _, body = b.do(t, "GET", resp.Header.Get("Location"), nil); !strings.Contains(body, "People affected: 56, records: 112") {
				t.Errorf("the recorded count is not shown:\n%s", body)
			}
			in, _ = f.a.Breaches.Incident(ctx, id)
			if n := len(in.Timeline); n != len(was.Timeline)+1 || in.Timeline[n-1].Kind != tillit.AuditIncidentAffected || !strings.Contains(in.Timeline[n-1].Note, "subjects=56") {
				t.Errorf("the recorded count: %+v", in.Timeline)
			}
			// The API's GET still records its computation in the timeline.
			if resp, body := f.call(t, "GET", "/v1/incidents/"+id+"/affected", "admin", "en", ""); resp.StatusCode != http.StatusOK {
				t.Fatalf("API affected: %d %s", resp.StatusCode, body)
			}
			if in, _ = f.a.Breaches.Incident(ctx, id); len(in.Timeline) != len(was.Timeline)+2 {
				t.Errorf("the API's GET did not record a step: %+v", in.Timeline)
			}
		})
	}
}

// The register page shows the findings with their places, and the
// record of processing downloads in both formats.
func TestAdminRegisterPage(t *testing.T) {
	h := pagesHarness(t, stores[0].Open)
	b := newBrowserless(t, h, "en")
	b.signIn(t, "gustav")
	_, body := b.do(t, "GET", "/admin/register", nil)
	for _, want := range []string{"/privacy?lang=sv", "/admin/register/ropa?format=csv&amp;in=sv", "Record of processing activities", "Allkontrakt"} {
		if !strings.Contains(body, want) {
			t.Errorf("the register page lacks %q", want)
		}
	}
	resp, csv := b.do(t, "GET", "/admin/register/ropa?format=csv&in=sv", nil)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(resp.Header.Get("Content-Disposition"), "ropa-sv.csv") || !strings.Contains(csv, "Allkontrakt") {
		t.Errorf("CSV: %d %v\n%s", resp.StatusCode, resp.Header, csv)
	}
	resp, js := b.do(t, "GET", "/admin/register/ropa?format=json&in=en", nil)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" || !strings.Contains(js, `"purpose_id"`) {
		t.Errorf("JSON: %d\n%s", resp.StatusCode, js)
	}
}

// The outbox retries a message it gave up on; one still waiting is
// refused with the reason.
func TestAdminOutboxRetry(t *testing.T) {
	for _, st := range stores {
		t.Run(st.Name, func(t *testing.T) {
			f := newPagesFixture(t, st.Open)
			ctx := tillit.WithActor(t.Context(), "test")
			msgs, _ := f.a.Requests.Messages(ctx, tillit.MessageFilter{})
			b := newBrowserless(t, f.harness, "en")
			b.signIn(t, "eva")
			resp, body := b.do(t, "POST", "/admin/outbox/"+msgs[0].ID+"/retry", url.Values{})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "already waiting") {
				t.Errorf("retry a waiting message: %d\n%s", resp.StatusCode, body)
			}
			// Give up on it as the outbox does after its last attempt.
			err := f.store.Update(ctx, func(tx tillit.Tx) error {
				m, err := tx.Message(msgs[0].ID)
				if err != nil {
					return err
				}
				m.Attempts, m.NextAt, m.LastError = 16, time.Time{}, "deliver: mail: recipient refused (SMTP 550)"
				return tx.UpdateMessage(m)
			})
			if err != nil {
				t.Fatal(err)
			}
			_, body = b.do(t, "GET", "/admin/outbox", nil)
			for _, want := range []string{"given up", "SMTP 550", `action="/admin/outbox/` + msgs[0].ID + `/retry`} {
				if !strings.Contains(body, want) {
					t.Errorf("the outbox lacks %q", want)
				}
			}
			resp, _ = b.do(t, "POST", "/admin/outbox/"+msgs[0].ID+"/retry", url.Values{})
			if resp.StatusCode != http.StatusSeeOther {
				t.Fatalf("retry: %d", resp.StatusCode)
			}
			if _, body = b.do(t, "GET", resp.Header.Get("Location"), nil); !strings.Contains(body, "The message is queued again.") {
				t.Errorf("no confirmation")
			}
			m, _ := f.a.Requests.Messages(ctx, tillit.MessageFilter{Pending: true})
			if len(m) != 1 || m[0].Attempts != 0 || m[0].NextAt.IsZero() {
				t.Errorf("after retry: %+v", m)
			}
		})
	}
}

// A review task is closed with the officer's decision.
func TestAdminCloseTask(t *testing.T) {
	f := newPagesFixture(t, stores[0].Open)
	b := newBrowserless(t, f.harness, "sv")
	b.signIn(t, "eva")
	resp, _ := b.do(t, "POST", "/admin/retention/tasks/"+f.task+"/close", url.Values{"outcome": {"kept"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("close: %d", resp.StatusCode)
	}
	_, body := b.do(t, "GET", resp.Header.Get("Location"), nil)
	if !strings.Contains(body, "Beslutet är registrerat.") {
		t.Errorf("no confirmation")
	}
	ts, _ := f.a.Vault.Tasks(tillit.WithActor(t.Context(), "test"), true, "", 10)
	if len(ts) != 1 || ts[0].IsOpen() || ts[0].Outcome != "kept" || !strings.HasPrefix(ts[0].Actor, "admin:") {
		t.Errorf("the task: %+v", ts)
	}
	resp, body = b.do(t, "POST", "/admin/retention/tasks/"+f.task+"/close", url.Values{"outcome": {"erased"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(body, "redan avslutad") {
		t.Errorf("closing twice: %d", resp.StatusCode)
	}
}

// An erased subject can still be opened: the history shows, the values
// are gone.
func TestAdminErasedSubject(t *testing.T) {
	f := newPagesFixture(t, stores[0].Open)
	if err := f.a.Vault.Shred(tillit.WithActor(t.Context(), "test"), f.anna); err != nil {
		t.Fatal(err)
	}
	b := newBrowserless(t, f.harness, "sv")
	b.signIn(t, "eva")
	resp, body := b.do(t, "POST", "/admin/subjects/"+f.anna, url.Values{"reason": {"legal_claim"}})
	pageOK(t, "erased subject", resp, body, http.StatusOK, "sv")
	if !strings.Contains(body, "Personens uppgifter raderades") || !strings.Contains(body, "Inga uppgifter finns lagrade.") || strings.Contains(body, "Anna Andersson") {
		t.Errorf("the erased subject's page:\n%s", body)
	}
}
