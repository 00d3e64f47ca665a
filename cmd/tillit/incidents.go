package main

import (
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
)

// incidentsCmd is the breach register (GDPR art. 33 and 34).
type incidentsCmd struct {
	Open           openIncidentCmd     `cmd:"" help:"Record a breach from JSON ({title, nature, how_discovered, discovered, from, to, categories, points, recipients, systems, subject_types, consequences, measures_taken, measures_planned, advice, delay_reason, risk}); the 72-hour clock runs from discovered."`
	Update         updateIncidentCmd   `cmd:"" help:"Replace an open incident's details with JSON, as for open (give every field: what is left out is cleared)."`
	List           listIncidentsCmd    `cmd:"" help:"List incidents with the 72-hour clock: due in, OVERDUE by, or how it was settled; open ones unless --all."`
	Show           showIncidentCmd     `cmd:"" help:"Show an incident with its timeline and how its notices were delivered."`
	Note           noteIncidentCmd     `cmd:"" help:"Add what was done outside Tillit to an incident's timeline (no personal data)."`
	Affected       affectedIncidentCmd `cmd:"" help:"Compute who the incident likely affects: counts per category and the subjects' pseudonymous IDs."`
	Decide         decideIncidentCmd   `cmd:"" help:"Record whether the authority is notified; not notifying needs --reason (GDPR art. 33(5))."`
	Notified       notifiedIncidentCmd `cmd:"" help:"Record a notification to the authority: initial, supplementary or final (GDPR art. 33(4))."`
	Draft          draftIncidentCmd    `cmd:"" help:"Draft the notification to the authority (IMY) or the notice to the people affected, as Markdown."`
	NotifySubjects notifySubjectsCmd   `cmd:"" name:"notify-subjects" help:"E-mail the notice to every person affected (high risk, GDPR art. 34), each once."`
	Close          closeIncidentCmd    `cmd:"" help:"Close an incident once the authority is notified or the decision not to is recorded."`
}

type openIncidentCmd struct {
	vaultFlags
	File string `arg:"" optional:"" help:"The incident as JSON; - or nothing for stdin." default:"-"`
}

func (c *openIncidentCmd) Run(e *env) error {
	var d tillit.IncidentDetails
	if err := readJSON(e, c.File, "incident", &d); err != nil {
		return err
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.OpenIncident(e.ctx, d)
	})
}

type updateIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
	File     string `arg:"" optional:"" help:"The incident as JSON; - or nothing for stdin." default:"-"`
}

func (c *updateIncidentCmd) Run(e *env) error {
	var d tillit.IncidentDetails
	if err := readJSON(e, c.File, "incident", &d); err != nil {
		return err
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.UpdateIncident(e.ctx, c.Incident, d)
	})
}

type listIncidentsCmd struct {
	vaultFlags
	All  bool `help:"Also closed incidents."`
	JSON bool `help:"Print JSON."`
}

func (c *listIncidentsCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		all, err := a.Breaches.Incidents(e.ctx, tillit.IncidentFilter{Open: !c.All})
		if err != nil {
			return nil, err
		}
		if c.JSON {
			if all == nil {
				all = []tillit.Incident{}
			}
			return all, nil
		}
		now := time.Now()
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "INCIDENT\tDISCOVERED\tDEADLINE\tCLOCK\tRISK\tTITLE")
		for _, in := range all {
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", in.ID, stamp(in.Discovered), stamp(in.Deadline()), clock(in, now),
				string(in.Risk), in.Title)
		}
		return nil, w.Flush()
	})
}

func stamp(t time.Time) string { return t.In(tillit.Stockholm).Format("2006-01-02 15:04") }

