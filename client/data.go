package client

import (
	"context"
	"net/http"
	"net/url"

	"github.com/tillit-privacy/tillit"
)

// The operations on personal data: collect, find, use, disclose, events,
// consents and objections.

// Collect stores what a person gave at a collection point, as the point
// declares (scope collect). Undeclared or invalid fields, card numbers and
// outdated consents are refused (IsInvalid) and nothing is stored;
// identifiers of different subjects conflict (IsConflict). The receipt
// names the subject only to a key that may also find subjects, or when
// s.Subject named it.
func (c *Client) Collect(ctx context.Context, s tillit.Submission) (tillit.Receipt, error) {
	var rc tillit.Receipt
	err := c.do(ctx, call{op: "collect", method: http.MethodPost, path: "/v1/submissions", in: s, out: &rc})
	return rc, err
}

// Find returns the subject an identifier belongs to (scope find): typ is
// tillit.TypeEmail, TypePhone or TypePersonnummer, and value is normalised
// as collection does. The identifier travels in the body, never in a URL.
// IsNotFound when nobody has it.
func (c *Client) Find(ctx context.Context, typ tillit.ValueType, value string) (tillit.Subject, error) {
	in := struct {
		Type  tillit.ValueType `json:"type"`
		Value string           `json:"value"`
	}{typ, value}
	var s tillit.Subject
	err := c.do(ctx, call{op: "find-subject", method: http.MethodPost, path: "/v1/subjects/find", in: in, out: &s})
	return s, err
}

// Subject returns a subject's state (scope find): whether processing is
// restricted and whether the data was erased. IsNotFound for an unknown
// subject.
func (c *Client) Subject(ctx context.Context, id string) (tillit.Subject, error) {
	var s tillit.Subject
	err := c.do(ctx, call{op: "get-subject", method: http.MethodGet, path: "/v1/subjects/" + esc(id), out: &s})
	return s, err
}

// Use returns the subject's values that purpose uses, if its legal basis
// holds now (scope read:<purpose>). IsNotAllowed when it does not (no
// consent, consent withdrawn, an objection, restriction), IsNotFound for
// an unknown or erased subject. Every read is audited.
func (c *Client) Use(ctx context.Context, subject, purpose string) ([]tillit.Item, error) {
	var out struct {
		Items []tillit.Item `json:"items"`
	}
	err := c.do(ctx, call{op: "use", method: http.MethodGet, path: "/v1/subjects/" + esc(subject) + "/data",
		query: url.Values{"purpose": {purpose}}, out: &out})
	return out.Items, err
}

// Disclose returns the values d.Recipient may receive for d.Purpose (of
// d.Case only, when set) and records the disclosure (scope
// disclose:<purpose>; GDPR art. 15(1)(c), 19). Only d.Subject, Purpose,
// Recipient and Case are sent. IsNotAllowed when the register does not
// declare the recipient for the purpose or the purpose's basis does not
// hold.
func (c *Client) Disclose(ctx context.Context, d tillit.Disclosure) (tillit.Disclosure, []tillit.Item, error) {
	in := struct {
		Subject   string `json:"subject"`
		Purpose   string `json:"purpose"`
		Recipient string `json:"recipient"`
		Case      string `json:"case,omitempty"`
	}{d.Subject, d.Purpose, d.Recipient, d.Case}
	var out struct {
		Disclosure tillit.Disclosure `json:"disclosure"`
		Items      []tillit.Item     `json:"items"`
	}
	err := c.do(ctx, call{op: "disclose", method: http.MethodPost, path: "/v1/disclosures", in: in, out: &out})
	return out.Disclosure, out.Items, err
}

// RecordEvent records a lifecycle event the register declares, for a
// subject or, with e.Case, one of its cases (scope events). Only
// e.Subject, Event and Case are sent. IsInvalid for an undeclared event or
// a case event without its case.
func (c *Client) RecordEvent(ctx context.Context, e tillit.EventRecord) error {
	in := struct {
		Subject string `json:"subject"`
		Event   string `json:"event"`
		Case    string `json:"case,omitempty"`
	}{e.Subject, e.Event, e.Case}
	return c.do(ctx, call{op: "record-event", method: http.MethodPost, path: "/v1/events", in: in})
}

// SetConsent gives (r.Given) or withdraws consent to a purpose on consent
// (scope consents; GDPR art. 7). Giving needs r.Version, the version of
// the wording shown; withdrawing is always possible (art. 7(3)). Only
// r.Subject, Purpose, Given, Version and Channel are sent, with ev.
func (c *Client) SetConsent(ctx context.Context, r tillit.ConsentRecord, ev tillit.Evidence) error {
	in := struct {
		Subject  string          `json:"subject"`
		Purpose  string          `json:"purpose"`
		Given    bool            `json:"given"`
		Version  string          `json:"version,omitempty"`
		Channel  string          `json:"channel,omitempty"`
		Evidence tillit.Evidence `json:"evidence,omitzero"`
	}{r.Subject, r.Purpose, r.Given, r.Version, r.Channel, ev}
	return c.do(ctx, call{op: "set-consent", method: http.MethodPost, path: "/v1/consents", in: in})
}

// Object records the subject's objection to a purpose on legitimate
// interest or direct marketing (scope consents; GDPR art. 21): processing
// for it stops at once. IsInvalid when the purpose's basis gives no right
// to object. For a person's own request, with confirmation and an answer,
// use SubmitRequest.
func (c *Client) Object(ctx context.Context, subject, purpose string) error {
	in := struct {
		Subject string `json:"subject"`
		Purpose string `json:"purpose"`
	}{subject, purpose}
	return c.do(ctx, call{op: "object", method: http.MethodPost, path: "/v1/objections", in: in})
}
