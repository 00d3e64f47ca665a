package main

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
)

type vaultCmd struct {
	Collect  collectCmd  `cmd:"" help:"Store a submission to a collection point, read as JSON from a file or stdin."`
	Use      useCmd      `cmd:"" help:"Read a subject's data for a purpose."`
	Disclose discloseCmd `cmd:"" help:"Disclose a subject's data to a recipient for a purpose, and record it."`
	Find     findCmd     `cmd:"" help:"Find a subject by e-mail, phone or personnummer."`
	Event    eventCmd    `cmd:"" help:"Record a lifecycle event of a subject or one of its cases."`
	Consent  consentCmd  `cmd:"" help:"Give or withdraw consent to a purpose."`
	Object   objectCmd   `cmd:"" help:"Record an objection to a purpose (GDPR art. 21)."`
	Restrict restrictCmd `cmd:"" help:"Restrict processing of a subject's data, or lift it (GDPR art. 18)."`
	Shred    shredCmd    `cmd:"" help:"Destroy a subject's key, values and identifiers (crypto-shredding)."`
	History  historyCmd  `cmd:"" help:"Show what the vault holds about a subject, without values."`
}

// withVault opens the vault, runs fn with the actor's context and closes
// the store; a refusal is reported in the chosen language.
func withVault(e *env, f *vaultFlags, fn func(a *app.App, e *env) (any, error)) error {
	a, err := f.open(e)
	if err != nil {
		return err
	}
	defer a.Store.Close()
	actx := *e
	actx.ctx = tillit.WithActor(e.ctx, f.Actor)
	out, err := fn(a, &actx)
	if err != nil {
		return explain(err, f.Lang)
	}
	if out == nil {
		return nil
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

type collectCmd struct {
	vaultFlags
	File string `arg:"" optional:"" help:"A JSON submission; - or nothing for stdin." default:"-"`
}

// maxSubmission bounds a submission read from a file or stdin.
const maxSubmission = 4 << 20

func (c *collectCmd) Run(e *env) error {
	var s tillit.Submission
	if err := readJSON(e, c.File, "submission", &s); err != nil {
		return err
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Vault.Collect(e.ctx, s)
	})
}

// jsonWhere describes where a JSON decoding error is without quoting input.
func jsonWhere(err error) string {
	switch x := err.(type) {
	case *json.SyntaxError:
		return fmt.Sprintf("syntax error at byte %d", x.Offset)
	case *json.UnmarshalTypeError:
		return fmt.Sprintf("field %q has the wrong type", x.Field)
	}
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return "it ends too early"
	}
	return "unknown field or too large"
}

type useCmd struct {
	vaultFlags
	Subject string `arg:"" help:"The subject's ID."`
	Purpose string `required:"" short:"p" help:"The purpose the data is used for."`
}

func (c *useCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Vault.Use(e.ctx, c.Subject, c.Purpose)
	})
}

type discloseCmd struct {
	vaultFlags
	Subject   string `arg:"" help:"The subject's ID."`
	Purpose   string `required:"" short:"p" help:"The purpose of the disclosure."`
	Recipient string `required:"" name:"to" help:"The recipient, as the register names it."`
	Case      string `help:"Disclose only this case's data (and data that belongs to no case)."`
}

func (c *discloseCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		d, items, err := a.Vault.Disclose(e.ctx, tillit.Disclosure{Subject: c.Subject, Purpose: c.Purpose, Recipient: c.Recipient, Case: c.Case})
		return struct {
			Disclosure tillit.Disclosure `json:"disclosure"`
			Items      []tillit.Item     `json:"items"`
		}{d, items}, err
	})
}

type findCmd struct {
	vaultFlags
	Kind  string `arg:"" enum:"email,phone,personnummer" help:"email, phone or personnummer."`
	Value string `arg:"" optional:"" help:"The value; read from stdin when left out, so it stays out of shell history."`
}

func (c *findCmd) Run(e *env) error {
	value := c.Value
	if value == "" {
		b, err := io.ReadAll(io.LimitReader(e.stdin, 1024))
		if err != nil {
			return err
		}
		value = string(b)
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Vault.Find(e.ctx, tillit.ValueType(c.Kind), value)
	})
}

type eventCmd struct {
	vaultFlags
	Subject string `arg:"" help:"The subject's ID."`
	Event   string `arg:"" help:"The event, as the register names it."`
	Case    string `help:"The case, for case events."`
}

func (c *eventCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return nil, a.Vault.Record(e.ctx, tillit.EventRecord{Subject: c.Subject, Event: c.Event, Case: c.Case})
	})
}

type consentCmd struct {
	vaultFlags
	Subject   string `arg:"" help:"The subject's ID."`
	Purpose   string `arg:"" help:"The purpose."`
	Withdraw  bool   `help:"Withdraw consent instead of giving it."`
	Version   string `help:"The version of the consent wording shown (when giving)."`
	Channel   string `help:"How it was given or withdrawn, as an ID." default:"cli"`
	Reference string `help:"A reference to the evidence, as an ID (e.g. a letter's number)."`
}

func (c *consentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return nil, a.Vault.SetConsent(e.ctx, tillit.ConsentRecord{
			Subject: c.Subject, Purpose: c.Purpose, Given: !c.Withdraw, Version: c.Version, Channel: c.Channel,
		}, tillit.Evidence{Reference: c.Reference})
	})
}

type objectCmd struct {
	vaultFlags
	Subject string `arg:"" help:"The subject's ID."`
	Purpose string `arg:"" help:"The purpose objected to."`
}

func (c *objectCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return nil, a.Vault.Object(e.ctx, c.Subject, c.Purpose)
	})
}

type restrictCmd struct {
	vaultFlags
	Subject string `arg:"" help:"The subject's ID."`
	Lift    bool   `help:"Lift the restriction."`
}

func (c *restrictCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return nil, a.Vault.Restrict(e.ctx, c.Subject, !c.Lift)
	})
}

type shredCmd struct {
	vaultFlags
	Subject string `arg:"" help:"The subject's ID."`
	Yes     bool   `help:"Confirm: the data cannot be recovered afterwards, not even from backups once the key-encryption key they were made under is retired."`
}

func (c *shredCmd) Run(e *env) error {
	if !c.Yes {
		return fmt.Errorf("shredding cannot be undone: add --yes to confirm")
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return nil, a.Vault.Shred(e.ctx, c.Subject)
	})
}

type historyCmd struct {
	vaultFlags
	Subject string `arg:"" help:"The subject's ID."`
}

func (c *historyCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Vault.History(e.ctx, c.Subject)
	})
}