// clock says where an incident's 72 hours stand.
func clock(in tillit.Incident, now time.Time) string {
	switch {
	case in.IsClosed():
		return "closed"
	case in.Notified():
		return "notified (" + string(in.Notifications[len(in.Notifications)-1].Phase) + ")"
	case in.NotNotifying():
		return "not notifying (decided)"
	case in.Overdue(now):
		return "OVERDUE by " + hours(now.Sub(in.Deadline()))
	case in.IsDueSoon(now):
		return "due-soon, in " + hours(in.Deadline().Sub(now))
	}
	return "due in " + hours(in.Deadline().Sub(now))
}

// hours writes a duration as hours and minutes, e.g. 71h59m.
func hours(d time.Duration) string {
	d = d.Truncate(time.Minute)
	return fmt.Sprintf("%dh%02dm", int(d.Hours()), int(d.Minutes())%60)
}

type showIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
}

func (c *showIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		in, err := a.Breaches.Incident(e.ctx, c.Incident)
		if err != nil {
			return nil, err
		}
		d, err := a.Breaches.NoticeDeliveries(e.ctx, c.Incident)
		return struct {
			tillit.Incident
			Deadline   time.Time               `json:"deadline"`
			Clock      string                  `json:"clock"`
			Deliveries tillit.NoticeDeliveries `json:"deliveries"`
		}{in, in.Deadline(), clock(in, time.Now()), d}, err
	})
}

type noteIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
	Note     string `arg:"" help:"What was done, without personal data."`
}

func (c *noteIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.NoteIncident(e.ctx, c.Incident, c.Note)
	})
}

type affectedIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
}

func (c *affectedIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.Affected(e.ctx, c.Incident)
	})
}

type decideIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
	Decision string `arg:"" enum:"notify,not-notify" help:"notify or not-notify."`
	Reason   string `help:"Why; required for not-notify, which is only for a breach unlikely to result in a risk (GDPR art. 33(1), 33(5))."`
}

func (c *decideIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.DecideAuthority(e.ctx, c.Incident, c.Decision == "notify", c.Reason)
	})
}

type notifiedIncidentCmd struct {
	vaultFlags
	Incident  string `arg:"" help:"The incident's ID."`
	Phase     string `help:"initial, supplementary or final (all at once: final)." enum:"initial,supplementary,final" default:"initial"`
	Reference string `help:"The authority's case number, if given."`
	Note      string `help:"What this notification added, without personal data."`
}

func (c *notifiedIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.RecordAuthorityNotification(e.ctx, c.Incident, tillit.Phase(c.Phase), c.Reference, c.Note)
	})
}

type draftIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
	To       string `help:"authority: the notification to IMY (art. 33(3)); subjects: the notice to the people (art. 34(2))." enum:"authority,subjects" default:"authority"`
	In       string `name:"in" help:"The draft's language: sv or en." enum:"sv,en" default:"sv"`
}

func (c *draftIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		draft := a.Breaches.DraftAuthorityNotification
		if c.To == "subjects" {
			draft = a.Breaches.DraftSubjectNotice
		}
		d, err := draft(e.ctx, c.Incident, tillit.Lang(c.In))
		if err != nil {
			return nil, err
		}
		if c.To == "subjects" {
			fmt.Fprintf(e.stdout, "%s\n\n", d.Title)
		}
		fmt.Fprint(e.stdout, d.Text)
		return nil, nil
	})
}

type notifySubjectsCmd struct {
	vaultFlags
	mailFlags
	Incident string `arg:"" help:"The incident's ID."`
	Override bool   `help:"Notify although the risk is not assessed as high (e.g. the authority requires it, GDPR art. 34(4))."`
}

func (c *notifySubjectsCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		round, err := a.Breaches.NotifySubjects(e.ctx, c.Incident, c.Override)
		if err != nil {
			return nil, err
		}
		return round, c.send(a.Requests, e)
	})
}

type closeIncidentCmd struct {
	vaultFlags
	Incident string `arg:"" help:"The incident's ID."`
}

func (c *closeIncidentCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		return a.Breaches.CloseIncident(e.ctx, c.Incident)
	})
}
