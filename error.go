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
	Message string // a human-readable message, safe to show
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
