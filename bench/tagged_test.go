//go:build !bench

package bench_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTaggedBuild runs the tests that exist only in a build with the bench
// tag — the switches that turn a guarantee off and the per-guarantee
// breakdown — so that the one test command, go test ./..., covers them
// too. In a tagged build this file is left out, so it does not call
// itself.
func TestTaggedBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: the bench-tagged tests build the packages again")
	}
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" {
		t.Fatalf("go env GOMOD: %v", err)
	}
	cmd := exec.Command("go", "test", "-tags", "bench", "-count=1", "./bench", "./internal/benchonly")
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	cmd.Env = os.Environ()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go test -tags bench ./bench ./internal/benchonly: %v\n%s", err, out)
	}
	for _, pkg := range []string{"tillit/bench", "tillit/internal/benchonly"} {
		if !strings.Contains(string(out), "ok  \tgithub.com/tillit-privacy/"+pkg) {
			t.Errorf("the tagged run did not pass %s:\n%s", pkg, out)
		}
	}
}
