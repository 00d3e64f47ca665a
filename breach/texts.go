package breach

import (
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
)

// The drafts to the authority and to the people are letters (package
// letters: embedded templates per language).

// breachMail is the e-mail of a notice to a person.
func breachMail(d tillit.Draft, to string) deliver.Mail {
	return deliver.Mail{To: to, Lang: string(d.Lang), Subject: d.Title, Text: d.Text}
}
