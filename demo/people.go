package demo

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/pii"
)

// Common Swedish first names and surnames. Put together at random they
// name nobody in particular.
var (
	womenNames = []string{"Anna", "Eva", "Maria", "Karin", "Sara", "Christina", "Lena", "Emma", "Kerstin", "Marie",
		"Malin", "Ingrid", "Linnea", "Sofia", "Elin", "Ida", "Johanna", "Hanna", "Elsa", "Astrid", "Maja", "Birgitta",
		"Åsa", "Frida", "Agnes"}
	menNames = []string{"Lars", "Mikael", "Anders", "Johan", "Erik", "Per", "Karl", "Peter", "Thomas", "Jan",
		"Daniel", "Fredrik", "Hans", "Mats", "Magnus", "Oskar", "Nils", "Gustav", "Axel", "Emil", "Björn",
		"Viktor", "Olle", "Göran", "Jonas"}
	surnames = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
		"Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg",
		"Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström",
		"Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund", "Fredriksson", "Sandberg", "Henriksson",
		"Ali", "Mohammed", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson", "Håkansson", "Holm"}
	streets = []string{"Storgatan", "Kyrkogatan", "Skolgatan", "Drottninggatan", "Järnvägsgatan", "Parkvägen",
		"Björkvägen", "Ringvägen", "Skogsvägen", "Villavägen", "Ekvägen", "Granvägen", "Tallvägen", "Lärkvägen",
		"Industrigatan", "Smedjegatan", "Ängsvägen", "Backvägen", "Strandvägen", "Södra vägen"}
	// towns with the first three digits of their postcodes
	towns = []struct{ name, post string }{
		{"Stockholm", "113"}, {"Göteborg", "413"}, {"Malmö", "211"}, {"Uppsala", "753"}, {"Västerås", "722"},
		{"Örebro", "702"}, {"Linköping", "582"}, {"Helsingborg", "252"}, {"Jönköping", "553"}, {"Norrköping", "602"},
		{"Lund", "223"}, {"Umeå", "903"}, {"Gävle", "803"}, {"Borås", "503"}, {"Eskilstuna", "633"},
		{"Södertälje", "151"}, {"Karlstad", "652"}, {"Växjö", "352"}, {"Halmstad", "302"}, {"Sundsvall", "852"},
		{"Luleå", "972"}, {"Östersund", "831"}, {"Kalmar", "392"}, {"Falun", "791"}, {"Skövde", "541"},
	}
)

// emailDomains are reserved for examples and never deliver (RFC 2606,
// RFC 6761).
var emailDomains = []string{"example.com", "example.net", "example.org", "post.example", "mejl.example"}

// Reserved reports whether an e-mail address is at a domain reserved for
// examples, as every address the demo makes is.
func Reserved(email string) bool {
	_, domain, ok := strings.Cut(strings.ToLower(email), "@")
	switch {
	case !ok:
		return false
	case domain == "example.com", domain == "example.net", domain == "example.org":
		return true
	}
	return domain == "example" || strings.HasSuffix(domain, ".example")
}

// fictionPhones returns the 495 numbers PTS keeps for books, films and
// games, which reach nobody: 070-174 06 05 to 070-174 06 99, and a
// hundred each in Stockholm, Göteborg, Malmö and Kiruna. The mobile
// numbers come first: most people give one.
func fictionPhones() (mobile, fixed []string) {
	for n := 5; n <= 99; n++ {
		mobile = append(mobile, fmt.Sprintf("070-174 06 %02d", n))
	}
	for n := range 100 {
		fixed = append(fixed,
			fmt.Sprintf("08-465 004 %02d", n),
			fmt.Sprintf("031-390 06 %02d", n),
			fmt.Sprintf("040-628 04 %02d", n),
			fmt.Sprintf("0980-319 2%02d", n))
	}
	return mobile, fixed
}

// person is one made-up person: who they are, what the plan has made of
// them, and, while the plan plays, their subject and case IDs.
type person struct {
	thread
	n            int
	first, last  string
	woman        bool
	born         time.Time
	town         int
	email, phone string            // "" until a point asks for them
	personnummer string            // "" until a point asks for it
	stable       map[string]string // values that stay the same, by category

	// The plan so far.
	points    []string            // the points the submissions entered at
	planned   []plannedCase       // the cases, by index
	consented map[string]bool     // purposes consented to
	withdrawn map[string]bool     // purposes whose consent is withdrawn
	objected  map[string]bool     // purposes objected to
	serves    map[string][]string // purpose -> the categories collected for it
	collected map[string]bool     // categories collected
	hasEmail  bool                // an e-mail address that finds the person
	requested bool                // the person makes a request
	start     time.Time           // the first step

	// While the plan plays.
	subject string   // set by the first submission
	cases   []string // case IDs, by the index the plan gave each case
}

