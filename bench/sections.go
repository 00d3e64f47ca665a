package bench

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/vault"
)

// overheadMix is the insert/read/update mix the per-feature breakdown
// runs: what BENCHMARK.md calls the compliance overhead.
var overheadMix = Workload{Name: "insert/read/update", Mix: []Weight{{OpInsert, 1}, {OpRead, 1}, {OpUpdate, 1}}}

// sweep loads records that all fall due in the same minute (two items per
// person, collected for ads, gone a day after collection), moves the
// clock a day and a minute on, and sweeps them, while clients read other
// people's data for a purpose in the foreground.
func (e *engineRun) sweep(ctx context.Context) error {
	if !e.c.runs("sweep") {
		return nil
	}
	t, b, err := e.openStores(ctx, benchonly.Off{})
	if err != nil {
		return err
	}
	defer e.closeStores(t, b)
	people := e.c.Size.Sweep / 2
	fore := max(people/10, 20)
	res := &SweepResult{Records: people * 2}
	e.logf("sweep: loading %d people (%d records) due together, and %d that stay", people, people*2, fore)
	// Records 0..people-1 are the ads records (every fourth key), the
	// ones after are two-factor records that stay.
	adsKey := func(i int) int { return 4 * i }
	stayKey := func(i int) int { return 4*i + 1 }
	subs := make([]tillit.Submission, 0, bulk)
	for i := 0; i < people; i += bulk {
		subs = subs[:0]
		for j := i; j < min(i+bulk, people); j++ {
			subs = append(subs, submission(adsKey(j)))
		}
		if _, err := t.v.CollectMany(t.ctx, subs); err != nil {
			return err
		}
	}
	staying := make([]string, fore)
	for i := range fore {
		r, err := t.v.Collect(t.ctx, submission(stayKey(i)))
		if err != nil {
			return err
		}
		staying[i] = r.Subject
	}
	use := func(stop *atomic.Bool) (int, time.Duration, error) {
		var n atomic.Int64
		var wg sync.WaitGroup
		var first atomic.Value
		began := time.Now()
		for c := range e.c.Clients {
			wg.Go(func() {
				for i := c; !stop.Load() && ctx.Err() == nil; i += e.c.Clients {
					if _, err := t.v.Use(t.ctx, staying[i%fore], "two_factor"); err != nil {
						first.CompareAndSwap(nil, err)
						return
					}
					n.Add(1)
				}
			})
		}
		wg.Wait()
		err, _ := first.Load().(error)
		return int(n.Load()), time.Since(began), err
	}
	// Foreground reads with nothing else running, for comparison.
	var stop atomic.Bool
	time.AfterFunc(time.Second, func() { stop.Store(true) })
	n, d, err := use(&stop)
	if err != nil {
		return err
	}
	res.ForegroundIdlePerSec = perSec(n, d)

	t.clock.Add(24*time.Hour + time.Minute)
	mem, err := measure(func() error {
		var stop atomic.Bool
		var fg struct {
			n   int
			d   time.Duration
			err error
		}
		var wg sync.WaitGroup
		wg.Go(func() { fg.n, fg.d, fg.err = use(&stop) })
		e.logf("sweep: sweeping")
		began := time.Now()
		r, err := t.v.Sweep(t.ctx, vault.DefaultBatch, false)
		took := time.Since(began)
		stop.Store(true)
		wg.Wait()
		if err != nil {
			return err
		}
		if fg.err != nil {
			return fg.err
		}
		res.Deleted, res.Shredded, res.Seconds = r.Deleted, r.Shredded, took.Seconds()
		res.PerSec = perSec(r.Deleted, took)
		// Everything fell due together: the last record is gone when the
		// sweep ends. The scheduler starts a sweep every interval (the
		// clock was moved a minute past the due time to stand for it).
		res.LagSeconds, res.WaitedSeconds = took.Seconds(), r.Lag.Seconds()
		res.ForegroundPerSec = perSec(fg.n, fg.d)
		return nil
	})
	if err != nil {
		return err
	}
	if res.Deleted != res.Records {
		return fmt.Errorf("sweep deleted %d records, want %d", res.Deleted, res.Records)
	}
	res.Memory = mem
	e.rep.Sweep = res
	res.print(e.c.Out)
	return nil
}

