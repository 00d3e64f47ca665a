package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The breach register (GDPR art. 33, 34): every operation needs an admin
// key.

// Incident is an incident with its 72-hour clock as the server saw it.
type Incident struct {
	tillit.Incident
	Deadline time.Time `json:"deadline"` // 72 hours after discovery (art. 33(1))
	Overdue  bool      `json:"overdue"`  // past the deadline, neither notified nor decided not to
	DueSoon  bool      `json:"due_soon"` // unsettled and within 24 hours of the deadline
}

// OpenIncident records a breach; the clock runs from d.Discovered.
func (c *Client) OpenIncident(ctx context.Context, d tillit.IncidentDetails) (Incident, error) {
	var in Incident
	err := c.do(ctx, call{op: "open-incident", method: http.MethodPost, path: "/v1/incidents", in: d, out: &in})
	return in, err
}

// Incidents lists the breach register: unsettled first, by deadline.
func (c *Client) Incidents(ctx context.Context, open bool) ([]Incident, error) {
	var out struct {
		Incidents []Incident `json:"incidents"`
	}
	q := url.Values{}
	if open {
		q.Set("open", "true")
	}
	err := c.do(ctx, call{op: "list-incidents", method: http.MethodGet, path: "/v1/incidents", query: q, out: &out})
	return out.Incidents, err
}

// Incident returns an incident with its timeline.
func (c *Client) Incident(ctx context.Context, id string) (Incident, error) {
	var in Incident
	err := c.do(ctx, call{op: "get-incident", method: http.MethodGet, path: "/v1/incidents/" + esc(id), out: &in})
	return in, err
}

// UpdateIncident replaces every detail of an incident with d.
func (c *Client) UpdateIncident(ctx context.Context, id string, d tillit.IncidentDetails) (Incident, error) {
	var in Incident
	err := c.do(ctx, call{op: "update-incident", method: http.MethodPut, path: "/v1/incidents/" + esc(id), in: d, out: &in})
	return in, err
}

// NoteIncident adds a note, without personal data, to the timeline.
func (c *Client) NoteIncident(ctx context.Context, id, note string) (Incident, error) {
	return c.incidentStep(ctx, "note-incident", id, "notes", struct {
		Note string `json:"note"`
	}{note})
}

// Affected returns who the incident likely affects, computed from the
// vault, with counts per category.
func (c *Client) Affected(ctx context.Context, id string) (tillit.Affected, error) {
	var a tillit.Affected
	err := c.do(ctx, call{op: "incident-affected", method: http.MethodGet, path: "/v1/incidents/" + esc(id) + "/affected", out: &a})
	return a, err
}

// DecideAuthority records whether the authority is notified; not
// notifying needs the reason (art. 33(5)).
func (c *Client) DecideAuthority(ctx context.Context, id string, notify bool, reason string) (Incident, error) {
	return c.incidentStep(ctx, "decide-incident", id, "decision", struct {
		Notify bool   `json:"notify"`
		Reason string `json:"reason,omitempty"`
	}{notify, reason})
}

// RecordNotification records a phase of the notification to the
// authority (art. 33(4)): initial, supplementary or final.
func (c *Client) RecordNotification(ctx context.Context, id string, phase tillit.Phase, reference, note string) (Incident, error) {
	return c.incidentStep(ctx, "record-notification", id, "notifications", struct {
		Phase     tillit.Phase `json:"phase"`
		Reference string       `json:"reference,omitempty"`
		Note      string       `json:"note,omitempty"`
	}{phase, reference, note})
}

// DraftAuthorityNotification drafts the notification to IMY in lang.
func (c *Client) DraftAuthorityNotification(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return c.draft(ctx, id, "authority", lang)
}

// DraftSubjectNotice drafts the notice to the people affected in lang.
func (c *Client) DraftSubjectNotice(ctx context.Context, id string, lang tillit.Lang) (tillit.Draft, error) {
	return c.draft(ctx, id, "subjects", lang)
}

func (c *Client) draft(ctx context.Context, id, audience string, lang tillit.Lang) (tillit.Draft, error) {
	var d tillit.Draft
	q := url.Values{"for": {audience}, "lang": {string(lang)}}
	err := c.do(ctx, call{op: "draft-incident", method: http.MethodGet, path: "/v1/incidents/" + esc(id) + "/draft", query: q, out: &d})
	return d, err
}

// NotifySubjects e-mails the notice to the people affected through the
// outbox: for a high risk, or with override (art. 34).
func (c *Client) NotifySubjects(ctx context.Context, id string, override bool) (tillit.SubjectNotices, error) {
	var n tillit.SubjectNotices
	in := struct {
		Override bool `json:"override,omitempty"`
	}{override}
	err := c.do(ctx, call{op: "notify-subjects", method: http.MethodPost, path: "/v1/incidents/" + esc(id) + "/notify-subjects", in: in, out: &n})
	return n, err
}

// NoticeDeliveries counts how the notices to the people were delivered.
func (c *Client) NoticeDeliveries(ctx context.Context, id string) (tillit.NoticeDeliveries, error) {
	var d tillit.NoticeDeliveries
	err := c.do(ctx, call{op: "incident-deliveries", method: http.MethodGet, path: "/v1/incidents/" + esc(id) + "/deliveries", out: &d})
	return d, err
}

// CloseIncident closes an incident once the authority was notified or the
// decision not to notify recorded.
func (c *Client) CloseIncident(ctx context.Context, id string) (Incident, error) {
	return c.incidentStep(ctx, "close-incident", id, "close", nil)
}

func (c *Client) incidentStep(ctx context.Context, op, id, step string, in any) (Incident, error) {
	var out Incident
	err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/v1/incidents/" + esc(id) + "/" + step, in: in, out: &out})
	return out, err
}
