package letters

import (
	"cmp"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/notice"
)

// The e-mails a person gets about their request. Each says what happened
// in plain words and ends with the controller's name and the request's
// ID, which is no personal data: the frame is mail.txt, the words of each
// answer its own file.

// mail is what the frame of an e-mail to a person shows.
type mail struct {
	ID         string // the request's
	Right      tillit.Right
	Controller string // its name
	Contact    string // where to send requests, or ""
	Complaint  string // the right to complain to the authority
}

func newMail(pol *tillit.Policy, r tillit.Request, lang tillit.Lang) mail {
	return mail{ID: r.ID, Right: r.Right, Controller: pol.Controller().Name, Contact: pol.Rights().Contact,
		Complaint: notice.Complaint(pol, lang)}
}

// answer runs the frame around a letter's subject and body.
func answer(lang tillit.Lang, letter string, data any) (Letter, error) {
	return write(lang, letter, "mail.subject", "mail", data)
}

// told names the recipients a notice was queued for or that the officer
// must tell, in that order (GDPR art. 19).
func told(pol *tillit.Policy, n tillit.Notified) []string {
	all := append(append([]string(nil), n.Queued...), n.Manual...)
	out := make([]string, len(all))
	for i, id := range all {
		r, _ := pol.Recipient(id)
		out[i] = cmp.Or(r.Name, id)
	}
	return out
}

// Code is the e-mail with the code that confirms a request came from the
// address it names.
type Code struct {
	Policy     *tillit.Policy
	Request    tillit.Request // its ID, Right and Expires
	Code       string
	ConfirmURL string // the centre's confirmation page, or "" for no link
}

// In writes the e-mail in lang.
func (d Code) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Code    string
		Expires time.Time
		Link    string
	}{mail: newMail(d.Policy, d.Request, lang), Code: d.Code, Expires: d.Request.Expires}
	if d.ConfirmURL != "" {
		v.Link = d.ConfirmURL + "?request=" + d.Request.ID + "&code=" + d.Code + "&lang=" + string(lang)
	}
	return answer(lang, "code", v)
}

// NothingHeld answers a request from an address Tillit holds nothing on.
type NothingHeld struct {
	Policy  *tillit.Policy
	Request tillit.Request // its ID and Right
}

// In writes the answer in lang.
func (d NothingHeld) In(lang tillit.Lang) (Letter, error) {
	return answer(lang, "answer_nothing", newMail(d.Policy, d.Request, lang))
}

// Access answers an access request (GDPR art. 15); the extract is
// attached, under the base name the Letter's Attachment gives.
type Access struct {
	Policy  *tillit.Policy
	Request tillit.Request // its ID and Repeat
	Link    string         // a one-time download link, or ""
	Until   time.Time      // when the link stops working
}

// In writes the answer in lang.
func (d Access) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Link         string
		ValidThrough time.Time
		Repeat       bool
		Delivery     []tillit.Delivery
	}{mail: newMail(d.Policy, d.Request, lang), Link: d.Link, ValidThrough: d.Until.Add(-time.Second),
		Repeat: d.Request.Repeat, Delivery: d.Policy.Rights().Delivery}
	l, err := answer(lang, "answer_access", v)
	if err != nil {
		return Letter{}, err
	}
	l.Attachment, err = execute(lang, "answer_access", "attachment", v)
	return l, err
}

// Portable answers a portability request (GDPR art. 20); the data is
// attached as JSON and CSV.
type Portable struct {
	Policy  *tillit.Policy
	Request tillit.Request // its ID
	Items   int            // how many items are attached
}

// In writes the answer in lang.
func (d Portable) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Items int
	}{newMail(d.Policy, d.Request, lang), d.Items}
	return answer(lang, "answer_portable", v)
}

// Erasure answers an erasure request (GDPR art. 17): what was erased,
// what a law keeps, and which recipients were told (art. 19).
type Erasure struct {
	Policy   *tillit.Policy
	Request  tillit.Request // its ID
	Erasure  tillit.Erasure // its Items and Kept
	Notified tillit.Notified
}

type kept struct {
	Label string
	Law   string
	Until time.Time
}

