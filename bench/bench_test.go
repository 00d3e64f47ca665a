package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit/bench"
)

// smoke is a run small enough for the test suite: it checks that every
// part of the benchmark still runs and reports, not how fast.
var smoke = bench.Size{Name: "smoke", Scales: []bench.Scale{{Records: 60, Ops: 0}, {Records: 160, Ops: 80}}, ExtractSamples: 5,
	Overhead: bench.Scale{Records: 60, Ops: 40}, Sweep: 80, Audit: 100 * time.Millisecond, HTTP: 100 * time.Millisecond, Space: 40}

// TestSmoke runs every part of the benchmark at tiny sizes on SQLite, and
// on PostgreSQL when TILLIT_TEST_POSTGRES_DSN names a server, and checks
// that the report is complete and sane.
func TestSmoke(t *testing.T) {
	engines := []string{"sqlite", "postgres"}
	dsn := os.Getenv("TILLIT_TEST_POSTGRES_DSN")
	if dsn == "" {
		t.Log("TILLIT_TEST_POSTGRES_DSN is not set: PostgreSQL is reported as skipped")
	}
	var out, log bytes.Buffer
	rep, err := bench.Run(context.Background(), bench.Config{Size: smoke, Engines: engines, Postgres: dsn, Dir: t.TempDir(),
		Clients: 4, Out: &out, Log: &log})
	if err != nil {
		t.Fatalf("Run: %v\nlog:\n%s", err, log.String())
	}
	t.Logf("log:\n%s", log.String())
	if rep.Machine.Cores < 1 || rep.Machine.Go == "" || rep.Machine.CPU == "" {
		t.Errorf("machine = %+v", rep.Machine)
	}
	if len(rep.Mixes) != 4 || len(rep.Engines) != 2 {
		t.Fatalf("%d mixes and %d engines, want 4 and 2", len(rep.Mixes), len(rep.Engines))
	}
	for _, e := range rep.Engines {
		t.Run(e.Engine, func(t *testing.T) {
			if e.Engine == "postgres" && dsn == "" {
				if !strings.Contains(e.Skipped, "TILLIT_BENCH_POSTGRES_DSN") {
					t.Errorf("skipped = %q, want a message naming the variable", e.Skipped)
				}
				return
			}
			checkEngine(t, e)
		})
	}
	for _, want := range []string{"## SQLite", "| controller |", "| customer |", "| processor |", "| regulator |",
		breakdownTable, "Access extract", "Retention sweep", "Audit chain", "Bytes on disk", "POST /v1/submissions",
		"customer: read 20.0%, read-meta 20.0%, update 20.0%, update-meta 20.0%, delete 20.0% (zipfian keys)"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the tables lack %q:\n%s", want, out.String())
		}
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var back bench.Report
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("the JSON does not read back: %v", err)
	}
	if len(back.Engines) != 2 || len(back.Engines[0].Scales) != len(smoke.Scales) {
		t.Errorf("the JSON lost results: %d engines", len(back.Engines))
	}
}

func checkEngine(t *testing.T, e *bench.EngineReport) {
	if e.Skipped != "" || e.Version == "" {
		t.Fatalf("skipped %q, version %q", e.Skipped, e.Version)
	}
	if len(e.Scales) != len(smoke.Scales) {
		t.Fatalf("%d scales, want %d", len(e.Scales), len(smoke.Scales))
	}
	for _, s := range e.Scales {
		if s.BaselineLoadPerSec <= 0 || s.TillitLoadPerSec <= 0 {
			t.Errorf("%d records: load rates %v, %v", s.Records, s.BaselineLoadPerSec, s.TillitLoadPerSec)
		}
		if x := s.Extract; x == nil || x.Samples == 0 || x.P50MS <= 0 || x.P99MS < x.P50MS || x.Bytes == 0 {
			t.Errorf("%d records: extract = %+v", s.Records, x)
		}
	}
	last := e.Scales[len(e.Scales)-1]
	var names []string
	for _, p := range last.Workloads {
		names = append(names, p.Workload)
		for side, r := range map[string]bench.Result{"baseline": p.Baseline, "Tillit": p.Tillit} {
			if r.Ops != smoke.Scales[1].Ops || r.Errors != 0 || r.OpsPerSec <= 0 || len(r.PerOp) == 0 {
				t.Errorf("%s %s: %d ops, %d errors (%s), %v ops/s, %d kinds", p.Workload, side, r.Ops, r.Errors, r.FirstErr, r.OpsPerSec, len(r.PerOp))
			}
			n := 0
			for _, l := range r.PerOp {
				n += l.Count
				if l.P50US <= 0 || l.P99US < l.P50US {
					t.Errorf("%s %s %s: p50 %v, p99 %v", p.Workload, side, l.Op, l.P50US, l.P99US)
				}
			}
			if n != r.Ops {
				t.Errorf("%s %s: the operations add up to %d, want %d", p.Workload, side, n, r.Ops)
			}
		}
		if p.Ratio <= 0 || p.Mix == "" {
			t.Errorf("%s: ratio %v, mix %q", p.Workload, p.Ratio, p.Mix)
		}
	}
	if !slices.Equal(names, []string{"controller", "customer", "processor", "regulator"}) {
		t.Errorf("workloads %v", names)
	}
	if last.Published == nil || last.Published.Ops != smoke.Scales[1].Ops || last.Published.Errors != 0 {
		t.Errorf("published = %+v", last.Published)
	}
	if len(last.ByPurpose) != 3 {
		t.Fatalf("%d by-purpose rows, want 3", len(last.ByPurpose))
	}
	for _, b := range last.ByPurpose {
		if b.BaselineRecords == 0 || b.BaselineSeconds <= 0 {
			t.Errorf("by purpose %s: baseline %d records in %v s", b.Op, b.BaselineRecords, b.BaselineSeconds)
		}
	}
	if del := last.ByPurpose[2]; del.TillitRecords == 0 {
		t.Errorf("retiring %s deleted nothing in Tillit", del.Purpose)
	}
	checkBreakdown(t, e)
	if s := e.Sweep; s == nil || s.Deleted != smoke.Sweep || s.Shredded != smoke.Sweep/2 || s.PerSec <= 0 || s.ForegroundPerSec <= 0 {
		t.Errorf("sweep = %+v", s)
	}
	if a := e.Audit; a == nil || a.Appended == 0 || a.Verified < a.Appended || a.VerifyPerSec <= 0 {
		t.Errorf("audit = %+v", a)
	}
	if len(e.Space) != 2 {
		t.Fatalf("%d space rows, want 2", len(e.Space))
	}
	for _, s := range e.Space {
		if s.PersonalBytes == 0 || s.BaselineAmplification <= 0 || s.TillitAmplification <= 0 {
			t.Errorf("space %s = %+v", s.Values, s)
		}
	}
	if h := e.HTTP; h == nil || h.Submissions == 0 || h.PerSec <= 0 {
		t.Errorf("http = %+v", h)
	}
}
