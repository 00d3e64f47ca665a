package register

// The raw types mirror the YAML grammar one to one. The decoder fills them
// from the syntax tree, recording where each value stood, and check.go turns
// them into a tillit.PolicyDef. Tags:
//
//	yaml:"name"       the key in the file; ",map" decodes a mapping of
//	                  name -> entry into a slice, the name going to ID
//	required:"true"   the key must be present
//	enum:"set"        the value must be one of the named set (see enums)
//	doc:"..."         the description used in the JSON Schema
//	format:"..."      a JSON Schema format or pattern hint (date, duration, rule)
//	oneof:"a,b"       on a field holding a mapping: exactly one of its keys
//	                  a, b must be given (the JSON Schema says so; check.go
//	                  enforces it)

type rawRegister struct {
	node
	Tillit           str                  `yaml:"tillit" required:"true" doc:"Version of the register grammar. Always 1."`
	Controller       rawController        `yaml:"controller" required:"true" doc:"The controller: who is responsible for the processing."`
	Notice           rawNotice            `yaml:"notice" doc:"Free texts for the privacy notice."`
	CategoryGroups   []rawGroup           `yaml:"category_groups,map" doc:"Groups of categories, by name."`
	Categories       []rawCategory        `yaml:"categories,map" required:"true" doc:"The categories of personal data, by name."`
	Events           []rawEvent           `yaml:"events,map" doc:"Lifecycle events that retention counts from, by name."`
	Sources          []rawSource          `yaml:"sources,map" doc:"Where data comes from when the person did not give it, by name."`
	CollectionPoints []rawCollectionPoint `yaml:"collection_points,map" doc:"Where data enters, by name."`
	Purposes         []rawPurpose         `yaml:"purposes,map" required:"true" doc:"The purposes of processing, by name."`
	Recipients       []rawRecipient       `yaml:"recipients,map" doc:"Who receives personal data, by name."`
	LegalHolds       []rawLegalHold       `yaml:"legal_holds,map" doc:"Laws that require keeping some categories, by name."`
	Rights           rawRights            `yaml:"rights" doc:"How the data subject's rights are answered."`
	FreeText         rawFreeText          `yaml:"free_text" doc:"What to do with identity numbers found in free text."`
	Cookies          []rawCookieCategory  `yaml:"cookies,map" doc:"Cookie categories, by name."`
}

type rawText struct {
	node
	SV string `yaml:"sv" doc:"Swedish."`
	EN string `yaml:"en" doc:"English."`
}

type rawController struct {
	node
	Name          str          `yaml:"name" required:"true" doc:"Legal name."`
	OrgNumber     str          `yaml:"org_number" format:"orgnr" doc:"Swedish organisation number, NNNNNN-NNNN."`
	Address       str          `yaml:"address" doc:"Postal address."`
	Email         str          `yaml:"email" format:"email" doc:"Contact e-mail for questions about personal data."`
	Phone         str          `yaml:"phone" doc:"Contact phone."`
	Website       str          `yaml:"website" format:"uri" doc:"Website."`
	DPO           rawContact   `yaml:"dpo" doc:"The data protection officer, if one is appointed."`
	Authority     rawAuthority `yaml:"authority" doc:"The supervisory authority. Default: IMY."`
	PolicyVersion str          `yaml:"policy_version" doc:"Version of the policy."`
	PolicyDate    str          `yaml:"policy_date" format:"date" doc:"Date of the policy, YYYY-MM-DD."`
}

type rawContact struct {
	node
	Name  str `yaml:"name"`
	Email str `yaml:"email" format:"email"`
	Phone str `yaml:"phone"`
}

type rawAuthority struct {
	node
	Name    rawText `yaml:"name" required:"true"`
	Website str     `yaml:"website" format:"uri"`
}

type rawNotice struct {
	node
	Intro    rawText      `yaml:"intro" doc:"Introduction at the top of the notice."`
	Security rawText      `yaml:"security" doc:"How the data is protected."`
	Sections []rawSection `yaml:"sections" doc:"Extra sections."`
}

type rawSection struct {
	node
	Title rawText `yaml:"title" required:"true"`
	Body  rawText `yaml:"body" required:"true"`
}

