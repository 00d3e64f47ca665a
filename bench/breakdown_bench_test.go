//go:build bench

package bench_test

import (
	"testing"

	"github.com/tillit-privacy/tillit/bench"
)

// breakdownTable is a line the per-guarantee breakdown prints in a build
// with the bench tag.
const breakdownTable = "Tillit without audit"

// checkBreakdown checks that the breakdown ran every configuration.
func checkBreakdown(t *testing.T, e *bench.EngineReport) {
	t.Helper()
	if e.OverheadSkipped != "" {
		t.Errorf("the breakdown was skipped in a build with the bench tag: %s", e.OverheadSkipped)
	}
	if len(e.Overhead) != 7 {
		t.Fatalf("%d breakdown rows, want 7", len(e.Overhead))
	}
	for _, r := range e.Overhead {
		if r.Run.Ops != smoke.Overhead.Ops || r.Run.Errors != 0 {
			t.Errorf("%s: %d ops, %d errors (%s)", r.Config, r.Run.Ops, r.Run.Errors, r.Run.FirstErr)
		}
	}
}
