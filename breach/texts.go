package breach

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
)

func minute(t time.Time) string { return t.In(tillit.Stockholm).Format("2006-01-02 15:04") }

var riskNames = map[tillit.Risk]tillit.Text{
	"":                  {SV: "ännu inte bedömd", EN: "not yet assessed"},
	tillit.RiskUnlikely: {SV: "osannolikt att incidenten medför en risk för de registrerades rättigheter och friheter", EN: "unlikely to result in a risk to the rights and freedoms of the people concerned"},
	tillit.RiskLikely:   {SV: "incidenten medför sannolikt en risk för de registrerades rättigheter och friheter", EN: "likely to result in a risk to the rights and freedoms of the people concerned"},
	tillit.RiskHigh:     {SV: "incidenten medför sannolikt en hög risk för de registrerades rättigheter och friheter", EN: "likely to result in a high risk to the rights and freedoms of the people concerned"},
}

var phaseNames = map[tillit.Phase]tillit.Text{
	tillit.PhaseInitial:       {SV: "första anmälan", EN: "initial notification"},
	tillit.PhaseSupplementary: {SV: "komplettering", EN: "supplementary notification"},
	tillit.PhaseFinal:         {SV: "slutlig anmälan", EN: "final notification"},
}

// orFill returns s, or a marked request to fill it in.
func orFill(lang tillit.Lang, s string) string {
	if s = strings.TrimSpace(s); s != "" {
		return s
	}
	return core.Say(lang, "**Ej angivet – fyll i.**", "**Not given – fill in.**")
}

func categoryLabels(pol *tillit.Policy, lang tillit.Lang, ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		cat, _ := pol.Category(id)
		out[i] = core.Label(cat.Label, id, lang)
	}
	return out
}

func window(lang tillit.Lang, in tillit.Incident) string {
	switch {
	case in.From.IsZero() && in.To.IsZero():
		return core.Say(lang, "okänt när den började; upptäcktes %s", "unknown when it began; discovered %s", minute(in.Discovered))
	case in.To.IsZero():
		return core.Say(lang, "från %s, pågick till upptäckten eller okänt slut", "from %s, until discovery or an unknown end", minute(in.From))
	case in.From.IsZero():
		return core.Say(lang, "okänd början, till %s", "unknown beginning, until %s", minute(in.To))
	}
	return core.Say(lang, "från %s till %s", "from %s to %s", minute(in.From), minute(in.To))
}

