package client

import (
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/tillit-privacy/tillit"
)

// The codes of problems besides tillit's own E* codes.
const (
	CodeTooLarge    tillit.Code = "too_large"    // the body is larger than the operation accepts
	CodeRateLimited tillit.Code = "rate_limited" // too many calls; see Error.RetryAfter
	CodeNotAllowed  tillit.Code = "not_allowed"  // the register does not allow it now
)

// Error is the server's refusal of a call: an RFC 9457 problem. Its texts
// are in Language and, as the server guarantees, hold neither the request
// body nor personal data: a location names where a value was wrong, never
// the value.
type Error struct {
	Op       string      // the API's operation, e.g. "collect"
	Status   int         // the HTTP status
	Code     tillit.Code // tillit.EINVALID, tillit.ENOTFOUND, …, CodeTooLarge or CodeRateLimited
	Type     string      // a URI naming the kind of problem
	Title    string      // a summary of the kind of problem
	Detail   string      // what was wrong this time
	Language tillit.Lang // the language of Title, Detail and Errors
	// Errors are the things wrong with the request, each with where it
	// is, when the API's schema refused it. A value the register refused
	// is named in Detail instead.
	Errors []ErrorDetail
	// RetryAfter is how long to wait before calling again, when the
	// server said (429 Too Many Requests); zero otherwise.
	RetryAfter time.Duration
}

// ErrorDetail is one thing wrong with a request.
type ErrorDetail struct {
	Location string `json:"location,omitempty"` // where, e.g. body.fields or query.purpose
	Message  string `json:"message"`            // what, in the problem's language
}

// Error returns the operation, code, status and detail, and the location
// of each thing wrong.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("tillit: " + e.Op + ": " + string(e.Code) + " (" + strconv.Itoa(e.Status) + ")")
	if msg := cmp.Or(e.Detail, e.Title); msg != "" {
		b.WriteString(": " + msg)
	}
	for i, d := range e.Errors {
		if i == 0 {
			b.WriteString(" [")
		} else {
			b.WriteString("; ")
		}
		if d.Location != "" {
			b.WriteString(d.Location + ": ")
		}
		b.WriteString(d.Message)
		if i == len(e.Errors)-1 {
			b.WriteString("]")
		}
	}
	return b.String()
}

// Unwrap returns the problem as a *tillit.Error, so that
// tillit.ErrorCode and errors.As on *tillit.Error work as they do on the
// vault's own errors.
func (e *Error) Unwrap() error {
	c := e.Code
	if c == CodeNotAllowed {
		c = tillit.EFORBIDDEN // the vault's own code for the register's refusals
	}
	return &tillit.Error{Code: c, Op: e.Op, Message: cmp.Or(e.Detail, e.Title)}
}

// problem is the JSON of an RFC 9457 problem as the server writes it.
type problem struct {
	Type     string        `json:"type"`
	Title    string        `json:"title"`
	Status   int           `json:"status"`
	Detail   string        `json:"detail"`
	Code     string        `json:"code"`
	Language string        `json:"language"`
	Errors   []ErrorDetail `json:"errors"`
}

// statusCodes names a status without a problem document with a code.
var statusCodes = map[int]tillit.Code{
	http.StatusBadRequest:            tillit.EINVALID,
	http.StatusUnauthorized:          tillit.EUNAUTHORIZED,
	http.StatusForbidden:             tillit.EFORBIDDEN,
	http.StatusNotFound:              tillit.ENOTFOUND,
	http.StatusConflict:              tillit.ECONFLICT,
	http.StatusRequestEntityTooLarge: CodeTooLarge,
	http.StatusUnsupportedMediaType:  tillit.EINVALID,
	http.StatusUnprocessableEntity:   tillit.EINVALID,
	http.StatusTooManyRequests:       CodeRateLimited,
}

// newError reads a refusal. An answer that is not a problem document
// (from a proxy, say) keeps only its status: its body is not shown.
func newError(op string, resp *http.Response) *Error {
	e := &Error{Op: op, Status: resp.StatusCode, Title: http.StatusText(resp.StatusCode)}
	if l, ok := tillit.ParseLang(resp.Header.Get("Content-Language")); ok {
		e.Language = l
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if mt == "application/problem+json" || mt == "application/json" {
		var p problem
		if json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&p) == nil && p.Status != 0 {
			e.Type, e.Code, e.Title, e.Detail, e.Errors = p.Type, tillit.Code(p.Code), cmp.Or(p.Title, e.Title), p.Detail, p.Errors
			if l, ok := tillit.ParseLang(p.Language); ok {
				e.Language = l
			}
		}
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	if e.Code == "" {
		e.Code = statusCodes[resp.StatusCode]
		if e.Code == "" {
			e.Code = tillit.EINTERNAL
		}
	}
	e.RetryAfter = retryAfter(resp.Header.Get("Retry-After"), time.Now())
	return e
}

// retryAfter parses a Retry-After header: seconds or an HTTP date.
func retryAfter(h string, now time.Time) time.Duration {
	if h == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(h)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(h); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// code returns the code of the *Error in err's chain, "" if none.
func code(err error) tillit.Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// IsNotFound reports whether the server found nothing: no such subject,
// request, message or task. For a data subject "not found" and "not
// yours" answer alike.
func IsNotFound(err error) bool { return code(err) == tillit.ENOTFOUND }

// IsForbidden reports whether the key lacks the scope of the call: the
// integration's configuration, not the person's choice.
func IsForbidden(err error) bool { return code(err) == tillit.EFORBIDDEN }

// IsNotAllowed reports whether the register does not allow the call now,
// though the key may make it: no consent, an objection, restriction, a
// recipient not declared for the purpose.
func IsNotAllowed(err error) bool { return code(err) == CodeNotAllowed }

// IsUnauthorized reports whether the key is missing, wrong or revoked.
func IsUnauthorized(err error) bool { return code(err) == tillit.EUNAUTHORIZED }

// IsInvalid reports whether the request was refused as invalid: it does
// not follow the API's schema or the register (Error.Errors says where,
// when the server knows).
func IsInvalid(err error) bool { return code(err) == tillit.EINVALID }

// IsConflict reports whether the request conflicts with what is stored,
// e.g. identifiers of different subjects in one submission.
func IsConflict(err error) bool { return code(err) == tillit.ECONFLICT }

// IsRateLimited reports whether the key, or the caller's address, made
// too many calls; RetryAfter says how long to wait.
func IsRateLimited(err error) bool { return code(err) == CodeRateLimited }

// RetryAfter returns how long the server asked to wait before calling
// again, zero when it did not.
func RetryAfter(err error) time.Duration {
	var e *Error
	if errors.As(err, &e) {
		return e.RetryAfter
	}
	return 0
}
