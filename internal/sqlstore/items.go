package sqlstore

import (
	"database/sql"

	"github.com/tillit-privacy/tillit"
)

// scanAll runs a query and scans every row with scan.
func scanAll[T any](t *Tx, op, q string, scan func(rowSet) (T, error), args ...any) ([]T, error) {
	rows, err := t.query(op, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, t.wrap(op, err)
		}
		out = append(out, v)
	}
	return out, t.wrap(op, rows.Err())
}

// InsertCase stores a case.
func (t *Tx) InsertCase(c tillit.Case) error {
	return t.exec("insert case", `INSERT INTO cases (id, subject, kind, point, opened) VALUES (?, ?, ?, ?, ?)`,
		c.ID, c.Subject, c.Kind, c.Point, micros(c.Opened))
}

const caseColumns = `id, subject, kind, point, opened`

func scanCase(r interface{ Scan(...any) error }) (tillit.Case, error) {
	var c tillit.Case
	var opened int64
	err := r.Scan(&c.ID, &c.Subject, &c.Kind, &c.Point, &opened)
	c.Opened = fromMicros(opened)
	return c, err
}

// Case returns a case by ID.
func (t *Tx) Case(id string) (tillit.Case, error) {
	c, err := scanCase(t.row(`SELECT `+caseColumns+` FROM cases WHERE id = ?`, id))
	return c, t.wrap("case", err)
}

// Cases returns a subject's cases in the order they were opened.
func (t *Tx) Cases(subject string) ([]tillit.Case, error) {
	if v, err, ok := t.answer("cases", subject); ok {
		return v.([]tillit.Case), err
	}
	return scanAll(t, "cases", casesQuery, scanCases, subject)
}

const casesQuery = `SELECT ` + caseColumns + ` FROM cases WHERE subject = ? ORDER BY n`

func scanCases(r rowSet) (tillit.Case, error) { return scanCase(r) }

// InsertItem stores an item's sealed value and metadata.
func (t *Tx) InsertItem(it tillit.Item) error {
	return t.exec("insert item", `INSERT INTO items (id, subject, category, purposes, source, point, case_id, provided, collected, sealed)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		it.ID, it.Subject, it.Category, joinIDs(it.Purposes), it.Source, it.Point, it.Case, it.Provided, micros(it.Collected), it.Sealed)
}

// Items returns a subject's items in the order they were collected.
func (t *Tx) Items(subject string) ([]tillit.Item, error) {
	if v, err, ok := t.answer("items", subject); ok {
		return v.([]tillit.Item), err
	}
	return scanAll(t, "items", itemsQuery, scanItem, subject)
}

const itemsQuery = `SELECT id, subject, category, purposes, source, point, case_id, provided, collected, archived, sealed
		FROM items WHERE subject = ? ORDER BY n`

func scanItem(r rowSet) (tillit.Item, error) {
	var it tillit.Item
	var purposes string
	var collected int64
	var archived sql.NullInt64
	err := r.Scan(&it.ID, &it.Subject, &it.Category, &purposes, &it.Source, &it.Point, &it.Case, &it.Provided, &collected, &archived, &it.Sealed)
	it.Purposes, it.Collected, it.Archived = splitIDs(purposes), fromMicros(collected), fromNullMicros(archived)
	return it, err
}
