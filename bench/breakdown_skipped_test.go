//go:build !bench

package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit/bench"
)

// breakdownTable is what a build without the bench tag prints in place of
// the per-guarantee breakdown.
const breakdownTable = "What each guarantee costs: skipped"

// checkBreakdown checks that the breakdown was skipped, and said how to
// build for it.
func checkBreakdown(t *testing.T, e *bench.EngineReport) {
	t.Helper()
	if len(e.Overhead) != 0 {
		t.Errorf("%d breakdown rows in a build without the bench tag, want none", len(e.Overhead))
	}
	if e.OverheadSkipped != bench.BreakdownSkipped {
		t.Errorf("skipped = %q, want %q", e.OverheadSkipped, bench.BreakdownSkipped)
	}
}

// TestBreakdownSkipped checks that a build without the bench tag, asked
// for the breakdown alone, runs nothing with a guarantee off and says how
// to build a binary that can.
func TestBreakdownSkipped(t *testing.T) {
	var out, log bytes.Buffer
	rep, err := bench.Run(context.Background(), bench.Config{Size: smoke, Engines: []string{"sqlite"}, Dir: t.TempDir(),
		Clients: 2, Only: []string{"overhead"}, Out: &out, Log: &log})
	if err != nil {
		t.Fatalf("Run: %v\nlog:\n%s", err, log.String())
	}
	if len(rep.Engines) != 1 {
		t.Fatalf("%d engines, want 1", len(rep.Engines))
	}
	checkBreakdown(t, rep.Engines[0])
	for _, want := range []string{breakdownTable, "per-guarantee breakdown", "go build -tags bench ./cmd/tillit"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	if !strings.Contains(log.String(), "go build -tags bench") {
		t.Errorf("the log does not say how to build for the breakdown:\n%s", log.String())
	}
}
