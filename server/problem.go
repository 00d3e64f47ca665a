package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
)

// Problem is an error response (RFC 9457) in the caller's language. It
// never holds the request body, personal data or internal detail: the
// location of a problem is named, its value is not.
type Problem struct {
	Type     string          `json:"type" doc:"A URI naming the kind of problem."`
	Title    string          `json:"title" doc:"A short summary of the kind of problem, in the caller's language."`
	Status   int             `json:"status" doc:"The HTTP status code."`
	Detail   string          `json:"detail,omitempty" doc:"What was wrong this time, in the caller's language."`
	Code     string          `json:"code" doc:"Tillit's error code: invalid, not_found, conflict, unauthorized, forbidden (the key lacks the scope), not_allowed (the register does not allow it now: no consent, an objection, an undeclared recipient), method_not_allowed (the path takes other methods, named in Allow), too_large, rate_limited, internal."`
	Language string          `json:"language" enum:"sv,en" doc:"The language of title and detail."`
	Errors   []ProblemDetail `json:"errors,omitempty" doc:"Each thing wrong with the request, where it is."`
}

// ProblemDetail is one thing wrong with a request.
type ProblemDetail struct {
	Location string `json:"location,omitempty" doc:"Where, e.g. body.fields or query.purpose."`
	Message  string `json:"message" doc:"What, in the caller's language."`
}

// Error returns the detail.
func (p *Problem) Error() string { return p.Detail }

// GetStatus returns the HTTP status.
func (p *Problem) GetStatus() int { return p.Status }

// GetHeaders gives the problem's language as Content-Language.
func (p *Problem) GetHeaders() http.Header {
	return http.Header{"Content-Language": {p.Language}}
}

// ContentType answers with application/problem+json where JSON was asked.
func (p *Problem) ContentType(ct string) string {
	if ct == "application/json" {
		return "application/problem+json"
	}
	return ct
}

func init() {
	// huma's own errors (validation, body size, malformed JSON) become
	// Problems in the caller's language, without echoing the body.
	huma.NewErrorWithContext = func(ctx huma.Context, status int, msg string, errs ...error) huma.StatusError {
		lang := tillit.Swedish
		if ctx != nil {
			lang = langOf(ctx.Header("Accept-Language"), ctx.Query("lang"))
		}
		return frameworkProblem(lang, status, msg, errs)
	}
	huma.NewError = func(status int, msg string, errs ...error) huma.StatusError {
		return frameworkProblem(tillit.English, status, msg, errs)
	}
}

// notAllowed is the code of a refusal by the register rather than by the
// key's scopes.
const notAllowed = "not_allowed"

// titles are the catalogue's keys of the problem titles by status.
var titles = map[int]string{
	http.StatusBadRequest:            "api.title.bad_request",
	http.StatusUnauthorized:          "api.title.unauthorized",
	http.StatusForbidden:             "api.title.forbidden",
	http.StatusNotFound:              "api.title.not_found",
	http.StatusMethodNotAllowed:      "api.title.method_not_allowed",
	http.StatusNotAcceptable:         "api.title.not_acceptable",
	http.StatusConflict:              "api.title.conflict",
	http.StatusRequestEntityTooLarge: "api.title.too_large",
	http.StatusUnsupportedMediaType:  "api.title.unsupported_media_type",
	http.StatusUnprocessableEntity:   "api.title.invalid",
	http.StatusTooManyRequests:       "api.title.too_many_requests",
	http.StatusInternalServerError:   "api.title.internal",
	http.StatusServiceUnavailable:    "api.title.unavailable",
}

// problemCodes names each status with Tillit's error code.
var problemCodes = map[int]tillit.Code{
	http.StatusBadRequest:            tillit.EINVALID,
	http.StatusUnauthorized:          tillit.EUNAUTHORIZED,
	http.StatusForbidden:             tillit.EFORBIDDEN,
	http.StatusNotFound:              tillit.ENOTFOUND,
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusConflict:              tillit.ECONFLICT,
	http.StatusRequestEntityTooLarge: "too_large",
	http.StatusUnsupportedMediaType:  tillit.EINVALID,
	http.StatusUnprocessableEntity:   tillit.EINVALID,
	http.StatusTooManyRequests:       "rate_limited",
}

// newProblem returns a Problem with the status's title in lang.
func newProblem(lang tillit.Lang, status int, detail string) *Problem {
	t := tillit.Text{SV: http.StatusText(status), EN: http.StatusText(status)}
	if key, ok := titles[status]; ok {
		t = catalog.Text(key)
	}
	code, ok := problemCodes[status]
	if !ok {
		code = tillit.EINTERNAL
	}
	return &Problem{
		Type:     "https://tillit.dev/problems/" + strings.ReplaceAll(string(code), "_", "-"),
		Title:    t.In(lang),
		Status:   status,
		Detail:   detail,
		Code:     string(code),
		Language: string(lang),
	}
}

