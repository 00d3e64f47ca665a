package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/benchonly"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/vault"
)

// benchLimits raise the server's per-key rate limit (500/s, burst 1000 by
// default) out of the way, so that the benchmark measures the server and
// the store, not the limiter. Everything else is as served.
var benchLimits = server.Limits{KeyRate: 1e9, KeyBurst: 1 << 30, IPRate: server.DefaultLimits.IPRate,
	IPBurst: server.DefaultLimits.IPBurst, MaxBody: server.DefaultLimits.MaxBody}

// runOrder is the order the workloads run in on one store: the read-only
// ones first, so that they see every record; the table lists them in
// GDPRbench's order.
var runOrder = []string{"processor", "regulator", "customer", "controller"}

// publishedMax is the largest store the published client's variant runs
// on, and publishedOps the most operations it runs: each of its metadata
// operations reads or rewrites a quarter of the table.
const (
	publishedMax = 100_000
	publishedOps = 2_000
)

// insertKeys is where the keys of records a workload inserts begin, far
// beyond the records a store grows to.
const insertKeys = 1_000_000_000

// scales grows one baseline and one Tillit store through the run's sizes
// and, at each, runs the workloads, the published client's variant, the
// by-purpose operations and the access extract.
func (e *engineRun) scales(ctx context.Context) error {
	if !e.c.runs("workloads") && !e.c.runs("published") && !e.c.runs("bypurpose") && !e.c.runs("extract") {
		return nil
	}
	t, b, err := e.openStores(ctx, benchonly.Off{})
	if err != nil {
		return err
	}
	defer e.closeStores(t, b)
	var api *apiClient
	loaded := 0
	for si, sc := range e.c.Size.Scales {
		if e.c.MaxRecords > 0 && sc.Records > e.c.MaxRecords {
			e.rep.LeftOut = append(e.rep.LeftOut, sc.Records)
			fmt.Fprintf(e.c.Out, "\n### %s records: left out (--max-records %s)\n", num(sc.Records), num(e.c.MaxRecords))
			continue
		}
		row := &ScaleReport{Records: sc.Records}
		n := sc.Records - loaded
		mem, err := measure(func() error {
			e.logf("loading %d records into the baseline", n)
			began := time.Now()
			if err := b.load(ctx, loaded, n); err != nil {
				return err
			}
			row.BaselineLoadPerSec = perSec(n, time.Since(began))
			e.logf("loading %d records into Tillit (vault.CollectMany, %d per transaction)", n, bulk)
			began = time.Now()
			if err := t.load(ctx, loaded, n); err != nil {
				return err
			}
			row.TillitLoadPerSec = perSec(n, time.Since(began))
			return nil
		})
		if err != nil {
			return err
		}
		row.LoadMemory = mem
		loaded = sc.Records
		if sc.Ops > 0 && e.c.runs("workloads") {
			if err := e.workloads(ctx, t, b, sc, si, row); err != nil {
				return err
			}
		}
		// The published client's full scans are run up to GDPRbench's own
		// scale: at a million 1 KB records each scan reads a gigabyte.
		if sc.Ops > 0 && e.c.runs("published") && sc.Records <= publishedMax {
			w := workload("customer")
			steps := w.Plan(sc.Records, min(sc.Ops, publishedOps), seed("published", sc.Records), insertKeys)
			e.logf("customer as the published client runs it, baseline: %d ops", len(steps))
			r := runSteps(ctx, e.c.Clients, steps, b.doPublished)
			row.Published = &r
		}
		if sc.Ops > 0 && e.c.runs("bypurpose") {
			if err := e.byPurpose(ctx, t, b, row); err != nil {
				return err
			}
		}
		if e.c.runs("extract") {
			if api == nil {
				if api, err = newAPIClient(ctx, t, e.c.Clients); err != nil {
					return err
				}
				defer api.Close()
			}
			e.logf("timing %d access extracts through the HTTP API", e.c.Size.ExtractSamples)
			x, err := api.extracts(ctx, t, loaded, e.c.Size.ExtractSamples, seed("extract", sc.Records))
			if err != nil {
				return err
			}
			row.Extract = x
		}
		e.rep.Scales = append(e.rep.Scales, row)
		row.print(e.c.Out)
	}
	return nil
}