type rawGroup struct {
	node
	ID          string  `yaml:"-"`
	Label       rawText `yaml:"label" required:"true"`
	Description rawText `yaml:"description"`
}

type rawCategory struct {
	node
	ID          string  `yaml:"-"`
	Group       str     `yaml:"group" doc:"Name of a category group."`
	Label       rawText `yaml:"label" required:"true"`
	Description rawText `yaml:"description"`
	Type        str     `yaml:"type" enum:"type" doc:"How values are validated. Default: text."`
	Identifier  rawBool `yaml:"identifier" doc:"The person can be found by it (blind index)."`
	Special     str     `yaml:"special" enum:"special" doc:"Special category (GDPR art. 9) or criminal offences (art. 10)."`
	Transient   rawBool `yaml:"transient" doc:"Passed on, never stored."`
}

type rawEvent struct {
	node
	ID      string  `yaml:"-"`
	Label   rawText `yaml:"label" required:"true"`
	Scope   str     `yaml:"scope" enum:"scope" doc:"subject (default) or case."`
	Case    str     `yaml:"case" doc:"The kind of case, for case events."`
	Done    rawText `yaml:"done" doc:"Completes '30 days after ...': 'you sent your request'."`
	NotDone rawText `yaml:"not_done" doc:"Completes 'if ...': 'you have not received an offer'."`
}

type rawSource struct {
	node
	ID          string  `yaml:"-"`
	Label       rawText `yaml:"label" required:"true"`
	Description rawText `yaml:"description"`
	Public      rawBool `yaml:"public" doc:"A publicly accessible source."`
}

type rawCollectionPoint struct {
	node
	ID           string  `yaml:"-"`
	Label        rawText `yaml:"label" required:"true"`
	Description  rawText `yaml:"description"`
	Channel      str     `yaml:"channel" required:"true" enum:"channel"`
	Source       str     `yaml:"source" doc:"A source name, when the data does not come from the person."`
	OpensCase    str     `yaml:"opens_case" doc:"The kind of case a submission opens."`
	Required     []str   `yaml:"required" doc:"Categories that must be present."`
	Optional     []str   `yaml:"optional" doc:"Categories that may be present."`
	Purposes     []str   `yaml:"purposes" required:"true" doc:"Purposes the data is collected for."`
	Personnummer str     `yaml:"personnummer" enum:"freetext" doc:"Overrides free_text.personnummer."`
}

type rawPurpose struct {
	node
	ID                 string                `yaml:"-"`
	Label              rawText               `yaml:"label" required:"true"`
	Description        rawText               `yaml:"description" required:"true"`
	Processing         []rawText             `yaml:"processing" doc:"The processing operations performed."`
	DataSubjects       []rawText             `yaml:"data_subjects" doc:"The categories of data subjects, e.g. customers, prospects (art. 30(1)(c))."`
	Basis              str                   `yaml:"basis" required:"true" enum:"basis" doc:"Legal basis, GDPR art. 6(1)."`
	LegitimateInterest rawLegitimateInterest `yaml:"legitimate_interest"`
	LegalObligation    rawText               `yaml:"legal_obligation" doc:"The law, for basis legal_obligation."`
	Consent            rawConsent            `yaml:"consent"`
	SpecialCondition   str                   `yaml:"special_condition" enum:"art9" doc:"GDPR art. 9(2) condition for special categories."`
	DirectMarketing    rawBool               `yaml:"direct_marketing" doc:"Direct marketing: an objection always stops it (art. 21(3))."`
	Categories         []str                 `yaml:"categories" required:"true"`
	Sources            []str                 `yaml:"sources"`
	Recipients         []str                 `yaml:"recipients"`
	Objection          rawText               `yaml:"objection" doc:"What objecting means."`
	Portability        rawBool               `yaml:"portability" doc:"Derived from the basis; state only to document it."`
	AutomatedDecisions rawText               `yaml:"automated_decisions" doc:"Automated decision-making or profiling (art. 22)."`
	Retention          []str                 `yaml:"retention" format:"rule" doc:"Retention rules, e.g. 'delete 30 days after request_submitted unless offer_received'."`
	RetentionNote      rawText               `yaml:"retention_note"`
}