// audit appends audit entries from every client at once for a while (each
// call a transaction of its own, as a served API call is), then verifies
// the whole chain.
func (e *engineRun) audit(ctx context.Context) error {
	if !e.c.runs("audit") {
		return nil
	}
	t, b, err := e.openStores(ctx, benchonly.Off{})
	if err != nil {
		return err
	}
	defer e.closeStores(t, b)
	res := &AuditResult{}
	e.logf("audit: appending for %s", e.c.Size.Audit)
	mem, err := measure(func() error {
		var n atomic.Int64
		var first atomic.Value
		var wg sync.WaitGroup
		deadline := time.Now().Add(e.c.Size.Audit)
		began := time.Now()
		for range e.c.Clients {
			wg.Go(func() {
				for time.Now().Before(deadline) && ctx.Err() == nil {
					if err := t.v.AuditCall(t.ctx, "bench_call", "n="+strconv.FormatInt(n.Load(), 10)); err != nil {
						first.CompareAndSwap(nil, err)
						return
					}
					n.Add(1)
				}
			})
		}
		wg.Wait()
		if err, _ := first.Load().(error); err != nil {
			return err
		}
		res.Appended, res.AppendPerSec = int(n.Load()), perSec(int(n.Load()), time.Since(began))
		e.logf("audit: verifying the chain")
		began = time.Now()
		r, err := vault.Auditor{Store: t.store}.Verify(t.ctx)
		if err != nil {
			return err
		}
		if r.Broken != "" {
			return fmt.Errorf("the audit chain is broken: %s", r.Broken)
		}
		res.Verified, res.VerifyPerSec = int(r.Entries), perSec(int(r.Entries), time.Since(began))
		return nil
	})
	if err != nil {
		return err
	}
	res.Memory = mem
	e.rep.Audit = res
	res.print(e.c.Out)
	return nil
}

// Names for realistic values.
var (
	firstNames = []string{"Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Kristina", "Per", "Lena", "Mikael", "Sara", "Olof"}
	lastNames  = []string{"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Lindqvist"}
)

func name(n int) string {
	return firstNames[n%len(firstNames)] + " " + lastNames[(n/len(firstNames))%len(lastNames)]
}

func phone(n int) string { return fmt.Sprintf("070-%07d", n%10_000_000) }

// space stores the same people on both sides and compares the bytes on
// disk with the bytes of personal data: at GDPRbench's record size (the
// person's data is a whole 1 KB record) and at realistic sizes (a name,
// an e-mail address and a phone number).
func (e *engineRun) space(ctx context.Context) error {
	if !e.c.runs("space") {
		return nil
	}
	n := e.c.Size.Space
	for _, kind := range []string{"GDPRbench record (1 KB)", "name, e-mail, phone"} {
		t, b, err := e.openStores(ctx, benchonly.Off{})
		if err != nil {
			return err
		}
		realistic := kind != "GDPRbench record (1 KB)"
		row := &SpaceRow{Values: kind, People: n}
		e.logf("space: %s, %d people", kind, n)
		subs := make([]tillit.Submission, 0, bulk)
		for i := 0; i < n; i += bulk {
			subs = subs[:0]
			tx, err := b.w.BeginTx(ctx, nil)
			if err != nil {
				return err
			}
			ins := tx.StmtContext(ctx, b.insert)
			for j := i; j < min(i+bulk, n); j++ {
				fields := map[string]string{"email": email(j)}
				vals := record(j, 0)
				if realistic {
					fields["name"], fields["phone"] = name(j), phone(j)
					for f := range 9 {
						vals[1+f] = fieldValues[f][j%len(fieldValues[f])] // GDPRbench's values, unpadded
					}
					vals[10] = name(j) + ";" + email(j) + ";" + phone(j)
					row.PersonalBytes += int64(len(name(j)) + len(email(j)) + len(phone(j)))
				} else {
					var rec strings.Builder
					for f := range 10 {
						rec.WriteString(Field(j, f))
					}
					fields["data"] = rec.String()
					row.PersonalBytes += int64(rec.Len() + len(email(j)))
				}
				if _, err := ins.ExecContext(ctx, vals...); err != nil {
					tx.Rollback()
					return err
				}
				subs = append(subs, tillit.Submission{Point: "two_factor_form", Fields: fields})
			}
			if err := tx.Commit(); err != nil {
				return err
			}
			if _, err := t.v.CollectMany(t.ctx, subs); err != nil {
				return err
			}
		}
		if row.BaselineBytes, err = e.diskBytes(ctx, b.w, fmt.Sprintf("baseline-%d.db", e.n)); err != nil {
			return err
		}
		if row.TillitBytes, err = e.diskBytes(ctx, sqlDB(t.store), fmt.Sprintf("tillit-%d.db", e.n)); err != nil {
			return err
		}
		row.BaselineAmplification = float64(row.BaselineBytes) / float64(row.PersonalBytes)
		row.TillitAmplification = float64(row.TillitBytes) / float64(row.PersonalBytes)
		e.rep.Space = append(e.rep.Space, row)
		e.closeStores(t, b)
	}
	printSpace(e.c.Out, e.rep.Space)
	return nil
}

