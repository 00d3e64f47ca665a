package breach_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/testapp"
)

// wantCode fails the test unless err carries code.
func wantCode(t *testing.T, what string, err error, code tillit.Code) {
	t.Helper()
	if got := tillit.ErrorCode(err); got != code {
		t.Fatalf("%s: %v, want %s", what, err, code)
	}
}

// open opens an incident discovered an hour ago.
func open(t *testing.T, a *testapp.App, d tillit.IncidentDetails) tillit.Incident {
	t.Helper()
	if d.Title == "" {
		d.Title = "Läcka hos leverantören"
	}
	if d.Discovered.IsZero() {
		d.Discovered = a.Clock.Now().Add(-time.Hour)
	}
	in, err := a.Breaches.OpenIncident(a.Ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	return in
}

// TestIncidentLifecycle: an incident is opened with a 72-hour deadline
// from its discovery; not notifying the authority needs a reason; the
// notifications come in order (initial, supplementary, final), a late
// first one with the reasons for the delay; only a settled incident
// closes, and a closed one changes no more.
func TestIncidentLifecycle(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := testapp.Start(t, testapp.Options{Store: st.Open})
			discovered := a.Clock.Now().Add(-time.Hour).UTC()
			in := open(t, a, tillit.IncidentDetails{Discovered: discovered, Recipients: []string{"fortnox"}})
			if !strings.HasPrefix(in.ID, "inc_") || !in.Discovered.Equal(discovered) || !in.Deadline().Equal(discovered.Add(72*time.Hour)) {
				t.Fatalf("opened %+v; want an inc_ ID and a deadline 72 hours after %v, not %v", in, discovered, in.Deadline())
			}
			if in.Settled() || in.Overdue(a.Clock.Now()) || !in.Overdue(discovered.Add(72*time.Hour+time.Second)) {
				t.Errorf("a new incident: settled %v, overdue %v", in.Settled(), in.Overdue(a.Clock.Now()))
			}
			for _, bad := range []struct {
				name string
				d    tillit.IncidentDetails
			}{
				{"no title", tillit.IncidentDetails{Discovered: discovered}},
				{"no discovery", tillit.IncidentDetails{Title: "T"}},
				{"discovered tomorrow", tillit.IncidentDetails{Title: "T", Discovered: discovered.Add(25 * time.Hour)}},
				{"an unknown recipient", tillit.IncidentDetails{Title: "T", Discovered: discovered, Recipients: []string{"nonesuch"}}},
				{"a personnummer in the text", tillit.IncidentDetails{Title: "T", Discovered: discovered, Nature: "Gäller 19121212-1212"}},
			} {
				_, err := a.Breaches.OpenIncident(a.Ctx, bad.d)
				wantCode(t, bad.name, err, tillit.EINVALID)
			}
			_, err := a.Breaches.CloseIncident(a.Ctx, in.ID)
			wantCode(t, "closing before the authority is notified or not", err, tillit.EINVALID)

			// Not notifying needs a reason (art. 33(5)).
			_, err = a.Breaches.DecideAuthority(a.Ctx, in.ID, false, "  ")
			wantCode(t, "not notifying without a reason", err, tillit.EINVALID)
			in, err = a.Breaches.DecideAuthority(a.Ctx, in.ID, false, "Disken var krypterad.")
			if err != nil || !in.NotNotifying() || in.Risk != tillit.RiskUnlikely || in.Decision.Reason != "Disken var krypterad." {
				t.Fatalf("DecideAuthority(false) = %+v, %v; want not notifying, risk unlikely, the reason kept", in.Decision, err)
			}
			if in, err = a.Breaches.CloseIncident(a.Ctx, in.ID); err != nil || !in.IsClosed() {
				t.Fatalf("CloseIncident = %+v, %v", in, err)
			}
			_, err = a.Breaches.NoteIncident(a.Ctx, in.ID, "Lösenorden byttes.")
			wantCode(t, "a note on a closed incident", err, tillit.ECONFLICT)

			// The phases of the notification, in order (art. 33(4)).
			in = open(t, a, tillit.IncidentDetails{Risk: tillit.RiskLikely})
			for _, step := range []struct {
				phase tillit.Phase
				code  tillit.Code // "" when recorded
			}{
				{tillit.PhaseSupplementary, tillit.EINVALID},
				{tillit.PhaseInitial, ""},
				{tillit.PhaseInitial, tillit.EINVALID},
				{tillit.PhaseSupplementary, ""},
				{tillit.PhaseSupplementary, ""},
				{tillit.PhaseFinal, ""},
				{tillit.PhaseSupplementary, tillit.ECONFLICT},
				{tillit.PhaseFinal, tillit.ECONFLICT},
				{"later", tillit.EINVALID},
			} {
				got, err := a.Breaches.RecordAuthorityNotification(a.Ctx, in.ID, step.phase, "IMY-2026-1", "")
				wantCode(t, "a notification "+string(step.phase)+" after "+phases(in), err, step.code)
				if err == nil {
					in = got
				}
			}
			if phases(in) != "initial supplementary supplementary final" || !in.Decision.Notify || in.Notifications[0].Late {
				t.Errorf("notifications %s, decision %+v; want four in order, on time, deciding to notify", phases(in), in.Decision)
			}
			_, err = a.Breaches.DecideAuthority(a.Ctx, in.ID, false, "Ångrar oss.")
			wantCode(t, "not notifying once notified", err, tillit.ECONFLICT)

			// After 72 hours, the first notification needs the reasons
			// for the delay (art. 33(1)).
			late := open(t, a, tillit.IncidentDetails{})
			a.Clock.Add(72 * time.Hour)
			_, err = a.Breaches.RecordAuthorityNotification(a.Ctx, late.ID, tillit.PhaseFinal, "", "")
			wantCode(t, "a late notification without reasons", err, tillit.EINVALID)
			d := late.IncidentDetails
			d.DelayReason = "Leverantören berättade det först i dag."
			if _, err := a.Breaches.UpdateIncident(a.Ctx, late.ID, d); err != nil {
				t.Fatal(err)
			}
			late, err = a.Breaches.RecordAuthorityNotification(a.Ctx, late.ID, tillit.PhaseFinal, "", "")
			if err != nil || !late.Notifications[0].Late {
				t.Fatalf("a late notification with reasons: %+v, %v; want it recorded as late", late.Notifications, err)
			}
		})
	}
}

