//go:build bench

package bench

import (
	"context"

	"github.com/tillit-privacy/tillit/internal/benchonly"
)

// Guarantee configurations of the breakdown, all on first.
var configs = []struct {
	name string
	off  benchonly.Off
}{
	{"all guarantees", benchonly.Off{}},
	{"without encryption", benchonly.Without(benchonly.Encryption)},
	{"without audit", benchonly.Without(benchonly.Audit)},
	{"without purpose check", benchonly.Without(benchonly.PurposeCheck)},
	{"without blind indexes", benchonly.Without(benchonly.Indexes)},
	{"without any", benchonly.Without(benchonly.Encryption, benchonly.Audit, benchonly.PurposeCheck, benchonly.Indexes)},
}

// overhead runs the insert/read/update mix on the baseline and on Tillit
// with every guarantee, each one off in turn, and all off, each on a
// fresh store of the same size.
func (e *engineRun) overhead(ctx context.Context) error {
	if !e.c.runs("overhead") {
		return nil
	}
	sc := e.c.Size.Overhead
	steps := overheadMix.Plan(sc.Records, sc.Ops, seed("overhead", sc.Records), insertKeys)
	var on float64
	for i, cfg := range configs {
		t, b, err := e.openStores(ctx, cfg.off)
		if err != nil {
			return err
		}
		if i == 0 {
			e.logf("breakdown, baseline: %d records, %d ops", sc.Records, len(steps))
			if err := b.load(ctx, 0, sc.Records); err != nil {
				return err
			}
			r := runSteps(ctx, e.c.Clients, steps, b.do)
			e.rep.Overhead = append(e.rep.Overhead, &OverheadRow{Config: "baseline (GDPRbench)", Run: r})
		}
		e.logf("breakdown, Tillit %s: %d records, %d ops", cfg.name, sc.Records, len(steps))
		if err := t.load(ctx, 0, sc.Records); err != nil {
			return err
		}
		r := runSteps(ctx, e.c.Clients, steps, t.do)
		row := &OverheadRow{Config: "Tillit " + cfg.name, Run: r}
		if i == 0 {
			on = r.OpsPerSec
		}
		if r.OpsPerSec > 0 {
			row.AllOnOverThis = on / r.OpsPerSec
		}
		if base := e.rep.Overhead[0].Run.OpsPerSec; base > 0 {
			row.ThisOverBaseline = r.OpsPerSec / base
		}
		e.rep.Overhead = append(e.rep.Overhead, row)
		e.closeStores(t, b)
	}
	printOverhead(e.c.Out, e.rep.Overhead, sc)
	return nil
}