func workload(name string) Workload {
	for _, w := range Workloads {
		if w.Name == name {
			return w
		}
	}
	panic("bench: no workload " + name)
}

// seed is a run's fixed seed: the same steps on every run of a size.
func seed(name string, records int) uint64 {
	h := fnv.New64a()
	fmt.Fprintf(h, "%s/%d", name, records)
	return h.Sum64()
}

func perSec(n int, d time.Duration) float64 {
	if d <= 0 {
		return 0
	}
	return float64(n) / d.Seconds()
}

// workloads runs GDPRbench's four workloads by key on both sides.
func (e *engineRun) workloads(ctx context.Context, t *tillitSide, b *baseline, sc Scale, si int, row *ScaleReport) error {
	for _, name := range runOrder {
		w := workload(name)
		steps := w.Plan(sc.Records, sc.Ops, seed(name, sc.Records), insertKeys+si*10_000_000)
		pair := &Pair{Workload: name, Mix: w.MixString()}
		if name == "regulator" {
			// GDPRbench's regulator reads the log and checks compliance
			// once before its operations; the published clients do
			// nothing for either. Tillit verifies the whole audit chain
			// and asks the retention schedule what is overdue.
			began := time.Now()
			r, err := vault.Auditor{Store: t.store}.Verify(t.ctx)
			if err != nil {
				return err
			}
			if r.Broken != "" {
				return fmt.Errorf("regulator: the audit chain is broken: %s", r.Broken)
			}
			dry, err := t.v.Sweep(t.ctx, 0, true)
			if err != nil {
				return err
			}
			pair.TillitStart = &RegulatorStart{AuditEntries: r.Entries, Overdue: dry.Deleted + dry.Anonymised, Seconds: time.Since(began).Seconds()}
		}
		e.logf("%s, baseline: %d ops", name, len(steps))
		mem, _ := measure(func() error {
			pair.Baseline = runSteps(ctx, e.c.Clients, steps, b.do)
			return nil
		})
		pair.BaselineMemory = mem
		e.logf("%s, Tillit: %d ops", name, len(steps))
		mem, _ = measure(func() error {
			pair.Tillit = runSteps(ctx, e.c.Clients, steps, t.do)
			return nil
		})
		pair.TillitMemory = mem
		if pair.Baseline.OpsPerSec > 0 {
			pair.Ratio = pair.Tillit.OpsPerSec / pair.Baseline.OpsPerSec
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		row.Workloads = append(row.Workloads, pair)
	}
	slices.SortFunc(row.Workloads, func(a, b *Pair) int { return workloadRank(a.Workload) - workloadRank(b.Workload) })
	return nil
}

func workloadRank(name string) int {
	for i, w := range Workloads {
		if w.Name == name {
			return i
		}
	}
	return 99
}

// byPurpose times GDPRbench's metadata operations on every record of one
// purpose. Tillit has no bulk read of everyone's data for a purpose (data
// is used per person, and each use is audited); a change of purpose-level
// metadata is a change of the register; deleting by purpose is retiring
// the purpose in the register and sweeping.
func (e *engineRun) byPurpose(ctx context.Context, t *tillitSide, b *baseline, row *ScaleReport) error {
	e.logf("metadata operations by purpose")
	read := &ByPurpose{Op: "read-meta", Purpose: "msg", TillitNote: "no bulk read of everyone's data for a purpose: data is used per person, each use audited"}
	began := time.Now()
	n, err := b.byPurpose(ctx, OpReadMeta, "msg")
	if err != nil {
		return err
	}
	read.BaselineSeconds, read.BaselineRecords = time.Since(began).Seconds(), int(n)

	update := &ByPurpose{Op: "update-meta", Purpose: "2fa", TillitNote: "register change: who the purpose's data may be disclosed to (ACL, sharing), then the schedule checked"}
	began = time.Now()
	if n, err = b.byPurpose(ctx, OpUpdateMeta, "2fa"); err != nil {
		return err
	}
	update.BaselineSeconds, update.BaselineRecords = time.Since(began).Seconds(), int(n)
	began = time.Now()
	if err := t.share("2fa", true); err != nil {
		return err
	}
	update.TillitSeconds = time.Since(began).Seconds()
	if err := t.share("2fa", false); err != nil {
		return err
	}

	del := &ByPurpose{Op: "delete-meta", Purpose: "backup", TillitNote: "register change retiring the purpose, the schedule checked (everyone due), a sweep; people whose data went"}
	began = time.Now()
	if n, err = b.byPurpose(ctx, OpDeleteMeta, "backup"); err != nil {
		return err
	}
	del.BaselineSeconds, del.BaselineRecords = time.Since(began).Seconds(), int(n)
	began = time.Now()
	sw, err := t.retire("backup")
	if err != nil {
		return err
	}
	// People, as the baseline's rows are: each person's record is two
	// items here (e-mail and data). The sweep also takes what other rules
	// made due meanwhile (ads data whose consent a workload withdrew).
	del.TillitSeconds, del.TillitRecords = time.Since(began).Seconds(), sw.Shredded
	if err := t.restore(); err != nil {
		return err
	}
	for _, x := range []*ByPurpose{read, update, del} {
		if x.TillitSeconds > 0 {
			x.Ratio = x.BaselineSeconds / x.TillitSeconds
		}
	}
	row.ByPurpose = []*ByPurpose{read, update, del}
	return nil
}

// apiClient calls tillit serve's HTTP API, in process on a loopback port.
type apiClient struct {
	srv     *httptest.Server
	http    *http.Client
	admin   string
	collect string
}

func newAPIClient(ctx context.Context, t *tillitSide, clients int) (*apiClient, error) {
	_, admin, err := t.keys.CreateAPIKey(t.ctx, "bench-admin", []string{tillit.ScopeAdmin})
	if err != nil {
		return nil, err
	}
	_, collect, err := t.keys.CreateAPIKey(t.ctx, "bench-collect", []string{tillit.ScopeCollect})
	if err != nil {
		return nil, err
	}
	web := t.app.Server()
	web.Limits = benchLimits
	srv := httptest.NewServer(web.Handler())
	tr := &http.Transport{MaxIdleConns: clients * 2, MaxIdleConnsPerHost: clients * 2}
	return &apiClient{srv: srv, http: &http.Client{Transport: tr, Timeout: time.Minute}, admin: admin, collect: collect}, nil
}

func (a *apiClient) Close() error {
	a.http.CloseIdleConnections()
	a.srv.Close()
	return nil
}

// extracts times n full access extracts (GET /v1/subjects/{id}/extract,
// JSON) of people drawn at random from the first records, one at a time.
func (a *apiClient) extracts(ctx context.Context, t *tillitSide, records, n int, seed uint64) (*Extract, error) {
	r := rand.New(rand.NewPCG(seed, 1))
	var ds []time.Duration
	bytes := 0
	for tries := 0; len(ds) < n && tries < 10*n; tries++ {
		subj := t.subject(r.IntN(records))
		if subj == "" {
			continue
		}
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.srv.URL+"/v1/subjects/"+subj+"/extract?format=json&lang=en", nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("Authorization", "Bearer "+a.admin)
		began := time.Now()
		res, err := a.http.Do(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		took := time.Since(began)
		if err != nil {
			return nil, err
		}
		switch res.StatusCode {
		case http.StatusOK:
		case http.StatusNotFound:
			continue // erased by a workload
		default:
			return nil, fmt.Errorf("extract: %s: %.200s", res.Status, body)
		}
		if !json.Valid(body) {
			return nil, fmt.Errorf("extract: the answer is not JSON")
		}
		ds = append(ds, took)
		bytes += len(body)
	}
	x := &Extract{Samples: len(ds)}
	x.MeanMS, x.P50MS, x.P99MS = percentiles(ds)
	x.MeanMS, x.P50MS, x.P99MS = x.MeanMS/1e3, x.P50MS/1e3, x.P99MS/1e3
	if len(ds) > 0 {
		x.Bytes = bytes / len(ds)
	}
	return x, nil
}
