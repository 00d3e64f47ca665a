package sqlstore

import (
	"github.com/tillit-privacy/tillit"
)

// InsertEvent stores a lifecycle event.
func (t *Tx) InsertEvent(e tillit.EventRecord) error {
	return t.exec("insert event", `INSERT INTO events (id, subject, event, case_id, purpose, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.Subject, e.Event, e.Case, e.Purpose, micros(e.At), e.Actor)
}

// Events returns a subject's events in time order.
func (t *Tx) Events(subject string) ([]tillit.EventRecord, error) {
	return scanAll(t, "events", `SELECT id, subject, event, case_id, purpose, at, actor FROM events WHERE subject = ? ORDER BY n`,
		func(r rowSet) (tillit.EventRecord, error) {
			var e tillit.EventRecord
			var at int64
			err := r.Scan(&e.ID, &e.Subject, &e.Event, &e.Case, &e.Purpose, &at, &e.Actor)
			e.At = fromMicros(at)
			return e, err
		}, subject)
}

// InsertConsent appends to the consent ledger.
func (t *Tx) InsertConsent(c tillit.ConsentRecord) error {
	return t.exec("insert consent", `INSERT INTO consents (id, subject, purpose, given, version, channel, at, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Subject, c.Purpose, c.Given, c.Version, c.Channel, micros(c.At), c.Evidence)
}

// Consents returns a subject's consent ledger in time order.
func (t *Tx) Consents(subject string) ([]tillit.ConsentRecord, error) {
	return scanAll(t, "consents", `SELECT id, subject, purpose, given, version, channel, at, evidence FROM consents WHERE subject = ? ORDER BY n`,
		func(r rowSet) (tillit.ConsentRecord, error) {
			var c tillit.ConsentRecord
			var at int64
			err := r.Scan(&c.ID, &c.Subject, &c.Purpose, &c.Given, &c.Version, &c.Channel, &at, &c.Evidence)
			c.At = fromMicros(at)
			return c, err
		}, subject)
}

// InsertDisclosure records a disclosure.
func (t *Tx) InsertDisclosure(d tillit.Disclosure) error {
	return t.exec("insert disclosure", `INSERT INTO disclosures (id, subject, recipient, purpose, categories, case_id, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Subject, d.Recipient, d.Purpose, joinIDs(d.Categories), d.Case, micros(d.At), d.Actor)
}

// Disclosures returns a subject's disclosures in time order.
func (t *Tx) Disclosures(subject string) ([]tillit.Disclosure, error) {
	return scanAll(t, "disclosures", `SELECT id, subject, recipient, purpose, categories, case_id, at, actor FROM disclosures WHERE subject = ? ORDER BY n`,
		func(r rowSet) (tillit.Disclosure, error) {
			var d tillit.Disclosure
			var cats string
			var at int64
			err := r.Scan(&d.ID, &d.Subject, &d.Recipient, &d.Purpose, &cats, &d.Case, &at, &d.Actor)
			d.Categories, d.At = splitIDs(cats), fromMicros(at)
			return d, err
		}, subject)
}
