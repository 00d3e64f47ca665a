package tillit

import (
	"slices"
	"time"
)

// Controller is the organisation responsible for the processing (GDPR art. 4(7)).
type Controller struct {
	Name          string
	OrgNumber     string // Swedish organisationsnummer, e.g. 559554-3694
	Address       string
	Email         string
	Phone         string
	Website       string
	DPO           Contact // zero when no data protection officer is appointed
	Authority     Authority
	PolicyVersion string
	PolicyDate    time.Time
}

// Contact is a person or function to contact.
type Contact struct {
	Name  string
	Email string
	Phone string
}

// IsZero reports whether no contact is given.
func (c Contact) IsZero() bool { return c == Contact{} }

// Authority is the supervisory authority a person may complain to (GDPR art. 77).
type Authority struct {
	Name    Text
	Website string
}

// IMY is the Swedish supervisory authority, Integritetsskyddsmyndigheten,
// the default Authority of a register.
var IMY = Authority{
	Name:    Text{SV: "Integritetsskyddsmyndigheten (IMY)", EN: "the Swedish Authority for Privacy Protection (IMY)"},
	Website: "https://www.imy.se",
}

// CategoryGroup groups categories for the notice, e.g. customer information.
type CategoryGroup struct {
	ID          string
	Label       Text
	Description Text
}

// ValueType says how values of a category are validated and handled.
type ValueType string

// The value types of a category.
const (
	TypeText         ValueType = "text"
	TypeFreeText     ValueType = "free_text" // scanned for personnummer and card numbers
	TypeEmail        ValueType = "email"
	TypePhone        ValueType = "phone"
	TypePersonnummer ValueType = "personnummer" // personnummer or samordningsnummer, checksum validated
	TypeAddress      ValueType = "address"
	TypeDate         ValueType = "date"
	TypeNumber       ValueType = "number"
	TypeBoolean      ValueType = "boolean"
	TypeFile         ValueType = "file"
	TypeIPAddress    ValueType = "ip_address"
	TypeCardNumber   ValueType = "card_number" // only ever transient
	TypeSecret       ValueType = "secret"      // e.g. a password, stored only as a hash
)

// ValueTypes lists every ValueType in the order the documentation gives them.
var ValueTypes = []ValueType{TypeText, TypeFreeText, TypeEmail, TypePhone, TypePersonnummer,
	TypeAddress, TypeDate, TypeNumber, TypeBoolean, TypeFile, TypeIPAddress, TypeCardNumber, TypeSecret}

// Special is a special category of personal data (GDPR art. 9(1)) or data
// on criminal convictions and offences (art. 10).
type Special string

// The special categories.
const (
	EthnicOrigin       Special = "ethnic_origin"
	PoliticalOpinions  Special = "political_opinions"
	ReligiousBeliefs   Special = "religious_beliefs"
	TradeUnion         Special = "trade_union_membership"
	Genetic            Special = "genetic"
	Biometric          Special = "biometric"
	Health             Special = "health"
	SexLife            Special = "sex_life_or_orientation"
	CriminalConviction Special = "criminal_offences" // GDPR art. 10
)

// Specials lists every Special.
var Specials = []Special{EthnicOrigin, PoliticalOpinions, ReligiousBeliefs, TradeUnion,
	Genetic, Biometric, Health, SexLife, CriminalConviction}

// Category is a category of personal data.
type Category struct {
	ID          string
	Group       string
	Label       Text
	Description Text
	Type        ValueType
	Identifier  bool    // the person can be looked up by it (through a blind index)
	Special     Special // "" unless a special category
	Transient   bool    // passed on to a recipient, never stored
}

// Channel is the kind of place where data enters.
type Channel string

