// Package bench measures Tillit against GDPRbench (Shastri et al., PVLDB
// 13(7), 2020) in one process, on the same machine and database engine:
// GDPRbench's baseline (its table and statements), Tillit's own path
// through vault.Vault with every guarantee on, and Tillit with each
// guarantee switched off in turn (only in a build with the bench tag,
// the only one with the switches; any other skips that part and says
// how to build for it). Ratios are taken pair by pair within one
// run, so that the machine's noise cancels. tillit bench runs it;
// BENCHMARKS.md explains what it measures and what the results mean.
package bench

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/sqlite"
	_ "modernc.org/sqlite" // the sqlite database/sql driver
)

// Scale is a store size and how many operations each workload runs on
// it (none: the store is only grown and measured).
type Scale struct {
	Records int `json:"records"`
	Ops     int `json:"ops"`
}

// Size is how much one run does.
type Size struct {
	Name string `json:"name"`
	// Scales are the sizes the stores grow through, smallest first.
	Scales []Scale `json:"scales"`
	// ExtractSamples is how many access extracts are timed at each scale.
	ExtractSamples int `json:"extract_samples"`
	// Overhead is the store and run of the per-feature breakdown.
	Overhead Scale `json:"overhead"`
	// Sweep is how many records fall due together in the retention run.
	Sweep int `json:"sweep"`
	// Audit and HTTP are how long the audit append and the HTTP
	// submissions run.
	Audit time.Duration `json:"audit"`
	HTTP  time.Duration `json:"http"`
	// Space is how many people the space measurement stores.
	Space int `json:"space"`
}

// Sizes are the sizes tillit bench knows: tiny is the test's smoke run.
var Sizes = map[string]Size{
	"tiny": {Name: "tiny", Scales: []Scale{{200, 0}, {400, 100}}, ExtractSamples: 10, Overhead: Scale{200, 100},
		Sweep: 300, Audit: 200 * time.Millisecond, HTTP: 200 * time.Millisecond, Space: 100},
	"small": {Name: "small", Scales: []Scale{{1000, 0}, {10000, 2000}}, ExtractSamples: 200, Overhead: Scale{5000, 2000},
		Sweep: 10000, Audit: 2 * time.Second, HTTP: 2 * time.Second, Space: 5000},
	"full": {Name: "full", Scales: []Scale{{10000, 0}, {100000, 10000}, {1000000, 10000}}, ExtractSamples: 1000,
		Overhead: Scale{20000, 10000}, Sweep: 100000, Audit: 10 * time.Second, HTTP: 10 * time.Second, Space: 100000},
}

// Sections are the parts of a run, in the order they run.
var Sections = []string{"workloads", "published", "bypurpose", "extract", "overhead", "sweep", "audit", "space", "http"}

// Config is what one run does.
type Config struct {
	Size    Size
	Engines []string // "sqlite", "postgres"
	// Postgres is the server's connection string; PostgreSQL is skipped
	// when it is empty. Each store gets a schema of its own, dropped at
	// the end.
	Postgres string
	// Dir holds the SQLite files; a temporary directory when empty.
	Dir string
	// Clients is how many goroutines send operations at once, to both
	// sides alike.
	Clients int
	// Only runs these sections; all when empty.
	Only []string
	// MaxRecords, when set, leaves out the scales above it (to run the
	// rest of a size on a slow engine).
	MaxRecords int
	// Log gets progress lines; Out the tables.
	Log, Out io.Writer
}

func (c Config) runs(section string) bool {
	return len(c.Only) == 0 || slices.Contains(c.Only, section)
}