// In writes the answer in lang.
func (d Erasure) In(lang tillit.Lang) (Letter, error) {
	pol := d.Policy
	v := struct {
		mail
		Items       int
		Kept        []kept
		Told        []string
		KeptContact bool // an identifier is among what is kept
	}{mail: newMail(pol, d.Request, lang), Items: d.Erasure.Items, Told: told(pol, d.Notified)}
	for _, k := range d.Erasure.Kept {
		cat, _ := pol.Category(k.Category)
		v.Kept = append(v.Kept, kept{Label: label(cat.Label, k.Category, lang), Law: k.HoldLaw.In(lang), Until: k.HoldUntil})
	}
	v.KeptContact = slices.ContainsFunc(d.Erasure.Kept, func(k tillit.Forecast) bool {
		cat, _ := pol.Category(k.Category)
		return cat.Identifier
	})
	return answer(lang, "answer_erasure", v)
}

// Changed answers a rectification (GDPR art. 16) or, for any other
// right, a restriction (art. 18), with the recipients told (art. 19).
type Changed struct {
	Policy     *tillit.Policy
	Request    tillit.Request // its ID and Right
	Categories []string       // rectification: the categories corrected
	Notified   tillit.Notified
}

// In writes the answer in lang.
func (d Changed) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Rectification bool
		Labels        []string
		Told          []string
	}{mail: newMail(d.Policy, d.Request, lang), Rectification: d.Request.Right == tillit.RightRectification,
		Labels: categoryLabels(d.Policy, lang, d.Categories), Told: told(d.Policy, d.Notified)}
	return answer(lang, "answer_changed", v)
}

// Purposes answers a withdrawal of consent (GDPR art. 7(3)) or, for any
// other right, an objection (art. 21) that took effect for purposes.
type Purposes struct {
	Policy   *tillit.Policy
	Request  tillit.Request // its ID and Right
	Purposes []string       // none when nothing needed to change
}

// In writes the answer in lang.
func (d Purposes) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Withdrawal bool
		Purposes   []string
	}{newMail(d.Policy, d.Request, lang), d.Request.Right == tillit.RightWithdrawal, purposeLabels(d.Policy, lang, d.Purposes)}
	return answer(lang, "answer_purposes", v)
}

// Overruled answers an objection the officer overruled with compelling
// legitimate grounds (GDPR art. 21(1)).
type Overruled struct {
	Policy  *tillit.Policy
	Request tillit.Request // its ID
	Purpose string
	Grounds string // the officer's, as told to the person
}

// In writes the answer in lang.
func (d Overruled) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Purpose string
		Grounds string
	}{newMail(d.Policy, d.Request, lang), purposeLabels(d.Policy, lang, []string{d.Purpose})[0], d.Grounds}
	return answer(lang, "answer_overruled", v)
}

// Refused answers a request the officer refused (GDPR art. 12(4)).
type Refused struct {
	Policy  *tillit.Policy
	Request tillit.Request // its ID and Right
	Reason  string         // the officer's, as told to the person
}

// In writes the answer in lang.
func (d Refused) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Reason string
	}{newMail(d.Policy, d.Request, lang), d.Reason}
	return answer(lang, "answer_refused", v)
}

// Extended tells the person the deadline of their request is extended
// (GDPR art. 12(3)).
type Extended struct {
	Policy  *tillit.Policy
	Request tillit.Request // its ID, Right and Due
	Reason  string         // the officer's, as told to the person
}

// In writes the e-mail in lang.
func (d Extended) In(lang tillit.Lang) (Letter, error) {
	v := struct {
		mail
		Due    time.Time
		Reason string
	}{newMail(d.Policy, d.Request, lang), d.Request.Due, d.Reason}
	return answer(lang, "answer_extended", v)
}

// Acknowledgement is the public answer to a submitted request. It is the
// same, byte for byte, whoever the address belongs to: nobody can learn
// from it whether a person is in the register.
type Acknowledgement struct {
	TTL time.Duration // how long an unconfirmed request lives
}

// In writes the answer in lang.
func (d Acknowledgement) In(lang tillit.Lang) (string, error) {
	return execute(lang, "acknowledgement", "body", struct{ Hours int }{int(d.TTL.Hours())})
}

// ConsentLink is the line that ends an e-mail to a known person with a
// signed link to their consents.
type ConsentLink struct {
	URL   string
	Until time.Time // when the link stops working
}

// In writes the line in lang, without a line break.
func (d ConsentLink) In(lang tillit.Lang) (string, error) {
	v := struct {
		URL          string
		ValidThrough time.Time
	}{d.URL, d.Until.Add(-time.Second)}
	return execute(lang, "consent_link", "body", v)
}
