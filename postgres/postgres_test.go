package postgres_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/storetest"
)

// dsnVar names the variable that points the tests at a PostgreSQL server.
const dsnVar = "TILLIT_TEST_POSTGRES_DSN"

// open opens a store in a new schema of the test server, dropped when the
// test ends.
func open(t testing.TB) tillit.Store {
	t.Helper()
	return openDSN(t, newSchema(t))
}

// openDSN opens the store at dsn and closes it when the test ends.
func openDSN(t testing.TB, dsn string) tillit.Store {
	t.Helper()
	s, err := postgres.Open(t.Context(), dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// newSchema creates a schema on the test server, dropped when the test
// ends, and returns a DSN whose search_path selects it. It skips the test
// when no server is configured.
func newSchema(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(dsnVar)
	if dsn == "" {
		t.Skipf("%s is not set: PostgreSQL tests skipped (e.g. %s=postgres://postgres@127.0.0.1:5432/test?sslmode=disable)", dsnVar, dsnVar)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "tillit_test_" + strings.ToLower(rand.Text()[:12])
	if _, err := admin.ExecContext(t.Context(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	return withSearchPath(dsn, schema)
}

// withSearchPath adds a search_path to a URL or key=value DSN.
func withSearchPath(dsn, schema string) string {
	if strings.Contains(dsn, "://") {
		sep := "?"
		if strings.Contains(dsn, "?") {
			sep = "&"
		}
		return dsn + sep + "search_path=" + schema
	}
	return fmt.Sprintf("%s search_path=%s", dsn, schema)
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

// TestSweepTwoNodes runs two sweepers, each with its own connection pool,
// against one database, as two tillit nodes sharing it would.
func TestSweepTwoNodes(t *testing.T) {
	storetest.SweepTwoNodes(t, func(t testing.TB) (tillit.Store, tillit.Store) {
		dsn := newSchema(t)
		return openDSN(t, dsn), openDSN(t, dsn)
	}, 200)
}

// BenchmarkSweep loads and sweeps a store of TILLIT_BENCH_SWEEP_RECORDS
// records (20,000 unless set); run with -benchtime=1x.
func BenchmarkSweep(b *testing.B) {
	storetest.BenchSweep(b, open, storetest.SweepRecords())
}
