package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/tillit-privacy/tillit/storetest"
)

// TestCrash kills a process with SIGKILL while it collects into a SQLite
// file and checks that every acknowledged submission survives.
func TestCrash(t *testing.T) {
	storetest.Crash(t, filepath.Join(t.TempDir(), "tillit.db"), openPath)
}

// TestCrashChild is the process TestCrash kills; on its own it skips.
func TestCrashChild(t *testing.T) {
	storetest.CrashChild(t, openPath)
}
