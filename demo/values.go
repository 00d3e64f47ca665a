package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// value returns a made-up value of category c for the person, collected
// at at, and false when none can be made (every phone number kept for
// fiction is taken). Values that describe the person, such as a name or
// an address, stay the same every time they are collected.
func (f *filler) value(p *person, c tillit.Category, at time.Time) (string, bool) {
	if v, ok := p.stable[c.ID]; ok {
		return v, true
	}
	v, stable := f.fresh(p, c, at)
	if v == "" {
		return "", false
	}
	if stable {
		p.stable[c.ID] = v
	}
	return v, true
}

// fresh makes a value by the category's type and, for text, by what its
// name says it holds; stable says whether it describes the person.
func (f *filler) fresh(p *person, c tillit.Category, at time.Time) (string, bool) {
	r := f.rng
	switch c.Type {
	case tillit.TypeEmail:
		return f.emailOf(p), true
	case tillit.TypePhone:
		return f.phoneOf(p), true
	case tillit.TypePersonnummer:
		return f.personnummerOf(p), true
	case tillit.TypeAddress:
		return f.addressOf(p), true
	case tillit.TypeDate:
		if has(c.ID, "birth", "born", "fodd") {
			return p.born.Format(time.DateOnly), true
		}
		return at.In(tillit.Stockholm).Format(time.DateOnly), false
	case tillit.TypeNumber:
		return f.number(p, c, at)
	case tillit.TypeBoolean:
		return strconv.FormatBool(r.IntN(2) == 0), false
	case tillit.TypeFile:
		return f.file(c), false
	case tillit.TypeIPAddress:
		return documentationIP(r), false
	case tillit.TypeCardNumber:
		// A test card number; a card number category is transient and
		// never stored.
		return "4111 1111 1111 1111", false
	case tillit.TypeSecret:
		return fmt.Sprintf("demo-%s-%04d", pick(r, []string{"sommar", "vinter", "kaffe", "tulpan", "fjäll"}), r.IntN(10000)), true
	case tillit.TypeFreeText:
		return f.freeText(c), false
	}
	return f.text(p, c, at)
}

// documentationIP returns an address from the ranges reserved for
// documentation (RFC 5737, RFC 3849).
func documentationIP(r *rand.Rand) string {
	if r.IntN(8) == 0 {
		return fmt.Sprintf("2001:db8::%x", 1+r.IntN(0xfffe))
	}
	net := pick(r, []string{"192.0.2", "198.51.100", "203.0.113"})
	return fmt.Sprintf("%s.%d", net, 1+r.IntN(254))
}

func (f *filler) number(p *person, c tillit.Category, at time.Time) (string, bool) {
	r := f.rng
	switch {
	case has(c.ID, "age", "alder"):
		return strconv.Itoa(years(p.born, at)), false
	case has(c.ID, "consumption", "forbrukning", "kwh"):
		return strconv.Itoa(40 * (100 + r.IntN(550))), false // 4 000 to 26 000 kWh a year
	case has(c.ID, "area", "yta"):
		return strconv.Itoa(35 + r.IntN(190)), true
	case has(c.ID, "household", "size", "hushall", "persons"):
		return strconv.Itoa(1 + r.IntN(6)), true
	case has(c.ID, "price", "amount", "belopp", "pris", "sum"):
		return strconv.Itoa(100 * (5 + r.IntN(900))), false
	}
	return strconv.Itoa(1 + r.IntN(100)), false
}

// years returns the age in whole years at at of someone born on born.
func years(born, at time.Time) int {
	y := at.Year() - born.Year()
	if at.YearDay() < born.YearDay() {
		y--
	}
	return y
}

func (f *filler) file(c tillit.Category) string {
	r := f.rng
	n := 1 + r.IntN(9999)
	switch {
	case has(c.ID, "picture", "photo", "image", "bild", "foto", "media"):
		return fmt.Sprintf("%s-%04d.jpg", pick(r, []string{"bild", "foto", "IMG"}), n)
	case has(c.ID, "recording", "call", "samtal", "audio"):
		return fmt.Sprintf("samtal-%04d.mp3", n)
	case has(c.ID, "log", "support", "files"):
		return fmt.Sprintf("%s-%04d.zip", pick(r, []string{"loggar", "supportfiler", "skärmbilder"}), n)
	}
	return fmt.Sprintf("dokument-%04d.pdf", n)
}

