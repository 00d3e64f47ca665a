package tillit

import (
	"errors"
	"fmt"
)

// Error codes. They are few on purpose: a transport maps each to one status.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	EINTERNAL     = "internal"
)

// Error is an error that is safe to show to the caller: its Message never
// holds personal data or internal detail.
type Error struct {
	Code    string // one of the E* codes
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
func Errorf(code, op, format string, args ...any) *Error {
	return &Error{Code: code, Op: op, Message: fmt.Sprintf(format, args...)}
}

// Errorl returns an *Error whose message exists in Swedish and English,
// for errors a data subject or an integrating developer may see.
func Errorl(code, op string, t Text) *Error {
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
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}
