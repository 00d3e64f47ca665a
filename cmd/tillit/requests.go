package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/calendar"
	"github.com/tillit-privacy/tillit/deliver"
	"github.com/tillit-privacy/tillit/extract"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/requests"
)

type requestsCmd struct {
	List     listRequestsCmd    `cmd:"" help:"List requests with their deadlines; open ones unless --all."`
	Show     showRequestCmd     `cmd:"" help:"Show a request, with what the person wrote (the look is audited)."`
	Submit   submitRequestCmd   `cmd:"" help:"Record a request on a person's behalf (e.g. from a letter) and e-mail them the confirmation code."`
	Confirm  confirmRequestCmd  `cmd:"" help:"Confirm a request with the code the person was sent."`
	Extend   extendRequestCmd   `cmd:"" help:"Extend a request's deadline (within its first month) and send the person the reason."`
	Complete completeRequestCmd `cmd:"" help:"Carry out a confirmed request and send the answer; recipients are told of erasure, rectification and restriction."`
	Refuse   refuseRequestCmd   `cmd:"" help:"Refuse a confirmed request and send the person the reason."`
	Overrule overruleRequestCmd `cmd:"" help:"Record compelling legitimate grounds against an objection (not for direct marketing) and tell the person."`
	Extract  extractRequestCmd  `cmd:"" help:"Write the extract of an access request as PDF, HTML or JSON, e.g. to post it."`
	Expire   expireRequestsCmd  `cmd:"" help:"Close the requests nobody confirmed in time."`
	Due      dueCmd             `cmd:"" help:"Print the deadline and the latest extended deadline of a request received on DATE."`
}

type outboxCmd struct {
	List  listOutboxCmd  `cmd:"" help:"List the outbox: codes and answers to people, art. 19 notices to recipients."`
	Send  sendOutboxCmd  `cmd:"" help:"Deliver what is due in the outbox now."`
	Retry retryOutboxCmd `cmd:"" help:"Put a message the outbox gave up on back in line."`
}

// mailFlags configure outgoing e-mail and webhooks. The SMTP password and
// the webhook secrets come from the environment (or *_FILE), never flags.
type mailFlags struct {
	SMTPHost string `name:"smtp-host" help:"The SMTP server; without it e-mails wait in the outbox." env:"TILLIT_SMTP_HOST"`
	SMTPPort int    `name:"smtp-port" help:"The SMTP port." default:"587" env:"TILLIT_SMTP_PORT"`
	SMTPUser string `name:"smtp-user" help:"The SMTP user name; the password is read from TILLIT_SMTP_PASSWORD or TILLIT_SMTP_PASSWORD_FILE." env:"TILLIT_SMTP_USER"`
	SMTPTLS  string `name:"smtp-tls" help:"none, starttls or tls." enum:"none,starttls,tls" default:"starttls" env:"TILLIT_SMTP_TLS"`
	MailFrom string `name:"mail-from" help:"The sender address of e-mails to people and recipients." env:"TILLIT_MAIL_FROM"`
}

// secret reads a secret from NAME or the file NAME_FILE.
func secret(e *env, name string) (string, error) {
	if path := e.getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return e.getenv(name), nil
}

// post returns how the outbox reaches the world: SMTP when configured,
// and signed webhooks with the secrets TILLIT_WEBHOOK_SECRET_<RECIPIENT>
// or TILLIT_WEBHOOK_SECRET.
func (f *mailFlags) post(e *env) (requests.Post, error) {
	p := requests.Post{
		Webhook: deliver.Webhook{}.Post,
		Secret: func(recipient string) string {
			name := "TILLIT_WEBHOOK_SECRET_" + strings.ToUpper(strings.ReplaceAll(recipient, "-", "_"))
			if s, _ := secret(e, name); s != "" {
				return s
			}
			s, _ := secret(e, "TILLIT_WEBHOOK_SECRET")
			return s
		},
	}
	if f.SMTPHost == "" {
		return p, nil
	}
	pw, err := secret(e, "TILLIT_SMTP_PASSWORD")
	if err != nil {
		return p, err
	}
	m, err := deliver.NewMailer(deliver.MailConfig{Host: f.SMTPHost, Port: f.SMTPPort, Username: f.SMTPUser, Password: pw,
		From: f.MailFrom, TLS: f.SMTPTLS})
	if err != nil {
		return p, err
	}
	p.Mail = m.Send
	return p, nil
}

type listRequestsCmd struct {
	vaultFlags
	All  bool `help:"Also closed requests."`
	JSON bool `help:"Print JSON."`
}