// plannedCase is a case the plan opens.
type plannedCase struct {
	kind, point string
	opened      time.Time
}

// continues returns the index of the person's case that a submission at
// pt at time t goes on with, or -1: a case of the kind pt opens, opened
// at another point a few weeks before, as the invoice follows the order.
func (p *person) continues(pt tillit.CollectionPoint, t time.Time) int {
	for i, c := range slices.Backward(p.planned) {
		if pt.OpensCase != "" && c.kind == pt.OpensCase && c.point != pt.ID && !c.opened.After(t) && t.Sub(c.opened) < 45*day {
			return i
		}
	}
	return -1
}

// newPerson makes a person with a name, a birth date and a home town.
func (f *filler) newPerson(n int) *person {
	p := &person{n: n, stable: map[string]string{}, consented: map[string]bool{}, serves: map[string][]string{},
		collected: map[string]bool{}, withdrawn: map[string]bool{}, objected: map[string]bool{}}
	p.woman = f.rng.IntN(2) == 0
	if p.woman {
		p.first = pick(f.rng, womenNames)
	} else {
		p.first = pick(f.rng, menNames)
	}
	p.last = pick(f.rng, surnames)
	if f.rng.IntN(10) == 0 {
		p.last = pick(f.rng, surnames) + "-" + p.last
	}
	// Born between 18 and 85 years before now.
	age := 18 + f.rng.IntN(67)
	y, _, _ := f.now.In(tillit.Stockholm).Date()
	p.born = time.Date(y-age, time.January, 1, 0, 0, 0, 0, tillit.Stockholm).AddDate(0, 0, f.rng.IntN(365))
	p.town = f.rng.IntN(len(towns))
	return p
}

func (p *person) name() string { return p.first + " " + p.last }

// emailOf returns the person's e-mail address, made the first time it is
// asked for: their name at a reserved domain, numbered when taken.
func (f *filler) emailOf(p *person) string {
	if p.email != "" {
		return p.email
	}
	local := ascii(p.first) + "." + ascii(p.last)
	switch f.rng.IntN(4) {
	case 0:
		local = ascii(p.first) + ascii(p.last)
	case 1:
		local = ascii(p.first)[:1] + "." + ascii(p.last)
	}
	domain := pick(f.rng, emailDomains)
	addr := local + "@" + domain
	for i := 2; f.emails[addr]; i++ {
		addr = fmt.Sprintf("%s%d@%s", local, i, domain)
	}
	f.emails[addr] = true
	p.email = addr
	return addr
}

// phoneOf returns the person's phone number, one of the numbers kept for
// fiction; "" when all are taken: two people sharing a number would be
// taken for one.
func (f *filler) phoneOf(p *person) string {
	if p.phone == "" && len(f.phones) > 0 {
		p.phone, f.phones = f.phones[0], f.phones[1:]
	}
	return p.phone
}

// personnummerOf returns a personnummer with the person's birth date and
// the birth number 000, which is never assigned, so it belongs to nobody.
// Two people born the same day get the next free date.
func (f *filler) personnummerOf(p *person) string {
	if p.personnummer != "" {
		return p.personnummer
	}
	for d := p.born; ; d = d.AddDate(0, 0, 1) {
		short := d.Format("060102") + "000"
		pnr := d.Format("20060102") + "-000" + string(rune('0'+checkDigit(short)))
		if !f.pnrs[pnr] {
			f.pnrs[pnr] = true
			p.personnummer = pnr
			return pnr
		}
	}
}

// checkDigit returns the Luhn check digit of the nine digits of a
// personnummer without it.
func checkDigit(nine string) int {
	for c := range 10 {
		if pii.Luhn(nine + string(rune('0'+c))) {
			return c
		}
	}
	panic("demo: no check digit")
}

// addressOf returns the person's street address in their home town.
func (f *filler) addressOf(p *person) string {
	t := towns[p.town]
	return fmt.Sprintf("%s %d, %s %02d %s", pick(f.rng, streets), 1+f.rng.IntN(60), t.post, f.rng.IntN(100), t.name)
}

// ascii turns a name into the letters of an e-mail address.
func ascii(s string) string {
	r := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", "ü", "u", "Å", "a", "Ä", "a", "Ö", "o", " ", "", "-", "")
	return strings.ToLower(r.Replace(s))
}
