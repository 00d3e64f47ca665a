//go:build !bench

package bench

import (
	"context"
	"fmt"
)

// BreakdownSkipped says why a build without the bench tag leaves the
// per-guarantee breakdown out, and how to build for it.
const BreakdownSkipped = "the per-guarantee breakdown needs a build with the bench tag (go build -tags bench ./cmd/tillit): " +
	"this one has no switches to turn a guarantee off, so that a production binary cannot contain them"

// overhead would run the per-guarantee breakdown; a build without the
// bench tag has no switches to turn a guarantee off, so it reports the
// part as skipped.
func (e *engineRun) overhead(ctx context.Context) error {
	if !e.c.runs("overhead") {
		return nil
	}
	e.rep.OverheadSkipped = BreakdownSkipped
	e.logf("skipped: %s", BreakdownSkipped)
	fmt.Fprintf(e.c.Out, "\n### What each guarantee costs: skipped\n\n%s\n", BreakdownSkipped)
	return nil
}
