package postgres_test

import (
	"testing"

	"github.com/tillit-privacy/tillit/storetest"
)

// TestCrash kills a process with SIGKILL while it collects into a
// PostgreSQL schema and checks that every acknowledged submission survives.
func TestCrash(t *testing.T) {
	storetest.Crash(t, newSchema(t), openDSN)
}

// TestCrashChild is the process TestCrash kills; on its own it skips.
func TestCrashChild(t *testing.T) {
	storetest.CrashChild(t, openDSN)
}
