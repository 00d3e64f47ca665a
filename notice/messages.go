package notice

import (
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// msg is one text of the notice in Swedish and English. Plural texts give
// the one and other forms; go-i18n applies each language's plural rules.
type msg struct {
	id        string
	svOne, sv string
	enOne, en string
}

// messages are the fixed texts of the notice and the record of processing.
// They are written, not translated: each language reads as its own.
var messages = []msg{
	// Periods.
	{id: "day", svOne: "en dag", sv: "{{.Count}} dagar", enOne: "one day", en: "{{.Count}} days"},
	{id: "week", svOne: "en vecka", sv: "{{.Count}} veckor", enOne: "one week", en: "{{.Count}} weeks"},
	{id: "month", svOne: "en månad", sv: "{{.Count}} månader", enOne: "one month", en: "{{.Count}} months"},
	{id: "year", svOne: "ett år", sv: "{{.Count}} år", enOne: "one year", en: "{{.Count}} years"},

	// Retention rules.
	{id: "act.delete", sv: "Raderas", en: "Deleted"},
	{id: "act.anonymise", sv: "Avidentifieras", en: "Anonymised"},
	{id: "act.archive", sv: "Arkiveras med begränsad åtkomst", en: "Archived with restricted access"},
	{id: "act.review", sv: "Vi frågar dig om vi får fortsätta spara uppgifterna", en: "We ask you whether we may keep the data"},
	{id: "when.after", sv: "{{.Period}} efter att {{.Done}}", en: "{{.Period}} after {{.Done}}"},
	{id: "when.endofyear", sv: "{{.Period}} efter utgången av det kalenderår då {{.Done}}", en: "{{.Period}} after the end of the calendar year in which {{.Done}}"},
	{id: "when.every", sv: "{{.Period}} efter att {{.Done}} och därefter med {{.Every}} mellanrum", en: "{{.Period}} after {{.Done}} and every {{.Every}} after that"},
	{id: "when.atonce", sv: "så snart {{.Done}}", en: "as soon as {{.Done}}"},
	{id: "unless", sv: "om {{.NotDone}}", en: "if {{.NotDone}}"},
	{id: "unless.within", sv: "om {{.NotDone}} inom {{.Period}}", en: "if {{.NotDone}} within {{.Period}}"},
	{id: "hold.keep", sv: "Sparas i {{.Period}} efter att {{.Done}}", en: "Kept for {{.Period}} after {{.Done}}"},
	{id: "hold.keep.endofyear", sv: "Sparas i {{.Period}} efter utgången av det kalenderår då {{.Done}}", en: "Kept for {{.Period}} after the end of the calendar year in which {{.Done}}"},
	{id: "retention.several", sv: "En uppgift som behövs för flera ändamål sparas tills inget av dem längre behöver den.", en: "Data needed for several purposes is kept until none of them needs it any more."},

	// Legal bases, GDPR art. 6(1).
	{id: "basis.consent", sv: "Samtycke", en: "Consent"},
	{id: "basis.contract", sv: "Fullgörande av avtal", en: "Performance of a contract"},
	{id: "basis.legal_obligation", sv: "Rättslig förpliktelse", en: "Legal obligation"},
	{id: "basis.vital_interest", sv: "Intresse av grundläggande betydelse", en: "Vital interest"},
	{id: "basis.public_task", sv: "Uppgift av allmänt intresse eller myndighetsutövning", en: "Public task or official authority"},
	{id: "basis.legitimate_interest", sv: "Berättigat intresse", en: "Legitimate interest"},
	{id: "basis.article", sv: "artikel 6.1 {{.Letter}} i dataskyddsförordningen", en: "Article 6(1)({{.Letter}}) GDPR"},

	// Roles and safeguards.
	{id: "role.processor", sv: "Personuppgiftsbiträde", en: "Processor"},
	{id: "role.sub_processor", sv: "Underbiträde", en: "Sub-processor"},
	{id: "role.controller", sv: "Självständigt personuppgiftsansvarig", en: "Independent controller"},
	{id: "role.joint_controller", sv: "Gemensamt personuppgiftsansvarig", en: "Joint controller"},
	{id: "role.authority", sv: "Myndighet", en: "Public authority"},
	{id: "safeguard.adequacy", sv: "beslut om adekvat skyddsnivå (artikel 45)", en: "an adequacy decision (Article 45)"},
	{id: "safeguard.scc", sv: "EU-kommissionens standardavtalsklausuler (artikel 46)", en: "the European Commission's standard contractual clauses (Article 46)"},
	{id: "safeguard.bcr", sv: "bindande företagsbestämmelser (artikel 47)", en: "binding corporate rules (Article 47)"},
	{id: "safeguard.derogation", sv: "undantag för särskilda situationer (artikel 49)", en: "a derogation for specific situations (Article 49)"},

	// Special categories.
	{id: "special.ethnic_origin", sv: "etniskt ursprung", en: "ethnic origin"},
	{id: "special.political_opinions", sv: "politiska åsikter", en: "political opinions"},
	{id: "special.religious_beliefs", sv: "religiös eller filosofisk övertygelse", en: "religious or philosophical beliefs"},
	{id: "special.trade_union_membership", sv: "medlemskap i fackförening", en: "trade union membership"},
	{id: "special.genetic", sv: "genetiska uppgifter", en: "genetic data"},
	{id: "special.biometric", sv: "biometriska uppgifter", en: "biometric data"},
	{id: "special.health", sv: "hälsa", en: "health"},
	{id: "special.sex_life_or_orientation", sv: "sexualliv eller sexuell läggning", en: "sex life or sexual orientation"},
	{id: "special.criminal_offences", sv: "lagöverträdelser", en: "criminal offences"},
	{id: "special.note", sv: "känslig personuppgift: {{.Kind}}", en: "special category: {{.Kind}}"},
	{id: "special.criminal", sv: "uppgift om lagöverträdelser", en: "data on criminal offences"},

	// Identity and delivery.
	{id: "identity.email_code", sv: "en engångskod som vi skickar till din e-postadress", en: "a one-time code we send to your e-mail address"},
	{id: "identity.email_link", sv: "en länk som vi skickar till din e-postadress", en: "a link we send to your e-mail address"},
	{id: "identity.bankid", sv: "BankID", en: "BankID"},
	{id: "identity.id_document", sv: "en giltig id-handling", en: "a valid identity document"},
	{id: "identity.signed_letter", sv: "en skriftlig, undertecknad begäran", en: "a written, signed request"},
	{id: "delivery.download", sv: "som en fil att ladda ned", en: "as a file to download"},
	{id: "delivery.email", sv: "med e-post", en: "by e-mail"},
	{id: "delivery.post_registered_address", sv: "med post till din folkbokföringsadress", en: "by post to your address in the population register"},

	// Headings and fixed sentences.
	{id: "title", sv: "Integritetspolicy", en: "Privacy notice"},
	{id: "version", sv: "Version {{.Version}}", en: "Version {{.Version}}"},
	{id: "updated", sv: "Senast uppdaterad {{.Date}}", en: "Last updated {{.Date}}"},
	{id: "h.controller", sv: "Personuppgiftsansvarig", en: "Who is responsible"},
	{id: "controller.is", sv: "{{.Name}} är personuppgiftsansvarig för behandlingen av dina personuppgifter.", en: "{{.Name}} is the controller responsible for processing your personal data."},
	{id: "orgnr", sv: "Organisationsnummer", en: "Company registration number"},
	{id: "address", sv: "Adress", en: "Address"},
	{id: "email", sv: "E-post", en: "E-mail"},
	{id: "phone", sv: "Telefon", en: "Phone"},
	{id: "website", sv: "Webbplats", en: "Website"},
	{id: "dpo", sv: "Dataskyddsombud", en: "Data protection officer"},
	{id: "h.categories", sv: "Vilka personuppgifter vi behandlar", en: "The personal data we process"},
	{id: "h.points", sv: "Var vi samlar in uppgifterna", en: "Where we collect the data"},
	{id: "required", sv: "Obligatoriska uppgifter", en: "Required"},
	{id: "optional", sv: "Frivilliga uppgifter", en: "Optional"},
	{id: "required.why", sv: "Lämnar du inte de obligatoriska uppgifterna kan vi inte ta emot det du skickar.", en: "If you do not give the required data, we cannot accept what you send."},
	{id: "collected.from", sv: "Uppgifterna kommer från {{.Source}}.", en: "The data comes from {{.Source}}."},
	{id: "transient", sv: "lämnas vidare och sparas inte hos oss", en: "passed on, not stored by us"},
	{id: "h.purposes", sv: "Varför vi behandlar uppgifterna", en: "Why we process the data"},
	{id: "processing", sv: "Vad vi gör", en: "What we do"},
	{id: "categories", sv: "Personuppgifter", en: "Personal data"},
	{id: "basis", sv: "Rättslig grund", en: "Legal basis"},
	{id: "interest", sv: "Vårt berättigade intresse", en: "Our legitimate interest"},
	{id: "balancing", sv: "Intresseavvägning", en: "Balancing of interests"},
	{id: "obligation", sv: "Lagen som kräver behandlingen", en: "The law that requires the processing"},
	{id: "art9", sv: "Villkor för känsliga personuppgifter: artikel 9.2 {{.Letter}} i dataskyddsförordningen.", en: "Condition for special categories: Article 9(2)({{.Letter}}) GDPR."},
	{id: "withdraw", sv: "Återkalla samtycket", en: "Withdrawing consent"},
	{id: "withdraw.default", sv: "Du kan när som helst återkalla ditt samtycke, lika enkelt som du gav det. Det påverkar inte behandling som redan skett.", en: "You can withdraw your consent at any time, as easily as you gave it. This does not affect processing that has already taken place."},
	{id: "sources", sv: "Varifrån uppgifterna kommer", en: "Where the data comes from"},
	{id: "source.you", sv: "Från dig", en: "From you"},
	{id: "recipients", sv: "Vilka som får uppgifterna", en: "Who receives the data"},
	{id: "recipients.none", sv: "Uppgifterna lämnas inte ut till någon annan.", en: "The data is not disclosed to anyone else."},
	{id: "retention", sv: "Hur länge vi sparar uppgifterna", en: "How long we keep the data"},
	{id: "retention.none", sv: "Vi har inte angett någon lagringstid för detta ändamål.", en: "We have not stated a storage period for this purpose."},
	{id: "objection", sv: "Rätt att invända", en: "Right to object"},
	{id: "objection.dm", sv: "Du kan när som helst invända mot direktmarknadsföring. Då upphör den direkt för din del.", en: "You can object to direct marketing at any time. It then stops for you at once."},
	{id: "objection.li", sv: "Du kan invända mot behandlingen av skäl som rör din situation. Vi fortsätter då bara om vi kan visa tvingande berättigade skäl som väger tyngre än dina intressen.", en: "You can object to the processing on grounds relating to your situation. We then continue only if we can show compelling legitimate grounds that override your interests."},
	{id: "portability", sv: "Du har rätt att få ut de uppgifter du själv lämnat för detta ändamål i ett maskinläsbart format (dataportabilitet).", en: "You have the right to receive the data you gave us for this purpose in a machine-readable format (data portability)."},
	{id: "automated", sv: "Automatiserade beslut", en: "Automated decisions"},
	{id: "h.recipients", sv: "Mottagare", en: "Recipients"},
	{id: "col.recipient", sv: "Mottagare", en: "Recipient"},
	{id: "col.role", sv: "Roll", en: "Role"},
	{id: "col.location", sv: "Var uppgifterna finns", en: "Where the data is"},
	{id: "col.categories", sv: "Uppgifter", en: "Data"},
	{id: "members", sv: "Bland annat", en: "Among them"},
	{id: "processor.of", sv: "anlitas av {{.Name}}", en: "engaged by {{.Name}}"},
	{id: "h.transfers", sv: "Överföring till länder utanför EU/EES", en: "Transfers outside the EU/EEA"},
	{id: "transfers.none", sv: "Vi för inte över dina personuppgifter till länder utanför EU/EES.", en: "We do not transfer your personal data to countries outside the EU/EEA."},
	{id: "transfer.to", sv: "{{.Name}} behandlar uppgifter i {{.Country}}.", en: "{{.Name}} processes data in {{.Country}}."},
	{id: "transfer.safeguard", sv: "Överföringen sker med stöd av {{.Safeguard}}.", en: "The transfer relies on {{.Safeguard}}."},
	{id: "transfer.copy", sv: "Du kan få en kopia av skyddsåtgärderna, eller veta var de finns tillgängliga, genom att kontakta oss.", en: "You can get a copy of the safeguards, or learn where they are available, by contacting us."},
	{id: "h.holds", sv: "Uppgifter vi måste spara enligt lag", en: "Data we must keep by law"},
	{id: "holds.intro", sv: "Vissa uppgifter måste vi spara även om du begär radering, så länge lagen kräver det. Under den tiden används de bara för att uppfylla lagen.", en: "Some data we must keep even if you ask for erasure, for as long as the law requires. During that time it is used only to comply with the law."},
	{id: "h.cookies", sv: "Kakor (cookies)", en: "Cookies"},
	{id: "cookies.consent", sv: "Används bara om du samtycker. Du kan ändra ditt val när som helst.", en: "Used only if you consent. You can change your choice at any time."},
	{id: "cookies.necessary", sv: "Nödvändiga för att webbplatsen ska fungera; kräver inte samtycke.", en: "Necessary for the website to work; no consent needed."},
	{id: "cookie.lifetime", sv: "Lagringstid", en: "Lifetime"},
	{id: "cookie.session", sv: "tills du stänger webbläsaren", en: "until you close your browser"},
	{id: "h.rights", sv: "Dina rättigheter", en: "Your rights"},
	{id: "right.access", sv: "Rätt till tillgång", en: "Right of access"},
	{id: "right.access.text", sv: "Du har rätt att få veta om vi behandlar uppgifter om dig och i så fall få en kopia av dem, med uppgift om ändamål, kategorier, mottagare som fått dem, lagringstid, varifrån de kommer och dina rättigheter.", en: "You have the right to know whether we process data about you and, if so, to get a copy of it, together with the purposes, categories, recipients who have received it, storage period, where it came from and your rights."},
	{id: "right.access.fee", sv: "Registerutdraget är kostnadsfritt. För ytterligare kopior kan vi ta ut en rimlig avgift (artikel 15.3), liksom om en begäran är uppenbart ogrundad eller orimlig (artikel 12.5).", en: "Your copy is free of charge. For further copies we may charge a reasonable fee (Article 15(3)), as we may if a request is manifestly unfounded or excessive (Article 12(5))."},
	{id: "right.access.free", sv: "Du kan alltid få ett kostnadsfritt registerutdrag en gång per {{.Period}}.", en: "You can always get a free copy once every {{.Period}}."},
	{id: "right.rectification", sv: "Rätt till rättelse", en: "Right to rectification"},
	{id: "right.rectification.text", sv: "Du har rätt att få felaktiga uppgifter rättade och ofullständiga uppgifter kompletterade.", en: "You have the right to have inaccurate data corrected and incomplete data completed."},
	{id: "right.erasure", sv: "Rätt till radering", en: "Right to erasure"},
	{id: "right.erasure.text", sv: "Du har rätt att få dina uppgifter raderade, till exempel när de inte längre behövs för ändamålet eller när du återkallar ditt samtycke. Uppgifter som vi enligt lag måste spara raderas först när lagens tid har gått ut; vi talar om vilka det är.", en: "You have the right to have your data erased, for example when it is no longer needed for its purpose or when you withdraw your consent. Data we must keep by law is erased only when the law's period has ended; we tell you which data that is."},
	{id: "right.restriction", sv: "Rätt till begränsning", en: "Right to restriction"},
	{id: "right.restriction.text", sv: "Du har rätt att begära att vi tills vidare bara lagrar uppgifterna och inte använder dem, till exempel medan vi utreder om de är korrekta eller om din invändning väger tyngre.", en: "You have the right to ask us to only store the data for the time being and not use it, for example while we check whether it is accurate or whether your objection prevails."},
	{id: "right.portability", sv: "Rätt till dataportabilitet", en: "Right to data portability"},
	{id: "right.portability.text", sv: "Uppgifter som du själv lämnat och som vi behandlar med stöd av samtycke eller avtal kan du få ut i ett maskinläsbart format och föra över till någon annan.", en: "Data you gave us that we process on the basis of consent or a contract can be given to you in a machine-readable format and passed on to someone else."},
	{id: "right.objection", sv: "Rätt att invända", en: "Right to object"},
	{id: "right.objection.text", sv: "Du har rätt att invända mot behandling som grundas på berättigat intresse. Mot direktmarknadsföring kan du alltid invända, och då upphör den.", en: "You have the right to object to processing based on legitimate interest. You can always object to direct marketing, and it then stops."},
	{id: "right.withdraw", sv: "Rätt att återkalla samtycke", en: "Right to withdraw consent"},
	{id: "right.withdraw.text", sv: "Behandling som grundas på ditt samtycke kan du när som helst stoppa genom att återkalla samtycket.", en: "Processing based on your consent can be stopped at any time by withdrawing your consent."},
	{id: "right.automated", sv: "Automatiserade beslut", en: "Automated decisions"},
	{id: "right.automated.text", sv: "Du har rätt att inte bli föremål för ett beslut som enbart grundas på automatiserad behandling och som har rättsliga följder för dig eller på liknande sätt påverkar dig i betydande grad.", en: "You have the right not to be subject to a decision based solely on automated processing that has legal effects concerning you or similarly significantly affects you."},
	{id: "h.howto", sv: "Så använder du dina rättigheter", en: "How to use your rights"},
	{id: "howto.contact", sv: "Kontakta oss på {{.Contact}}.", en: "Contact us at {{.Contact}}."},
	{id: "howto.identity", sv: "För att vara säkra på att uppgifterna bara lämnas ut till dig kontrollerar vi din identitet med hjälp av {{.Methods}}.", en: "To make sure the data is given only to you, we check your identity with {{.Methods}}."},
	{id: "howto.deadline", sv: "Vi svarar utan onödigt dröjsmål och senast inom {{.Deadline}} från det att vi tog emot din begäran. Är begäran komplicerad kan tiden förlängas med högst {{.Extension}}; i så fall får du veta det, och varför, inom {{.Deadline}} från det att vi tog emot den.", en: "We answer without undue delay and at the latest within {{.Deadline}} of receiving your request. If the request is complex, the time may be extended by at most {{.Extension}}; you will then be told so, with the reason, within {{.Deadline}} of our receiving it."},
	{id: "howto.delivery", sv: "Du får registerutdraget {{.Ways}}.", en: "You receive your copy {{.Ways}}."},
	{id: "howto.notify", sv: "När vi rättar, raderar eller begränsar uppgifter meddelar vi de mottagare vi har lämnat ut dem till, och på begäran får du veta vilka de är.", en: "When we correct, erase or restrict data, we tell the recipients we disclosed it to, and on request we tell you who they are."},
	{id: "howto.delay", sv: "En invändning kan ta upp till {{.Period}} att genomföra.", en: "An objection may take up to {{.Period}} to take effect."},
	{id: "h.complaint", sv: "Klagomål", en: "Complaints"},
	{id: "complaint.text", sv: "Om du anser att vi behandlar dina personuppgifter i strid med dataskyddsförordningen har du rätt att lämna klagomål till {{.Authority}}", en: "If you think we process your personal data in breach of the GDPR, you have the right to lodge a complaint with {{.Authority}}"},
	{id: "h.security", sv: "Så skyddar vi uppgifterna", en: "How we protect the data"},
	{id: "footer", sv: "Integritetspolicyn har tagits fram med Tillit utifrån {{.Owner}} register över behandling.", en: "This privacy notice was produced with Tillit from {{.Owner}} register of processing."},
	{id: "and", sv: "och", en: "and"},
	{id: "or", sv: "eller", en: "or"},
}

func newBundle() *i18n.Bundle {
	b := i18n.NewBundle(language.Swedish)
	for _, m := range messages {
		sv := &i18n.Message{ID: m.id, Other: m.sv}
		en := &i18n.Message{ID: m.id, Other: m.en}
		if m.svOne != "" {
			sv.One = m.svOne
		}
		if m.enOne != "" {
			en.One = m.enOne
		}
		if err := b.AddMessages(language.Swedish, sv); err != nil {
			panic(err) // the catalogue is a constant of the program
		}
		if err := b.AddMessages(language.English, en); err != nil {
			panic(err)
		}
	}
	return b
}