// frameworkProblem turns an error huma raised into a Problem. huma's
// messages are in English and its details carry the request body as
// "value": the value is dropped and the messages translated.
func frameworkProblem(lang tillit.Lang, status int, msg string, errs []error) *Problem {
	var detail tillit.Text
	switch {
	case status == http.StatusRequestEntityTooLarge:
		limit := ""
		if _, n, ok := strings.Cut(msg, "limit="); ok {
			limit = " (" + strings.TrimSuffix(n, " bytes") + " bytes)"
		}
		detail = catalog.Textf("api.detail.too_large", limit)
	case status == http.StatusUnprocessableEntity:
		detail = catalog.Text("api.detail.schema")
	case msg == "request body is required":
		detail = catalog.Text("api.detail.no_body")
	case status == http.StatusBadRequest:
		detail = catalog.Text("api.detail.unreadable")
	case status == http.StatusUnsupportedMediaType:
		detail = catalog.Text("api.detail.send_json")
	case status >= 500:
		detail = catalog.Text("api.detail.internal")
	default:
		detail = tillit.Text{SV: msg, EN: msg}
	}
	p := newProblem(lang, status, detail.In(lang))
	if status >= 500 {
		return p
	}
	for _, err := range errs {
		if err == nil {
			continue
		}
		d := ProblemDetail{Message: err.Error()}
		var hd *huma.ErrorDetail
		if errors.As(err, &hd) {
			d = ProblemDetail{Location: hd.Location, Message: hd.Message}
		}
		if prop, ok := strings.CutPrefix(d.Message, "expected required property "); ok {
			// Point at the missing field itself.
			d.Location = strings.TrimPrefix(d.Location+"."+strings.TrimSuffix(prop, " to be present"), ".")
			d.Message = text("api.field.required", lang)
		} else {
			d.Message = translate(lang, d.Location, d.Message)
		}
		p.Errors = append(p.Errors, d)
	}
	return p
}

// translate returns one of huma's validation messages in lang. Messages
// that might quote input (a JSON syntax error) are replaced outright.
func translate(lang tillit.Lang, loc, msg string) string {
	if loc == "body" && !strings.HasPrefix(msg, "expected") && !strings.HasPrefix(msg, "unexpected property") {
		t := catalog.Text("api.field.not_json")
		if i := strings.Index(msg, "offset "); i >= 0 {
			n := strings.TrimFunc(msg[i+len("offset "):], func(r rune) bool { return r < '0' || r > '9' })
			t = catalog.Textf("api.field.not_json_at", n)
		}
		return t.In(lang)
	}
	for _, m := range messages {
		if rest, ok := strings.CutPrefix(msg, m.prefix); ok {
			return text(m.key, lang) + rest
		}
	}
	return fmt.Sprintf(text("api.field.other", lang), msg)
}

// messages translate the prefixes of huma's validation messages, each
// into the catalogue's text key; what follows the prefix is a property
// name or a limit, never input. The first that matches wins, so a longer
// prefix comes before its start.
var messages = []struct{ prefix, key string }{
	{"unexpected property", "api.field.unknown_property"},
	{"expected string to be RFC 3339 date-time", "api.field.date_time"},
	{"expected length <= ", "api.field.max_length"},
	{"expected length >= ", "api.field.min_length"},
	{"expected array length <= ", "api.field.max_items"},
	{"expected value to be one of ", "api.field.one_of"},
	{"expected string", "api.field.string"},
	{"expected object", "api.field.object"},
	{"expected array", "api.field.array"},
	{"expected boolean", "api.field.boolean"},
	{"expected integer", "api.field.integer"},
	{"expected number", "api.field.number"},
}

// domainProblem turns an error from the vault into a Problem: a
// *tillit.Error's code chooses the status and its message is shown in
// lang; anything else is an internal error whose text the caller never
// sees.
func domainProblem(lang tillit.Lang, err error) *Problem {
	var te *tillit.Error
	if !errors.As(err, &te) {
		return frameworkProblem(lang, http.StatusInternalServerError, "", nil)
	}
	status := statusOf(te)
	if status >= 500 {
		return frameworkProblem(lang, status, "", nil)
	}
	p := newProblem(lang, status, te.MessageIn(lang))
	if status == http.StatusForbidden {
		// The key may do this, the register does not allow it now: a
		// person's choice or the register, not the integration's key.
		p.Title = text("api.title.not_allowed", lang)
		p.Code, p.Type = notAllowed, "https://tillit.dev/problems/not-allowed"
	}
	return p
}

// writeProblem writes p as the whole response of a plain net/http handler.
func writeProblem(w http.ResponseWriter, p *Problem) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", p.Language)
	w.WriteHeader(p.Status)
	json.NewEncoder(w).Encode(p)
}

// langKey is the context key of the caller's language.
type langKey struct{}

// langFrom returns the caller's language put in ctx by the API's
// middleware, Swedish when none.
func langFrom(ctx context.Context) tillit.Lang {
	if l, ok := ctx.Value(langKey{}).(tillit.Lang); ok {
		return l
	}
	return tillit.Swedish
}
