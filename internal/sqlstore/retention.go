package sqlstore

import (
	"database/sql"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// inIDs returns "?, ?, ..." for n placeholders and ids as arguments.
func inIDs(ids []string) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", "), args
}

// ArchiveItems marks a subject's items archived.
func (t *Tx) ArchiveItems(subject string, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inIDs(ids)
	return t.exec("archive items", `UPDATE items SET archived = ? WHERE subject = ? AND archived IS NULL AND id IN (`+in+`)`,
		append([]any{micros(at), subject}, args...)...)
}

// DeleteItems removes a subject's items.
func (t *Tx) DeleteItems(subject string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	in, args := inIDs(ids)
	t.erased = true // the deleted values are still in the write-ahead log
	return t.exec("delete items", `DELETE FROM items WHERE subject = ? AND id IN (`+in+`)`, append([]any{subject}, args...)...)
}

// InsertAnonymous keeps an anonymised value.
func (t *Tx) InsertAnonymous(a tillit.Anonymous) error {
	return t.exec("insert anonymous", `INSERT INTO anonymous (category, purposes, value, month) VALUES (?, ?, ?, ?)`,
		a.Category, joinIDs(a.Purposes), a.Value, a.Month)
}

// Schedule sets when a subject's retention is next due.
func (t *Tx) Schedule(subject string, due time.Time) error {
	if due.IsZero() {
		return t.exec("schedule", `DELETE FROM retention WHERE subject = ?`, subject)
	}
	return t.exec("schedule", `INSERT INTO retention (subject, due) VALUES (?, ?)
		ON CONFLICT (subject) DO UPDATE SET due = excluded.due`, subject, micros(due))
}

// ScheduledAt returns when a subject is due, zero if never.
func (t *Tx) ScheduledAt(subject string) (time.Time, error) {
	if v, err, ok := t.answer("scheduled at", subject); ok {
		return v.(time.Time), err
	}
	var due int64
	err := t.row(scheduledAtQuery, subject).Scan(&due)
	if noRows(err) {
		return time.Time{}, nil
	}
	return fromMicros(due), t.wrap("scheduled at", err)
}

const scheduledAtQuery = `SELECT due FROM retention WHERE subject = ?`

// ScheduleAll makes every subject that is not erased due at due.
func (t *Tx) ScheduleAll(due time.Time) error {
	return t.exec("schedule all", `INSERT INTO retention (subject, due) SELECT id, ? FROM subjects WHERE erased IS NULL
		ON CONFLICT (subject) DO UPDATE SET due = excluded.due`, micros(due))
}

func scanScheduled(r rowSet) (tillit.Scheduled, error) {
	var s tillit.Scheduled
	var due int64
	err := r.Scan(&s.Subject, &due)
	s.Due = fromMicros(due)
	return s, err
}

// Due claims up to n subjects due at or before now. In a write
// transaction the rows are locked, and rows another transaction holds
// are skipped where the engine can (PostgreSQL); SQLite's writers are
// serial anyway.
func (t *Tx) Due(now time.Time, n int) ([]tillit.Scheduled, error) {
	q := `SELECT subject, due FROM retention WHERE due <= ? ORDER BY due, subject LIMIT ?`
	if t.writable {
		q += t.s.d.SkipLocked
	}
	return scanAll(t, "due", q, scanScheduled, micros(now), n)
}

// Scheduled pages through the schedule in due order.
func (t *Tx) Scheduled(until time.Time, after tillit.Scheduled, n int) ([]tillit.Scheduled, error) {
	limit := int64(1<<63 - 1)
	if !until.IsZero() {
		limit = micros(until)
	}
	from := int64(-1 << 63)
	if !after.Due.IsZero() || after.Subject != "" {
		from = micros(after.Due)
	}
	return scanAll(t, "scheduled", `SELECT subject, due FROM retention
		WHERE due <= ? AND (due > ? OR (due = ? AND subject > ?)) ORDER BY due, subject LIMIT ?`,
		scanScheduled, limit, from, from, after.Subject, n)
}

const taskColumns = `id, subject, purpose, rule, case_id, due, raised, closed, outcome, actor`

func scanTask(r interface{ Scan(...any) error }) (tillit.Task, error) {
	var k tillit.Task
	var due, raised int64
	var closed sql.NullInt64
	err := r.Scan(&k.ID, &k.Subject, &k.Purpose, &k.Rule, &k.Case, &due, &raised, &closed, &k.Outcome, &k.Actor)
	k.Due, k.Raised, k.Closed = fromMicros(due), fromMicros(raised), fromNullMicros(closed)
	return k, err
}

// InsertTask raises a task unless the same one was raised before.
func (t *Tx) InsertTask(k tillit.Task) (bool, error) {
	n, err := t.execN("insert task", `INSERT INTO tasks (`+taskColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (subject, purpose, rule, case_id, due) DO NOTHING`,
		k.ID, k.Subject, k.Purpose, k.Rule, k.Case, micros(k.Due), micros(k.Raised), nullMicros(k.Closed), k.Outcome, k.Actor)
	if err != nil {
		return false, err
	}
	return n == 1, nil
}

// Task returns a task by ID.
func (t *Tx) Task(id string) (tillit.Task, error) {
	k, err := scanTask(t.row(`SELECT `+taskColumns+` FROM tasks WHERE id = ?`, id))
	return k, t.wrap("task", err)
}

// Tasks pages through tasks in the order they were raised.
func (t *Tx) Tasks(all bool, after string, n int) ([]tillit.Task, error) {
	from := int64(0)
	if after != "" {
		if err := t.row(`SELECT n FROM tasks WHERE id = ?`, after).Scan(&from); err != nil {
			return nil, t.wrap("tasks", err)
		}
	}
	q := `SELECT ` + taskColumns + ` FROM tasks WHERE n > ?`
	if !all {
		q += ` AND closed IS NULL`
	}
	return scanAll(t, "tasks", q+` ORDER BY n LIMIT ?`,
		func(r rowSet) (tillit.Task, error) { return scanTask(r) }, from, n)
}

// CloseTask records a task's outcome.
func (t *Tx) CloseTask(k tillit.Task) error {
	return t.exec("close task", `UPDATE tasks SET closed = ?, outcome = ?, actor = ? WHERE id = ?`,
		nullMicros(k.Closed), k.Outcome, k.Actor, k.ID)
}

// Meta returns a named setting.
func (t *Tx) Meta(name string) (string, error) {
	var v string
	err := t.row(`SELECT value FROM meta WHERE name = ?`, name).Scan(&v)
	return v, t.wrap("meta", err)
}

// PutMeta sets a named setting.
func (t *Tx) PutMeta(name, value string) error {
	return t.exec("put meta", `INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, value)
}
