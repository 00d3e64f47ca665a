package server

import (
	"bytes"
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/notice"
	"github.com/tillit-privacy/tillit/register"
)

// The operations on the register itself, retention forecasts, a subject's
// whole picture and the audit log.

type noticeInput struct {
	Lang   string `query:"lang" enum:"sv,en" default:"sv" doc:"The notice's language."`
	Format string `query:"format" enum:"html,md" default:"html"`
}

type textOutput struct {
	ContentType     string `header:"Content-Type"`
	ContentLanguage string `header:"Content-Language"`
	Body            []byte
}

type ropaInput struct {
	Lang   string `query:"lang" enum:"sv,en" default:"sv"`
	Format string `query:"format" enum:"json,csv" default:"json"`
}

type ropaOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

// Finding is one lint finding or problem of the register in force.
type Finding struct {
	Line     int    `json:"line"`
	Col      int    `json:"col"`
	Severity string `json:"severity" enum:"error,warning"`
	Code     string `json:"code,omitempty" doc:"The lint check, e.g. balancing-test."`
	Message  string `json:"message"`
}

type lintOutput struct {
	Body struct {
		File     string    `json:"file"`
		Findings []Finding `json:"findings"`
	}
}

type forecastInput struct {
	Until string `query:"until" maxLength:"10" doc:"A date (YYYY-MM-DD, Stockholm time): items archived or gone by the end of it. Default: 30 days from now."`
	Limit int    `query:"limit" minimum:"1" maximum:"10000" default:"1000"`
}

type forecastsOutput struct {
	Body struct {
		Until     time.Time         `json:"until"`
		Forecasts []tillit.Forecast `json:"forecasts"`
		More      bool              `json:"more,omitempty" doc:"There are more than limit."`
	}
}

type historyOutput struct {
	Body tillit.History
}

type subjectForecastOutput struct {
	Body struct {
		Forecasts []tillit.Forecast `json:"forecasts"`
	}
}

type subjectExtractInput struct {
	ID     string `path:"id" maxLength:"64"`
	Lang   string `query:"lang" enum:"sv,en" default:"sv"`
	Format string `query:"format" enum:"json,html,pdf" default:"json"`
}

type verifyOutput struct {
	Body struct {
		Entries int64  `json:"entries"`
		Head    []byte `json:"head" doc:"The last good entry's hash; keep it elsewhere to anchor the log."`
		Intact  bool   `json:"intact"`
		Broken  string `json:"broken,omitempty" doc:"Why and where the chain breaks."`
	}
}

