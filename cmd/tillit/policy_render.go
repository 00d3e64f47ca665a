package main

import (
	"bufio"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/notice"
)

type renderCmd struct {
	File   string `arg:"" help:"The register file (YAML)."`
	Lang   string `help:"Language: sv or en." enum:"sv,en" default:"sv"`
	Format string `help:"Format: html or md." enum:"html,md" default:"html"`
}

func (c *renderCmd) Run(e *env) error {
	pol, err := compile(e, c.File)
	if err != nil {
		return err
	}
	lang, _ := tillit.ParseLang(c.Lang)
	out := bufio.NewWriter(e.stdout)
	if err := notice.Render(out, pol, lang, c.Format); err != nil {
		return err
	}
	return out.Flush()
}

type ropaCmd struct {
	File   string `arg:"" help:"The register file (YAML)."`
	Format string `help:"Format: csv or json." enum:"csv,json" default:"csv"`
	Lang   string `help:"Language of the texts: sv or en." enum:"sv,en" default:"sv"`
}

func (c *ropaCmd) Run(e *env) error {
	pol, err := compile(e, c.File)
	if err != nil {
		return err
	}
	lang, _ := tillit.ParseLang(c.Lang)
	acts := notice.Record(pol, lang)
	if c.Format == "json" {
		return notice.WriteRecordJSON(e.stdout, acts)
	}
	return notice.WriteRecordCSV(e.stdout, acts)
}
