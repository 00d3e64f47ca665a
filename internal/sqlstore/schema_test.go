package sqlstore_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx database/sql driver
	"github.com/tillit-privacy/tillit/internal/pgtest"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/sqlite"
	_ "modernc.org/sqlite" // the sqlite database/sql driver
)

// TestSchemaParity checks that the SQLite and PostgreSQL migrations give
// the same schema, modulo types: the same tables, the same columns in
// each (by name, and whether they may be null), the same primary keys,
// and the same indexes on the same columns. Indexes made by CREATE INDEX
// must have the same names too; those behind a UNIQUE constraint are
// compared by their columns only, as each engine names them its own way
// (sqlite_autoindex_items_1, items_id_key). The schema is read back from
// each engine's catalogue, not from the migration files, so that what is
// compared is what the engines made of them.
func TestSchemaParity(t *testing.T) {
	dsn := pgtest.Schema(t)
	lite := sqliteSchema(t)
	pg := postgresSchema(t, dsn)
	if len(lite) < 20 {
		t.Fatalf("SQLite has %d lines of schema, too few to be Tillit's:\n%s", len(lite), strings.Join(lite, "\n"))
	}
	for line, why := range exceptions {
		if !slices.Contains(lite, line[0]) || !slices.Contains(pg, line[1]) {
			t.Errorf("the exception %q / %q (%s) no longer holds: remove it", line[0], line[1], why)
		}
		lite = slices.DeleteFunc(lite, func(l string) bool { return l == line[0] })
		pg = slices.DeleteFunc(pg, func(l string) bool { return l == line[1] })
	}
	onlyLite, onlyPG := difference(lite, pg), difference(pg, lite)
	if len(onlyLite) > 0 || len(onlyPG) > 0 {
		t.Errorf("the schemas differ (fix with a new migration on the side that is wrong)\nonly in SQLite:\n\t%s\nonly in PostgreSQL:\n\t%s",
			listed(onlyLite), listed(onlyPG))
	}
}

// exceptions are the differences that are meant, as a line of SQLite's
// schema and the line of PostgreSQL's in its place, with the reason.
var exceptions = map[[2]string]string{
	{"goose_db_version column tstamp null", "goose_db_version column tstamp not null"}: "goose, not a migration of Tillit's, " +
		"creates its version table, tstamp nullable on SQLite and NOT NULL on PostgreSQL; goose fills it in on both and Tillit never reads it",
}

// The lines of a schema, one fact each, all of them starting with the
// table's name so that sorting groups them:
//
//	items
//	items column archived null
//	items column id not null
//	items primary key (n)
//	items unique (id)
//	items index items_subject (subject)