// Run runs the benchmark and returns its report, printing tables to
// c.Out as sections finish.
func Run(ctx context.Context, c Config) (*Report, error) {
	if c.Clients <= 0 {
		c.Clients = 16
	}
	if c.Log == nil {
		c.Log = io.Discard
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
	for _, s := range c.Only {
		if !slices.Contains(Sections, s) {
			return nil, fmt.Errorf("bench: no section %q (there are %s)", s, strings.Join(Sections, ", "))
		}
	}
	if c.Dir == "" {
		dir, err := os.MkdirTemp("", "tillit-bench-")
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		c.Dir = dir
	}
	rep := &Report{Started: time.Now().UTC(), Size: c.Size, Clients: c.Clients, Machine: machine()}
	for _, w := range Workloads {
		rep.Mixes = append(rep.Mixes, Mix{Workload: w.Name, Mix: w.MixString()})
	}
	rep.printHeader(c.Out)
	for _, engine := range c.Engines {
		e := &engineRun{c: c, engine: engine, rep: &EngineReport{Engine: engine}}
		rep.Engines = append(rep.Engines, e.rep)
		if engine == "postgres" && c.Postgres == "" {
			e.rep.Skipped = "no PostgreSQL server given: set TILLIT_BENCH_POSTGRES_DSN or --postgres DSN"
			fmt.Fprintf(c.Out, "\n## PostgreSQL: skipped (%s)\n", e.rep.Skipped)
			continue
		}
		err := e.run(ctx)
		e.cleanup()
		if err != nil {
			return rep, fmt.Errorf("bench: %s: %w", engine, err)
		}
	}
	rep.Finished = time.Now().UTC()
	return rep, nil
}

// engineRun runs every section on one engine.
type engineRun struct {
	c      Config
	engine string
	rep    *EngineReport
	n      int      // stores opened, for file and schema names
	drops  []string // PostgreSQL schemas to drop
	closes []io.Closer
}

func (e *engineRun) logf(format string, args ...any) {
	fmt.Fprintf(e.c.Log, "%s %s: %s\n", time.Now().Format("15:04:05"), e.engine, fmt.Sprintf(format, args...))
}

// openStores returns a new, empty Tillit store (its guarantees less off)
// and a baseline on the engine; both are closed when the run ends.
func (e *engineRun) openStores(ctx context.Context, off benchonly.Off) (*tillitSide, *baseline, error) {
	e.n++
	var store tillit.Store
	var b *baseline
	var err error
	switch e.engine {
	case "sqlite":
		if store, err = sqlite.Open(ctx, filepath.Join(e.c.Dir, fmt.Sprintf("tillit-%d.db", e.n)), sqlite.Options{}); err != nil {
			return nil, nil, err
		}
		if b, err = openBaselineSQLite(ctx, filepath.Join(e.c.Dir, fmt.Sprintf("baseline-%d.db", e.n))); err != nil {
			store.Close()
			return nil, nil, err
		}
	case "postgres":
		dsn, err := e.schema(ctx)
		if err != nil {
			return nil, nil, err
		}
		if store, err = postgres.Open(ctx, dsn, postgres.Options{}); err != nil {
			return nil, nil, err
		}
		if dsn, err = e.schema(ctx); err != nil {
			store.Close()
			return nil, nil, err
		}
		if b, err = openBaselinePostgres(ctx, dsn); err != nil {
			store.Close()
			return nil, nil, err
		}
	default:
		return nil, nil, fmt.Errorf("no engine %q (there are sqlite and postgres)", e.engine)
	}
	t, err := openTillit(ctx, e.engine, store, off)
	if err != nil {
		store.Close()
		b.Close()
		return nil, nil, err
	}
	e.closes = append(e.closes, t, b)
	return t, b, nil
}

// schema creates a PostgreSQL schema of the run's own and returns a DSN
// whose search_path selects it.
func (e *engineRun) schema(ctx context.Context) (string, error) {
	db, err := sql.Open("pgx", e.c.Postgres)
	if err != nil {
		return "", errors.New("the PostgreSQL connection string could not be parsed")
	}
	defer db.Close()
	name := "tillit_bench_" + strings.ToLower(rand.Text()[:10])
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+name); err != nil {
		return "", fmt.Errorf("create schema: %w", err)
	}
	e.drops = append(e.drops, name)
	return withSearchPath(e.c.Postgres, name), nil
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

// cleanup closes the run's stores and drops its schemas.
func (e *engineRun) cleanup() {
	for _, c := range e.closes {
		c.Close()
	}
	e.closes = nil
	if len(e.drops) == 0 {
		return
	}
	db, err := sql.Open("pgx", e.c.Postgres)
	if err != nil {
		return
	}
	defer db.Close()
	for _, s := range e.drops {
		db.ExecContext(context.Background(), "DROP SCHEMA "+s+" CASCADE")
	}
	e.drops = nil
}

// closeStores closes a pair of stores before the run ends, to free them.
func (e *engineRun) closeStores(t *tillitSide, b *baseline) {
	e.closes = slices.DeleteFunc(e.closes, func(c io.Closer) bool { return c == io.Closer(t) || c == io.Closer(b) })
	t.Close()
	b.Close()
}

func (e *engineRun) run(ctx context.Context) error {
	version, err := e.version(ctx)
	if err != nil {
		return err
	}
	e.rep.Version = version
	fmt.Fprintf(e.c.Out, "\n## %s (%s)\n", engineTitle(e.engine), version)
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"scales", e.scales},
		{"overhead", e.overhead},
		{"sweep", e.sweep},
		{"audit", e.audit},
		{"space", e.space},
		{"http", e.http},
	}
	for _, s := range steps {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.run(ctx); err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
	}
	return nil
}

func engineTitle(engine string) string {
	if engine == "postgres" {
		return "PostgreSQL"
	}
	return "SQLite"
}

// version asks the engine for its version.
func (e *engineRun) version(ctx context.Context) (string, error) {
	var db *sql.DB
	var err error
	q := "SELECT 'SQLite ' || sqlite_version() || ' (modernc.org/sqlite, pure Go)'"
	if e.engine == "postgres" {
		db, err = sql.Open("pgx", e.c.Postgres)
		q = "SELECT version()"
	} else {
		db, err = sql.Open("sqlite", ":memory:")
	}
	if err != nil {
		return "", err
	}
	defer db.Close()
	var v string
	if err := db.QueryRowContext(ctx, q).Scan(&v); err != nil {
		return "", fmt.Errorf("engine version: %w", err)
	}
	return v, nil
}
