package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/alecthomas/kong"
)

// Main is the tillit program. The end-to-end tests run it in process with
// their own arguments and output.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string // os.Getenv outside tests; settings and secrets are read through it
}

// NewMain returns a Main on the process's standard streams and environment.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// cli is the command line, parsed by kong.
type cli struct {
	Config string `help:"A YAML file of settings, flag names as keys (data: /var/lib/tillit); the environment and flags override it. Every $VAR below may instead be read from the file VAR_FILE names." env:"TILLIT_CONFIG" type:"path" placeholder:"FILE"`

	Serve     serveCmd     `cmd:"" help:"Run Tillit: the HTTP API, the admin, the privacy centre, the cookie banner and the privacy notice, with the retention sweep and the outbox."`
	Policy    policyCmd    `cmd:"" help:"Check, render and export a register of processing."`
	Vault     vaultCmd     `cmd:"" help:"Collect, use, disclose and manage personal data as the register allows."`
	Retention retentionCmd `cmd:"" help:"Forecast and run the register's retention rules."`
	Requests  requestsCmd  `cmd:"" help:"Data subjects' requests (GDPR art. 15-21, 7(3)): list, confirm, extend, complete, refuse; deadlines."`
	Outbox    outboxCmd    `cmd:"" help:"E-mails and art. 19 webhooks waiting for delivery, delivered or given up."`
	Incidents incidentsCmd `cmd:"" help:"The breach register (GDPR art. 33, 34): incidents, who is affected, the 72-hour clock, the draft for IMY, notices to the people."`
	Keys      keysCmd      `cmd:"" help:"Create and rotate the key-encryption key."`
	APIKeys   apikeysCmd   `cmd:"" name:"apikeys" help:"Create, list and revoke the API keys integrations call the HTTP API with."`
	Admins    adminsCmd    `cmd:"" help:"Create and manage the users who sign in to the admin web UI (officers and auditors)."`
	Audit     auditCmd     `cmd:"" help:"Verify the audit log's hash chain."`
	Migrate   migrateCmd   `cmd:"" help:"Migrate the database to the schema this tillit needs (back it up first)."`
	Bench     benchCmd     `cmd:"" help:"Benchmark Tillit against GDPRbench, side by side, on throwaway stores (see BENCHMARKS.md)."`
}

type policyCmd struct {
	Check  checkCmd      `cmd:"" help:"Check a register; report every problem with file:line:col. Exit 1 on errors."`
	Render renderCmd     `cmd:"" help:"Render the privacy notice (GDPR art. 13 and 14)."`
	Ropa   ropaCmd       `cmd:"" help:"Export the record of processing activities (GDPR art. 30(1))."`
	Schema schemaCmd     `cmd:"" help:"Print the JSON Schema of the register grammar."`
	Test   policyTestCmd `cmd:"" help:"Play retention scenarios against a throwaway store with a fake clock; exit 1 if an expectation fails."`
}

// exitError carries an exit status out of a command after its message has
// been written.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// env is what commands get besides their flags.
type env struct {
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
}

// Run runs the command line args and returns the exit status: 0 on
// success, 1 when the command found problems, 2 on a usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	var c cli
	exit := -1
	getenv := m.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	parser, err := newParser(&c, getenv,
		kong.Writers(m.Stdout, m.Stderr),
		kong.Exit(func(code int) { exit = code; panic(exitError(code)) }),
		kong.UsageOnError(),
	)
	if err != nil {
		fmt.Fprintf(m.Stderr, "tillit: %v\n", err)
		return 2
	}
	code := func() (code int) {
		defer func() {
			if r := recover(); r != nil {
				if e, ok := r.(exitError); ok {
					code = int(e)
					return
				}
				panic(r)
			}
		}()
		kctx, err := parser.Parse(args)
		if err != nil {
			fmt.Fprintf(m.Stderr, "tillit: %v\n", err)
			return 2
		}
		err = kctx.Run(&env{ctx: ctx, stdin: m.Stdin, stdout: m.Stdout, stderr: m.Stderr, getenv: getenv})
		var ee exitError
		switch {
		case errors.As(err, &ee):
			return int(ee)
		case err != nil:
			fmt.Fprintf(m.Stderr, "tillit: %v\n", err)
			return 1
		}
		return 0
	}()
	if exit >= 0 {
		return exit
	}
	return code
}

// newParser returns kong's parser for c, which takes what the command line
// leaves out from the environment (getenv) and the config file, as
// settings describes.
func newParser(c *cli, getenv func(string) string, options ...kong.Option) (*kong.Kong, error) {
	s := &settings{getenv: getenv}
	parser, err := kong.New(c, append([]kong.Option{
		kong.Name("tillit"),
		kong.Description("Tillit keeps the promises of a privacy policy: a register of processing, checked, rendered and enforced."),
		kong.Resolvers(s),
		kong.Bind(s),
		kong.ValueFormatter(envHelp),
	}, options...)...)
	if err != nil {
		return nil, err
	}
	takeEnv(parser.Model)
	return parser, nil
}
