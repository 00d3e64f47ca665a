package client

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The operations on data subjects' requests (GDPR art. 12-22), the outbox
// and retention's review tasks. Listings come in pages: pass the next a
// page returns as After to get the one after it; "" means there is none.
// A full last page may be followed by an empty one.

// Submitted is the answer to a submitted request.
type Submitted struct {
	ID      string              `json:"id"`
	State   tillit.RequestState `json:"state"`
	Expires time.Time           `json:"expires"` // when it expires unless confirmed
	// Message is what to tell the person, in the request's language: the
	// same whether or not anybody with the address is in the register.
	Message string `json:"message"`
}

// SubmitRequest starts a data subject's request and has a confirmation
// code e-mailed to f.Email (scope requests).
func (c *Client) SubmitRequest(ctx context.Context, f tillit.RequestForm) (Submitted, error) {
	var s Submitted
	err := c.do(ctx, call{op: "submit-request", method: http.MethodPost, path: "/v1/requests", in: f, out: &s})
	return s, err
}

// ConfirmRequest confirms request id with the code e-mailed to the person
// (scope requests). A wrong, unknown or expired code is one answer
// (IsNotAllowed); five wrong codes lock the request.
func (c *Client) ConfirmRequest(ctx context.Context, id, code string) (tillit.Request, error) {
	in := struct {
		Code string `json:"code"`
	}{code}
	var r tillit.Request
	err := c.do(ctx, call{op: "confirm-request", method: http.MethodPost, path: "/v1/requests/" + esc(id) + "/confirm", in: in, out: &r})
	return r, err
}

// RequestsOptions choose the requests listed.
type RequestsOptions struct {
	Open  bool   // only requests not yet closed
	After string // the next of the previous page
	Limit int    // at most this many (1-500); the server's default (100) when 0
}

// Requests lists requests, oldest first, with their deadlines, and
// returns the After of the next page (scope admin).
func (c *Client) Requests(ctx context.Context, o RequestsOptions) (rs []tillit.Request, next string, err error) {
	var out struct {
		Requests []tillit.Request `json:"requests"`
		Next     string           `json:"next"`
	}
	err = c.do(ctx, call{op: "list-requests", method: http.MethodGet, path: "/v1/requests",
		query: page("open", o.Open, o.After, o.Limit), out: &out})
	return out.Requests, out.Next, err
}

// Request returns a request with what the person wrote while it is open
// (scope admin). IsNotFound for an unknown one.
func (c *Client) Request(ctx context.Context, id string) (tillit.Request, error) {
	var r tillit.Request
	err := c.do(ctx, call{op: "get-request", method: http.MethodGet, path: "/v1/requests/" + esc(id), out: &r})
	return r, err
}

// CompleteRequest carries a confirmed request out as the register says
// and answers the person (scope admin). For an objection on legitimate
// interest it decides that the objection stands.
func (c *Client) CompleteRequest(ctx context.Context, id string) (tillit.Request, error) {
	return c.step(ctx, "complete-request", id, "complete", struct{}{})
}

// ExtendRequest extends a request's deadline by months (1 or 2), once and
// within the first deadline, and tells the person the reason at once
// (scope admin; GDPR art. 12(3)).
func (c *Client) ExtendRequest(ctx context.Context, id string, months int, reason string) (tillit.Request, error) {
	return c.step(ctx, "extend-request", id, "extend", struct {
		Months int    `json:"months"`
		Reason string `json:"reason"`
	}{months, reason})
}

// RefuseRequest refuses a request and tells the person why, with their
// right to complain (scope admin; GDPR art. 12(4)).
func (c *Client) RefuseRequest(ctx context.Context, id, reason string) (tillit.Request, error) {
	return c.step(ctx, "refuse-request", id, "refuse", struct {
		Reason string `json:"reason"`
	}{reason})
}

// OverruleObjection records compelling legitimate grounds against an
// objection to purpose (scope admin; GDPR art. 21(1)): for a purpose on
// legitimate interest only, never for direct marketing.
func (c *Client) OverruleObjection(ctx context.Context, id, purpose, grounds string) (tillit.Request, error) {
	return c.step(ctx, "overrule-objection", id, "overrule", struct {
		Purpose string `json:"purpose"`
		Grounds string `json:"grounds"`
	}{purpose, grounds})
}

