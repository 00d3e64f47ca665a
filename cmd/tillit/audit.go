package main

import (
	"encoding/hex"
	"fmt"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
)

type auditCmd struct {
	Verify verifyCmd `cmd:"" help:"Check every lane and checkpoint of the audit log; exit 1 and say where it breaks."`
}

type verifyCmd struct {
	storeFlags
}

func (c *verifyCmd) Run(e *env) error {
	store, err := c.openExisting(e)
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := audit.Log{Store: store}.Verify(e.ctx)
	if err != nil {
		return err
	}
	return report(e, rep)
}

type migrateCmd struct {
	storeFlags
}

// Run migrates the schema, then closes the audit log as it stands with a
// checkpoint (a log from before lanes became lane 0's beginning) and
// verifies it, so that a migration that lost or changed an entry is
// known at once.
func (c *migrateCmd) Run(e *env) error {
	store, err := c.open(e, true)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintln(e.stdout, "the database schema is current")
	l := audit.Log{Store: store}
	if _, err := l.Checkpoint(tillit.WithActor(e.ctx, "system:migrate"), time.Now()); err != nil {
		return err
	}
	rep, err := l.Verify(e.ctx)
	if err != nil {
		return err
	}
	return report(e, rep)
}

// report prints what verification found; a broken log exits 1.
func report(e *env, rep tillit.AuditReport) error {
	if rep.Broken != "" {
		fmt.Fprintf(e.stderr, "audit log broken: %s (%d entries verified before the break)\n", rep.Broken, rep.Entries)
		return exitError(1)
	}
	fmt.Fprintf(e.stdout, "audit log intact: %d entries in %d lanes, %d checkpoints, head %s\n",
		rep.Entries, rep.Lanes, rep.Checkpoints, hex.EncodeToString(rep.Head))
	return nil
}
