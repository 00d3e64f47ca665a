package main

import (
	"fmt"

	"github.com/tillit-privacy/tillit"

	"github.com/tillit-privacy/tillit/register"
)

type checkCmd struct {
	File   string `arg:"" help:"The register file (YAML)."`
	Strict bool   `help:"Count lint warnings as errors."`
	Quiet  bool   `short:"q" help:"Print only the summary line."`
}

func (c *checkCmd) Run(e *env) error {
	_, src, problems, err := register.CompileFile(c.File)
	if err != nil {
		return err
	}
	if !c.Quiet {
		for _, p := range problems {
			fmt.Fprintln(e.stderr, p.Format(src))
		}
	}
	errs := problems.Errors(false)
	warns := len(problems) - errs
	if n := problems.Errors(c.Strict); n > 0 {
		fmt.Fprintf(e.stderr, "%s: %d error(s), %d warning(s)\n", c.File, errs, warns)
		return exitError(1)
	}
	fmt.Fprintf(e.stdout, "%s: ok, %d warning(s)\n", c.File, warns)
	return nil
}

// compile reads and compiles a register for the commands that need a valid
// one, printing its problems when it has errors.
func compile(e *env, file string) (*tillit.Policy, error) {
	pol, _, err := compileFindings(e, file)
	return pol, err
}

// compileFindings is compile that also returns the register's findings
// (its warnings, when it compiles).
func compileFindings(e *env, file string) (*tillit.Policy, register.Problems, error) {
	pol, src, problems, err := register.CompileFile(file)
	if err != nil {
		return nil, nil, err
	}
	if pol == nil {
		for _, p := range problems {
			fmt.Fprintln(e.stderr, p.Format(src))
		}
		fmt.Fprintf(e.stderr, "%s: %d error(s); run tillit policy check for details\n", file, problems.Errors(false))
		return nil, problems, exitError(1)
	}
	return pol, problems, nil
}