// text makes a value for a text category from what its name says it
// holds; a name the demo does not know gets the category's label.
func (f *filler) text(p *person, c tillit.Category, at time.Time) (string, bool) {
	r := f.rng
	id := c.ID
	switch {
	case c.Special != "":
		return "vill inte uppge", true // a special category (GDPR art. 9): nothing made up
	case has(id, "company", "firm", "foretag", "organisation", "employer"):
		return pick(r, []string{p.last + "s El AB", towns[p.town].name + " Bygg & Montage AB", p.last + " Fastigheter AB",
			"Elfirma " + p.last, towns[p.town].name + " Installation AB", "Nordisk Elteknik i " + towns[p.town].name + " AB"}), true
	case has(id, "computer_name", "hostname", "device_name"):
		return fmt.Sprintf("PC-%s-%02d", strings.ToUpper(ascii(p.first)), 1+r.IntN(20)), true
	case has(id, "computer_user", "username", "user_name", "login"):
		return ascii(p.first) + "." + ascii(p.last)[:1], true
	case id == "first_name" || has(id, "firstname", "fornamn", "given"):
		return p.first, true
	case has(id, "last_name", "lastname", "surname", "efternamn", "family"):
		return p.last, true
	case has(id, "name", "namn"):
		return p.name(), true
	case has(id, "city", "town", "ort", "stad"):
		return towns[p.town].name, true
	case has(id, "gender", "sex", "kon"):
		if r.IntN(20) == 0 {
			return "vill inte uppge", true
		}
		if p.woman {
			return "kvinna", true
		}
		return "man", true
	case has(id, "customer_number", "customer_id", "kundnummer", "member"):
		return fmt.Sprintf("K-%06d", 100000+p.n*37+r.IntN(30)), true
	case has(id, "case_number", "ticket", "arende"):
		return fmt.Sprintf("Ä-%d-%04d", at.Year(), 1+r.IntN(9999)), false
	case has(id, "facility", "anlaggning", "meter"):
		return fmt.Sprintf("anl-%08d", r.IntN(100000000)), true
	case has(id, "apartment", "lagenhet"):
		return fmt.Sprintf("lgh %d%02d", 10+r.IntN(5), 1+r.IntN(4)), true
	case has(id, "version"):
		return fmt.Sprintf("%d.%d.%d", 3+r.IntN(3), r.IntN(10), r.IntN(20)), false
	case has(id, "operating_system", "os"):
		return pick(r, []string{"Windows 11", "Windows 10", "macOS 14", "macOS 15", "Ubuntu 24.04"}), false
	case has(id, "browser"):
		return pick(r, []string{"Firefox på Windows", "Chrome på Android", "Safari på iPhone", "Edge på Windows", "Chrome på macOS"}), false
	case has(id, "location", "geo", "position"):
		return towns[p.town].name + ", Sverige", false
	case has(id, "device"):
		return pick(r, []string{"mobil, Android", "mobil, iPhone", "dator, Windows", "surfplatta, iPad", "dator, macOS"}), false
	case has(id, "site", "web", "usage", "statistic", "interaction", "analytics", "visit"):
		return fmt.Sprintf("%d sidvisningar, bland annat %s", 1+r.IntN(12), pick(r, []string{"startsidan", "prislistan", "kontaktsidan", "vanliga frågor", "offertformuläret", "kundservice"})), false
	case has(id, "technical"):
		return pick(r, []string{"app 3.2 på Android", "app 3.1 på iOS", "webbläsare, svensk språkinställning"}), false
	case has(id, "roof", "tak"):
		return pick(r, []string{"tegeltak", "betongpannor", "plåttak", "papptak", "skiffertak"}), true
	case has(id, "mother_tongue", "language", "sprak"):
		return pick(r, []string{"svenska", "svenska", "svenska", "finska", "arabiska", "engelska", "persiska", "polska"}), true
	case has(id, "profession", "occupation", "yrke", "title"):
		return pick(r, []string{"elektriker", "lärare", "sjuksköterska", "ingenjör", "snickare", "ekonom", "pensionär", "student"}), true
	case has(id, "credit", "kredit"):
		return pick(r, []string{"godkänd kreditprövning", "godkänd kreditprövning", "godkänd med villkor", "låg risk enligt kreditupplysning"}), false
	case has(id, "payment", "invoice", "betalning", "faktura"):
		return pick(r, []string{"betald i tid", "betald i tid", "betald efter påminnelse", "autogiro", "e-faktura, betald"}), false
	case has(id, "supplier", "leverantor"):
		return pick(r, []string{"tidigare elhandlare med rörligt pris", "tidigare elhandlare med fast pris", "ingen tidigare elhandlare"}), false
	case has(id, "premium"):
		return pick(r, []string{"Premium, 1 månad", "Premium, 12 månader", "Premium, 3 månader"}), false
	case has(id, "order", "purchase", "product", "bestallning"):
		return pick(r, []string{"solcellspaket 10 kW", "laddbox 11 kW", "solcellspaket 6 kW med batteri", "elavtal rörligt pris",
			"elavtal fast pris 12 månader", "installation av laddbox", "värmepump luft/vatten", "serviceavtal"}), false
	case has(id, "history"):
		return fmt.Sprintf("%d tidigare förfrågningar", 1+r.IntN(5)), false
	case has(id, "ev", "car", "vehicle"):
		return pick(r, []string{"elbil, 60 kWh batteri", "laddhybrid", "elbil, 75 kWh batteri"}), true
	}
	return fmt.Sprintf("%s (exempel %d)", c.Label.SV, 1+r.IntN(99)), false
}