func phases(in tillit.Incident) string {
	var ps []string
	for _, n := range in.Notifications {
		ps = append(ps, string(n.Phase))
	}
	return strings.Join(ps, " ")
}

// person is someone in the vault, with what they gave.
type person struct {
	fields map[string]string
	id     string
}

// TestAffectedAndNotices: who an incident at a recipient affects is who
// was disclosed to it in the breach's window; the drafts exist in Swedish
// and English and hold nothing of those people; the notices go once to
// each of them with an e-mail address.
func TestAffectedAndNotices(t *testing.T) {
	for _, st := range testapp.Stores {
		t.Run(st.Name, func(t *testing.T) {
			a := testapp.Start(t, testapp.Options{Store: st.Open})
			customer := func(name, email, phone string) *person {
				return &person{fields: map[string]string{"name": name, "email": email, "phone": phone, "ip_address": "192.0.2.10"}}
			}
			anna := customer("Anna Andersson", "anna@example.se", "070-1740605")
			bo := customer("Bo Berglund", "bo@example.se", "070-1740606")
			cilla := customer("Cilla Carlsson", "cilla@example.se", "070-1740607") // disclosed elsewhere
			dan := customer("Dan Dahl", "dan@example.se", "070-1740608")           // disclosed before the breach
			eve := &person{fields: map[string]string{"browser_info": "Firefox 140", "device_info": "Laptop", "site_data": "/el"}}
			collect := func(p *person, point string, events ...string) {
				r, err := a.Vault.Collect(a.Ctx, tillit.Submission{Point: point, Fields: p.fields, Events: events})
				if err != nil {
					t.Fatalf("Collect: %v", err)
				}
				p.id = r.Subject
			}
			disclose := func(p *person, recipient, purpose string) {
				if _, _, err := a.Vault.Disclose(a.Ctx, tillit.Disclosure{Subject: p.id, Recipient: recipient, Purpose: purpose}); err != nil {
					t.Fatalf("Disclose to %s: %v", recipient, err)
				}
			}
			for _, p := range []*person{anna, bo, cilla, dan} {
				collect(p, "broker_form", "request_submitted")
			}
			collect(eve, "site_analytics")
			disclose(dan, "fortnox", "brokering")
			a.Clock.Add(24 * time.Hour)
			from := a.Clock.Now()
			disclose(anna, "fortnox", "brokering")
			disclose(bo, "fortnox", "brokering")
			disclose(cilla, "qred", "brokering")
			disclose(eve, "google_analytics", "analytics")
			a.Clock.Add(time.Hour)

			in := open(t, a, tillit.IncidentDetails{From: from, Discovered: a.Clock.Now(), Recipients: []string{"fortnox", "google_analytics"},
				Nature: "Obehörig åtkomst hos leverantören.", Risk: tillit.RiskHigh})
			aff, err := a.Breaches.Affected(a.Ctx, in.ID)
			if err != nil {
				t.Fatal(err)
			}
			want := []string{anna.id, bo.id, eve.id}
			slices.Sort(want)
			if !slices.Equal(aff.Subjects, want) || aff.By != "disclosures" || aff.Records != 3 {
				t.Fatalf("Affected: %v by %q, %d records; want Anna, Bo and Eve by 3 disclosures", aff.Subjects, aff.By, aff.Records)
			}

			// The drafts, in both languages, name none of them.
			var secrets []string
			for _, p := range []*person{anna, bo, cilla, dan, eve} {
				secrets = append(secrets, p.id)
				for _, v := range p.fields {
					secrets = append(secrets, v)
				}
			}
			drafts := map[string]tillit.Draft{}
			for _, lang := range []tillit.Lang{tillit.Swedish, tillit.English} {
				for kind, draft := range map[string]func() (tillit.Draft, error){
					"authority": func() (tillit.Draft, error) { return a.Breaches.DraftAuthorityNotification(a.Ctx, in.ID, lang) },
					"notice":    func() (tillit.Draft, error) { return a.Breaches.DraftSubjectNotice(a.Ctx, in.ID, lang) },
				} {
					d, err := draft()
					if err != nil {
						t.Fatalf("%s draft in %s: %v", kind, lang, err)
					}
					if d.Lang != lang || d.Title == "" || !strings.Contains(d.Text, "Obehörig åtkomst") {
						t.Errorf("%s draft in %s: %+v; want a titled text in %s with the incident's nature", kind, lang, d, lang)
					}
					for _, s := range secrets {
						if strings.Contains(d.Title+d.Text, s) {
							t.Errorf("the %s draft in %s holds %q", kind, lang, s)
						}
					}
					drafts[kind+" "+string(lang)] = d
				}
			}
			for _, kind := range []string{"authority", "notice"} {
				if drafts[kind+" sv"].Title == drafts[kind+" en"].Title {
					t.Errorf("the %s draft has the same title in Swedish and English: %q", kind, drafts[kind+" sv"].Title)
				}
			}

			// One e-mail to each with an address; Eve has none.
			round, err := a.Breaches.NotifySubjects(a.Ctx, in.ID, false)
			if err != nil || round.Queued != 2 || round.NoEmail != 1 {
				t.Fatalf("NotifySubjects = %+v, %v; want 2 queued and 1 without e-mail", round, err)
			}
			var o testapp.Outbox
			var to []string
			for _, m := range a.Deliver(t, &o) {
				to = append(to, m.To)
			}
			slices.Sort(to)
			if !slices.Equal(to, []string{"anna@example.se", "bo@example.se"}) {
				t.Errorf("notices went to %v; want Anna and Bo", to)
			}
			if round, err = a.Breaches.NotifySubjects(a.Ctx, in.ID, false); err != nil || round.Queued != 0 {
				t.Errorf("notifying again: %+v, %v; want nobody queued twice", round, err)
			}
			if ms := a.Deliver(t, &o); len(ms) != 0 {
				t.Errorf("notifying again sent %d e-mails", len(ms))
			}
			if n, err := a.Breaches.NoticeDeliveries(a.Ctx, in.ID); err != nil || n.Queued != 2 || n.Delivered != 2 {
				t.Errorf("NoticeDeliveries = %+v, %v; want 2 queued and delivered", n, err)
			}

			// Below a high risk the people are told only on purpose (art. 34(1)).
			other := open(t, a, tillit.IncidentDetails{Recipients: []string{"fortnox"}, Risk: tillit.RiskLikely})
			_, err = a.Breaches.NotifySubjects(a.Ctx, other.ID, false)
			wantCode(t, "notifying people of an incident of no high risk", err, tillit.EINVALID)
		})
	}
}
