package sqlstore

import (
	"database/sql"
	"encoding/json"
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit"
)

const incidentColumns = `id, title, nature, how_discovered, discovered, occurred_from, occurred_to,
	categories, points, recipients, systems, subject_types, consequences, measures_taken, measures_planned, advice,
	delay_reason, risk, decided, notify, decision_reason, decided_by, opened, closed, notifications, notices`

func scanIncident(r interface{ Scan(...any) error }) (tillit.Incident, error) {
	var in tillit.Incident
	var discovered, opened int64
	var from, to, decided, closed sql.NullInt64
	var cats, points, recipients, systems, notifications, notices string
	var notify int
	err := r.Scan(&in.ID, &in.Title, &in.Nature, &in.HowDiscovered, &discovered, &from, &to,
		&cats, &points, &recipients, &systems, &in.SubjectTypes, &in.Consequences, &in.MeasuresTaken, &in.MeasuresPlanned, &in.Advice,
		&in.DelayReason, &in.Risk, &decided, &notify, &in.Decision.Reason, &in.Decision.Actor, &opened, &closed, &notifications, &notices)
	if err != nil {
		return in, err
	}
	in.Discovered, in.From, in.To = fromMicros(discovered), fromNullMicros(from), fromNullMicros(to)
	in.Categories, in.Points, in.Recipients, in.Systems = splitIDs(cats), splitIDs(points), splitIDs(recipients), splitIDs(systems)
	in.Decision.At, in.Decision.Notify = fromNullMicros(decided), notify != 0
	in.Opened, in.Closed = fromMicros(opened), fromNullMicros(closed)
	if err := json.Unmarshal([]byte(notifications), &in.Notifications); err != nil {
		return in, err
	}
	return in, json.Unmarshal([]byte(notices), &in.Notices)
}

// incidentArgs returns the values of incidentColumns after id, and id.
func incidentArgs(in tillit.Incident) ([]any, error) {
	notifications, err := json.Marshal(cmpSlice(in.Notifications))
	if err != nil {
		return nil, err
	}
	notices, err := json.Marshal(cmpSlice(in.Notices))
	if err != nil {
		return nil, err
	}
	return []any{in.Title, in.Nature, in.HowDiscovered, micros(in.Discovered), nullMicros(in.From), nullMicros(in.To),
		joinIDs(in.Categories), joinIDs(in.Points), joinIDs(in.Recipients), joinIDs(in.Systems), in.SubjectTypes, in.Consequences,
		in.MeasuresTaken, in.MeasuresPlanned, in.Advice, in.DelayReason, string(in.Risk), nullMicros(in.Decision.At),
		flag(in.Decision.Notify), in.Decision.Reason, in.Decision.Actor, micros(in.Opened), nullMicros(in.Closed),
		string(notifications), string(notices), in.ID}, nil
}

