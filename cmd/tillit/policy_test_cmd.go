package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/scenario"
	"github.com/tillit-privacy/tillit/sqlite"
)

type policyTestCmd struct {
	Register  string   `arg:"" help:"The register file (YAML)."`
	Scenarios []string `arg:"" optional:"" help:"Scenario files; by default the register's own, REGISTER.scenarios.yaml next to it."`
	Lang      string   `default:"sv" enum:"sv,en" help:"Language of the report (sv or en)."`
	JSON      bool     `help:"Print the results as JSON."`
	Failed    bool     `help:"Print only failed expectations."`
}

func (c *policyTestCmd) Run(e *env) error {
	pol, err := compile(e, c.Register)
	if err != nil {
		return err
	}
	files := c.Scenarios
	if len(files) == 0 {
		f := scenario.Beside(c.Register)
		if f == "" {
			ext := filepath.Ext(c.Register)
			return fmt.Errorf("no scenario files given, and there is no %s next to the register",
				strings.TrimSuffix(c.Register, ext)+".scenarios.yaml")
		}
		files = []string{f}
	}
	dir, err := os.MkdirTemp("", "tillit-policy-test-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	n := 0
	open := func(ctx context.Context) (tillit.Store, error) {
		n++
		return sqlite.Open(ctx, filepath.Join(dir, fmt.Sprintf("scenario-%d.db", n)), sqlite.Options{})
	}
	lang := tillit.Lang(c.Lang)
	var all []scenario.Result
	for _, file := range files {
		f, err := scenario.ReadFile(file)
		if err != nil {
			return err
		}
		rs, err := scenario.Run(e.ctx, pol, f, open)
		if err != nil {
			return err
		}
		all = append(all, rs...)
		if !c.JSON {
			printResults(e, file, rs, lang, c.Failed)
		}
	}
	if c.JSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(all); err != nil {
			return err
		}
	}
	failed := scenario.Failed(all)
	if lang == tillit.Swedish {
		fmt.Fprintf(e.stdout, "%d förväntningar: %d uppfyllda, %d inte uppfyllda\n", len(all), len(all)-failed, failed)
	} else {
		fmt.Fprintf(e.stdout, "%d expectations: %d passed, %d failed\n", len(all), len(all)-failed, failed)
	}
	if failed > 0 {
		return exitError(1)
	}
	return nil
}

func printResults(e *env, file string, rs []scenario.Result, lang tillit.Lang, failedOnly bool) {
	fmt.Fprintln(e.stdout, file)
	scenario := ""
	for _, r := range rs {
		if failedOnly && r.Pass {
			continue
		}
		if r.Scenario != scenario {
			scenario = r.Scenario
			fmt.Fprintf(e.stdout, "  %s\n", scenario)
		}
		mark, step := "ok  ", "steg"
		if lang == tillit.English {
			step = "step"
		}
		if !r.Pass {
			mark = "FAIL"
		}
		line := fmt.Sprintf("    %s %s %d, %s", mark, step, r.Step, r.At.In(tillit.Stockholm).Format("2006-01-02"))
		if r.Subject != "" {
			line += " " + r.Subject + ":"
		}
		line += " " + r.What.In(lang)
		if !r.Pass {
			if lang == tillit.Swedish {
				line += " — fick: " + r.Got.In(lang)
			} else {
				line += " — got: " + r.Got.In(lang)
			}
		}
		if rule := r.Rule.In(lang); rule != "" {
			line += " — " + rule
		}
		fmt.Fprintln(e.stdout, line)
	}
}