// authorityDraft is the notification to the authority, as IMY's form asks
// for it (GDPR art. 33(3)).
func authorityDraft(pol *tillit.Policy, in tillit.Incident, a tillit.Affected, lang tillit.Lang, now time.Time) tillit.Draft {
	c := pol.Controller()
	authority := c.Authority.Name.In(lang)
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	h := func(sv, en string) { line("\n## %s\n", tillit.Text{SV: sv, EN: en}.In(lang)) }
	title := core.Say(lang, "Anmälan av personuppgiftsincident: %s", "Notification of a personal data breach: %s", in.Title)
	line("# %s\n", title)
	line("%s", core.Say(lang, "*Utkast från Tillit %s för anmälan till %s (artikel 33 GDPR). Kontrollera uppgifterna och lämna in anmälan i myndighetens e-tjänst.*",
		"*Draft by Tillit %s for notification to %s (GDPR art. 33). Check it and submit it through the authority's e-service.*", minute(now), authority))
	line("\n%s: %s", core.Say(lang, "Incident", "Incident"), in.ID)

	h("1. Personuppgiftsansvarig och kontaktperson", "1. Controller and contact")
	line("- %s: %s", core.Say(lang, "Namn", "Name"), c.Name)
	if c.OrgNumber != "" {
		line("- %s: %s", core.Say(lang, "Organisationsnummer", "Organisation number"), c.OrgNumber)
	}
	if c.Address != "" {
		line("- %s: %s", core.Say(lang, "Adress", "Address"), c.Address)
	}
	if c.Email != "" {
		line("- %s: %s", core.Say(lang, "E-post", "E-mail"), c.Email)
	}
	if c.Phone != "" {
		line("- %s: %s", core.Say(lang, "Telefon", "Phone"), c.Phone)
	}
	// GDPR art. 33(3)(b): the name and contact details of the DPO or another contact point.
	if c.DPO.IsZero() {
		line("- %s: %s", core.Say(lang, "Dataskyddsombud", "Data protection officer"), core.Say(lang, "inget utsett", "none appointed"))
	} else {
		line("- %s: %s", core.Say(lang, "Dataskyddsombud", "Data protection officer"), joinNonEmpty(c.DPO.Name, c.DPO.Email, c.DPO.Phone))
	}
	line("- %s: %s", core.Say(lang, "Kontaktpunkt för mer information", "Contact point for more information"),
		cmp.Or(c.DPO.Email, pol.Rights().Contact, c.Email))

	h("2. Vad har hänt", "2. What happened")
	// GDPR art. 33(3)(a): the nature of the breach.
	line("%s", orFill(lang, in.Nature))
	if len(in.Recipients) > 0 {
		var names []string
		for _, id := range in.Recipients {
			r, _ := pol.Recipient(id)
			names = append(names, cmp.Or(r.Name, id)+" ("+string(r.Role)+")")
		}
		line("\n- %s: %s", core.Say(lang, "Mottagare som berörs (t.ex. personuppgiftsbiträde)", "Recipients concerned (e.g. processor)"), strings.Join(names, ", "))
	}
	if len(in.Systems) > 0 {
		line("- %s: %s", core.Say(lang, "System som berörs", "Systems concerned"), strings.Join(in.Systems, ", "))
	}

	h("3. När hände det och hur upptäcktes det", "3. When it happened and how it was discovered")
	line("- %s: %s", core.Say(lang, "Incidenten inträffade", "The breach occurred"), window(lang, in))
	line("- %s: %s", core.Say(lang, "Upptäcktes", "Discovered"), minute(in.Discovered))
	line("- %s: %s", core.Say(lang, "Hur den upptäcktes", "How it was discovered"), orFill(lang, in.HowDiscovered))
	line("- %s: %s", core.Say(lang, "Frist för anmälan (72 timmar, artikel 33.1)", "Deadline for notification (72 hours, art. 33(1))"), minute(in.Deadline()))

	h("4. Personuppgifter och registrerade som berörs", "4. Personal data and people concerned")
	// GDPR art. 33(3)(a): categories and approximate numbers of people and records.
	var labels, special []string
	for _, ac := range a.Categories {
		cat, _ := pol.Category(ac.Category)
		labels = append(labels, core.Label(cat.Label, ac.Category, lang))
		if cat.Special != "" {
			special = append(special, core.Label(cat.Label, ac.Category, lang))
		}
	}
	if len(labels) == 0 {
		labels = categoryLabels(pol, lang, in.Categories)
	}
	line("- %s: %s", core.Say(lang, "Kategorier av personuppgifter", "Categories of personal data"), orFill(lang, strings.Join(labels, ", ")))
	if len(special) > 0 {
		line("- %s: %s", core.Say(lang, "Särskilda kategorier (artikel 9) eller uppgifter om lagöverträdelser (artikel 10)",
			"Special categories (art. 9) or data on offences (art. 10)"), strings.Join(special, ", "))
	}
	line("- %s: %s", core.Say(lang, "Kategorier av registrerade", "Categories of people"), orFill(lang, in.SubjectTypes))
	line("- %s: %d", core.Say(lang, "Ungefärligt antal registrerade", "Approximate number of people"), len(a.Subjects))
	line("- %s: %d", core.Say(lang, "Ungefärligt antal poster", "Approximate number of records"), a.Records)
	if len(a.Categories) > 0 {
		line("\n| %s | %s | %s |\n|---|---:|---:|", core.Say(lang, "Kategori", "Category"), core.Say(lang, "Registrerade", "People"), core.Say(lang, "Poster", "Records"))
		for i, ac := range a.Categories {
			line("| %s | %d | %d |", labels[i], ac.Subjects, ac.Records)
		}
	}
	line("\n%s", method(pol, lang, in, a))

	h("5. Sannolika konsekvenser", "5. Likely consequences")
	// GDPR art. 33(3)(c).
	line("%s", orFill(lang, in.Consequences))
	line("\n%s: %s", core.Say(lang, "Riskbedömning", "Risk assessment"), riskNames[in.Risk].In(lang))

	h("6. Åtgärder", "6. Measures")
	// GDPR art. 33(3)(d): measures taken or proposed, also to mitigate adverse effects.
	line("- %s: %s", core.Say(lang, "Vidtagna åtgärder", "Measures taken"), orFill(lang, in.MeasuresTaken))
	line("- %s: %s", core.Say(lang, "Planerade åtgärder", "Measures planned"), orFill(lang, in.MeasuresPlanned))

	h("7. Information till de registrerade (artikel 34)", "7. Informing the people concerned (art. 34)")
	queued, noEmail := 0, 0
	for _, n := range in.Notices {
		queued += n.Queued
		noEmail += n.NoEmail
	}
	switch {
	case len(in.Notices) > 0:
		line("%s", core.Say(lang, "De registrerade har informerats per e-post (först %s): %d meddelanden. %d personer saknar e-postadress och informeras på annat sätt.",
			"The people have been informed by e-mail (first on %s): %d messages. %d people have no e-mail address and are informed another way.",
			minute(in.Notices[0].At), queued, noEmail))
	case in.Risk == tillit.RiskHigh:
		line("%s", core.Say(lang, "Risken bedöms som hög; de registrerade kommer att informeras utan onödigt dröjsmål, per e-post med ett meddelande på klarspråk.",
			"The risk is assessed as high; the people will be informed without undue delay, by e-mail in plain language."))
	default:
		line("%s", core.Say(lang, "De registrerade informeras inte, eftersom incidenten inte bedöms medföra en hög risk för dem (artikel 34.1).",
			"The people are not informed, as the breach is not assessed as likely to result in a high risk to them (art. 34(1))."))
	}

	first := now
	if len(in.Notifications) > 0 {
		first = in.Notifications[0].At
	}
	if first.After(in.Deadline()) {
		h("8. Skäl till förseningen (artikel 33.1)", "8. Reasons for the delay (art. 33(1))")
		line("%s", core.Say(lang, "Anmälan görs efter 72-timmarsfristen, som gick ut %s.", "The notification comes after the 72 hours, which ended %s.", minute(in.Deadline())))
		line("\n%s", orFill(lang, in.DelayReason))
	}
	if len(in.Notifications) > 0 {
		h("Anmälan i etapper (artikel 33.4)", "Notification in phases (art. 33(4))")
		for _, n := range in.Notifications {
			ref := ""
			if n.Reference != "" {
				ref = core.Say(lang, ", diarienummer %s", ", case number %s", n.Reference)
			}
			line("- %s, %s%s%s", minute(n.At), phaseNames[n.Phase].In(lang), ref, prefixed(": ", n.Note))
		}
	}
	return tillit.Draft{Lang: lang, Title: title, Text: b.String()}
}

