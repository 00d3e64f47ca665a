package letters_test

// The inputs of the golden tests: representative data for every letter,
// with and without each optional part.

import (
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
)

// at is a time in UTC; the letters show it in Stockholm's time.
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// casePolicies returns registers by name: "full" with everything a letter
// may show, "contact" with an address for requests but no data protection
// officer, "bare" with only a controller's name.
func casePolicies(t *testing.T) map[string]*tillit.Policy {
	t.Helper()
	full, err := tillit.NewPolicy(tillit.PolicyDef{
		Controller: tillit.Controller{Name: "Exempel AB", OrgNumber: "556000-0000", Address: "Storgatan 1, 111 22 Stockholm",
			Email: "info@exempel.se", Phone: "08-123 45 67", DPO: tillit.Contact{Name: "Dana Dataskydd", Email: "dpo@exempel.se"}},
		Categories: []tillit.Category{
			{ID: "name", Label: tillit.Text{SV: "Namn", EN: "Name"}},
			{ID: "email", Label: tillit.Text{SV: "E-postadress", EN: "E-mail address"}, Identifier: true},
			{ID: "health", Label: tillit.Text{SV: "Hälsouppgifter", EN: "Health data"}, Special: tillit.Health},
			{ID: "customer_no"},
		},
		CollectionPoints: []tillit.CollectionPoint{{ID: "signup", Label: tillit.Text{SV: "Registrering", EN: "Sign-up"}}, {ID: "shop"}},
		Purposes: []tillit.Purpose{
			{ID: "marketing", Label: tillit.Text{SV: "Marknadsföring", EN: "Marketing"}},
			{ID: "support", Label: tillit.Text{SV: "Kundtjänst", EN: "Customer service"}},
			{ID: "analytics"},
		},
		Recipients: []tillit.Recipient{
			{ID: "mailer", Name: "Utskick AB", Role: tillit.Processor},
			{ID: "partner", Role: tillit.IndependentCtl},
		},
		Rights: tillit.Rights{Contact: "integritet@exempel.se", Delivery: []tillit.Delivery{tillit.DeliveryEmail, tillit.DeliveryPost}},
	})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := tillit.NewPolicy(tillit.PolicyDef{
		Controller: tillit.Controller{Name: "Liten Firma",
			Authority: tillit.Authority{Name: tillit.Text{SV: "Tillsynsmyndigheten", EN: "the supervisory authority"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	contact, err := tillit.NewPolicy(tillit.PolicyDef{
		Controller: tillit.Controller{Name: "Mellan AB", Email: "hej@mellan.se"},
		Rights:     tillit.Rights{Contact: "dataskydd@mellan.se", Delivery: []tillit.Delivery{tillit.DeliveryPost}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]*tillit.Policy{"full": full, "bare": bare, "contact": contact}
}

var caseRequest = tillit.Request{ID: "req_01J8Z3", Right: tillit.RightAccess, Received: at("2026-03-14T09:30:00Z"),
	Expires: at("2026-03-15T09:30:00Z"), Due: at("2026-04-14T09:30:00Z")}

func request(right tillit.Right) tillit.Request {
	r := caseRequest
	r.Right = right
	return r
}

// casePolicyNames names the registers of casePolicies, for letters tried with each in turn.
var casePolicyNames = []string{"full", "bare", "contact"}

var caseRights = []tillit.Right{tillit.RightAccess, tillit.RightRectification, tillit.RightErasure, tillit.RightRestriction,
	tillit.RightPortability, tillit.RightObjection, tillit.RightWithdrawal}

type codeCase struct {
	name       string
	pol        string
	request    tillit.Request
	code, link string
}

var codeCases = []codeCase{
	{"link", "full", request(tillit.RightAccess), "493021", "https://exempel.se/privacy/confirm"},
	{"no_link", "bare", request(tillit.RightErasure), "000117", ""},
}

type accessCase struct {
	name   string
	pol    string
	repeat bool
	link   string
	until  time.Time
}

var accessCases = []accessCase{
	// The link is valid until midnight in Stockholm: the last day it works is the day before.
	{"link_post", "full", false, "https://exempel.se/privacy/download?token=abc", at("2026-03-31T22:00:00Z")},
	{"repeat", "contact", true, "", time.Time{}},
	{"plain", "bare", false, "", time.Time{}},
}

type portableCase struct {
	name  string
	items int
}

var portableCases = []portableCase{{"one", 1}, {"many", 12}}

type erasureCase struct {
	name     string
	pol      string
	erasure  tillit.Erasure
	notified tillit.Notified
}

var bookkeeping = tillit.Text{SV: "bokföringslagen", EN: "the Accounting Act"}

var erasureCases = []erasureCase{
	{"nothing_left", "full", tillit.Erasure{Items: 5}, tillit.Notified{}},
	{"kept_contact", "full", tillit.Erasure{Items: 3, Kept: []tillit.Forecast{
		{Category: "email", HoldLaw: bookkeeping, HoldUntil: at("2033-06-30T22:00:00Z")},
		{Category: "customer_no", HoldLaw: bookkeeping, HoldUntil: at("2033-06-30T22:00:00Z")},
	}}, tillit.Notified{Queued: []string{"mailer"}, Manual: []string{"partner", "gone"}}},
	{"kept_other", "bare", tillit.Erasure{Items: 1, Kept: []tillit.Forecast{
		{Category: "invoice", HoldLaw: tillit.Text{SV: "bokföringslagen"}, HoldUntil: at("2030-01-01T12:00:00Z")},
	}}, tillit.Notified{Queued: []string{"mailer"}}},
}

type changedCase struct {
	name     string
	right    tillit.Right
	cats     []string
	notified tillit.Notified
}

var changedCases = []changedCase{
	{"rectified", tillit.RightRectification, []string{"email", "customer_no"}, tillit.Notified{Queued: []string{"mailer", "partner"}}},
	{"already_right", tillit.RightRectification, nil, tillit.Notified{}},
	{"restricted", tillit.RightRestriction, nil, tillit.Notified{Manual: []string{"partner"}}},
}

type purposesCase struct {
	name     string
	right    tillit.Right
	purposes []string
}

var purposesCases = []purposesCase{
	{"none", tillit.RightWithdrawal, nil},
	{"withdrawn", tillit.RightWithdrawal, []string{"marketing", "analytics"}},
	{"objected", tillit.RightObjection, []string{"marketing"}},
}

type reasonCase struct {
	name   string
	right  tillit.Right
	reason string // an objection's purpose, for Overruled
}

var overruledCases = []reasonCase{
	{"labelled", tillit.RightObjection, "marketing"},
	{"unlabelled", tillit.RightObjection, "analytics"},
}

var caseGrounds = "Vi behöver uppgifterna för att förebygga bedrägerier.\nSe vår intresseavvägning."

var refusedCases = []reasonCase{
	{"portability", tillit.RightPortability, "Uppgifterna behandlas inte med stöd av samtycke eller avtal."},
	{"no_reason", tillit.RightErasure, ""},
}

var extendedCases = []reasonCase{
	{"access", tillit.RightAccess, "Vi har fått ovanligt många begäranden."},
	{"objection", tillit.RightObjection, "Begäran är omfattande."},
}

type ackCase struct {
	name string
	ttl  time.Duration
}

var ackCases = []ackCase{{"day", 24 * time.Hour}, {"hours", 90 * time.Minute}}

type consentLinkCase struct {
	name  string
	url   string
	until time.Time
}

var consentLinkCases = []consentLinkCase{
	{"midnight", "https://exempel.se/privacy/consents?link=tok&lang=sv", at("2026-04-13T22:00:00Z")},
	{"afternoon", "https://exempel.se/privacy/consents?link=tok&lang=en", at("2026-04-14T13:00:00Z")},
}

// art19Case is the data of a notice (the webhook's Notice in vault).
type art19Case struct {
	name        string
	kind        string
	categories  []string
	disclosures [][3]string // ID, purpose, time
	changes     map[string]string
}

var art19Cases = []art19Case{
	{"rectification", "tillit.art19.rectification", []string{"email", "name"},
		[][3]string{{"dis_1", "marketing", "2026-01-05T23:30:00Z"}, {"dis_2", "support", "2026-02-01T10:00:00Z"}},
		map[string]string{"email": "ny@example.se", "phone": "not among the categories"}},
	{"rectification_unchanged", "tillit.art19.rectification", []string{"name"},
		[][3]string{{"dis_3", "support", "2026-02-01T10:00:00Z"}}, map[string]string{}},
	{"erasure", "tillit.art19.erasure", []string{"email"}, [][3]string{{"dis_1", "marketing", "2026-01-05T23:30:00Z"}}, nil},
	{"restriction", "tillit.art19.restriction", []string{"email", "customer_no"},
		[][3]string{{"dis_1", "marketing", "2026-01-05T23:30:00Z"}}, nil},
}

type incidentCase struct {
	name     string
	pol      string
	incident tillit.Incident
	affected tillit.Affected
	now      time.Time
	cats     []string // the person's categories, for the notice
}

var caseIncident = tillit.Incident{ID: "inc_01J8Z4", IncidentDetails: tillit.IncidentDetails{
	Title:           "Stulen bärbar dator",
	Nature:          "  En bärbar dator med en okrypterad kundlista stals ur en bil.  ",
	HowDiscovered:   "Medarbetaren anmälde stölden.",
	Discovered:      at("2026-03-10T08:15:00Z"),
	From:            at("2026-03-09T20:00:00Z"),
	To:              at("2026-03-10T07:00:00Z"),
	Categories:      []string{"email", "health"},
	Recipients:      []string{"mailer", "partner", "gone"},
	Systems:         []string{"CRM", "Mejl"},
	SubjectTypes:    "Kunder",
	Consequences:    " Risk för riktat nätfiske.\n",
	MeasuresTaken:   "Vi har spärrat datorns konton.",
	MeasuresPlanned: "Alla bärbara datorer krypteras.",
	Advice:          "  Byt lösenord.",
	DelayReason:     "Stölden upptäcktes under en helg.",
	Risk:            tillit.RiskHigh,
},
	Notifications: []tillit.AuthorityNotification{
		{Phase: tillit.PhaseInitial, At: at("2026-03-14T09:00:00Z"), Reference: "DI-2026-123"},
		{Phase: tillit.PhaseSupplementary, At: at("2026-03-20T09:00:00Z"), Note: "Antalet berörda är fastställt."},
		{Phase: tillit.PhaseFinal, At: at("2026-04-01T09:00:00Z"), Reference: "DI-2026-123", Note: "Utredningen är klar."},
	},
	Notices: []tillit.SubjectNotices{{At: at("2026-03-15T10:00:00Z"), Queued: 10, NoEmail: 2}, {At: at("2026-03-21T10:00:00Z"), Queued: 3, NoEmail: 1}},
}

func incident(f func(*tillit.Incident)) tillit.Incident {
	in := caseIncident
	in.Notifications = nil
	in.Notices = nil
	in.Risk = ""
	in.IncidentDetails = tillit.IncidentDetails{Title: in.Title, Discovered: in.Discovered}
	f(&in)
	return in
}

var incidentCases = []incidentCase{
	{"full", "full", caseIncident, tillit.Affected{Incident: "inc_01J8Z4", Computed: at("2026-03-13T12:00:00Z"), By: "disclosures",
		From: at("2026-03-09T20:00:00Z"), To: at("2026-03-10T07:00:00Z"), Subjects: []string{"sub_1", "sub_2", "sub_3"}, Records: 7,
		Categories: []tillit.AffectedCategory{{Category: "email", Subjects: 3, Records: 4}, {Category: "health", Subjects: 1, Records: 2},
			{Category: "customer_no", Subjects: 1, Records: 1}}, Erased: 2},
		at("2026-04-02T08:00:00Z"), []string{"email", "customer_no"}},
	{"bare", "bare", incident(func(in *tillit.Incident) { in.From, in.To = time.Time{}, time.Time{} }), tillit.Affected{Computed: at("2026-03-10T09:00:00Z"), To: at("2026-03-10T08:15:00Z")},
		at("2026-03-10T09:00:00Z"), nil},
	{"items_late", "full", incident(func(in *tillit.Incident) {
		in.From = at("2026-03-01T06:00:00Z")
		in.Categories = []string{"name"}
		in.Points = []string{"signup", "shop"}
		in.Risk = tillit.RiskLikely
		in.Consequences = "   "
		in.MeasuresTaken = "Loggarna är sparade."
		in.Advice = "   "
	}), tillit.Affected{Computed: at("2026-03-14T12:00:00Z"), By: "items", From: at("2026-03-01T06:00:00Z"), To: at("2026-03-10T08:15:00Z"),
		Subjects: []string{"sub_1"}, Records: 1, Categories: []tillit.AffectedCategory{{Category: "name", Subjects: 1, Records: 1}}},
		at("2026-03-14T12:00:00Z"), []string{"name"}},
	{"unlikely_open_start", "contact", incident(func(in *tillit.Incident) {
		in.To = at("2026-03-09T23:00:00Z")
		in.Risk = tillit.RiskUnlikely
		in.Nature = "Ett brev skickades till fel adress."
		in.MeasuresPlanned = "Rutinen ses över."
		in.Points = []string{"shop"}
	}), tillit.Affected{Computed: at("2026-03-10T09:00:00Z"), By: "items", To: at("2026-03-09T23:00:00Z")},
		at("2026-03-10T09:00:00Z"), nil},
	{"high_untold", "full", incident(func(in *tillit.Incident) {
		in.Risk = tillit.RiskHigh
		in.Recipients = []string{"partner"}
		in.Nature = "Partnern skickade kundlistan vidare."
	}), tillit.Affected{Computed: at("2026-03-10T09:00:00Z"), By: "disclosures", To: at("2026-03-10T08:15:00Z"), Subjects: []string{"sub_4"}, Records: 2},
		at("2026-03-10T09:00:00Z"), []string{"email"}},
	{"phases", "bare", incident(func(in *tillit.Incident) {
		in.Risk = tillit.RiskLikely
		in.Notifications = []tillit.AuthorityNotification{
			{Phase: tillit.PhaseInitial, At: at("2026-03-11T09:00:00Z")},
			{Phase: tillit.PhaseFinal, At: at("2026-03-20T09:00:00Z"), Note: "Inga fler berörda."},
		}
	}), tillit.Affected{Computed: at("2026-03-10T09:00:00Z"), To: at("2026-03-10T08:15:00Z")},
		at("2026-03-25T09:00:00Z"), nil},
}

// The golden files' layout: a header of the letter's parts, a blank line,
// the text.

func formatLetter(subject, attachment, body string) string {
	h := "Subject: " + subject + "\n"
	if attachment != "" {
		h += "Attachment: " + attachment + "\n"
	}
	return h + "\n" + body
}

func formatDraft(lang tillit.Lang, title, text string) string {
	return "Lang: " + string(lang) + "\nTitle: " + title + "\n\n" + text
}
