package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
)

type retentionCmd struct {
	Forecast forecastCmd  `cmd:"" help:"List what will be archived or go, when, and by which rule or legal hold."`
	Run      sweepCmd     `cmd:"" help:"Sweep: do what the retention rules make due now, in batches, each step audited."`
	Tasks    tasksCmd     `cmd:"" help:"List the review tasks retention rules raised."`
	Close    closeTaskCmd `cmd:"" help:"Record the decision on a review task."`
}

type forecastCmd struct {
	vaultFlags
	Subject string `help:"Only this subject (all its items, also those kept with no end)."`
	Until   string `help:"Only what happens by this date (YYYY-MM-DD, Stockholm time)."`
	JSON    bool   `help:"Print JSON lines instead of a table."`
}

func (c *forecastCmd) Run(e *env) error {
	var until time.Time
	if c.Until != "" {
		t, err := time.ParseInLocation("2006-01-02", c.Until, tillit.Stockholm)
		if err != nil {
			return fmt.Errorf("--until: %q is not a date such as 2027-01-31", c.Until)
		}
		until = t.AddDate(0, 0, 1).Add(-time.Microsecond) // the whole day
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		lang, _ := tillit.ParseLang(c.Lang)
		w := newForecastWriter(e, lang, c.JSON)
		if c.Subject != "" {
			fcs, err := a.Vault.Forecast(e.ctx, c.Subject)
			if err != nil {
				return nil, err
			}
			for _, fc := range fcs {
				if until.IsZero() || fc.HappensBy(until) {
					w.write(fc)
				}
			}
		} else if err := a.Vault.ForecastAll(e.ctx, until, func(fc tillit.Forecast) error { w.write(fc); return nil }); err != nil {
			return nil, err
		}
		return nil, w.flush()
	})
}

type forecastWriter struct {
	e    *env
	lang tillit.Lang
	json *json.Encoder
	tw   *tabwriter.Writer
	n    int
}

func newForecastWriter(e *env, lang tillit.Lang, asJSON bool) *forecastWriter {
	w := &forecastWriter{e: e, lang: lang}
	if asJSON {
		w.json = json.NewEncoder(e.stdout)
		return w
	}
	w.tw = tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	if lang == tillit.Swedish {
		fmt.Fprintln(w.tw, "REGISTRERAD\tUPPGIFT\tKATEGORI\tDATUM\tHÄNDELSE\tREGEL")
	} else {
		fmt.Fprintln(w.tw, "SUBJECT\tITEM\tCATEGORY\tDATE\tWHAT\tRULE")
	}
	return w
}

func (w *forecastWriter) write(fc tillit.Forecast) {
	w.n++
	if w.json != nil {
		w.json.Encode(fc)
		return
	}
	sv := w.lang == tillit.Swedish
	pick := func(s, e string) string {
		if sv {
			return s
		}
		return e
	}
	row := func(when time.Time, what, rule string) {
		date := "-"
		if !when.IsZero() {
			date = when.In(tillit.Stockholm).Format("2006-01-02")
		}
		fmt.Fprintf(w.tw, "%s\t%s\t%s\t%s\t%s\t%s\n", fc.Subject, fc.Item, fc.Category, date, what, rule)
	}
	purpose := func(p string) string {
		if p == "" {
			return ""
		}
		return pick(" (ändamål ", " (purpose ") + p + ")"
	}
	switch {
	case fc.Restricted:
		row(time.Time{}, pick("begränsad", "restricted"), pick("inga regler körs förrän begränsningen hävs", "no rule runs until the restriction is lifted"))
		return
	case !fc.Archived.IsZero():
		row(fc.Archived, pick("arkiverad", "archived"), "")
	case !fc.ArchiveAt.IsZero():
		row(fc.ArchiveAt, pick("arkiveras", "archive"), fmt.Sprintf("%q", fc.ArchiveRule))
	}
	action := string(fc.Action)
	if sv {
		action = map[tillit.Action]string{tillit.Delete: "raderas", tillit.Anonymise: "anonymiseras"}[fc.Action]
	}
	switch {
	case fc.Hold != "":
		row(fc.GoneAt, action, pick("sparas enligt ", "kept under ")+fc.HoldLaw.In(w.lang)+fmt.Sprintf(" (%q)", fc.GoneRule))
	case !fc.GoneAt.IsZero():
		row(fc.GoneAt, action, fmt.Sprintf("%q", fc.GoneRule)+purpose(fc.GonePurpose))
	case len(fc.KeptBy) > 0:
		row(time.Time{}, pick("sparas", "kept"), pick("ingen regel avslutar den ännu: ", "no rule ends it yet: ")+strings.Join(fc.KeptBy, ", "))
	default:
		row(time.Time{}, pick("sparas", "kept"), pick("inget ändamål i registret använder den", "no purpose in the register uses it"))
	}
}

func (w *forecastWriter) flush() error {
	if w.tw == nil {
		return nil
	}
	return w.tw.Flush()
}

type sweepCmd struct {
	vaultFlags
	DryRun bool `help:"Only report what would be done."`
	Batch  int  `help:"Subjects per transaction." default:"200"`
}

func (c *sweepCmd) Run(e *env) error {
	if c.Batch < 1 || c.Batch > 10000 {
		return fmt.Errorf("--batch must be between 1 and 10000")
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Vault.Sweep(e.ctx, c.Batch, c.DryRun)
	})
}

type tasksCmd struct {
	vaultFlags
	All bool `help:"Also closed tasks."`
}

func (c *tasksCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		all := []tillit.Task{}
		after := ""
		for {
			ts, err := a.Vault.Tasks(e.ctx, c.All, after, 500)
			if err != nil {
				return nil, err
			}
			all = append(all, ts...)
			if len(ts) < 500 {
				return all, nil
			}
			after = ts[len(ts)-1].ID
		}
	})
}

type closeTaskCmd struct {
	vaultFlags
	Task    string `arg:"" help:"The task's ID."`
	Outcome string `required:"" help:"The decision, as an ID: e.g. kept (the person wants the data kept) or erased."`
}

func (c *closeTaskCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Vault.CloseTask(e.ctx, c.Task, c.Outcome)
	})
}