// The channels of a collection point.
const (
	ChannelWebForm    Channel = "web_form"
	ChannelAccount    Channel = "account"
	ChannelNewsletter Channel = "newsletter"
	ChannelComments   Channel = "comments"
	ChannelSupport    Channel = "support"
	ChannelPayment    Channel = "payment"
	ChannelEmail      Channel = "email"
	ChannelPhone      Channel = "phone"
	ChannelTradeFair  Channel = "trade_fair"
	ChannelSoftware   Channel = "software_log"
	ChannelCookies    Channel = "cookies"
	ChannelImport     Channel = "import"
	ChannelOther      Channel = "other"
)

// Channels lists every Channel.
var Channels = []Channel{ChannelWebForm, ChannelAccount, ChannelNewsletter, ChannelComments,
	ChannelSupport, ChannelPayment, ChannelEmail, ChannelPhone, ChannelTradeFair,
	ChannelSoftware, ChannelCookies, ChannelImport, ChannelOther}

// FreeTextAction says what collection does with a personnummer found in free text.
type FreeTextAction string

// The free-text actions. Payment-card numbers are always refused.
const (
	FreeTextRefuse FreeTextAction = "refuse" // the submission is refused
	FreeTextRedact FreeTextAction = "redact" // the number is masked before storing
	FreeTextKeep   FreeTextAction = "keep"   // the number is stored as written
)

// CollectionPoint is a place where personal data enters: a form, a sign-up,
// a phone call, a program's log.
type CollectionPoint struct {
	ID           string
	Label        Text
	Description  Text
	Channel      Channel
	Source       string // "" when the person provides the data, else a Source ID
	OpensCase    string // the case type a submission opens, if any
	Required     []string
	Optional     []string
	Purposes     []string
	Personnummer FreeTextAction // what to do with a personnummer in free text
}

// Accepts reports whether category may be submitted at the point.
func (c CollectionPoint) Accepts(category string) bool {
	return slices.Contains(c.Required, category) || slices.Contains(c.Optional, category)
}

// Source is where data comes from when the person did not provide it
// (GDPR art. 14(2)(f)).
type Source struct {
	ID          string
	Label       Text
	Description Text
	Public      bool // a publicly accessible source
}

// Basis is a legal basis for processing (GDPR art. 6(1)).
type Basis string

// The legal bases.
const (
	Consent            Basis = "consent"             // art. 6(1)(a)
	Contract           Basis = "contract"            // art. 6(1)(b)
	LegalObligation    Basis = "legal_obligation"    // art. 6(1)(c)
	VitalInterest      Basis = "vital_interest"      // art. 6(1)(d)
	PublicTask         Basis = "public_task"         // art. 6(1)(e)
	LegitimateInterest Basis = "legitimate_interest" // art. 6(1)(f)
)

// Bases lists every Basis in the order of art. 6(1).
var Bases = []Basis{Consent, Contract, LegalObligation, VitalInterest, PublicTask, LegitimateInterest}

// Article returns the provision of the basis, e.g. "art. 6(1)(a)".
func (b Basis) Article() string {
	for i, x := range Bases {
		if x == b {
			return "art. 6(1)(" + string(rune('a'+i)) + ")"
		}
	}
	return ""
}

// Art9Condition is a condition of GDPR art. 9(2) that lifts the ban on
// processing a special category.
type Art9Condition string

// The art. 9(2) conditions, by their letter.
const (
	ExplicitConsent     Art9Condition = "explicit_consent"   // (a)
	EmploymentLaw       Art9Condition = "employment"         // (b)
	VitalInterests9     Art9Condition = "vital_interests"    // (c)
	NotForProfit        Art9Condition = "not_for_profit"     // (d)
	MadePublic          Art9Condition = "made_public"        // (e)
	LegalClaims         Art9Condition = "legal_claims"       // (f)
	SubstantialPublic   Art9Condition = "substantial_public" // (g)
	HealthCare          Art9Condition = "health_care"        // (h)
	PublicHealth        Art9Condition = "public_health"      // (i)
	ArchivingOrResearch Art9Condition = "archiving_research" // (j)
)