// sqliteSchema opens a new SQLite store, which migrates it, and reads
// its schema back.
func sqliteSchema(t *testing.T) []string {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "parity.db")
	store, err := sqlite.Open(ctx, path, sqlite.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tables := queryStrings(t, db, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	var lines []string
	for _, table := range tables {
		lines = append(lines, table)
		var pk []string
		rows := query(t, db, `SELECT name, "notnull", pk FROM pragma_table_info(?) ORDER BY pk`, table)
		for rows.Next() {
			var name string
			var notNull bool
			var pkAt int
			scan(t, rows, &name, &notNull, &pkAt)
			// SQLite lets a primary key that is not an INTEGER one hold
			// NULL unless it says NOT NULL; PostgreSQL never does. Tillit
			// writes no NULL key, so a key column counts as not null.
			lines = append(lines, columnLine(table, name, notNull || pkAt > 0))
			if pkAt > 0 {
				pk = append(pk, name)
			}
		}
		done(t, rows)
		if len(pk) > 0 {
			lines = append(lines, fmt.Sprintf("%s primary key (%s)", table, strings.Join(pk, ", ")))
		}
		type index struct {
			name, origin    string
			unique, partial bool
		}
		var indexes []index
		rows = query(t, db, `SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, table)
		for rows.Next() {
			var x index
			scan(t, rows, &x.name, &x.unique, &x.origin, &x.partial)
			indexes = append(indexes, x)
		}
		done(t, rows)
		for _, x := range indexes {
			if x.origin == "pk" {
				continue // the primary key, above
			}
			cols := queryStrings(t, db, `SELECT coalesce(name, '(expression)') FROM pragma_index_info(?) ORDER BY seqno`, x.name)
			lines = append(lines, indexLine(table, x.name, x.origin == "u", x.unique, x.partial, cols))
		}
	}
	slices.Sort(lines)
	return lines
}

// postgresSchema migrates a new schema on the test server and reads it
// back.
func postgresSchema(t *testing.T, dsn string) []string {
	ctx := t.Context()
	store, err := postgres.Open(ctx, dsn, postgres.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var lines []string
	lines = append(lines, queryStrings(t, db, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`)...)
	rows := query(t, db, `SELECT table_name, column_name, is_nullable = 'NO' FROM information_schema.columns
		WHERE table_schema = current_schema()`)
	for rows.Next() {
		var table, name string
		var notNull bool
		scan(t, rows, &table, &name, &notNull)
		lines = append(lines, columnLine(table, name, notNull))
	}
	done(t, rows)
	// Every index of the schema's tables, its key columns in order, and
	// whether a constraint (primary key, UNIQUE) made it.
	rows = query(t, db, `SELECT t.relname, i.relname, x.indisprimary, x.indisunique, x.indpred IS NOT NULL,
			EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u')),
			array_to_string(ARRAY(
				SELECT coalesce(a.attname, '(expression)')
				FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
				LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum AND k.attnum > 0
				WHERE k.ord <= x.indnkeyatts
				ORDER BY k.ord), ',')
		FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		JOIN pg_class t ON t.oid = x.indrelid
		WHERE t.relnamespace = current_schema()::regnamespace`)
	for rows.Next() {
		var table, name, cols string
		var primary, unique, partial, constraint bool
		scan(t, rows, &table, &name, &primary, &unique, &partial, &constraint, &cols)
		if primary {
			lines = append(lines, fmt.Sprintf("%s primary key (%s)", table, strings.ReplaceAll(cols, ",", ", ")))
			continue
		}
		lines = append(lines, indexLine(table, name, constraint, unique, partial, strings.Split(cols, ",")))
	}
	done(t, rows)
	slices.Sort(lines)
	return lines
}

func columnLine(table, name string, notNull bool) string {
	if notNull {
		return fmt.Sprintf("%s column %s not null", table, name)
	}
	return fmt.Sprintf("%s column %s null", table, name)
}

// indexLine describes an index: by its columns when a constraint made it,
// by its name and columns when CREATE INDEX did.
func indexLine(table, name string, constraint, unique, partial bool, cols []string) string {
	var b strings.Builder
	b.WriteString(table)
	switch {
	case constraint:
		b.WriteString(" unique")
	case unique:
		b.WriteString(" unique index " + name)
	default:
		b.WriteString(" index " + name)
	}
	fmt.Fprintf(&b, " (%s)", strings.Join(cols, ", "))
	if partial {
		b.WriteString(" where …")
	}
	return b.String()
}

// listed puts lines one to a line, indented, or says there are none.
func listed(lines []string) string {
	if len(lines) == 0 {
		return "(nothing)"
	}
	return strings.Join(lines, "\n\t")
}

// difference returns the lines of a that are not in b.
func difference(a, b []string) []string {
	var d []string
	for _, l := range a {
		if !slices.Contains(b, l) {
			d = append(d, l)
		}
	}
	return d
}

func query(t *testing.T, db *sql.DB, q string, args ...any) *sql.Rows {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return rows
}

func scan(t *testing.T, rows *sql.Rows, dest ...any) {
	t.Helper()
	if err := rows.Scan(dest...); err != nil {
		t.Fatal(err)
	}
}

func done(t *testing.T, rows *sql.Rows) {
	t.Helper()
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
}

func queryStrings(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows := query(t, db, q, args...)
	var out []string
	for rows.Next() {
		var s string
		scan(t, rows, &s)
		out = append(out, s)
	}
	done(t, rows)
	return out
}
