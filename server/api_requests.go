package server

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/extract"
)

// The operations on data subjects' requests (GDPR art. 12-22), the outbox
// and the retention review tasks.

type requestFormInput struct {
	Body tillit.RequestForm
}

type submittedOutput struct {
	Status int `json:"-"`
	Body   struct {
		ID      string              `json:"id" doc:"The request's ID; the confirmation code is e-mailed to the address given."`
		State   tillit.RequestState `json:"state"`
		Expires time.Time           `json:"expires" doc:"When the request expires unless confirmed."`
		Message string              `json:"message" doc:"What to tell the person, in the request's language. The same whether or not the address is known."`
	}
}

type confirmInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Code string `json:"code" minLength:"1" maxLength:"16" doc:"The code e-mailed to the person."`
	}
}

type requestOutput struct {
	Body tillit.Request
}

type requestsInput struct {
	Open  bool   `query:"open" doc:"Only requests not yet closed."`
	After string `query:"after" maxLength:"64" doc:"The last ID of the previous page."`
	Limit int    `query:"limit" minimum:"1" maximum:"500" default:"100" doc:"At most this many."`
}

type requestsOutput struct {
	Body struct {
		Requests []tillit.Request `json:"requests"`
		Next     string           `json:"next,omitempty" doc:"Pass as after for the next page; absent on the last."`
	}
}

type requestPath struct {
	ID string `path:"id" maxLength:"64"`
}

type extendInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Months int    `json:"months" minimum:"1" maximum:"2" doc:"Months to add (GDPR art. 12(3): at most two)."`
		Reason string `json:"reason" minLength:"1" maxLength:"2000" doc:"Why, as told to the person."`
	}
}

type refuseInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"2000" doc:"Why, as told to the person with the right to complain (GDPR art. 12(4))."`
	}
}

type overruleInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Purpose string `json:"purpose" minLength:"1" maxLength:"64"`
		Grounds string `json:"grounds" minLength:"1" maxLength:"4000" doc:"The compelling legitimate grounds (GDPR art. 21(1))."`
	}
}

type extractInput struct {
	ID     string `path:"id" maxLength:"64"`
	Format string `query:"format" enum:"json,html,pdf" default:"json"`
}

type fileOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CacheControl       string `header:"Cache-Control"`
	Body               []byte
}

type messagesInput struct {
	Pending bool   `query:"pending" doc:"Only messages not yet delivered."`
	Request string `query:"request" maxLength:"64" doc:"Only the messages of one request."`
	After   string `query:"after" maxLength:"64"`
	Limit   int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
}

type messagesOutput struct {
	Body struct {
		Messages []tillit.Message `json:"messages"`
		Next     string           `json:"next,omitempty"`
	}
}

type tasksInput struct {
	All   bool   `query:"all" doc:"Closed tasks too."`
	After string `query:"after" maxLength:"64"`
	Limit int    `query:"limit" minimum:"1" maximum:"500" default:"100"`
}

type tasksOutput struct {
	Body struct {
		Tasks []tillit.Task `json:"tasks"`
		Next  string        `json:"next,omitempty"`
	}
}

type closeTaskInput struct {
	ID   string `path:"id" maxLength:"64"`
	Body struct {
		Outcome string `json:"outcome" minLength:"1" maxLength:"64" doc:"What was decided, as an ID such as kept or erased."`
	}
}

func (s *Server) registerRequests(api huma.API) {
	huma.Register(api, route{
		id: "submit-request", method: http.MethodPost, path: "/v1/requests", tag: "Requests",
		summary: "Submit a data subject's request",
		doc: "Starts a request (access, rectification, erasure, restriction, portability, objection, withdrawal) and e-mails a confirmation code to the address given. " +
			"The answer is the same whether or not anybody with that address is in the register.",
		scope: tillit.ScopeRequests, body: formBody,
	}.operation(), func(ctx context.Context, in *requestFormInput) (*submittedOutput, error) {
		r, err := s.Requests.Submit(ctx, in.Body)
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &submittedOutput{Status: http.StatusAccepted}
		out.Body.ID, out.Body.State, out.Body.Expires = r.ID, r.State, r.Expires
		out.Body.Message = s.Requests.Acknowledgement(r.Lang)
		return out, nil
	})

	huma.Register(api, route{
		id: "confirm-request", method: http.MethodPost, path: "/v1/requests/{id}/confirm", tag: "Requests",
		summary: "Confirm a request with the e-mailed code",
		doc:     "A wrong, unknown or expired code gets one answer; five wrong codes lock the request.",
		scope:   tillit.ScopeRequests,
	}.operation(), func(ctx context.Context, in *confirmInput) (*requestOutput, error) {
		r, err := s.Requests.Confirm(ctx, in.ID, in.Body.Code)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &requestOutput{Body: summary(r)}, nil
	})

	huma.Register(api, route{
		id: "list-requests", method: http.MethodGet, path: "/v1/requests", tag: "Requests",
		summary: "List requests", doc: "Oldest first, with their deadlines.",
		scope: tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *requestsInput) (*requestsOutput, error) {
		rs, err := s.Requests.Requests(ctx, tillit.RequestFilter{Open: in.Open, After: in.After, N: in.Limit})
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &requestsOutput{}
		out.Body.Requests = nonNil(rs)
		if len(rs) == in.Limit {
			out.Body.Next = rs[len(rs)-1].ID
		}
		return out, nil
	})

	huma.Register(api, route{
		id: "get-request", method: http.MethodGet, path: "/v1/requests/{id}", tag: "Requests",
		summary: "A request, with what the person wrote while it is open",
		doc:     "Audited by the vault as a look at the request.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *requestPath) (*requestOutput, error) {
		r, err := s.Requests.Request(ctx, in.ID, true)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &requestOutput{Body: r}, nil
	})

	step := func(id, path, title, doc string, fn func(ctx context.Context, id string) (tillit.Request, error)) {
		huma.Register(api, route{
			id: id, method: http.MethodPost, path: path, tag: "Requests", summary: title, doc: doc, scope: tillit.ScopeAdmin,
		}.operation(), func(ctx context.Context, in *requestPath) (*requestOutput, error) {
			r, err := fn(ctx, in.ID)
			if err != nil {
				return nil, fail(ctx, err)
			}
			return &requestOutput{Body: summary(r)}, nil
		})
	}
	step("complete-request", "/v1/requests/{id}/complete", "Complete a confirmed request",
		"Carries the request out as the register says and answers the person; for an objection on legitimate interest, decides that it stands.", s.Requests.Complete)

	huma.Register(api, route{
		id: "extend-request", method: http.MethodPost, path: "/v1/requests/{id}/extend", tag: "Requests",
		summary: "Extend a request's deadline",
		doc:     "Once, within the first deadline, by at most the register's extension; the person is told the reason at once (GDPR art. 12(3)).",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *extendInput) (*requestOutput, error) {
		r, err := s.Requests.Extend(ctx, in.ID, in.Body.Months, in.Body.Reason)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &requestOutput{Body: summary(r)}, nil
	})

	huma.Register(api, route{
		id: "refuse-request", method: http.MethodPost, path: "/v1/requests/{id}/refuse", tag: "Requests",
		summary: "Refuse a request, with the reason",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *refuseInput) (*requestOutput, error) {
		r, err := s.Requests.Refuse(ctx, in.ID, in.Body.Reason)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &requestOutput{Body: summary(r)}, nil
	})

	huma.Register(api, route{
		id: "overrule-objection", method: http.MethodPost, path: "/v1/requests/{id}/overrule", tag: "Requests",
		summary: "Record compelling grounds against an objection",
		doc:     "For a purpose on legitimate interest only (GDPR art. 21(1)); never for direct marketing.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *overruleInput) (*requestOutput, error) {
		r, err := s.Requests.OverruleRequest(ctx, in.ID, in.Body.Purpose, in.Body.Grounds)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &requestOutput{Body: summary(r)}, nil
	})

	huma.Register(api, route{
		id: "request-extract", method: http.MethodGet, path: "/v1/requests/{id}/extract", tag: "Requests",
		summary: "The extract of a confirmed access request",
		doc:     "Everything held about the person (GDPR art. 15), as JSON, printable HTML or PDF. Audited.",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *extractInput) (*fileOutput, error) {
		x, err := s.Requests.RequestExtract(ctx, in.ID)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return extractFile(x, in.ID, in.Format)
	})

	huma.Register(api, route{
		id: "list-messages", method: http.MethodGet, path: "/v1/outbox", tag: "Outbox",
		summary: "Messages of the outbox", doc: "E-mails and art. 19 webhooks: waiting, delivered or given up. No content: it is sealed until sent and destroyed after.",
		scope: tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *messagesInput) (*messagesOutput, error) {
		ms, err := s.Requests.Messages(ctx, tillit.MessageFilter{Pending: in.Pending, Request: in.Request, After: in.After, N: in.Limit})
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &messagesOutput{}
		out.Body.Messages = nonNil(ms)
		if len(ms) == in.Limit {
			out.Body.Next = ms[len(ms)-1].ID
		}
		return out, nil
	})

	huma.Register(api, route{
		id: "retry-message", method: http.MethodPost, path: "/v1/outbox/{id}/retry", tag: "Outbox",
		summary: "Try a given-up message again",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *requestPath) (*struct{}, error) {
		if err := s.Requests.Retry(ctx, in.ID); err != nil {
			return nil, fail(ctx, err)
		}
		return nil, nil
	})

	huma.Register(api, route{
		id: "list-tasks", method: http.MethodGet, path: "/v1/tasks", tag: "Retention",
		summary: "Review tasks raised by retention rules",
		scope:   tillit.ScopeAdmin, audit: true,
	}.operation(), func(ctx context.Context, in *tasksInput) (*tasksOutput, error) {
		ts, err := s.Retention.Tasks(ctx, in.All, in.After, in.Limit)
		if err != nil {
			return nil, fail(ctx, err)
		}
		out := &tasksOutput{}
		out.Body.Tasks = nonNil(ts)
		if len(ts) == in.Limit {
			out.Body.Next = ts[len(ts)-1].ID
		}
		return out, nil
	})

	huma.Register(api, route{
		id: "close-task", method: http.MethodPost, path: "/v1/tasks/{id}/close", tag: "Retention",
		summary: "Close a review task with its outcome",
		scope:   tillit.ScopeAdmin,
	}.operation(), func(ctx context.Context, in *closeTaskInput) (*taskOutput, error) {
		t, err := s.Retention.CloseTask(ctx, in.ID, in.Body.Outcome)
		if err != nil {
			return nil, fail(ctx, err)
		}
		return &taskOutput{Body: t}, nil
	})
}

type taskOutput struct {
	Body tillit.Task
}

// summary returns a request without what the person wrote: what the
// officer's steps and the confirmation answer with.
func summary(r tillit.Request) tillit.Request {
	r.Details = tillit.RequestDetails{}
	return r
}

// extractFile renders an extract in format as a download.
func extractFile(x tillit.Extract, name, format string) (*fileOutput, error) {
	body, contentType, err := extract.Render(x, format)
	if err != nil {
		return nil, err
	}
	return &fileOutput{
		ContentType:        contentType,
		ContentDisposition: `attachment; filename="` + name + "." + format + `"`,
		CacheControl:       "no-store",
		Body:               body,
	}, nil
}
