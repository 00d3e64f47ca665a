package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
)

// incidentPeople are the people of the breach tests, by letter, with
// what happened to them relative to the incident's window (day 1 to day
// 3 after the clock's start; discovered on day 4).
type incidentPeople struct {
	a, b, c, d, e, f, g, h string
}

const (
	mailB = "bertil.berg@example.se"
	mailG = "greta.gran@example.se"
)

// incidentWorld collects the people and moves the clock to day 4:
//
//	A  signed up with a phone; disclosed to crm on day 0 (before the window)
//	B  signed up with a phone, asked in English; disclosed to crm on day 2
//	C  invoiced only (no e-mail); disclosed to crm on day 2
//	D  signed up; disclosed to printer (another processor) on day 2
//	E  signed up; disclosed to crm on day 2, erased on day 3
//	F  signed up; disclosed to crm on day 3 + 1 h (after the window)
//	G  signed up; disclosed to crm twice on day 2
//	H  invoiced on day 3 + 1 h (after the window)
func incidentWorld(t *testing.T, e *rightsEnv) incidentPeople {
	t.Helper()
	signup := func(name, mail, phone string) string {
		f := map[string]string{"name": name, "email": mail}
		if phone != "" {
			f["phone"] = phone
		}
		return e.Collect(t, tillit.Submission{Point: "signup", Fields: f}).Subject
	}
	invoiced := func(text string) string {
		return e.Collect(t, tillit.Submission{Point: "invoicing", Fields: map[string]string{"invoice": text}}).Subject
	}
	disclose := func(subject, to string) {
		t.Helper()
		if _, _, err := e.Vault.Disclose(e.Ctx, tillit.Disclosure{Subject: subject, Recipient: to, Purpose: "customer"}); err != nil {
			t.Fatalf("Disclose to %s: %v", to, err)
		}
	}
	var p incidentPeople
	p.a = signup("Anna Alm", "anna.alm@example.se", "070-111 11 11")
	p.b = signup("Bertil Berg", mailB, "070-222 22 22")
	p.c = invoiced("Faktura 2001, 990 kr")
	p.d = signup("Doris Dahl", "doris.dahl@example.se", "")
	p.e = signup("Erik Ek", "erik.ek@example.se", "")
	p.f = signup("Frida Fors", "frida.fors@example.se", "")
	p.g = signup("Greta Gran", mailG, "")
	if r := e.confirmed(t, tillit.RequestForm{Right: tillit.RightAccess, Email: mailB, Lang: tillit.English}); r.Subject != p.b {
		t.Fatalf("B's request matched %q", r.Subject)
	}
	disclose(p.a, "crm")

	e.Clock.Add(48 * time.Hour)
	for _, s := range []string{p.b, p.c, p.e, p.g, p.g} {
		disclose(s, "crm")
	}
	disclose(p.d, "printer")

	e.Clock.Add(25 * time.Hour)
	disclose(p.f, "crm")
	p.h = invoiced("Faktura 2002, 450 kr")
	if err := e.Vault.Shred(e.Ctx, p.e); err != nil {
		t.Fatal(err)
	}
	e.Clock.Add(23 * time.Hour) // day 4
	return p
}

// window is the incident's window: day 1 to day 3, discovered on day 4.
func (e *rightsEnv) window() (from, to, discovered time.Time) {
	start := NewClock().Now()
	return start.Add(24 * time.Hour), start.Add(72 * time.Hour), e.Clock.Now()
}

func wantIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	want = slices.Clone(want)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: subjects %v, want %v", what, got, want)
	}
}