func (s *Server) registerRegister(api huma.API) {
	huma.Register(api, route{
		id: "notice", method: http.MethodGet, path: "/v1/register/notice", tag: "Register",
		summary: "The privacy notice (GDPR art. 13, 14)",
		doc:     "Rendered from the register in force, in Swedish or English, as HTML or Markdown. Public: no key needed.",
	}.operation(), func(ctx context.Context, in *noticeInput) (*textOutput, error) {
		lang, _ := tillit.ParseLang(in.Lang)
		var b bytes.Buffer
		if err := notice.Render(&b, s.Vault.Policy(), lang, in.Format); err != nil {
			return nil, err
		}
		ct := "text/html; charset=utf-8"
		if in.Format == "md" {
			ct = "text/markdown; charset=utf-8"
		}
		return &textOutput{ContentType: ct, ContentLanguage: in.Lang, Body: b.Bytes()}, nil
	})

	huma.Register(api, route{
		id: "ropa", method: http.MethodGet, path: "/v1/register/ropa", tag: "Register",
		summary: "The record of processing activities (GDPR art. 30(1))",
		scope:   tillit.ScopeRegister, audit: true,
	}.operation(), func(ctx context.Context, in *ropaInput) (*ropaOutput, error) {
		lang, _ := tillit.ParseLang(in.Lang)
		acts := notice.Record(s.Vault.Policy(), lang)
		var b bytes.Buffer
		write, ct := notice.WriteRecordJSON, "application/json"
		if in.Format == "csv" {
			write, ct = notice.WriteRecordCSV, "text/csv; charset=utf-8"
		}
		if err := write(&b, acts); err != nil {
			return nil, err
		}
		return &ropaOutput{ContentType: ct, Body: b.Bytes()}, nil
	})

	huma.Register(api, route{
		id: "lint", method: http.MethodGet, path: "/v1/register/lint", tag: "Register",
		summary: "The register's GDPR findings",
		doc:     "What `tillit policy check` says about the register in force: warnings where it is vague or falls short of the GDPR.",
		scope:   tillit.ScopeRegister, audit: true,
	}.operation(), func(ctx context.Context, in *struct{}) (*lintOutput, error) {
		out := &lintOutput{}
		out.Body.File = s.RegisterFile
		out.Body.Findings = []Finding{}
		for _, p := range s.Findings {
			sev := "warning"
			if p.Severity == register.Error {
				sev = "error"
			}
			out.Body.Findings = append(out.Body.Findings, Finding{Line: p.Line, Col: p.Col, Severity: sev, Code: p.Code, Message: p.Message})
		}
		return out, nil
	})

	huma.Register(api, route{
		id: "forecast", method: http.MethodGet, path: "/v1/forecast", tag: "Retention",
		summary: "What retention archives or deletes by a date",
		scope:   tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *forecastInput) (*forecastsOutput, error) {
		until := s.Vault.Now().Add(30 * 24 * time.Hour)
		if in.Until != "" {
			d, err := time.ParseInLocation(time.DateOnly, in.Until, tillit.Stockholm)
			if err != nil {
				lang := langFrom(ctx)
				p := newProblem(lang, http.StatusUnprocessableEntity, catalog.Text("api.until_must_date_yyyy_mm").In(lang))
				p.Errors = []ProblemDetail{{Location: "query.until", Message: p.Detail}}
				return nil, p
			}
			until = d.AddDate(0, 0, 1).Add(-time.Nanosecond)
		}
		out := &forecastsOutput{}
		out.Body.Until, out.Body.Forecasts = until, []tillit.Forecast{}
		errFull := tillit.Errorf(tillit.ECONFLICT, "forecast", "limit reached")
		err := s.Retention.ForecastAll(ctx, until, func(f tillit.Forecast) error {
			if len(out.Body.Forecasts) == in.Limit {
				out.Body.More = true
				return errFull
			}
			out.Body.Forecasts = append(out.Body.Forecasts, f)
			return nil
		})
		if err != nil && err != errFull {
			return nil, fail(ctx, err)
		}
		return out, nil
	})

	huma.Register(api, route{
		id: "subject-history", method: http.MethodGet, path: "/v1/subjects/{id}/history", tag: "Subjects",
		summary: "Everything known about a subject except the values",
		doc:     "Items (without values), cases, events, consents and disclosures. Audited.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *subjectPath) (*historyOutput, error) {
		h, err := s.Vault.History(ctx, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &historyOutput{Body: h}, nil
	})

	huma.Register(api, route{
		id: "subject-forecast", method: http.MethodGet, path: "/v1/subjects/{id}/forecast", tag: "Subjects",
		summary: "When each of a subject's items is archived and deleted",
		scope:   tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *subjectPath) (*subjectForecastOutput, error) {
		fs, err := s.Retention.Forecast(ctx, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &subjectForecastOutput{}
		out.Body.Forecasts = nonNil(fs)
		return out, nil
	})

	huma.Register(api, route{
		id: "subject-extract", method: http.MethodGet, path: "/v1/subjects/{id}/extract", tag: "Subjects",
		summary: "A subject's full access extract (GDPR art. 15)",
		doc:     "Every value, why it is held, where it came from, who received it and until when it is kept, as JSON, printable HTML or PDF. Audited.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *subjectExtractInput) (*fileOutput, error) {
		lang, _ := tillit.ParseLang(in.Lang)
		x, err := s.Vault.Extract(ctx, in.ID, lang)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return extractFile(x, in.ID, in.Format)
	})

	huma.Register(api, route{
		id: "verify-audit", method: http.MethodGet, path: "/v1/audit/verify", tag: "Audit",
		summary: "Verify the audit log's hash chain",
		scope:   tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *struct{}) (*verifyOutput, error) {
		rep, err := s.Audit.Verify(ctx)
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &verifyOutput{}
		out.Body.Entries, out.Body.Head, out.Body.Broken, out.Body.Intact = rep.Entries, rep.Head, rep.Broken, rep.Broken == ""
		return out, nil
	})
}
