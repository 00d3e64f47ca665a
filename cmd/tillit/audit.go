package main

import (
	"encoding/hex"
	"fmt"

	"github.com/tillit-privacy/tillit/audit"
)

type auditCmd struct {
	Verify verifyCmd `cmd:"" help:"Check every link of the audit chain; exit 1 and say where it breaks."`
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
	if rep.Broken != "" {
		fmt.Fprintf(e.stderr, "audit log broken: %s (%d entries verified before the break)\n", rep.Broken, rep.Entries)
		return exitError(1)
	}
	fmt.Fprintf(e.stdout, "audit log intact: %d entries, head %s\n", rep.Entries, hex.EncodeToString(rep.Head))
	return nil
}

type migrateCmd struct {
	storeFlags
}

func (c *migrateCmd) Run(e *env) error {
	store, err := c.open(e, true)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "the database schema is current")
	return store.Close()
}
