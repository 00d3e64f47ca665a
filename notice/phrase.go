package notice

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// words words the notice's fixed texts, the catalogue's keys under
// "notice.", in one language.
type words struct {
	lang tillit.Lang
}

func newWords(lang tillit.Lang) words {
	return words{lang: lang}
}

// t returns the text "notice."+id with data filled in. Data is given as
// key, value pairs; a Count chooses the plural form.
func (w words) t(id string, kv ...any) string {
	return w.text("notice."+id, kv...)
}

// text returns the catalogue's text key with data filled in, as t does.
func (w words) text(key string, kv ...any) string {
	if !catalog.Has(key) {
		panic("notice: no text " + key) // every key is in the catalogue
	}
	data := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		data[kv[i].(string)] = kv[i+1]
	}
	return catalog.T(w.lang, key, data)
}

// period returns d in words: "30 dagar", "1 month".
func (w words) period(d tillit.Duration) string {
	return w.text("period."+string(d.Unit), "Count", d.N)
}

// list joins items as a sentence does: "a, b och c".
func (w words) list(items []string, conj string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + w.t(conj) + " " + items[len(items)-1]
}

// labelList returns labels as a sentence list: the first capitalised, the
// rest in lower case unless they start with an abbreviation (IP-adress).
func (w words) labelList(labels []string) string {
	out := make([]string, len(labels))
	for i, l := range labels {
		if i == 0 {
			out[i] = upperFirst(l)
		} else {
			out[i] = lowerFirst(l)
		}
	}
	return w.list(out, "and")
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	next, _ := utf8.DecodeRuneInString(s[n:])
	if unicode.IsUpper(r) && !unicode.IsUpper(next) {
		return string(unicode.ToLower(r)) + s[n:]
	}
	return s
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// rule returns a retention rule in plain words:
// "Raderas 30 dagar efter att du skickade förfrågan, om du inte har fått någon offert."
func (w words) rule(p *tillit.Policy, r tillit.Rule) string {
	anchor, _ := p.Event(r.Event)
	done := anchor.Done.In(w.lang)
	var when string
	switch {
	case r.AtOnce():
		when = w.t("when.atonce", "Done", done)
	case r.EndOfYear:
		when = w.t("when.endofyear", "Period", w.period(r.After), "Done", done)
	case r.Every:
		every := w.period(r.After) // "12 months"
		if w.lang == tillit.Swedish {
			every += "s" // "med 12 månaders mellanrum"
		}
		when = w.t("when.every", "Period", w.period(r.After), "Done", done, "Every", every)
	default:
		when = w.t("when.after", "Period", w.period(r.After), "Done", done)
	}
	s := w.t("act."+string(r.Action)) + " " + when
	if r.Unless != "" {
		ev, _ := p.Event(r.Unless)
		if r.Within.IsZero() {
			s += ", " + w.t("unless", "NotDone", ev.NotDone.In(w.lang))
		} else {
			s += ", " + w.t("unless.within", "NotDone", ev.NotDone.In(w.lang), "Period", w.period(r.Within))
		}
	}
	return s + "."
}

// keep returns a legal hold's keeping period in plain words.
func (w words) keep(p *tillit.Policy, r tillit.Rule) string {
	ev, _ := p.Event(r.Event)
	id := "hold.keep"
	if r.EndOfYear {
		id = "hold.keep.endofyear"
	}
	return w.t(id, "Period", w.period(r.After), "Done", ev.Done.In(w.lang)) + "."
}

// country returns the name of a country code, or "EU/EES" for EU and EEA.
func (w words) country(code string) string {
	switch code {
	case "ZZ": // ISO 3166 user-assigned: a country the controller does not name
		if w.lang == tillit.Swedish {
			return "ett land utanför EU/EES"
		}
		return "a country outside the EU/EEA"
	case "EU", "EEA":
		if w.lang == tillit.Swedish {
			return "EU/EES"
		}
		return "the EU/EEA"
	}
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	namer := display.English.Regions()
	if w.lang == tillit.Swedish {
		namer = display.Swedish.Regions()
	}
	if name := namer.Name(r); name != "" {
		return name
	}
	return code
}

// date returns t as the notice writes dates: 2024-05-30 in Swedish,
// 30 May 2024 in English.
func (w words) date(d interface{ Format(string) string }) string {
	if w.lang == tillit.Swedish {
		return d.Format("2006-01-02")
	}
	return d.Format("2 January 2006")
}

// genitive returns the possessive of a name: "Krafthem AB:s", "Krafthems",
// "Krafthem AB's".
func (w words) genitive(name string) string {
	if w.lang == tillit.English {
		if strings.HasSuffix(name, "s") {
			return name + "'"
		}
		return name + "'s"
	}
	r, _ := utf8.DecodeLastRuneInString(name)
	switch {
	case unicode.IsUpper(r) || unicode.IsDigit(r):
		return name + ":s" // abbreviations: AB:s
	case r == 's' || r == 'x' || r == 'z':
		return name
	}
	return name + "s"
}

// sentence returns s ending with a full stop, unless it already ends a sentence.
func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, "?") {
		return s
	}
	return s + "."
}
