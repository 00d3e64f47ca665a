package server

import (
	"fmt"

	"github.com/tillit-privacy/tillit"
)

// The privacy centre's texts. Plain words first; the article of the GDPR
// only as a hint.
func init() {
	addTexts(map[string]tillit.Text{
		// Navigation and frame.
		"centre.nav_notice":   {SV: "Integritetspolicy", EN: "Privacy notice"},
		"centre.nav_requests": {SV: "Gör en begäran", EN: "Make a request"},
		"centre.nav_consents": {SV: "Samtycken", EN: "Consents"},

		// The notice.
		"centre.notice_title":   {SV: "Integritetspolicy", EN: "Privacy notice"},
		"centre.notice_actions": {SV: "Vill du veta vilka uppgifter vi har om dig, rätta något, få något raderat eller ta tillbaka ett samtycke? Det gör du här.", EN: "Do you want to know what data we hold about you, correct something, have something erased or withdraw a consent? You can do it here."},
		"centre.notice_label":   {SV: "Dina rättigheter", EN: "Your rights"},
		"centre.manage":         {SV: "Hantera dina samtycken", EN: "Manage your consents"},

		// The rights.
		"centre.rights_title": {SV: "Gör en begäran", EN: "Make a request"},
		"centre.rights_lead":  {SV: "Välj vad du vill göra. Vi skickar en kod till din e-postadress för att vara säkra på att det är du, och svarar inom %s.", EN: "Choose what you want to do. We send a code to your e-mail address to make sure it is you, and answer within %s."},
		"centre.rights_free":  {SV: "Det kostar ingenting.", EN: "It costs nothing."},
		"centre.have_code":    {SV: "Har du redan fått en kod?", EN: "Have you already received a code?"},
		"centre.confirm_link": {SV: "Bekräfta din begäran", EN: "Confirm your request"},
		"centre.article":      {SV: "GDPR, artikel %s", EN: "GDPR, article %s"},
		"centre.right.access": {SV: "Få veta vad vi har om dig", EN: "Find out what we hold about you"},
		"centre.right.access.desc": {
			SV: "Du får ett registerutdrag: alla personuppgifter vi har om dig, varför vi har dem, varifrån de kommer, vilka vi har lämnat dem till och hur länge vi sparar dem.",
			EN: "You get a copy of your data: all the personal data we hold about you, why we hold it, where it came from, who we have given it to and how long we keep it."},
		"centre.right.rectification": {SV: "Rätta felaktiga uppgifter", EN: "Correct wrong data"},
		"centre.right.rectification.desc": {
			SV: "Tala om vilka uppgifter som är fel och vad som är rätt. Vi rättar dem och meddelar dem som har fått uppgifterna av oss.",
			EN: "Tell us which data is wrong and what is right. We correct it and tell those we have given the data to."},
		"centre.right.erasure": {SV: "Radera dina uppgifter", EN: "Erase your data"},
		"centre.right.erasure.desc": {
			SV: "Vi raderar allt vi inte enligt lag måste spara. Svaret talar om vad vi måste behålla, enligt vilken lag och hur länge.",
			EN: "We erase everything the law does not require us to keep. The answer tells you what we must keep, under which law and for how long."},
		"centre.right.restriction": {SV: "Begränsa behandlingen", EN: "Restrict processing"},
		"centre.right.restriction.desc": {
			SV: "Vi sparar dina uppgifter men använder dem inte, till exempel medan vi utreder om de stämmer.",
			EN: "We keep your data but do not use it, for example while we check whether it is correct."},
		"centre.right.portability": {SV: "Få med dig dina uppgifter", EN: "Take your data with you"},
		"centre.right.portability.desc": {
			SV: "Du får de uppgifter du själv har lämnat till oss i filer (JSON och CSV) som du kan föra över till någon annan.",
			EN: "You get the data you gave us in files (JSON and CSV) that you can pass on to someone else."},
		"centre.right.objection": {SV: "Invänd mot behandling", EN: "Object to processing"},
		"centre.right.objection.desc": {
			SV: "Invänd mot att vi använder dina uppgifter med stöd av en intresseavvägning eller för direktmarknadsföring. Mot direktmarknadsföring gäller invändningen direkt.",
			EN: "Object to our use of your data on the basis of legitimate interest or for direct marketing. An objection to direct marketing takes effect at once."},
		"centre.right.withdrawal": {SV: "Återkalla ett samtycke", EN: "Withdraw consent"},
		"centre.right.withdrawal.desc": {
			SV: "Ta tillbaka ett samtycke du har gett oss. Det gäller direkt och är lika enkelt som att ge det.",
			EN: "Take back a consent you gave us. It takes effect at once and is as easy as giving it."},

		// The request form.
		"centre.form_errors":        {SV: "Formuläret har fel. Rätta det som är markerat nedan; ingenting har skickats.", EN: "The form has errors. Correct what is marked below; nothing has been sent."},
		"centre.email":              {SV: "Din e-postadress", EN: "Your e-mail address"},
		"centre.email_hint":         {SV: "Vi skickar en kod hit för att kontrollera att adressen är din. Svaret kommer också hit.", EN: "We send a code here to check that the address is yours. The answer comes here too."},
		"centre.email_missing":      {SV: "Ange din e-postadress.", EN: "Enter your e-mail address."},
		"centre.changes":            {SV: "Vad ska rättas?", EN: "What should be corrected?"},
		"centre.changes_hint":       {SV: "Fyll i rätt uppgift i de fält som är fel och lämna de andra tomma.", EN: "Fill in the right value in the fields that are wrong and leave the others empty."},
		"centre.changes_missing":    {SV: "Fyll i minst en uppgift som ska rättas.", EN: "Fill in at least one value to be corrected."},
		"centre.purpose.objection":  {SV: "Vilken behandling invänder du mot?", EN: "Which processing do you object to?"},
		"centre.purpose.withdrawal": {SV: "Vilket samtycke vill du återkalla?", EN: "Which consent do you want to withdraw?"},
		"centre.purpose_all":        {SV: "Allt som gäller mig", EN: "Everything that concerns me"},
		"centre.purpose_missing":    {SV: "Välj ett av alternativen.", EN: "Choose one of the options."},
		"centre.purpose_none":       {SV: "Registret har inget sådant ändamål.", EN: "The register has no such purpose."},
		"centre.immediate":          {SV: "Gäller direkt.", EN: "Takes effect at once."},
		"centre.message":            {SV: "Vill du lägga till något? (frivilligt)", EN: "Anything to add? (optional)"},
		"centre.message_long":       {SV: "Meddelandet får vara högst %d kB.", EN: "The message may be at most %d kB."},
		"centre.message_hint":       {SV: "Skriv inte personnummer eller kortnummer här.", EN: "Do not write a personal identity number or a card number here."},
		"centre.send":               {SV: "Skicka begäran", EN: "Send request"},
		"centre.answer_within":      {SV: "Vi svarar inom %s från att vi har tagit emot begäran.", EN: "We answer within %s of receiving your request."},
		"centre.mail_limit":         {SV: "Vi har skickat flera koder till den här adressen nyss. Vänta en stund och försök igen; ingenting har skickats.", EN: "We have sent several codes to this address just now. Wait a while and try again; nothing has been sent."},
		"centre.no_right":           {SV: "Det finns ingen sådan rättighet.", EN: "There is no such right."},

		// Confirmation.
		"centre.confirm_title":   {SV: "Bekräfta din begäran", EN: "Confirm your request"},
		"centre.confirm_lead":    {SV: "Ange koden från e-postmeddelandet vi skickade. Koden gäller i %d timmar.", EN: "Enter the code from the e-mail we sent. The code is valid for %d hours."},
		"centre.confirm_click":   {SV: "Klicka på Bekräfta för att bekräfta din begäran.", EN: "Click Confirm to confirm your request."},
		"centre.request":         {SV: "Ärendenummer", EN: "Reference"},
		"centre.request_hint":    {SV: "Står i e-postmeddelandet och börjar med req_.", EN: "It is in the e-mail and begins with req_."},
		"centre.request_missing": {SV: "Ange ärendenumret från e-postmeddelandet.", EN: "Enter the reference from the e-mail."},
		"centre.code":            {SV: "Kod", EN: "Code"},
		"centre.code_hint":       {SV: "Sex siffror.", EN: "Six digits."},
		"centre.code_missing":    {SV: "Ange den sexsiffriga koden från e-postmeddelandet.", EN: "Enter the six-digit code from the e-mail."},
		"centre.confirm":         {SV: "Bekräfta", EN: "Confirm"},
		"centre.no_code":         {SV: "Fick du ingen kod? Titta i skräpposten, eller skicka en ny begäran.", EN: "No code? Look in your spam folder, or send a new request."},
		"centre.confirmed_title": {SV: "Din begäran är bekräftad", EN: "Your request is confirmed"},
		"centre.confirmed_open":  {SV: "Tack. Vi behandlar din begäran och skickar svaret till din e-post senast %s. Om vi behöver mer tid får du veta varför inom den tiden.", EN: "Thank you. We are handling your request and will send the answer to your e-mail by %s. If we need more time, you will be told why within that time."},
		"centre.confirmed_done":  {SV: "Tack. Din begäran är redan utförd, och svaret är på väg till din e-post.", EN: "Thank you. Your request has already been carried out, and the answer is on its way to your e-mail."},
		"centre.fact_request":    {SV: "Ärende", EN: "Reference"},
		"centre.fact_right":      {SV: "Gäller", EN: "Concerns"},
		"centre.fact_received":   {SV: "Mottagen", EN: "Received"},
		"centre.fact_due":        {SV: "Svar senast", EN: "Answer by"},
		"centre.back":            {SV: "Tillbaka till integritetscentralen", EN: "Back to the privacy centre"},

		// Download.
		"centre.download_title": {SV: "Ditt registerutdrag", EN: "Your copy of your data"},
		"centre.download_lead":  {SV: "Här hämtar du registerutdraget du bad om. Länken fungerar en gång: när du öppnar utdraget kan du i %d minuter läsa det, skriva ut det och ladda ner det som PDF och JSON i den här webbläsaren.", EN: "Here you get the copy of your data you asked for. The link works once: when you open the copy, you can read it, print it and download it as PDF and JSON in this browser for %d minutes."},
		"centre.download_until": {SV: "Länken gäller till", EN: "The link is valid until"},
		"centre.download_open":  {SV: "Öppna mitt registerutdrag", EN: "Open my copy"},
		"centre.download_ready": {SV: "Här är ditt registerutdrag. Du kan hämta det på de här sätten fram till %s:", EN: "Here is your copy. You can get it in these ways until %s:"},
		"centre.format_html":    {SV: "Läs och skriv ut (webbsida)", EN: "Read and print (web page)"},
		"centre.format_pdf":     {SV: "Ladda ner som PDF", EN: "Download as PDF"},
		"centre.format_json":    {SV: "Ladda ner som JSON (maskinläsbart)", EN: "Download as JSON (machine-readable)"},
		"centre.download_after": {SV: "Därefter fungerar länken inte längre. Behöver du ett nytt utdrag gör du en ny begäran.", EN: "After that, the link no longer works. If you need a new copy, make a new request."},
		"centre.gone_title":     {SV: "Länken fungerar inte längre", EN: "The link no longer works"},
		"centre.gone_used":      {SV: "Länken är redan använd. För din säkerhet fungerar den bara en gång.", EN: "The link has already been used. For your safety it works only once."},
		"centre.gone_expired":   {SV: "Länken har gått ut.", EN: "The link has expired."},
		"centre.gone_unknown":   {SV: "Länken är inte giltig. Kontrollera att du har fått med hela länken från e-postmeddelandet.", EN: "The link is not valid. Check that you have the whole link from the e-mail."},
		"centre.gone_again":     {SV: "Du kan begära ett nytt registerutdrag. Du får då en ny kod och, med svaret, en ny länk.", EN: "You can ask for a new copy. You then get a new code and, with the answer, a new link."},
		"centre.ask_again":      {SV: "Begär ett nytt registerutdrag", EN: "Ask for a new copy"},

		// Consents.
		"centre.consents_title":    {SV: "Dina samtycken", EN: "Your consents"},
		"centre.consents_lead":     {SV: "Här ser du de samtycken du har gett oss. Du återkallar ett samtycke med ett klick, och det gäller direkt.", EN: "Here are the consents you have given us. You withdraw a consent in one click, and it takes effect at once."},
		"centre.consents_until":    {SV: "Den här länken gäller till %s.", EN: "This link is valid until %s."},
		"centre.consent_given":     {SV: "Samtycke givet", EN: "Consent given"},
		"centre.consent_withdrawn": {SV: "Återkallat", EN: "Withdrawn"},
		"centre.consent_never":     {SV: "Inget samtycke", EN: "No consent"},
		"centre.consent_since":     {SV: "sedan %s", EN: "since %s"},
		"centre.withdraw":          {SV: "Återkalla samtycket", EN: "Withdraw consent"},
		"centre.withdrawn_flash":   {SV: "Ditt samtycke till ”%s” är återkallat. Vi behandlar inte längre dina uppgifter för det.", EN: "Your consent to “%s” is withdrawn. We no longer process your data for it."},
		"centre.already_withdrawn": {SV: "Samtycket till ”%s” var redan återkallat; ingenting ändrades.", EN: "The consent to “%s” was already withdrawn; nothing was changed."},
		"centre.consents_none":     {SV: "Registret har inga ändamål som bygger på samtycke.", EN: "The register has no purposes that rest on consent."},
		"centre.nolink_lead":       {SV: "Varje e-postmeddelande vi skickar till dig har en personlig länk till dina samtycken. Där ser du dem och återkallar dem med ett klick.", EN: "Every e-mail we send you has a personal link to your consents. There you see them and withdraw them in one click."},
		"centre.nolink_email":      {SV: "Har du inget sådant meddelande kan du återkalla ett samtycke med din e-postadress. Vi skickar en kod för att vara säkra på att det är du, och samtycket återkallas direkt när du har bekräftat.", EN: "If you have no such e-mail, you can withdraw a consent with your e-mail address. We send a code to make sure it is you, and the consent is withdrawn as soon as you confirm."},
		"centre.nolink_button":     {SV: "Återkalla ett samtycke med e-post", EN: "Withdraw a consent by e-mail"},
		"centre.nolink_purposes":   {SV: "Vi ber om samtycke för", EN: "We ask for consent for"},
		"centre.link_bad_title":    {SV: "Länken fungerar inte", EN: "The link does not work"},

		// Problems.
		"centre.problem_again":   {SV: "Ingenting har ändrats.", EN: "Nothing has been changed."},
		"centre.csrf_title":      {SV: "Formuläret kunde inte tas emot", EN: "The form could not be accepted"},
		"centre.csrf":            {SV: "Formuläret skickades från en annan webbplats än vår, så vi tog inte emot det. Ingenting har ändrats. Öppna sidan på nytt här och försök igen.", EN: "The form was sent from another website than ours, so we did not accept it. Nothing has been changed. Open the page again here and try again."},
		"centre.too_many_title":  {SV: "För många försök", EN: "Too many attempts"},
		"centre.too_many":        {SV: "Vi har fått många formulär från din adress på kort tid. Vänta en stund och försök igen. Ingenting har ändrats.", EN: "We have received many forms from your address in a short time. Wait a while and try again. Nothing has been changed."},
		"centre.too_big_title":   {SV: "Formuläret är för stort", EN: "The form is too large"},
		"centre.too_big":         {SV: "Formuläret innehåller mer text än vi tar emot. Korta texten och försök igen. Ingenting har ändrats.", EN: "The form holds more text than we accept. Shorten the text and try again. Nothing has been changed."},
		"centre.bad_form_title":  {SV: "Formuläret kunde inte läsas", EN: "The form could not be read"},
		"centre.bad_form":        {SV: "Formuläret kunde inte läsas. Öppna sidan på nytt och försök igen. Ingenting har ändrats.", EN: "The form could not be read. Open the page again and try again. Nothing has been changed."},
		"centre.not_found_title": {SV: "Sidan finns inte", EN: "There is no such page"},
	})
}

// period says a register's duration in words, e.g. "en månad".
func period(d tillit.Duration, lang tillit.Lang) string {
	type unit struct{ sv1, svN, en1, enN string }
	u, ok := map[tillit.Unit]unit{
		tillit.Days:   {"en dag", "%d dagar", "one day", "%d days"},
		tillit.Weeks:  {"en vecka", "%d veckor", "one week", "%d weeks"},
		tillit.Months: {"en månad", "%d månader", "one month", "%d months"},
		tillit.Years:  {"ett år", "%d år", "one year", "%d years"},
	}[d.Unit]
	if !ok {
		return d.String()
	}
	one, many := u.sv1, u.svN
	if lang == tillit.English {
		one, many = u.en1, u.enN
	}
	if d.N == 1 {
		return one
	}
	return fmt.Sprintf(many, d.N)
}
