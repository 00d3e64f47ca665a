package sqlstore

import (
	"database/sql"

	"github.com/tillit-privacy/tillit"
)

// Facts returns, in the order asked, the subjects that exist with their
// items, cases, events and consents: five queries for any number of
// subjects.
func (t *Tx) Facts(subjects []string) ([]tillit.History, error) {
	if len(subjects) == 0 {
		return nil, nil
	}
	in, args := inIDs(subjects)
	by := make(map[string]*tillit.History, len(subjects))
	rows, err := t.query("facts", `SELECT id, created, restricted, erased FROM subjects WHERE id IN (`+in+`)`, args...)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var h tillit.History
		var created int64
		var erased sql.NullInt64
		if err := rows.Scan(&h.Subject.ID, &created, &h.Subject.Restricted, &erased); err != nil {
			rows.Close()
			return nil, t.wrap("facts", err)
		}
		h.Subject.Created, h.Subject.Erased = fromMicros(created), fromNullMicros(erased)
		by[h.Subject.ID] = &h
	}
	if err := t.wrap("facts", rows.Err()); err != nil {
		return nil, err
	}
	items, err := scanAll(t, "facts", `SELECT id, subject, category, purposes, source, point, case_id, provided, collected, archived, sealed
		FROM items WHERE subject IN (`+in+`) ORDER BY n`, scanItem, args...)
	if err != nil {
		return nil, err
	}
	for _, it := range items {
		if h := by[it.Subject]; h != nil {
			h.Items = append(h.Items, it)
		}
	}
	cases, err := scanAll(t, "facts", `SELECT `+caseColumns+` FROM cases WHERE subject IN (`+in+`) ORDER BY n`,
		func(r rowSet) (tillit.Case, error) { return scanCase(r) }, args...)
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if h := by[c.Subject]; h != nil {
			h.Cases = append(h.Cases, c)
		}
	}
	events, err := scanAll(t, "facts", `SELECT id, subject, event, case_id, purpose, at, actor FROM events WHERE subject IN (`+in+`) ORDER BY n`,
		func(r rowSet) (tillit.EventRecord, error) {
			var e tillit.EventRecord
			var at int64
			err := r.Scan(&e.ID, &e.Subject, &e.Event, &e.Case, &e.Purpose, &at, &e.Actor)
			e.At = fromMicros(at)
			return e, err
		}, args...)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		if h := by[e.Subject]; h != nil {
			h.Events = append(h.Events, e)
		}
	}
	consents, err := scanAll(t, "facts", `SELECT id, subject, purpose, given, version, channel, at, evidence FROM consents WHERE subject IN (`+in+`) ORDER BY n`,
		func(r rowSet) (tillit.ConsentRecord, error) {
			var c tillit.ConsentRecord
			var at int64
			err := r.Scan(&c.ID, &c.Subject, &c.Purpose, &c.Given, &c.Version, &c.Channel, &at, &c.Evidence)
			c.At = fromMicros(at)
			return c, err
		}, args...)
	if err != nil {
		return nil, err
	}
	for _, c := range consents {
		if h := by[c.Subject]; h != nil {
			h.Consents = append(h.Consents, c)
		}
	}
	out := make([]tillit.History, 0, len(by))
	for _, id := range subjects {
		if h := by[id]; h != nil {
			out = append(out, *h)
			delete(by, id) // a subject asked for twice comes once
		}
	}
	return out, nil
}
