package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/storetest"
)

// open opens a fresh SQLite store in the test's temporary directory.
func open(t testing.TB) tillit.Store {
	t.Helper()
	return openPath(t, filepath.Join(t.TempDir(), "tillit.db"))
}

// openPath opens the SQLite store at path, creating it if needed, and
// closes it when the test ends.
func openPath(t testing.TB, path string) tillit.Store {
	t.Helper()
	s, err := sqlite.Open(t.Context(), path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, open)
}

func BenchmarkVault(b *testing.B) {
	storetest.Bench(b, open)
}

func TestExampleScenarios(t *testing.T) {
	storetest.Examples(t, open, "../examples")
}

func TestSweepTwoNodes(t *testing.T) {
	storetest.SweepTwoNodes(t, func(t testing.TB) (tillit.Store, tillit.Store) {
		path := filepath.Join(t.TempDir(), "tillit.db")
		return openPath(t, path), openPath(t, path)
	}, 60)
}

// BenchmarkSweep loads and sweeps a store of TILLIT_BENCH_SWEEP_RECORDS
// records (20,000 unless set); run with -benchtime=1x.
func BenchmarkSweep(b *testing.B) {
	storetest.BenchSweep(b, open, storetest.SweepRecords())
}

// TestLanesTwoStores appends through two stores on one file, as two
// processes would.
func TestLanesTwoStores(t *testing.T) {
	storetest.LanesTwoNodes(t, func(t testing.TB) (tillit.Store, tillit.Store) {
		path := filepath.Join(t.TempDir(), "tillit.db")
		return openPath(t, path), openPath(t, path)
	})
}
