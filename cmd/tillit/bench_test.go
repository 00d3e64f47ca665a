package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBench runs tillit bench's quick parts at the tiny size, as a user
// would, and reads back the JSON it writes.
func TestBench(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bench.json")
	code, stdout, stderr := run(t, "bench", "--size", "tiny", "--engines", "sqlite", "--only", "audit,space", "--clients", "4",
		"--dir", t.TempDir(), "--json", out)
	if code != 0 {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, stdout, stderr)
	}
	for _, want := range []string{"# tillit bench --size tiny", "Machine: ", "## SQLite", "### Audit chain", "### Bytes on disk"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Engines []struct {
			Engine string
			Audit  struct{ Appended int }
			Space  []struct {
				TillitAmplification float64 `json:"tillit_amplification"`
			}
		}
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatalf("the JSON: %v", err)
	}
	if len(rep.Engines) != 1 || rep.Engines[0].Engine != "sqlite" || rep.Engines[0].Audit.Appended == 0 || len(rep.Engines[0].Space) != 2 {
		t.Errorf("the JSON holds %+v", rep)
	}

	code, _, stderr = run(t, "bench", "--size", "tiny", "--only", "nope")
	if code != 1 || !strings.Contains(stderr, `no part "nope"`) {
		t.Errorf("--only nope: exit %d, stderr %q", code, stderr)
	}
	code, _, stderr = run(t, "bench", "--size", "huge")
	if code != 2 || !strings.Contains(stderr, "--size") {
		t.Errorf("--size huge: exit %d, stderr %q", code, stderr)
	}
}