type rawLegitimateInterest struct {
	node
	Interest  rawText `yaml:"interest" doc:"The legitimate interest pursued."`
	Balancing rawText `yaml:"balancing" doc:"The balancing test: why it outweighs the person's interests."`
}

type rawConsent struct {
	node
	GivenBy  str     `yaml:"given_by" doc:"How consent is given: checkbox, banner, verified_email, signature, verbal, ..."`
	Version  str     `yaml:"version" doc:"Version of the consent wording."`
	Withdraw rawText `yaml:"withdraw" doc:"How consent is withdrawn (art. 7(3))."`
}

type rawRecipient struct {
	node
	ID           string    `yaml:"-"`
	Name         str       `yaml:"name" required:"true"`
	Role         str       `yaml:"role" required:"true" enum:"role"`
	Description  rawText   `yaml:"description"`
	Country      str       `yaml:"country" required:"true" format:"country" doc:"ISO 3166-1 alpha-2 code, EU / EEA, or ZZ for an unnamed country outside the EU/EEA."`
	DataLocation rawText   `yaml:"data_location"`
	Safeguard    str       `yaml:"safeguard" enum:"safeguard" doc:"Transfer safeguard outside the EU/EEA."`
	Categories   []str     `yaml:"categories" required:"true"`
	Channels     []str     `yaml:"channels" doc:"How data reaches it: email, sms, api, ..."`
	Members      []str     `yaml:"members" doc:"Named members, when the recipient is a group."`
	ProcessorOf  str       `yaml:"processor_of" doc:"For a sub_processor: the processor that engaged it."`
	Address      str       `yaml:"address"`
	PrivacyURL   str       `yaml:"privacy_url" format:"uri"`
	Notify       rawNotify `yaml:"notify" oneof:"webhook,email" doc:"How the recipient is told of rectification, erasure and restriction (art. 19): a webhook or an e-mail."`
}

type rawNotify struct {
	node
	Webhook str `yaml:"webhook" format:"webhook" doc:"An https URL that receives a signed JSON call (Standard Webhooks). http only for localhost, 127.0.0.1 and ::1."`
	Email   str `yaml:"email" format:"email" doc:"An e-mail address that receives the notification."`
}

type rawLegalHold struct {
	node
	ID          string  `yaml:"-"`
	Law         rawText `yaml:"law" required:"true"`
	Description rawText `yaml:"description"`
	Categories  []str   `yaml:"categories" required:"true"`
	Keep        str     `yaml:"keep" required:"true" format:"period" doc:"e.g. '7 years after end of year of payment_registered'."`
}

type rawRights struct {
	node
	Deadline         str     `yaml:"deadline" format:"duration" doc:"Default: 1 month (art. 12(3))."`
	Extension        str     `yaml:"extension" format:"duration" doc:"Default: 2 months."`
	FreeExtractEvery str     `yaml:"free_extract_every" format:"duration" doc:"One free extract per period."`
	Identity         []str   `yaml:"identity" enum:"identity"`
	Delivery         []str   `yaml:"delivery" enum:"delivery"`
	Contact          str     `yaml:"contact" doc:"Where requests go. Default: the controller's e-mail."`
	ObjectionDelay   str     `yaml:"objection_delay" format:"duration"`
	NotifyRecipients rawBool `yaml:"notify_recipients" doc:"Tell recipients of rectification, erasure and restriction (art. 19)."`
	HowTo            rawText `yaml:"how_to"`
}

type rawFreeText struct {
	node
	Personnummer str `yaml:"personnummer" enum:"freetext" doc:"refuse, redact (default) or keep."`
}

type rawCookieCategory struct {
	node
	ID          string          `yaml:"-"`
	Label       rawText         `yaml:"label" required:"true"`
	Description rawText         `yaml:"description"`
	Consent     rawBool         `yaml:"consent" required:"true" doc:"false only for strictly necessary cookies."`
	Purpose     str             `yaml:"purpose"`
	Tools       []rawCookieTool `yaml:"tools"`
}

type rawCookieTool struct {
	node
	Name        str     `yaml:"name" required:"true"`
	Recipient   str     `yaml:"recipient"`
	Description rawText `yaml:"description"`
	Cookies     []str   `yaml:"cookies"`
	Lifetime    str     `yaml:"lifetime" format:"lifetime" doc:"A period such as '2 years', or 'session'."`
}