func testIncidents(t *testing.T, open Opener) {
	e := newRightsEnv(t, open, 0)
	p := incidentWorld(t, e)
	from, to, discovered := e.window()
	ctx := e.Ctx

	// A processor reports a leak of what it received in the window.
	leak := tillit.IncidentDetails{
		Title:           "Läcka hos Kundsystem AB",
		Nature:          "Kundsystem AB rapporterade att en exportfil låg öppen på internet.",
		HowDiscovered:   "Biträdet meddelade oss per telefon.",
		Discovered:      discovered,
		From:            from,
		To:              to,
		Recipients:      []string{"crm"},
		SubjectTypes:    "Kunder",
		Consequences:    "Risk för riktat nätfiske.",
		MeasuresTaken:   "Filen är borttagen.",
		MeasuresPlanned: "Granskning av biträdets rutiner.",
		Advice:          "Byt lösenord om du använder samma på flera ställen.",
		Risk:            tillit.RiskHigh,
	}
	in, err := e.Breaches.OpenIncident(ctx, leak)
	if err != nil {
		t.Fatalf("OpenIncident: %v", err)
	}
	if !in.Deadline().Equal(discovered.Add(72 * time.Hour)) {
		t.Errorf("deadline %v, want 72 hours after %v", in.Deadline(), discovered)
	}

	// Exactly the people whose data was disclosed to crm in the window:
	// not A (before), D (to printer), E (erased), F (after), H (never).
	a, err := e.Breaches.Affected(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "disclosed to crm", a.Subjects, p.b, p.c, p.g)
	if a.By != "disclosures" || a.Records != 4 || a.Erased != 1 {
		t.Errorf("affected by %q, %d records, %d erased; want disclosures, 4 (B, C, G twice), 1", a.By, a.Records, a.Erased)
	}
	wantCats := []tillit.AffectedCategory{
		{Category: "name", Subjects: 2, Records: 3}, {Category: "email", Subjects: 2, Records: 3},
		{Category: "phone", Subjects: 1, Records: 1}, {Category: "invoice", Subjects: 1, Records: 1},
	}
	if !slices.Equal(a.Categories, wantCats) {
		t.Errorf("per category %+v, want %+v", a.Categories, wantCats)
	}

	// Of some categories only: C's invoice was not among them.
	leak.Categories = []string{"email"}
	if _, err := e.Breaches.UpdateIncident(ctx, in.ID, leak); err != nil {
		t.Fatal(err)
	}
	if a, err = e.Breaches.Affected(ctx, in.ID); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "e-mail disclosed to crm", a.Subjects, p.b, p.g)
	if len(a.Categories) != 1 || a.Categories[0] != (tillit.AffectedCategory{Category: "email", Subjects: 2, Records: 3}) {
		t.Errorf("per category %+v", a.Categories)
	}
	leak.Categories = nil
	if _, err := e.Breaches.UpdateIncident(ctx, in.ID, leak); err != nil {
		t.Fatal(err)
	}

	// By collection point and by category: what was held at the window's end.
	byPoint, err := e.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "Fakturaunderlag på avvägar", Discovered: discovered,
		From: from, To: to, Points: []string{"invoicing"}})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := e.Breaches.Affected(ctx, byPoint.ID); err != nil || a.By != "items" {
		t.Fatalf("by point: %+v, %v", a, err)
	} else {
		wantIDs(t, "invoiced by the window's end", a.Subjects, p.c) // not H, invoiced after
	}
	byCat, err := e.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "Telefonlista", Discovered: discovered, To: to,
		Categories: []string{"phone"}, Risk: tillit.RiskLikely})
	if err != nil {
		t.Fatal(err)
	}
	if a, err := e.Breaches.Affected(ctx, byCat.ID); err != nil {
		t.Fatal(err)
	} else {
		wantIDs(t, "phone numbers held", a.Subjects, p.a, p.b)
		if len(a.Categories) != 1 || a.Categories[0].Records != 2 {
			t.Errorf("phone per category %+v", a.Categories)
		}
	}

	// Refusals change nothing.
	head := e.Head(t)
	_, err = e.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "x", Discovered: discovered, Recipients: []string{"nobody"}})
	wantErr(t, err, tillit.EINVALID, `"nobody"`)
	_, err = e.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "x"})
	wantErr(t, err, tillit.EINVALID, "art. 33(1)")
	_, err = e.Breaches.OpenIncident(ctx, tillit.IncidentDetails{Title: "x", Discovered: discovered, Nature: "Gällde 19850412-1230."})
	wantErr(t, err, tillit.EINVALID, "personnummer")
	_, err = e.Breaches.DecideAuthority(ctx, byPoint.ID, false, "  ")
	wantErr(t, err, tillit.EINVALID, "art. 33(5)")
	_, err = e.Breaches.DecideAuthority(ctx, in.ID, false, "Vi tycker inte det.")
	wantErr(t, err, tillit.EINVALID, "art. 33(1)")
	_, err = e.Breaches.RecordAuthorityNotification(ctx, byCat.ID, tillit.PhaseSupplementary, "", "")
	wantErr(t, err, tillit.EINVALID, "art. 33(4)")
	_, err = e.Breaches.NotifySubjects(ctx, byCat.ID, false)
	wantErr(t, err, tillit.EINVALID, "art. 34(1)")
	_, err = e.Breaches.CloseIncident(ctx, byPoint.ID)
	wantErr(t, err, tillit.EINVALID, "art. 33(5)")
	if got := e.Head(t); got != head {
		t.Errorf("refusals appended %d audit entries", got-head)
	}
	if got, err := e.Breaches.Incident(ctx, byPoint.ID); err != nil || !got.Decision.IsZero() || got.Risk != "" || len(got.Timeline) != 2 {
		t.Errorf("a refused decision changed the incident: %+v, %v", got, err)
	}
	if _, err := e.Breaches.Incident(ctx, "inc_nothing"); tillit.ErrorCode(err) != tillit.ENOTFOUND {
		t.Errorf("unknown incident: %v", err)
	}

	// The clock: due soon, not overdue at 71h59m; overdue after 72 hours,
	// unless notified or decided not to notify.
	e.Clock.Add(71*time.Hour + 59*time.Minute)
	now := e.Clock.Now()
	list, err := e.Breaches.Incidents(ctx, tillit.IncidentFilter{Open: true})
	if err != nil || len(list) != 3 {
		t.Fatalf("Incidents: %d, %v", len(list), err)
	}
	for _, x := range list {
		if x.Overdue(now) || !x.IsDueSoon(now) {
			t.Errorf("%s at 71h59m: overdue %t, due soon %t", x.Title, x.Overdue(now), x.IsDueSoon(now))
		}
	}
	if _, err := e.Breaches.DecideAuthority(ctx, byPoint.ID, false, "Uppgifterna var krypterade och nyckeln är inte röjd."); err != nil {
		t.Fatal(err)
	}
	e.Clock.Add(time.Minute + time.Second)
	now = e.Clock.Now()
	if list, err = e.Breaches.Incidents(ctx, tillit.IncidentFilter{}); err != nil {
		t.Fatal(err)
	}
	overdue := map[string]bool{}
	for _, x := range list {
		overdue[x.ID] = x.Overdue(now)
	}
	if !overdue[in.ID] || !overdue[byCat.ID] || overdue[byPoint.ID] {
		t.Errorf("after 72 hours overdue: %v; want the leak and the phone list, not the one decided against", overdue)
	}
	if list[2].ID != byPoint.ID {
		t.Errorf("the settled incident is listed at %d, want last", slices.IndexFunc(list, func(x tillit.Incident) bool { return x.ID == byPoint.ID }))
	}
	if got, _ := e.Breaches.Incident(ctx, byPoint.ID); got.Risk != tillit.RiskUnlikely || got.Decision.Notify || got.Decision.Reason == "" {
		t.Errorf("decision not to notify: %+v, risk %q", got.Decision, got.Risk)
	}

	// Notified late: the reasons for the delay come first (art. 33(1)).
	_, err = e.Breaches.RecordAuthorityNotification(ctx, in.ID, tillit.PhaseInitial, "", "")
	wantErr(t, err, tillit.EINVALID, "delay")
	leak.DelayReason = "Biträdet kunde inte säga vilka filer som låg öppna förrän efter fyra dagar."
	if _, err := e.Breaches.UpdateIncident(ctx, in.ID, leak); err != nil {
		t.Fatal(err)
	}
	for _, ph := range []struct {
		phase     tillit.Phase
		ref, note string
	}{{tillit.PhaseInitial, "", "Det vi visste"}, {tillit.PhaseSupplementary, "IMY-2026-1234", "Antalet berörda"}, {tillit.PhaseFinal, "IMY-2026-1234", ""}} {
		e.Clock.Add(time.Hour)
		if in, err = e.Breaches.RecordAuthorityNotification(ctx, in.ID, ph.phase, ph.ref, ph.note); err != nil {
			t.Fatalf("%s: %v", ph.phase, err)
		}
	}
	_, err = e.Breaches.RecordAuthorityNotification(ctx, in.ID, tillit.PhaseSupplementary, "", "")
	wantErr(t, err, tillit.ECONFLICT, "final")
	var phases []tillit.Phase
	for _, n := range in.Notifications {
		phases = append(phases, n.Phase)
	}
	if !slices.Equal(phases, []tillit.Phase{tillit.PhaseInitial, tillit.PhaseSupplementary, tillit.PhaseFinal}) ||
		!in.Notifications[0].Late || in.Notifications[1].Reference != "IMY-2026-1234" || !in.Notifications[0].At.Before(in.Notifications[2].At) {
		t.Errorf("notifications %+v", in.Notifications)
	}
	if in.Overdue(e.Clock.Now()) || !in.Decision.Notify {
		t.Errorf("notified, yet overdue %t or decision %+v", in.Overdue(e.Clock.Now()), in.Decision)
	}

	// Notices: one e-mail per person affected with an address, in their
	// language; C has none; never twice.
	round, err := e.Breaches.NotifySubjects(ctx, in.ID, false)
	if err != nil || round.Queued != 2 || round.NoEmail != 1 {
		t.Fatalf("NotifySubjects = %+v, %v; want 2 queued (B, G), 1 without e-mail (C)", round, err)
	}
	mails := e.mails(t, 2)
	byTo := map[string]string{}
	for _, m := range mails {
		byTo[m.To[0]] = m.Subject + "\n" + m.Text
	}
	for to, want := range map[string][]string{
		mailB: {"Information about a security incident", "What happened: Kundsystem AB rapporterade", "Phone number", "What you can do:", "Byt lösenord", "Be careful with e-mails", in.ID},
		mailG: {"Information om en säkerhetsincident", "Vad som hände:", "E-postadress", "Det här kan du göra:", "Integritetsskyddsmyndigheten", in.ID},
	} {
		text, ok := byTo[to]
		if !ok {
			t.Errorf("no notice to %s; got %v", to, slices.Collect(func(yield func(string) bool) {
				for k := range byTo {
					yield(k)
				}
			}))
			continue
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("notice to %s lacks %q:\n%s", to, w, text)
			}
		}
	}
	if strings.Contains(byTo[mailG], "Telefonnummer") {
		t.Error("G's notice names a phone number G never gave")
	}
	if again, err := e.Breaches.NotifySubjects(ctx, in.ID, false); err != nil || again.Queued != 0 {
		t.Errorf("second NotifySubjects = %+v, %v; want none queued", again, err)
	}
	if got, _ := e.Breaches.Incident(ctx, in.ID); len(got.Notices) != 1 || got.Notices[0].Queued != 2 || got.Notices[0].NoEmail != 1 {
		t.Errorf("rounds of notices %+v, want one of 2 queued, 1 without e-mail", got.Notices)
	}
	e.deliver(t)
	if got := len(e.SMTP.Messages()); got != e.seen {
		t.Errorf("%d e-mails after the second round, want %d", got, e.seen)
	}
	if d, err := e.Breaches.NoticeDeliveries(ctx, in.ID); err != nil || d != (tillit.NoticeDeliveries{Queued: 2, Delivered: 2}) {
		t.Errorf("deliveries %+v, %v", d, err)
	}
	if ms, err := e.Requests.Messages(ctx, tillit.MessageFilter{Incident: in.ID}); err != nil || len(ms) != 2 || ms[0].Topic != "breach" {
		t.Errorf("the incident's messages: %+v, %v", ms, err)
	}

	// The draft for IMY, in both languages: the form's fields, the counts,
	// no personal data.
	private := []string{p.a, p.b, p.c, p.g, "Bertil", "Greta", "Anna", mailB, mailG, "070-"}
	for lang, want := range map[tillit.Lang][]string{
		tillit.Swedish: {"Rättighetsprov AB", "556600-1128", "Dataskyddsombud", "dataskydd@rattighetsprov.example", "Vad har hänt",
			leak.Nature, "Upptäcktes: " + minute(discovered), leak.HowDiscovered, "Ungefärligt antal registrerade: 3", "Ungefärligt antal poster: 4",
			"| E-postadress | 2 | 3 |", "Kunder", leak.Consequences, leak.MeasuresTaken, leak.MeasuresPlanned, "informerats per e-post",
			"Skäl till förseningen", leak.DelayReason, "IMY-2026-1234", "Kundsystem AB", "hög risk"},
		tillit.English: {"Rättighetsprov AB", "Data protection officer", "What happened", "Discovered: " + minute(discovered),
			"Approximate number of people: 3", "Approximate number of records: 4", "| E-mail address | 2 | 3 |", "Likely consequences",
			"Measures taken", "informed by e-mail", "Reasons for the delay", "case number IMY-2026-1234", "Notification in phases"},
	} {
		d, err := e.Breaches.DraftAuthorityNotification(ctx, in.ID, lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range want {
			if !strings.Contains(d.Text, w) {
				t.Errorf("%s draft lacks %q:\n%s", lang, w, d.Text)
			}
		}
		for _, x := range private {
			if strings.Contains(d.Text, x) {
				t.Errorf("%s draft holds personal data %q", lang, x)
			}
		}
	}
	if d, err := e.Breaches.DraftSubjectNotice(ctx, in.ID, tillit.English); err != nil || !strings.Contains(d.Text, "Information about you that is involved: Name, E-mail address, Phone number, Invoice") {
		t.Errorf("notice draft: %v\n%s", err, d.Text)
	}

	// Closing: once settled; a closed incident changes no more.
	if in, err = e.Breaches.CloseIncident(ctx, in.ID); err != nil || !in.IsClosed() {
		t.Fatalf("CloseIncident: %v", err)
	}
	_, err = e.Breaches.UpdateIncident(ctx, in.ID, leak)
	wantErr(t, err, tillit.ECONFLICT, "closed")
	if open, _ := e.Breaches.Incidents(ctx, tillit.IncidentFilter{Open: true}); len(open) != 2 {
		t.Errorf("%d open incidents, want 2", len(open))
	}

	// The timeline and the audit log hold every step, and no personal data.
	got, err := e.Breaches.Incident(ctx, in.ID)
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, ev := range got.Timeline {
		if ev.Actor != "test" || ev.Incident != in.ID {
			t.Errorf("timeline entry %+v", ev)
		}
		kinds = append(kinds, ev.Kind)
	}
	for _, k := range []string{tillit.AuditIncidentOpened, tillit.AuditIncidentAffected, tillit.AuditIncidentUpdated, tillit.AuditIncidentNotified,
		tillit.AuditIncidentSubjectsNotified, tillit.AuditIncidentDrafted, tillit.AuditIncidentClosed} {
		if !slices.Contains(kinds, k) {
			t.Errorf("timeline lacks %s: %v", k, kinds)
		}
	}
	if kinds[0] != tillit.AuditIncidentOpened || kinds[len(kinds)-1] != tillit.AuditIncidentClosed {
		t.Errorf("timeline order %v", kinds)
	}
	var entries []tillit.AuditEntry
	if err := e.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		entries, err = tx.Audit(0, 100000)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	steps := map[string]int{}
	for _, en := range entries {
		if strings.HasPrefix(en.Action, "incident_") {
			steps[en.Action]++
			if !strings.Contains(en.Detail, "incident=inc_") {
				t.Errorf("audit entry %s without its incident: %q", en.Action, en.Detail)
			}
		}
		for _, x := range append(private[4:], leak.Nature, leak.DelayReason, "krypterade") {
			if strings.Contains(en.Detail, x) || strings.Contains(en.Subject, "@") {
				t.Errorf("audit entry %d (%s) holds %q: %q", en.Seq, en.Action, x, en.Detail)
			}
		}
	}
	if steps[tillit.AuditIncidentOpened] != 3 || steps[tillit.AuditIncidentNotified] != 3 || steps[tillit.AuditIncidentDecided] != 1 ||
		steps[tillit.AuditIncidentSubjectsNotified] != 2 || steps[tillit.AuditIncidentClosed] != 1 {
		t.Errorf("audit steps %v", steps)
	}
	e.Verify(t)
}

func minute(t time.Time) string { return t.In(tillit.Stockholm).Format("2006-01-02 15:04") }