// method says how the numbers were computed.
func method(pol *tillit.Policy, lang tillit.Lang, in tillit.Incident, a tillit.Affected) string {
	cats := ""
	if len(in.Categories) > 0 {
		cats = core.Say(lang, " av kategorierna %s", " of the categories %s", strings.Join(categoryLabels(pol, lang, in.Categories), ", "))
	}
	erased := ""
	if a.Erased > 0 {
		erased = core.Say(lang, " %d personer vars uppgifter har raderats sedan dess är inte medräknade.", " %d people whose data has since been erased are not counted.", a.Erased)
	}
	switch a.By {
	case "disclosures":
		var names []string
		for _, id := range in.Recipients {
			r, _ := pol.Recipient(id)
			names = append(names, cmp.Or(r.Name, id))
		}
		return core.Say(lang, "*Beräknat av Tillit %s ur registrets logg över utlämnanden: uppgifter%s som lämnats ut till %s %s.%s*",
			"*Computed by Tillit on %s from the register's log of disclosures: data%s disclosed to %s %s.%s*",
			minute(a.Computed), cats, strings.Join(names, ", "), window(lang, in), erased)
	case "items":
		points := ""
		if len(in.Points) > 0 {
			var names []string
			for _, id := range in.Points {
				p, _ := pol.CollectionPoint(id)
				names = append(names, core.Label(p.Label, id, lang))
			}
			points = core.Say(lang, " insamlade via %s", " collected through %s", strings.Join(names, ", "))
		}
		return core.Say(lang, "*Beräknat av Tillit %s: uppgifter%s%s som fanns i registret %s.%s*",
			"*Computed by Tillit on %s: data%s%s held in the register %s.%s*",
			minute(a.Computed), cats, points, core.Say(lang, "vid %s", "at %s", minute(a.To)), erased)
	}
	return core.Say(lang, "*Incidenten anger inga kategorier, insamlingspunkter eller mottagare att beräkna de berörda ur; ange antalen för hand.*",
		"*The incident names no categories, collection points or recipients to compute those affected from; give the numbers by hand.*")
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}

