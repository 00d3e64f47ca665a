package requests

import (
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/letters"
)

// The e-mails to a person about their request are letters (package
// letters: embedded templates per language); this file makes them
// envelopes for the outbox.

// answer is letter l as an e-mail to the person who made r, in r's
// language. The outbox fills in the address when it sends.
func answer(r tillit.Request, l letters.Letter, err error) (core.Envelope, error) {
	if err != nil {
		return core.Envelope{}, err
	}
	return core.Envelope{Mail: deliver.Mail{Lang: string(r.Lang), Subject: l.Subject, Text: l.Body}}, nil
}

// answerAccess answers an access request; the extract travels with the
// message and is attached as PDF, HTML and JSON when the outbox sends it,
// after the transaction that completed the request.
func answerAccess(pol *tillit.Policy, r tillit.Request, x tillit.Extract, link string, until time.Time) (core.Envelope, error) {
	l, err := letters.Access{Policy: pol, Request: r, Link: link, Until: until}.In(r.Lang)
	e, err := answer(r, l, err)
	e.Extract, e.Files = &x, l.Attachment
	return e, err
}

// answerPortable answers a portability request; the data is attached as
// JSON and CSV when the outbox sends it.
func answerPortable(pol *tillit.Policy, r tillit.Request, items []tillit.PortableItem) (core.Envelope, error) {
	e, err := answerWith(r, letters.Portable{Policy: pol, Request: r, Items: len(items)})
	if items == nil {
		items = []tillit.PortableItem{} // an empty file, not none
	}
	e.Portable = items
	return e, err
}

// answerWith writes letter l in r's language as an e-mail to the person.
func answerWith(r tillit.Request, l interface {
	In(tillit.Lang) (letters.Letter, error)
}) (core.Envelope, error) {
	lt, err := l.In(r.Lang)
	return answer(r, lt, err)
}