func (c *listRequestsCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		var all []tillit.Request
		for after := ""; ; {
			rs, err := a.Requests.Requests(e.ctx, tillit.RequestFilter{Open: !c.All, After: after, N: 500})
			if err != nil {
				return nil, err
			}
			all = append(all, rs...)
			if len(rs) < 500 {
				break
			}
			after = rs[len(rs)-1].ID
		}
		if c.JSON {
			if all == nil {
				all = []tillit.Request{}
			}
			return all, nil
		}
		now := time.Now()
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "REQUEST\tRIGHT\tSTATE\tRECEIVED\tDUE\tFLAGS\tSUBJECT")
		for _, r := range all {
			var flags []string
			switch {
			case r.Overdue(now):
				flags = append(flags, "OVERDUE")
			case r.IsDueSoon(now):
				flags = append(flags, "due-soon")
			}
			if !r.Extended.IsZero() {
				flags = append(flags, "extended")
			}
			if r.Repeat {
				flags = append(flags, "repeat-access")
			}
			if len(r.Pending) > 0 {
				flags = append(flags, "decide:"+strings.Join(r.Pending, "+"))
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Right, r.State, day(r.Received), day(r.Due),
				strings.Join(flags, ","), r.Subject)
		}
		return nil, w.Flush()
	})
}

func day(t time.Time) string { return t.In(tillit.Stockholm).Format(time.DateOnly) }

type showRequestCmd struct {
	vaultFlags
	Request string `arg:"" help:"The request's ID."`
	Details bool   `help:"Also what the person wrote (decrypted; audited)."`
}

func (c *showRequestCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Requests.Request(e.ctx, c.Request, c.Details)
	})
}

type submitRequestCmd struct {
	vaultFlags
	mailFlags
	File string `arg:"" optional:"" help:"The request as JSON ({right, email, lang, purpose, changes, message}); - or nothing for stdin." default:"-"`
}

func (c *submitRequestCmd) Run(e *env) error {
	var f tillit.RequestForm
	if err := readJSON(e, c.File, "request", &f); err != nil {
		return err
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		if _, err := a.Requests.Submit(e.ctx, f); err != nil {
			return nil, err
		}
		if err := c.send(a.Requests, e); err != nil {
			return nil, err
		}
		// The public answer: the same for every address.
		lang, _ := tillit.ParseLang(string(f.Lang))
		fmt.Fprintln(e.stdout, a.Requests.Acknowledgement(lang))
		return nil, nil
	})
}

// withRequest runs an officer's step on a request, prints the request and
// sends what the step queued.
func withRequest(e *env, vf *vaultFlags, mf *mailFlags, fn func(a *app.App, e *env) (tillit.Request, error)) error {
	return withVault(e, vf, func(a *app.App, e *env) (any, error) {
		r, err := fn(a, e)
		if err != nil {
			return nil, err
		}
		return r, mf.send(a.Requests, e)
	})
}

// send delivers the outbox once when SMTP is configured, so that a code
// or an answer leaves at once; otherwise it waits for tillit serve.
func (f *mailFlags) send(rq *requests.Service, e *env) error {
	if f.SMTPHost == "" {
		return nil
	}
	p, err := f.post(e)
	if err != nil {
		return err
	}
	_, err = rq.Deliver(e.ctx, p, 100)
	return err
}

// readJSON decodes one JSON value, what, from a file or stdin, refusing
// unknown fields and anything after it. Its errors say where, never what:
// the input is personal data.
func readJSON(e *env, file, what string, v any) error {
	var r io.Reader = e.stdin
	if file != "-" {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	dec := json.NewDecoder(io.LimitReader(r, maxSubmission))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("the %s is not a JSON %s object (%s)", what, what, jsonWhere(err))
	}
	if dec.More() {
		return fmt.Errorf("the %s holds more than one JSON value", what)
	}
	return nil
}

type confirmRequestCmd struct {
	vaultFlags
	mailFlags
	Request string `arg:"" help:"The request's ID."`
	Code    string `arg:"" help:"The code from the e-mail."`
}

func (c *confirmRequestCmd) Run(e *env) error {
	return withRequest(e, &c.vaultFlags, &c.mailFlags, func(a *app.App, e *env) (tillit.Request, error) {
		return a.Requests.Confirm(e.ctx, c.Request, c.Code)
	})
}

type extendRequestCmd struct {
	vaultFlags
	mailFlags
	Request string `arg:"" help:"The request's ID."`
	Months  int    `help:"Further months (at most the register's extension, 2 by GDPR art. 12(3))." default:"2"`
	Reason  string `required:"" help:"Why, as the person will read it."`
}

func (c *extendRequestCmd) Run(e *env) error {
	return withRequest(e, &c.vaultFlags, &c.mailFlags, func(a *app.App, e *env) (tillit.Request, error) {
		return a.Requests.Extend(e.ctx, c.Request, c.Months, c.Reason)
	})
}

