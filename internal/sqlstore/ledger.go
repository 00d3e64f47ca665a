package sqlstore

import (
	"slices"

	"github.com/tillit-privacy/tillit"
)

// InsertEvent stores a lifecycle event.
func (t *Tx) InsertEvent(e tillit.EventRecord) error {
	had, ok := t.ahead("events", e.Subject)
	if err := t.exec("insert event", `INSERT INTO events (id, subject, event, case_id, purpose, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Subject, e.Event, e.Case, e.Purpose, micros(e.At), e.Actor); err != nil {
		return err
	}
	if ok {
		// The ledger only grows: what was read ahead, and this.
		e.At = fromMicros(micros(e.At))
		t.keep("events", e.Subject, "events", append(slices.Clip(had.([]tillit.EventRecord)), e), nil)
	}
	return nil
}

// Events returns a subject's events in time order.
func (t *Tx) Events(subject string) ([]tillit.EventRecord, error) {
	if v, err, ok := t.answer("events", subject); ok {
		return v.([]tillit.EventRecord), err
	}
	return scanAll(t, "events", eventsQuery, scanEvent, subject)
}

const eventsQuery = `SELECT id, subject, event, case_id, purpose, at, actor FROM events WHERE subject = ? ORDER BY n`

func scanEvent(r rowSet) (tillit.EventRecord, error) {
	var e tillit.EventRecord
	var at int64
	err := r.Scan(&e.ID, &e.Subject, &e.Event, &e.Case, &e.Purpose, &at, &e.Actor)
	e.At = fromMicros(at)
	return e, err
}

// InsertConsent appends to the consent ledger.
func (t *Tx) InsertConsent(c tillit.ConsentRecord) error {
	had, ok := t.ahead("consents", c.Subject)
	if err := t.exec("insert consent", `INSERT INTO consents (id, subject, purpose, given, version, channel, at, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Subject, c.Purpose, c.Given, c.Version, c.Channel, micros(c.At), c.Evidence); err != nil {
		return err
	}
	if ok {
		// The ledger only grows: what was read ahead, and this.
		c.At = fromMicros(micros(c.At))
		t.keep("consents", c.Subject, "consents", append(slices.Clip(had.([]tillit.ConsentRecord)), c), nil)
	}
	return nil
}

// Consents returns a subject's consent ledger in time order.
func (t *Tx) Consents(subject string) ([]tillit.ConsentRecord, error) {
	if v, err, ok := t.answer("consents", subject); ok {
		return v.([]tillit.ConsentRecord), err
	}
	return scanAll(t, "consents", consentsQuery, scanConsent, subject)
}

const consentsQuery = `SELECT id, subject, purpose, given, version, channel, at, evidence FROM consents WHERE subject = ? ORDER BY n`

func scanConsent(r rowSet) (tillit.ConsentRecord, error) {
	var c tillit.ConsentRecord
	var at int64
	err := r.Scan(&c.ID, &c.Subject, &c.Purpose, &c.Given, &c.Version, &c.Channel, &at, &c.Evidence)
	c.At = fromMicros(at)
	return c, err
}

// InsertDisclosure records a disclosure.
func (t *Tx) InsertDisclosure(d tillit.Disclosure) error {
	return t.exec("insert disclosure", `INSERT INTO disclosures (id, subject, recipient, purpose, categories, case_id, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Subject, d.Recipient, d.Purpose, joinIDs(d.Categories), d.Case, micros(d.At), d.Actor)
}

// Disclosures returns a subject's disclosures in time order.
func (t *Tx) Disclosures(subject string) ([]tillit.Disclosure, error) {
	if v, err, ok := t.answer("disclosures", subject); ok {
		return v.([]tillit.Disclosure), err
	}
	return scanAll(t, "disclosures", disclosuresQuery, scanDisclosure, subject)
}

const disclosuresQuery = `SELECT id, subject, recipient, purpose, categories, case_id, at, actor FROM disclosures WHERE subject = ? ORDER BY n`

func scanDisclosure(r rowSet) (tillit.Disclosure, error) {
	var d tillit.Disclosure
	var cats string
	var at int64
	err := r.Scan(&d.ID, &d.Subject, &d.Recipient, &d.Purpose, &cats, &d.Case, &at, &d.Actor)
	d.Categories, d.At = splitIDs(cats), fromMicros(at)
	return d, err
}
