package postgres_test

import (
	"database/sql"
	"io/fs"
	"testing"

	"github.com/pressly/goose/v3"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/pgtest"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/storetest"
)

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

// newSchema returns the DSN of a schema of the test server's own.
func newSchema(t testing.TB) string { return pgtest.Schema(t) }

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

// TestLanesTwoNodes appends through two stores, each with its own pool,
// on one database, as two tillit nodes would.
func TestLanesTwoNodes(t *testing.T) {
	storetest.LanesTwoNodes(t, func(t testing.TB) (tillit.Store, tillit.Store) {
		dsn := newSchema(t)
		return openDSN(t, dsn), openDSN(t, dsn)
	})
}

// TestMigrateLanes migrates a database whose audit log is one chain, as
// schema version 8 wrote it.
func TestMigrateLanes(t *testing.T) {
	dsn := newSchema(t)
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sub, _ := fs.Sub(postgres.Migrations, "migrations")
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(t.Context(), 8); err != nil {
		t.Fatal(err)
	}
	storetest.OldChain(t, db, true, 25)
	storetest.MigrateLanes(t, func(t *testing.T, migrate bool) (tillit.Store, error) {
		return postgres.Open(t.Context(), dsn, postgres.Options{Migrate: migrate})
	}, 25)
}
