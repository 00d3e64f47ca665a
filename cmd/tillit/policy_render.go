package main

import "github.com/tillit-privacy/tillit"

// policyFile is a compiled register read by a command.
type policyFile struct {
	Policy *tillit.Policy
}

type renderCmd struct {
	File   string `arg:"" help:"The register file (YAML)." type:"path"`
	Lang   string `help:"Language: sv or en." enum:"sv,en" default:"sv"`
	Format string `help:"Format: html or md." enum:"html,md" default:"html"`
}

func (c *renderCmd) Run(e *env) error {
	_, err := compile(e, c.File)
	return err
}

type ropaCmd struct {
	File   string `arg:"" help:"The register file (YAML)." type:"path"`
	Format string `help:"Format: csv or json." enum:"csv,json" default:"csv"`
	Lang   string `help:"Language of the labels: sv or en." enum:"sv,en" default:"sv"`
}

func (c *ropaCmd) Run(e *env) error {
	_, err := compile(e, c.File)
	return err
}