// Art9Conditions lists every Art9Condition in the order of art. 9(2).
var Art9Conditions = []Art9Condition{ExplicitConsent, EmploymentLaw, VitalInterests9, NotForProfit,
	MadePublic, LegalClaims, SubstantialPublic, HealthCare, PublicHealth, ArchivingOrResearch}

// ConsentTerms says how consent for a purpose is given and withdrawn.
type ConsentTerms struct {
	GivenBy  string // how consent is given, e.g. checkbox, banner, verified_email
	Version  string // the version of the wording shown
	Withdraw Text   // how to withdraw it (GDPR art. 7(3)); empty when not stated
}

// Purpose is a purpose of processing (ändamål) with its legal basis.
type Purpose struct {
	ID                 string
	Label              Text
	Description        Text
	Processing         []Text // the operations performed
	DataSubjects       []Text // categories of data subjects (art. 30(1)(c)), e.g. customers
	Basis              Basis
	Interest           Text // legitimate interest pursued (art. 13(1)(d))
	Balancing          Text // the balancing test, for legitimate interest
	Obligation         Text // the law, for legal obligation
	Consent            ConsentTerms
	Art9Condition      Art9Condition
	DirectMarketing    bool // objection is absolute (art. 21(3))
	Categories         []string
	Sources            []string // Source IDs, besides the collection points serving it
	Recipients         []string
	Objection          Text // what objecting means, in the controller's words
	Portability        bool // data provided by the person may be ported (art. 20)
	AutomatedDecisions Text // automated decision-making or profiling (art. 22), if any
	Retention          []Rule
	RetentionNote      Text
}

// Uses reports whether the purpose uses category.
func (p Purpose) Uses(category string) bool { return slices.Contains(p.Categories, category) }

// Objectable reports whether the person has a right to object under
// GDPR art. 21: for legitimate interest and public task, and always for
// direct marketing.
func (p Purpose) Objectable() bool {
	return p.DirectMarketing || p.Basis == LegitimateInterest || p.Basis == PublicTask
}

// Role is a recipient's role.
type Role string

// The roles of a recipient.
const (
	Processor      Role = "processor"        // processes on the controller's behalf (art. 28)
	SubProcessor   Role = "sub_processor"    // engaged by a processor (art. 28(4))
	IndependentCtl Role = "controller"       // an independent controller, e.g. a partner firm
	JointCtl       Role = "joint_controller" // art. 26
	AuthorityRole  Role = "authority"        // a public authority receiving data by law
)

// Roles lists every Role.
var Roles = []Role{Processor, SubProcessor, IndependentCtl, JointCtl, AuthorityRole}

// Safeguard is the ground for a transfer outside the EU/EEA (GDPR chapter V).
type Safeguard string

// The transfer safeguards.
const (
	Adequacy   Safeguard = "adequacy"   // art. 45, e.g. the EU-US Data Privacy Framework
	SCC        Safeguard = "scc"        // standard contractual clauses, art. 46(2)(c)
	BCR        Safeguard = "bcr"        // binding corporate rules, art. 47
	Derogation Safeguard = "derogation" // art. 49
)

// Safeguards lists every Safeguard.
var Safeguards = []Safeguard{Adequacy, SCC, BCR, Derogation}

// Recipient is someone personal data is disclosed to.
type Recipient struct {
	ID           string
	Name         string
	Role         Role
	Description  Text
	Country      string // ISO 3166-1 alpha-2, or "EU" / "EEA"
	DataLocation Text
	Safeguard    Safeguard
	Categories   []string // the categories it may receive
	Channels     []string // how data reaches it: email, sms, api, ...
	Members      []string // named members, when the recipient is a group such as "partner firms"
	ProcessorOf  string   // for a sub-processor, the processor that engaged it
	Address      string
	PrivacyURL   string
	Notify       Notify // how the recipient is told of rectification, erasure and restriction (GDPR art. 19); zero when not stated
}