// Sentences for free text, by what the text is about. None holds a
// personnummer or a card number.
var (
	requestTexts = []string{
		"Vi funderar på solceller till villan och vill ha en offert.",
		"Jag vill byta elavtal och undrar vad ni kan erbjuda.",
		"Behöver hjälp att installera en laddbox i garaget.",
		"Huset är byggt på sjuttiotalet och vi vill se över elen.",
		"Hör gärna av er på eftermiddagen.",
		"Vi har ett tegeltak i söderläge utan skuggning.",
		"Kan ni komma ut och titta innan ni lämnar pris?",
		"Vi vill gärna ha ett fast pris på arbetet.",
	}
	supportTexts = []string{
		"Kunden ringde om en faktura som verkade för hög; vi gick igenom förbrukningen tillsammans.",
		"Frågade om när installationen kan bokas. Återkommer med tid.",
		"Appen visar inte förbrukningen sedan i går.",
		"Laddboxen slutar ladda efter en stund. Felsökning pågår.",
		"Kunden vill flytta avtalet till ny adress.",
		"Bad om en kopia av avtalet per e-post.",
		"Tack för snabb hjälp förra veckan!",
		"Problemet är löst efter omstart av växelriktaren.",
	}
	commentTexts = []string{
		"Bra artikel, tack för tipsen om jordfelsbrytare!",
		"Vi gjorde så här hemma och det fungerade fint.",
		"Gäller det här även för äldre hus?",
		"Tydligt förklarat. Mer sådant!",
	}
	complaintTexts = []string{
		"Montören kom inte på avtalad tid.",
		"Fakturan stämmer inte med offerten.",
		"Jag är missnöjd med hur lång tid det tog att få svar.",
	}
)

func (f *filler) freeText(c tillit.Category) string {
	pool := requestTexts
	switch pt := f.point; {
	case has(c.ID, "complaint", "reklamation", "klagomal"):
		pool = complaintTexts
	case pt.Channel == tillit.ChannelComments:
		pool = commentTexts
	case pt.Channel == tillit.ChannelSupport, pt.Channel == tillit.ChannelPhone, pt.Channel == tillit.ChannelEmail,
		has(pt.OpensCase, "support", "service"), has(c.ID, "support", "correspondence"):
		pool = supportTexts
	}
	s := pick(f.rng, pool)
	if f.rng.IntN(3) == 0 {
		if t := pick(f.rng, pool); t != s {
			s += " " + t
		}
	}
	return s
}

// has reports whether the category name id holds one of the words: a
// short word (three letters or fewer) only as a whole part of the name
// between underscores, so that "age" is not found in "usage".
func has(id string, words ...string) bool {
	parts := strings.Split(id, "_")
	for _, w := range words {
		if len(w) > 3 && strings.Contains(id, w) || slices.Contains(parts, w) {
			return true
		}
	}
	return false
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }
