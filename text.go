package tillit

// Lang is a language every user-visible text of Tillit exists in.
type Lang string

// The languages of Tillit. Every Text has both.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Langs lists the supported languages, Swedish first.
var Langs = []Lang{Swedish, English}

// ParseLang returns the Lang named by s ("sv" or "en") and whether it is one.
func ParseLang(s string) (Lang, bool) {
	switch Lang(s) {
	case Swedish, English:
		return Lang(s), true
	}
	return "", false
}

// Text is a user-visible text in Swedish and English.
type Text struct {
	SV string
	EN string
}

// In returns the text in lang.
func (t Text) In(lang Lang) string {
	if lang == English {
		return t.EN
	}
	return t.SV
}

// IsZero reports whether the text is empty in both languages.
func (t Text) IsZero() bool { return t.SV == "" && t.EN == "" }