// cmpSlice stores a nil slice as [] rather than null.
func cmpSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// InsertIncident stores a new incident.
func (t *Tx) InsertIncident(in tillit.Incident) error {
	args, err := incidentArgs(in)
	if err != nil {
		return t.wrap("insert incident", err)
	}
	return t.execNow("insert incident", `INSERT INTO incidents (title, nature, how_discovered, discovered, occurred_from, occurred_to,
		categories, points, recipients, systems, subject_types, consequences, measures_taken, measures_planned, advice,
		delay_reason, risk, decided, notify, decision_reason, decided_by, opened, closed, notifications, notices, id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
}

// UpdateIncident stores an incident's fields, all but its ID and timeline.
func (t *Tx) UpdateIncident(in tillit.Incident) error {
	args, err := incidentArgs(in)
	if err != nil {
		return t.wrap("update incident", err)
	}
	n, err := t.execN("update incident", `UPDATE incidents SET title = ?, nature = ?, how_discovered = ?, discovered = ?,
		occurred_from = ?, occurred_to = ?, categories = ?, points = ?, recipients = ?, systems = ?, subject_types = ?, consequences = ?,
		measures_taken = ?, measures_planned = ?, advice = ?, delay_reason = ?, risk = ?, decided = ?, notify = ?, decision_reason = ?,
		decided_by = ?, opened = ?, closed = ?, notifications = ?, notices = ? WHERE id = ?`, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.wrap("update incident", sql.ErrNoRows)
	}
	return nil
}

// Incident returns an incident with its timeline.
func (t *Tx) Incident(id string) (tillit.Incident, error) {
	in, err := scanIncident(t.row(`SELECT `+incidentColumns+` FROM incidents WHERE id = ?`, id))
	if err != nil {
		return in, t.wrap("incident", err)
	}
	in.Timeline, err = scanAll(t, "incident timeline", `SELECT incident, at, actor, kind, note FROM incident_events WHERE incident = ? ORDER BY n`,
		func(r rowSet) (tillit.IncidentEvent, error) {
			var e tillit.IncidentEvent
			var at int64
			err := r.Scan(&e.Incident, &at, &e.Actor, &e.Kind, &e.Note)
			e.At = fromMicros(at)
			return e, err
		}, id)
	return in, err
}

// Incidents returns incidents in the order they were opened.
func (t *Tx) Incidents(f tillit.IncidentFilter) ([]tillit.Incident, error) {
	q := `SELECT ` + incidentColumns + ` FROM incidents`
	if f.Open {
		q += ` WHERE closed IS NULL`
	}
	return scanAll(t, "incidents", q+` ORDER BY n`, func(r rowSet) (tillit.Incident, error) { return scanIncident(r) })
}

// AppendIncidentEvent appends to an incident's timeline.
func (t *Tx) AppendIncidentEvent(e tillit.IncidentEvent) error {
	return t.exec("append incident event", `INSERT INTO incident_events (incident, at, actor, kind, note) VALUES (?, ?, ?, ?, ?)`,
		e.Incident, micros(e.At), e.Actor, e.Kind, e.Note)
}

// in returns " IN (?, ?, ...)" for n values, and the values as arguments.
func in(ids []string) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return ` IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(ids)), ", ") + `)`, args
}

// Disclosed returns the categories of the disclosures to x.Recipients
// within x.From and x.To.
func (t *Tx) Disclosed(x tillit.Exposure) ([]tillit.Exposed, error) {
	if len(x.Recipients) == 0 {
		return nil, nil
	}
	cond, args := in(x.Recipients)
	q := `SELECT id, subject, categories FROM disclosures WHERE recipient` + cond + ` AND at <= ?`
	args = append(args, micros(x.To))
	if !x.From.IsZero() {
		q, args = q+` AND at >= ?`, append(args, micros(x.From))
	}
	type row struct{ id, subject, cats string }
	rows, err := scanAll(t, "disclosed", q+` ORDER BY at, n`, func(r rowSet) (row, error) {
		var w row
		err := r.Scan(&w.id, &w.subject, &w.cats)
		return w, err
	}, args...)
	var out []tillit.Exposed
	for _, w := range rows {
		for _, c := range splitIDs(w.cats) {
			if len(x.Categories) == 0 || slices.Contains(x.Categories, c) {
				out = append(out, tillit.Exposed{Subject: w.subject, Category: c, Row: w.id})
			}
		}
	}
	return out, err
}

// Held returns the items of x.Points and x.Categories collected at or
// before x.To.
func (t *Tx) Held(x tillit.Exposure) ([]tillit.Exposed, error) {
	q, args := `SELECT id, subject, category FROM items WHERE collected <= ?`, []any{micros(x.To)}
	if len(x.Categories) > 0 {
		cond, a := in(x.Categories)
		q, args = q+` AND category`+cond, append(args, a...)
	}
	if len(x.Points) > 0 {
		cond, a := in(x.Points)
		q, args = q+` AND point`+cond, append(args, a...)
	}
	return scanAll(t, "held", q+` ORDER BY collected, n`, func(r rowSet) (tillit.Exposed, error) {
		var e tillit.Exposed
		err := r.Scan(&e.Row, &e.Subject, &e.Category)
		return e, err
	}, args...)
}
