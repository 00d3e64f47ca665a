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
	Stdout io.Writer
	Stderr io.Writer
}

// NewMain returns a Main writing to the process's standard output and error.
func NewMain() *Main { return &Main{Stdout: os.Stdout, Stderr: os.Stderr} }

// cli is the command line, parsed by kong.
type cli struct {
	Policy policyCmd `cmd:"" help:"Check, render and export a register of processing."`
}

type policyCmd struct {
	Check  checkCmd  `cmd:"" help:"Check a register; report every problem with file:line:col. Exit 1 on errors."`
	Render renderCmd `cmd:"" help:"Render the privacy notice (GDPR art. 13 and 14)."`
	Ropa   ropaCmd   `cmd:"" help:"Export the record of processing activities (GDPR art. 30(1))."`
	Schema schemaCmd `cmd:"" help:"Print the JSON Schema of the register grammar."`
}

// exitError carries an exit status out of a command after its message has
// been written.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// env is what commands get besides their flags.
type env struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
}

// Run runs the command line args and returns the exit status: 0 on
// success, 1 when the command found problems, 2 on a usage error.
func (m *Main) Run(ctx context.Context, args []string) int {
	var c cli
	exit := -1
	parser, err := kong.New(&c,
		kong.Name("tillit"),
		kong.Description("Tillit keeps the promises of a privacy policy: a register of processing, checked, rendered and enforced."),
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
		err = kctx.Run(&env{ctx: ctx, stdout: m.Stdout, stderr: m.Stderr})
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
