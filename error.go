package tillit

import (
	"errors"
	"fmt"
)

// Code is the kind of an Error. The codes are few on purpose: a transport
// maps each to one status, in one table (server/status.go). Their values
// are sent over the wire and must not change.
type Code string

// Error codes.
const (
	EINVALID      Code = "invalid"      // the input or the request's state is wrong
	ENOTFOUND     Code = "not_found"    // no such thing (or, to a data subject, not theirs)
	ECONFLICT     Code = "conflict"     // it exists already, or changed meanwhile
	EUNAUTHORIZED Code = "unauthorized" // the caller is not known: no key, no session, a wrong password
	EFORBIDDEN    Code = "forbidden"    // the caller is known but may not do this now
	EINTERNAL     Code = "internal"     // anything else; its detail is for the operator
)

// Codes lists every error code, for tables over them.
var Codes = []Code{EINVALID, ENOTFOUND, ECONFLICT, EUNAUTHORIZED, EFORBIDDEN, EINTERNAL}

// Error is an error that is safe to show to the caller: its Message never
// holds personal data or internal detail.
type Error struct {
	Code    Code   // one of the E* codes
	Op      string // the operation that failed, e.g. "policy.New"
	Message string // a human-readable message in English, safe to show
	Text    Text   // the message in Swedish and English, when the caller is a person
}

// Error returns the operation, code and message.
func (e *Error) Error() string {
	if e.Op == "" {
		return fmt.Sprintf("%s: %s", e.Code, e.Message)
	}
	return fmt.Sprintf("%s: %s: %s", e.Op, e.Code, e.Message)
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, op, format string, args ...any) *Error {
	return &Error{Code: code, Op: op, Message: fmt.Sprintf(format, args...)}
}

// Errorl returns an *Error whose message exists in Swedish and English,
// for errors a data subject or an integrating developer may see.
func Errorl(code Code, op string, t Text) *Error {
	return &Error{Code: code, Op: op, Message: t.EN, Text: t}
}

// MessageIn returns the message in lang, falling back to Message when the
// error has no translated text.
func (e *Error) MessageIn(lang Lang) string {
	if s := e.Text.In(lang); s != "" {
		return s
	}
	return e.Message
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) Code {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}
