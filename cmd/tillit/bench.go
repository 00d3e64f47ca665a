package main

import (
	"fmt"
	"os"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/tillit-privacy/tillit/bench"
)

// benchCmd is tillit bench: Tillit against GDPRbench, side by side, on
// throwaway stores of its own.
type benchCmd struct {
	Size       string   `help:"small (about a minute), full (100,000 records and 10,000 operations, then 1,000,000 records) or tiny (seconds)." enum:"tiny,small,full" default:"small"`
	JSON       string   `name:"json" help:"Write the results as JSON to this file." type:"path" placeholder:"FILE"`
	Postgres   string   `help:"A PostgreSQL server to run on as well; the benchmark creates and drops schemas of its own (tillit_bench_*) and touches nothing else. Without it PostgreSQL is skipped." env:"TILLIT_BENCH_POSTGRES_DSN" placeholder:"DSN"`
	Engines    []string `help:"The engines to run on." enum:"sqlite,postgres" default:"sqlite,postgres"`
	Only       []string `help:"Run only these parts: workloads, published, bypurpose, extract, overhead (the per-guarantee breakdown, in a build with -tags bench only), sweep, audit, space, http." placeholder:"PART"`
	Clients    int      `help:"How many clients send operations at once, to both sides alike." default:"16"`
	MaxRecords int      `name:"max-records" help:"Leave out the store sizes above this (e.g. the million on a slow engine)." placeholder:"N"`
	Dir        string   `help:"Where the SQLite files go (a temporary directory, removed at the end, by default)." type:"path"`
	CPUProfile string   `name:"cpuprofile" help:"Write a CPU profile of the run to this file, for go tool pprof." type:"path" placeholder:"FILE"`
}

func (c *benchCmd) Run(e *env) error {
	size, ok := bench.Sizes[c.Size]
	if !ok {
		return fmt.Errorf("bench: no size %q", c.Size)
	}
	for _, s := range c.Only {
		if !slices.Contains(bench.Sections, s) {
			return fmt.Errorf("bench: no part %q (there are %s)", s, strings.Join(bench.Sections, ", "))
		}
	}
	if c.CPUProfile != "" {
		f, err := os.Create(c.CPUProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	rep, err := bench.Run(e.ctx, bench.Config{
		Size: size, Engines: c.Engines, Postgres: c.Postgres, Dir: c.Dir, Clients: c.Clients, Only: c.Only, MaxRecords: c.MaxRecords,
		Log: e.stderr, Out: e.stdout,
	})
	if rep != nil && c.JSON != "" {
		f, ferr := os.Create(c.JSON)
		if ferr != nil {
			return ferr
		}
		if werr := rep.WriteJSON(f); werr != nil {
			f.Close()
			return werr
		}
		if cerr := f.Close(); cerr != nil {
			return cerr
		}
	}
	return err
}