func joinNonEmpty(ss ...string) string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// subjectNotice is the notice to a person affected, in plain language
// (GDPR art. 34(2), which refers to art. 33(3)(b)–(d)); cats are the
// categories of their data concerned.
func subjectNotice(pol *tillit.Policy, in tillit.Incident, cats []string, lang tillit.Lang) tillit.Draft {
	c := pol.Controller()
	title := core.Say(lang, "Information om en säkerhetsincident som rör dina personuppgifter", "Information about a security incident involving your personal data")
	var b strings.Builder
	p := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			b.WriteString(s + "\n\n")
		}
	}
	p(core.Say(lang, "Hej!", "Hello,"))
	p(core.Say(lang, "Vi vill berätta att vi har haft en säkerhetsincident där uppgifter om dig kan ha hamnat hos någon som inte skulle ha dem. Vi berättar det för att du ska kunna skydda dig.",
		"We want to let you know that we have had a security incident in which information about you may have reached someone who should not have it. We are telling you so that you can protect yourself."))
	p(core.Say(lang, "Vad som hände:", "What happened:") + " " + strings.TrimSpace(in.Nature))
	p(core.Say(lang, "När: %s.", "When: %s.", window(lang, in)))
	if len(cats) > 0 {
		p(core.Say(lang, "Uppgifter om dig som berörs: %s.", "Information about you that is involved: %s.", strings.Join(categoryLabels(pol, lang, cats), ", ")))
	}
	if in.Consequences != "" {
		p(core.Say(lang, "Vad det kan innebära för dig:", "What it may mean for you:") + " " + in.Consequences)
	}
	if in.MeasuresTaken != "" {
		p(core.Say(lang, "Det här har vi gjort:", "What we have done:") + " " + in.MeasuresTaken)
	}
	if in.MeasuresPlanned != "" {
		p(core.Say(lang, "Det här gör vi härnäst:", "What we will do next:") + " " + in.MeasuresPlanned)
	}
	p(core.Say(lang, "Det här kan du göra:", "What you can do:") + " " + strings.TrimSpace(in.Advice+" "+core.Say(lang,
		"Var uppmärksam på e-post, sms och samtal som ser ut att komma från oss eller från någon du känner och som ber dig om lösenord, koder eller betalning. Klicka inte på länkar i oväntade meddelanden. Hör av dig till oss om något verkar konstigt.",
		"Be careful with e-mails, text messages and calls that seem to come from us or from someone you know and that ask for passwords, codes or payment. Do not click links in unexpected messages. Contact us if anything seems odd.")))
	contact := cmp.Or(c.DPO.Email, pol.Rights().Contact, c.Email)
	if !c.DPO.IsZero() {
		p(core.Say(lang, "Har du frågor? Kontakta vårt dataskyddsombud: %s.", "Any questions? Contact our data protection officer: %s.", joinNonEmpty(c.DPO.Name, c.DPO.Email, c.DPO.Phone)))
	} else if contact != "" {
		p(core.Say(lang, "Har du frågor? Kontakta oss: %s.", "Any questions? Contact us: %s.", contact))
	}
	p(core.RightsLine(pol, lang))
	b.WriteString(core.Say(lang, "Vänliga hälsningar\n%s\n", "Kind regards\n%s\n", c.Name))
	b.WriteString(core.Say(lang, "Ärende: %s\n", "Reference: %s\n", in.ID))
	return tillit.Draft{Lang: lang, Title: title, Text: b.String()}
}

// breachMail is the e-mail of a notice to a person.
func breachMail(d tillit.Draft, to string) deliver.Mail {
	return deliver.Mail{To: to, Lang: string(d.Lang), Subject: d.Title, Text: d.Text}
}