// step is one of the officer's steps on a request.
func (c *Client) step(ctx context.Context, op, id, action string, in any) (tillit.Request, error) {
	var r tillit.Request
	err := c.do(ctx, call{op: op, method: http.MethodPost, path: "/v1/requests/" + esc(id) + "/" + action, in: in, out: &r})
	return r, err
}

// RequestExtract returns the extract of a confirmed access request (scope
// admin; GDPR art. 15) in format: "json" (the default when ""), "html" or
// "pdf". It holds everything about the person: keep it no longer than
// needed to answer them.
func (c *Client) RequestExtract(ctx context.Context, id, format string) ([]byte, error) {
	var b []byte
	err := c.do(ctx, call{op: "request-extract", method: http.MethodGet, path: "/v1/requests/" + esc(id) + "/extract",
		query: formatQuery("", format), out: &b, file: fileTypes[format]})
	return b, err
}

// OutboxOptions choose the messages listed.
type OutboxOptions struct {
	Pending bool   // only messages not yet delivered
	Request string // only the messages of this request
	After   string // the next of the previous page
	Limit   int    // at most this many (1-500); the server's default (100) when 0
}

// Outbox lists the e-mails and art. 19 webhooks of the outbox, without
// their content, and returns the After of the next page (scope admin).
func (c *Client) Outbox(ctx context.Context, o OutboxOptions) (ms []tillit.Message, next string, err error) {
	q := page("pending", o.Pending, o.After, o.Limit)
	if o.Request != "" {
		q.Set("request", o.Request)
	}
	var out struct {
		Messages []tillit.Message `json:"messages"`
		Next     string           `json:"next"`
	}
	err = c.do(ctx, call{op: "list-messages", method: http.MethodGet, path: "/v1/outbox", query: q, out: &out})
	return out.Messages, out.Next, err
}

// RetryMessage tries a given-up message again (scope admin).
func (c *Client) RetryMessage(ctx context.Context, id string) error {
	return c.do(ctx, call{op: "retry-message", method: http.MethodPost, path: "/v1/outbox/" + esc(id) + "/retry"})
}

// TasksOptions choose the review tasks listed.
type TasksOptions struct {
	All   bool   // closed tasks too
	After string // the next of the previous page
	Limit int    // at most this many (1-500); the server's default (100) when 0
}

// Tasks lists the review tasks retention rules raised and returns the
// After of the next page (scope admin).
func (c *Client) Tasks(ctx context.Context, o TasksOptions) (ts []tillit.Task, next string, err error) {
	var out struct {
		Tasks []tillit.Task `json:"tasks"`
		Next  string        `json:"next"`
	}
	err = c.do(ctx, call{op: "list-tasks", method: http.MethodGet, path: "/v1/tasks",
		query: page("all", o.All, o.After, o.Limit), out: &out})
	return out.Tasks, out.Next, err
}

// CloseTask closes a review task with its outcome, an ID such as kept or
// erased (scope admin).
func (c *Client) CloseTask(ctx context.Context, id, outcome string) (tillit.Task, error) {
	in := struct {
		Outcome string `json:"outcome"`
	}{outcome}
	var t tillit.Task
	err := c.do(ctx, call{op: "close-task", method: http.MethodPost, path: "/v1/tasks/" + esc(id) + "/close", in: in, out: &t})
	return t, err
}

// fileTypes are the media types of the formats files come in.
var fileTypes = map[string]string{
	"":     "application/json",
	"json": "application/json",
	"html": "text/html",
	"pdf":  "application/pdf",
	"md":   "text/markdown",
	"csv":  "text/csv",
}

// formatQuery returns the query of a file: lang and format when set.
func formatQuery(lang tillit.Lang, format string) url.Values {
	q := url.Values{}
	if lang != "" {
		q.Set("lang", string(lang))
	}
	if format != "" {
		q.Set("format", format)
	}
	return q
}
