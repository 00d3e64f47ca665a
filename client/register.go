package client

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The operations on the register itself, retention forecasts, a subject's
// whole picture and the audit log. Where a method takes a language, ""
// means the client's (WithLanguage), else Swedish.

// Notice returns the privacy notice (GDPR art. 13, 14) rendered from the
// register in force, in lang, as format "html" (the default when "") or
// "md". It needs no scope: the notice is public.
func (c *Client) Notice(ctx context.Context, lang tillit.Lang, format string) ([]byte, error) {
	var b []byte
	err := c.do(ctx, call{op: "notice", method: http.MethodGet, path: "/v1/register/notice",
		query: formatQuery(cmp.Or(lang, c.lang), format), out: &b, file: fileTypes[cmp.Or(format, "html")]})
	return b, err
}

// ROPA returns the record of processing activities (scope register; GDPR
// art. 30(1)) in lang, as format "json" (the default when "") or "csv".
func (c *Client) ROPA(ctx context.Context, lang tillit.Lang, format string) ([]byte, error) {
	var b []byte
	err := c.do(ctx, call{op: "ropa", method: http.MethodGet, path: "/v1/register/ropa",
		query: formatQuery(cmp.Or(lang, c.lang), format), out: &b, file: fileTypes[format]})
	return b, err
}

// Finding is one lint finding, or problem, of the register in force.
type Finding struct {
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity"` // error or warning
	Code     string `json:"code,omitempty"`
	Message  string `json:"message"`
}

// LintReport is what checking the register in force found.
type LintReport struct {
	File     string    `json:"file"`
	Findings []Finding `json:"findings"`
}

// Lint returns what `tillit policy check` says about the register in
// force: where it is vague or falls short of the GDPR (scope register).
func (c *Client) Lint(ctx context.Context) (LintReport, error) {
	var r LintReport
	err := c.do(ctx, call{op: "lint", method: http.MethodGet, path: "/v1/register/lint", out: &r})
	return r, err
}

// ForecastOptions choose the forecast.
type ForecastOptions struct {
	// Until is the last day forecast, as written in its location; 30
	// days from now when zero.
	Until time.Time
	Limit int // at most this many items (1-10000); the server's default (1000) when 0
}

// Forecasts is what retention archives or deletes by a date.
type Forecasts struct {
	Until     time.Time         `json:"until"` // the end of the last day forecast
	Forecasts []tillit.Forecast `json:"forecasts"`
	More      bool              `json:"more"` // there are more than the limit
}

// Forecast returns the items retention archives or deletes by o.Until
// (scope admin).
func (c *Client) Forecast(ctx context.Context, o ForecastOptions) (Forecasts, error) {
	q := url.Values{}
	if !o.Until.IsZero() {
		q.Set("until", o.Until.Format(time.DateOnly))
	}
	if o.Limit > 0 {
		q.Set("limit", fmt.Sprint(o.Limit))
	}
	var f Forecasts
	err := c.do(ctx, call{op: "forecast", method: http.MethodGet, path: "/v1/forecast", query: q, out: &f})
	return f, err
}

// SubjectHistory returns everything known about a subject except the
// values: items, cases, events, consents and disclosures (scope admin).
// Audited.
func (c *Client) SubjectHistory(ctx context.Context, id string) (tillit.History, error) {
	var h tillit.History
	err := c.do(ctx, call{op: "subject-history", method: http.MethodGet, path: "/v1/subjects/" + esc(id) + "/history", out: &h})
	return h, err
}

// SubjectForecast returns when each of a subject's items is archived and
// deleted (scope admin).
func (c *Client) SubjectForecast(ctx context.Context, id string) ([]tillit.Forecast, error) {
	var out struct {
		Forecasts []tillit.Forecast `json:"forecasts"`
	}
	err := c.do(ctx, call{op: "subject-forecast", method: http.MethodGet, path: "/v1/subjects/" + esc(id) + "/forecast", out: &out})
	return out.Forecasts, err
}

// SubjectExtract returns a subject's full access extract (scope admin;
// GDPR art. 15) in lang, as format "json" (the default when ""), "html"
// or "pdf": every value, why it is held, where it came from, who received
// it and until when it is kept. Audited.
func (c *Client) SubjectExtract(ctx context.Context, id string, lang tillit.Lang, format string) ([]byte, error) {
	var b []byte
	err := c.do(ctx, call{op: "subject-extract", method: http.MethodGet, path: "/v1/subjects/" + esc(id) + "/extract",
		query: formatQuery(cmp.Or(lang, c.lang), format), out: &b, file: fileTypes[format]})
	return b, err
}

// AuditReport is the outcome of verifying the audit log's hash chain.
type AuditReport struct {
	Entries int64  `json:"entries"`
	Head    []byte `json:"head"` // the last good entry's hash: keep it elsewhere to anchor the log
	Intact  bool   `json:"intact"`
	Broken  string `json:"broken,omitempty"` // why and where the chain breaks
}

// VerifyAudit verifies the audit log's hash chain (scope admin).
func (c *Client) VerifyAudit(ctx context.Context) (AuditReport, error) {
	var r AuditReport
	err := c.do(ctx, call{op: "verify-audit", method: http.MethodGet, path: "/v1/audit/verify", out: &r})
	return r, err
}