// Notify says how a recipient is told of a rectification, erasure or
// restriction of data disclosed to it (GDPR art. 19): exactly one of a
// signed webhook (Standard Webhooks) and an e-mail is set. The webhook's
// signing secret is not part of the register.
type Notify struct {
	Webhook string // an absolute https URL; http only for a loopback host
	Email   string // a bare e-mail address
}

// IsZero reports whether no way of notifying is given.
func (n Notify) IsZero() bool { return n == Notify{} }

// InEEA reports whether the recipient's country is in the EU/EEA.
func (r Recipient) InEEA() bool { return IsEEA(r.Country) }

// May reports whether the recipient may receive category.
func (r Recipient) May(category string) bool { return slices.Contains(r.Categories, category) }

// EventScope says whether an event concerns a person or one of its cases.
type EventScope string

// The scopes of an event.
const (
	SubjectScope EventScope = "subject"
	CaseScope    EventScope = "case"
)

// Event is a lifecycle event that retention rules count from.
type Event struct {
	ID      string
	Label   Text
	Done    Text // "you sent your request", used in "30 days after ..."
	NotDone Text // "you have not received an offer", used in "unless ..."
	Scope   EventScope
	Case    string // the case type, for case events
	Builtin bool
}

// LegalHold is a law that requires keeping some categories for a time,
// whatever the purposes' rules say.
type LegalHold struct {
	ID          string
	Law         Text
	Description Text
	Categories  []string
	Keep        Rule // the keeping period; Action is empty
}

// IdentityMethod is a way to confirm who is making a request.
type IdentityMethod string

// The identity methods.
const (
	IdentityEmailCode  IdentityMethod = "email_code"
	IdentityEmailLink  IdentityMethod = "email_link"
	IdentityBankID     IdentityMethod = "bankid"
	IdentityDocument   IdentityMethod = "id_document"
	IdentitySignedPost IdentityMethod = "signed_letter"
)

// IdentityMethods lists every IdentityMethod.
var IdentityMethods = []IdentityMethod{IdentityEmailCode, IdentityEmailLink, IdentityBankID, IdentityDocument, IdentitySignedPost}

// Delivery is a way to deliver an extract.
type Delivery string

// The deliveries.
const (
	DeliveryDownload Delivery = "download"
	DeliveryEmail    Delivery = "email"
	DeliveryPost     Delivery = "post_registered_address" // to the population-register address
)

// Deliveries lists every Delivery.
var Deliveries = []Delivery{DeliveryDownload, DeliveryEmail, DeliveryPost}

// Rights holds the register's settings for the data subject's rights.
type Rights struct {
	Deadline         Duration // GDPR art. 12(3): one month
	Extension        Duration // at most two further months
	FreeExtractEvery Duration // art. 12(5), 15(3): a further copy within it may cost a fee
	Identity         []IdentityMethod
	Delivery         []Delivery
	Contact          string // where to send requests
	ObjectionDelay   Duration
	NotifyRecipients bool // art. 19
	HowTo            Text
}

// CookieCategory is a category of cookies shown in the cookie banner.
type CookieCategory struct {
	ID          string
	Label       Text
	Description Text
	Consent     bool   // set unless strictly necessary (ePrivacy art. 5(3), LEK 9 kap. 28 §)
	Purpose     string // the purpose the cookies serve, if any
	Tools       []CookieTool
}

// CookieTool is a tool that sets cookies.
type CookieTool struct {
	Name        string
	Recipient   string // the recipient that receives the data, if any
	Description Text
	Cookies     []string
	Lifetime    Duration // zero with Session set, or when not stated
	Session     bool
}

// Section is an extra section of the privacy notice.
type Section struct {
	Title Text
	Body  Text
}

// Notice holds the free texts of the privacy notice.
type Notice struct {
	Intro    Text
	Security Text
	Sections []Section
}
