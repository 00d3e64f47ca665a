package deliver

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// Temporary reports whether err, returned by Send or Post, is worth trying
// again later: an SMTP 4xx reply, an HTTP 5xx, 408 or 429 status, or a
// network error. It is false for every other error, including nil.
func Temporary(err error) bool {
	var t interface{ temporary() bool }
	return errors.As(err, &t) && t.temporary()
}

// mailError is a failed Send. It keeps the stage and the SMTP reply code
// and drops the reply text, which often repeats the recipient's address.
type mailError struct {
	stage string // what failed, e.g. "recipient refused"
	code  int    // the SMTP reply code, 0 if there was none
	temp  bool
	// err is a cause that cannot hold personal data: a network or TLS error
	// from before the recipient was named, or the context's error.
	err error
}

func (e *mailError) Error() string {
	var b strings.Builder
	b.WriteString("deliver: mail: ")
	b.WriteString(e.stage)
	if e.code != 0 {
		fmt.Fprintf(&b, " (SMTP %d)", e.code)
	}
	if e.err != nil {
		b.WriteString(": ")
		b.WriteString(e.err.Error())
	}
	return b.String()
}

func (e *mailError) Unwrap() error { return e.err }

func (e *mailError) temporary() bool { return e.temp }

// connectError turns an error from connecting, greeting, STARTTLS or
// authenticating into a mailError. Nothing about the message has been sent
// at that point, so a local cause is kept; a server reply keeps its code
// only.
func connectError(ctx context.Context, err error) error {
	stage := "connect"
	if strings.Contains(err.Error(), "SMTP AUTH") || errors.Is(err, gomail.ErrPlainAuthNotSupported) ||
		errors.Is(err, gomail.ErrLoginAuthNotSupported) || errors.Is(err, gomail.ErrNoSupportedAuthDiscovered) {
		stage = "authentication"
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return &mailError{stage: stage, temp: true, err: ctxErr}
	}
	var reply *textproto.Error
	if errors.As(err, &reply) {
		return &mailError{stage: stage, code: reply.Code, temp: reply.Code < 500}
	}
	return &mailError{stage: stage, temp: true, err: err}
}

// sendStages names the stages of go-mail's send errors. Those marked
// permanent fail again whatever the server says.
var sendStages = map[gomail.SendErrReason]struct {
	stage     string
	permanent bool
}{
	gomail.ErrGetSender:     {"invalid sender", true},
	gomail.ErrGetRcpts:      {"invalid recipient", true},
	gomail.ErrNoUnencoded:   {"server refuses 8-bit content", true},
	gomail.ErrConnCheck:     {"connection lost", false},
	gomail.ErrSMTPMailFrom:  {"sender refused", false},
	gomail.ErrSMTPRcptTo:    {"recipient refused", false},
	gomail.ErrSMTPData:      {"data refused", false},
	gomail.ErrWriteContent:  {"sending message", false},
	gomail.ErrSMTPDataClose: {"message refused", false},
	gomail.ErrSMTPReset:     {"reset refused", false},
}

// sendError turns an error from sending the message into a mailError
// holding no text from the server and no cause, since both may name the
// recipient.
func sendError(ctx context.Context, err error) error {
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return &mailError{stage: "send", temp: true}
	}
	s, ok := sendStages[se.Reason]
	if !ok {
		s.stage = "send"
	}
	e := &mailError{stage: s.stage, code: se.ErrorCode()}
	switch {
	case ctx.Err() != nil:
		e.temp, e.err = true, ctx.Err()
	case e.code >= 400 && e.code < 500:
		e.temp = true
	case e.code >= 500:
		e.temp = false
	default: // no reply: the connection failed
		e.temp = !s.permanent
	}
	return e
}