type completeRequestCmd struct {
	vaultFlags
	mailFlags
	Request string `arg:"" help:"The request's ID."`
}

func (c *completeRequestCmd) Run(e *env) error {
	return withRequest(e, &c.vaultFlags, &c.mailFlags, func(a *app.App, e *env) (tillit.Request, error) {
		return a.Requests.Complete(e.ctx, c.Request)
	})
}

type refuseRequestCmd struct {
	vaultFlags
	mailFlags
	Request string `arg:"" help:"The request's ID."`
	Reason  string `required:"" help:"Why, as the person will read it (GDPR art. 12(4))."`
}

func (c *refuseRequestCmd) Run(e *env) error {
	return withRequest(e, &c.vaultFlags, &c.mailFlags, func(a *app.App, e *env) (tillit.Request, error) {
		return a.Requests.Refuse(e.ctx, c.Request, c.Reason)
	})
}

type overruleRequestCmd struct {
	vaultFlags
	mailFlags
	Request string `arg:"" help:"The objection's request ID."`
	Purpose string `required:"" help:"The purpose whose processing continues."`
	Grounds string `required:"" help:"The compelling legitimate grounds, as the person will read them."`
}

func (c *overruleRequestCmd) Run(e *env) error {
	return withRequest(e, &c.vaultFlags, &c.mailFlags, func(a *app.App, e *env) (tillit.Request, error) {
		return a.Requests.OverruleRequest(e.ctx, c.Request, c.Purpose, c.Grounds)
	})
}

type extractRequestCmd struct {
	vaultFlags
	Request string `arg:"" help:"The access request's ID."`
	Format  string `help:"pdf, html or json." enum:"pdf,html,json" default:"pdf"`
	Out     string `short:"o" required:"" help:"The file to write (it holds personal data: keep it safe and delete it once posted)." type:"path"`
}

func (c *extractRequestCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		x, err := a.Requests.RequestExtract(e.ctx, c.Request)
		if err != nil {
			return nil, err
		}
		f, err := os.OpenFile(c.Out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, err
		}
		write := map[string]func(io.Writer, tillit.Extract) error{"pdf": extract.WritePDF, "html": extract.WriteHTML, "json": extract.WriteJSON}[c.Format]
		if err := write(f, x); err != nil {
			f.Close()
			os.Remove(c.Out)
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		fmt.Fprintf(e.stdout, "Wrote %s (%d items).\n", c.Out, len(x.Items))
		return nil, nil
	})
}

type expireRequestsCmd struct {
	vaultFlags
}

func (c *expireRequestsCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		n, err := a.Requests.ExpireRequests(e.ctx)
		return map[string]int{"expired": n}, err
	})
}

type dueCmd struct {
	Date     string `arg:"" help:"The day the request was received, as YYYY-MM-DD."`
	Register string `short:"r" help:"A register whose rights.deadline and rights.extension to use; GDPR's one month plus two otherwise." env:"TILLIT_REGISTER" type:"path"`
}

func (c *dueCmd) Run(e *env) error {
	received, err := time.ParseInLocation(time.DateOnly, c.Date, calendar.Stockholm)
	if err != nil {
		return fmt.Errorf("%q is not a date as YYYY-MM-DD", c.Date)
	}
	rights := tillit.Rights{Deadline: tillit.Duration{N: 1, Unit: tillit.Months}, Extension: tillit.Duration{N: 2, Unit: tillit.Months}}
	if c.Register != "" {
		pol, err := compile(e, c.Register)
		if err != nil {
			return err
		}
		rights = pol.Rights()
	}
	due, extended := requests.Deadlines(received, rights)
	fmt.Fprintf(e.stdout, "received  %s\ndue       %s\nextended  %s (at most, if extended within the first month)\n",
		c.Date, day(due), day(extended))
	return nil
}

type listOutboxCmd struct {
	vaultFlags
	Pending bool   `help:"Only messages not yet delivered."`
	Request string `help:"Only the messages of a request."`
}

func (c *listOutboxCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		ms, err := a.Requests.Messages(e.ctx, tillit.MessageFilter{Pending: c.Pending, Request: c.Request})
		if ms == nil {
			ms = []tillit.Message{}
		}
		return ms, err
	})
}

type sendOutboxCmd struct {
	vaultFlags
	mailFlags
}

func (c *sendOutboxCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		p, err := c.post(e)
		if err != nil {
			return nil, err
		}
		return a.Requests.Deliver(e.ctx, p, 500)
	})
}

type retryOutboxCmd struct {
	vaultFlags
	Message string `arg:"" help:"The message's ID."`
}

func (c *retryOutboxCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return nil, a.Requests.Retry(e.ctx, c.Message)
	})
}