// http sends single submissions to POST /v1/submissions from every client
// at once, each a new person, for a while.
func (e *engineRun) http(ctx context.Context) error {
	if !e.c.runs("http") {
		return nil
	}
	t, b, err := e.openStores(ctx, benchonly.Off{})
	if err != nil {
		return err
	}
	defer e.closeStores(t, b)
	api, err := newAPIClient(ctx, t, e.c.Clients)
	if err != nil {
		return err
	}
	defer api.Close()
	e.logf("http: single submissions for %s", e.c.Size.HTTP)
	var next atomic.Int64
	samples := make([][]time.Duration, e.c.Clients)
	var first atomic.Value
	var wg sync.WaitGroup
	deadline := time.Now().Add(e.c.Size.HTTP)
	began := time.Now()
	for c := range e.c.Clients {
		wg.Go(func() {
			for time.Now().Before(deadline) && ctx.Err() == nil {
				body, _ := json.Marshal(submission(2*insertKeys + int(next.Add(1))))
				req, err := http.NewRequestWithContext(ctx, http.MethodPost, api.srv.URL+"/v1/submissions", bytes.NewReader(body))
				if err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
				req.Header.Set("Authorization", "Bearer "+api.collect)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				res, err := api.http.Do(req)
				if err != nil {
					first.CompareAndSwap(nil, err)
					return
				}
				msg, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if res.StatusCode != http.StatusCreated {
					first.CompareAndSwap(nil, fmt.Errorf("POST /v1/submissions: %s: %.200s", res.Status, msg))
					return
				}
				samples[c] = append(samples[c], time.Since(t0))
			}
		})
	}
	wg.Wait()
	took := time.Since(began)
	if err, _ := first.Load().(error); err != nil {
		return err
	}
	var all []time.Duration
	for _, s := range samples {
		all = append(all, s...)
	}
	res := &HTTPResult{Submissions: len(all), PerSec: perSec(len(all), took), Clients: e.c.Clients}
	res.MeanMS, res.P50MS, res.P99MS = percentiles(all)
	res.MeanMS, res.P50MS, res.P99MS = res.MeanMS/1e3, res.P50MS/1e3, res.P99MS/1e3
	e.rep.HTTP = res
	res.print(e.c.Out)
	return nil
}

// diskBytes returns the bytes a store takes on disk: on SQLite the
// database file (named file in the run's directory) after the write-ahead
// log is checkpointed into it, on PostgreSQL the total size of the tables,
// with their indexes and TOAST, of the schema the connection uses.
func (e *engineRun) diskBytes(ctx context.Context, db *sql.DB, file string) (int64, error) {
	if e.engine == "postgres" {
		var n int64
		err := db.QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint FROM pg_class c
			JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n)
		return n, err
	}
	if _, err := db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return 0, err
	}
	var total int64
	for _, suffix := range []string{"", "-wal"} {
		fi, err := os.Stat(filepath.Join(e.c.Dir, file+suffix))
		if err == nil {
			total += fi.Size()
		}
	}
	return total, nil
}

// sqlDB returns the database handle under a store.
func sqlDB(s tillit.Store) *sql.DB {
	return s.(interface{ DB() *sql.DB }).DB()
}
