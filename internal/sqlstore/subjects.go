package sqlstore

import (
	"database/sql"

	"github.com/tillit-privacy/tillit"
)

// Secret returns a named system key.
func (t *Tx) Secret(name string) ([]byte, error) {
	var b []byte
	err := t.row(`SELECT wrapped FROM secrets WHERE name = ?`, name).Scan(&b)
	return b, t.wrap("secret", err)
}

// PutSecret creates or replaces a named system key.
func (t *Tx) PutSecret(name string, wrapped []byte) error {
	return t.exec("put secret", `INSERT INTO secrets (name, wrapped) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET wrapped = excluded.wrapped`, name, wrapped)
}

// InsertSubject creates a subject with its wrapped data key.
func (t *Tx) InsertSubject(s tillit.Subject, key []byte) error {
	if err := t.exec("insert subject", `INSERT INTO subjects (id, created, restricted, erased) VALUES (?, ?, ?, ?)`,
		s.ID, micros(s.Created), s.Restricted, nullMicros(s.Erased)); err != nil {
		return err
	}
	return t.exec("insert data key", `INSERT INTO data_keys (subject, wrapped) VALUES (?, ?)`, s.ID, key)
}

// Subject returns a subject by ID.
func (t *Tx) Subject(id string) (tillit.Subject, error) {
	if v, err, ok := t.answer("subject", id); ok {
		return v.(tillit.Subject), err
	}
	if pc, ok := t.c.(*pgConn); ok {
		return t.subjectAhead(pc, id)
	}
	s, err := scanSubject(t.row(subjectQuery, id), id)
	return s, t.wrap("subject", err)
}

const subjectQuery = `SELECT created, restricted, erased FROM subjects WHERE id = ?`

func scanSubject(r rowScanner, id string) (tillit.Subject, error) {
	s := tillit.Subject{ID: id}
	var created int64
	var erased sql.NullInt64
	err := r.Scan(&created, &s.Restricted, &erased)
	s.Created, s.Erased = fromMicros(created), fromNullMicros(erased)
	return s, err
}

// SetRestricted sets or lifts the restriction of processing.
func (t *Tx) SetRestricted(id string, on bool) error {
	return t.exec("set restricted", `UPDATE subjects SET restricted = ? WHERE id = ?`, on, id)
}

// EraseSubject deletes the data key, identifiers and items and marks the
// subject erased.
func (t *Tx) EraseSubject(s tillit.Subject) error {
	for _, q := range []string{
		`DELETE FROM data_keys WHERE subject = ?`,
		`DELETE FROM identifiers WHERE subject = ?`,
		`DELETE FROM items WHERE subject = ?`,
		`DELETE FROM retention WHERE subject = ?`,
	} {
		if err := t.exec("erase subject", q, s.ID); err != nil {
			return err
		}
	}
	t.erased = true
	return t.exec("erase subject", `UPDATE subjects SET erased = ?, restricted = ? WHERE id = ?`,
		micros(s.Erased), false, s.ID)
}

// DataKey returns the subject's wrapped data key.
func (t *Tx) DataKey(subject string) ([]byte, error) {
	if v, err, ok := t.answer("data key", subject); ok {
		return v.([]byte), err
	}
	var b []byte
	err := t.row(dataKeyQuery, subject).Scan(&b)
	return b, t.wrap("data key", err)
}

const dataKeyQuery = `SELECT wrapped FROM data_keys WHERE subject = ?`

// DataKeys returns up to n wrapped data keys after a subject ID.
func (t *Tx) DataKeys(after string, n int) ([]tillit.WrappedKey, error) {
	rows, err := t.query("data keys", `SELECT subject, wrapped FROM data_keys WHERE subject > ? ORDER BY subject LIMIT ?`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tillit.WrappedKey
	for rows.Next() {
		var k tillit.WrappedKey
		if err := rows.Scan(&k.Subject, &k.Wrapped); err != nil {
			return nil, t.wrap("data keys", err)
		}
		out = append(out, k)
	}
	return out, t.wrap("data keys", rows.Err())
}

// PutDataKey replaces a subject's wrapped data key.
func (t *Tx) PutDataKey(k tillit.WrappedKey) error {
	n, err := t.execN("put data key", `UPDATE data_keys SET wrapped = ? WHERE subject = ?`, k.Wrapped, k.Subject)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.wrap("put data key", sql.ErrNoRows)
	}
	return nil
}

// PutIdentifier records that a blind index belongs to a subject.
func (t *Tx) PutIdentifier(kind string, blind []byte, subject string) error {
	return t.exec("put identifier", `INSERT INTO identifiers (kind, blind, subject) VALUES (?, ?, ?)`, kind, blind, subject)
}

// FindIdentifier returns the subject a blind index belongs to.
func (t *Tx) FindIdentifier(kind string, blind []byte) (string, error) {
	if pc, ok := t.c.(*pgConn); ok {
		return t.findAhead(pc, kind, blind)
	}
	var id string
	err := t.row(findIdentifierQuery, kind, blind).Scan(&id)
	if noRows(err) {
		return "", tillit.Errorf(tillit.ENOTFOUND, "find identifier", "no subject has this identifier")
	}
	return id, t.wrap("find identifier", err)
}

const findIdentifierQuery = `SELECT subject FROM identifiers WHERE kind = ? AND blind = ?`

// Identifiers returns the blind indexes of a subject's identifiers.
func (t *Tx) Identifiers(subject string) ([]tillit.Identifier, error) {
	if v, err, ok := t.answer("identifiers", subject); ok {
		return v.([]tillit.Identifier), err
	}
	return scanAll(t, "identifiers", identifiersQuery, scanIdentifier, subject)
}

const identifiersQuery = `SELECT kind, blind FROM identifiers WHERE subject = ? ORDER BY kind, blind`

func scanIdentifier(r rowSet) (tillit.Identifier, error) {
	var id tillit.Identifier
	err := r.Scan(&id.Kind, &id.Blind)
	return id, err
}
