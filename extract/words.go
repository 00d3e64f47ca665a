package extract

import "github.com/tillit-privacy/tillit"

// words are the fixed texts of an extract in one language. Everything else
// in an extract (categories, purposes, retention, rights) arrives already in
// the extract's language.
type words struct {
	Title      string
	Generated  string
	Reference  string // the person's pseudonymous ID
	Request    string // the request's ID
	Controller string
	OrgNumber  string
	Address    string
	Email      string
	DPO        string
	Restricted string // processing is restricted (GDPR art. 18)

	Data      string // heading of the items
	NoData    string // said when there are no items (art. 15(1): confirmation)
	Category  string
	Value     string
	Purposes  string
	Source    string
	Collected string
	Kept      string
	Until     string // before the date an item goes, after its retention
	Archived  string
	Disclosed string

	Recipients   string // heading of the recipients
	NoRecipients string
	Recipient    string
	Country      string
	Categories   string
	Period       string // first and last disclosure
	Times        string

	Consents  string
	Purpose   string
	Consent   string
	Given     string
	Withdrawn string
	Version   string
	Date      string

	Rights    string
	Complaint string
	Page      string // page number pattern for maroto: {current} and {total}
}

// vocabulary holds the fixed texts in every language of Tillit. They are
// written, not translated: each language reads as its own.
var vocabulary = map[tillit.Lang]words{
	tillit.Swedish: {
		Title:      "Registerutdrag",
		Generated:  "Upprättat",
		Reference:  "Din referens",
		Request:    "Ärendenummer",
		Controller: "Personuppgiftsansvarig",
		OrgNumber:  "Organisationsnummer",
		Address:    "Adress",
		Email:      "E-post",
		DPO:        "Dataskyddsombud",
		Restricted: "Behandlingen av dina uppgifter är begränsad. Vi lagrar dem men använder dem inte till något annat utan ditt samtycke, utom i de fall artikel 18.2 i dataskyddsförordningen medger.",

		Data:      "Uppgifter om dig",
		NoData:    "Vi behandlar inga personuppgifter om dig.",
		Category:  "Kategori",
		Value:     "Uppgift",
		Purposes:  "Ändamål",
		Source:    "Källa",
		Collected: "Insamlad",
		Kept:      "Sparas",
		Until:     "till",
		Archived:  "Arkiverad: sparas endast för rättsliga förpliktelser",
		Disclosed: "Lämnad till",

		Recipients:   "Mottagare som har fått dina uppgifter",
		NoRecipients: "Dina uppgifter har inte lämnats ut till någon mottagare.",
		Recipient:    "Mottagare",
		Country:      "Land",
		Categories:   "Kategorier",
		Period:       "Period",
		Times:        "Antal gånger",

		Consents:  "Samtycken",
		Purpose:   "Ändamål",
		Consent:   "Samtycke",
		Given:     "Lämnat",
		Withdrawn: "Återkallat",
		Version:   "Version",
		Date:      "Datum",

		Rights:    "Dina rättigheter",
		Complaint: "Klagomål",
		Page:      "Sida {current} av {total}",
	},
	tillit.English: {
		Title:      "Copy of your personal data",
		Generated:  "Generated",
		Reference:  "Your reference",
		Request:    "Request number",
		Controller: "Controller",
		OrgNumber:  "Company registration number",
		Address:    "Address",
		Email:      "E-mail",
		DPO:        "Data protection officer",
		Restricted: "Processing of your data is restricted. We store it but use it for nothing else without your consent, except where Article 18(2) GDPR allows.",

		Data:      "Data about you",
		NoData:    "We process no personal data about you.",
		Category:  "Category",
		Value:     "Value",
		Purposes:  "Purposes",
		Source:    "Source",
		Collected: "Collected",
		Kept:      "Kept",
		Until:     "until",
		Archived:  "Archived: kept only for a legal obligation",
		Disclosed: "Disclosed to",

		Recipients:   "Recipients your data was disclosed to",
		NoRecipients: "Your data has not been disclosed to any recipient.",
		Recipient:    "Recipient",
		Country:      "Country",
		Categories:   "Categories",
		Period:       "Period",
		Times:        "Times",

		Consents:  "Consents",
		Purpose:   "Purpose",
		Consent:   "Consent",
		Given:     "Given",
		Withdrawn: "Withdrawn",
		Version:   "Version",
		Date:      "Date",

		Rights:    "Your rights",
		Complaint: "Complaint",
		Page:      "Page {current} of {total}",
	},
}
