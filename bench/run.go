package bench

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// status is how an operation ended when it did not fail.
type status int

const (
	statusOK       status = iota
	statusNotFound        // the record or person was not there (deleted before)
	statusRefused         // Tillit refused the use: consent withdrawn, an objection
)

// Latency sums up one kind of operation of a run, times in microseconds.
type Latency struct {
	Op       Op      `json:"op"`
	Count    int     `json:"count"`
	NotFound int     `json:"not_found,omitempty"`
	Refused  int     `json:"refused,omitempty"`
	MeanUS   float64 `json:"mean_us"`
	P50US    float64 `json:"p50_us"`
	P99US    float64 `json:"p99_us"`
}

// Result is the result of running a list of steps.
type Result struct {
	Ops       int       `json:"ops"`
	Seconds   float64   `json:"seconds"`
	OpsPerSec float64   `json:"ops_per_sec"`
	Errors    int       `json:"errors,omitempty"`
	FirstErr  string    `json:"first_error,omitempty"`
	PerOp     []Latency `json:"per_op"`
}

type sample struct {
	op  Op
	d   time.Duration
	st  status
	err error
}

// runSteps runs steps with clients goroutines taking the next step in
// turn, and times each.
func runSteps(ctx context.Context, clients int, steps []Step, do func(context.Context, Step) (status, error)) Result {
	samples := make([]sample, len(steps))
	var next atomic.Int64
	var wg sync.WaitGroup
	began := time.Now()
	for range max(clients, 1) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(steps) || ctx.Err() != nil {
					return
				}
				t0 := time.Now()
				st, err := do(ctx, steps[i])
				samples[i] = sample{op: steps[i].Op, d: time.Since(t0), st: st, err: err}
			}
		})
	}
	wg.Wait()
	took := time.Since(began)
	return summarise(samples, took)
}

func summarise(samples []sample, took time.Duration) Result {
	r := Result{Ops: len(samples), Seconds: took.Seconds()}
	if took > 0 {
		r.OpsPerSec = float64(len(samples)) / took.Seconds()
	}
	by := map[Op][]time.Duration{}
	stats := map[Op]*Latency{}
	var order []Op
	for _, s := range samples {
		if s.op == "" {
			continue // not run: cancelled
		}
		l, ok := stats[s.op]
		if !ok {
			l = &Latency{Op: s.op}
			stats[s.op] = l
			order = append(order, s.op)
		}
		l.Count++
		switch {
		case s.err != nil:
			r.Errors++
			if r.FirstErr == "" {
				r.FirstErr = fmt.Sprintf("%s: %v", s.op, s.err)
			}
		case s.st == statusNotFound:
			l.NotFound++
		case s.st == statusRefused:
			l.Refused++
		}
		by[s.op] = append(by[s.op], s.d)
	}
	slices.SortFunc(order, func(a, b Op) int { return opRank(a) - opRank(b) })
	for _, op := range order {
		l := stats[op]
		ds := by[op]
		l.MeanUS, l.P50US, l.P99US = percentiles(ds)
		r.PerOp = append(r.PerOp, *l)
	}
	return r
}

func opRank(op Op) int {
	for i, o := range []Op{OpInsert, OpRead, OpReadMeta, OpUpdate, OpUpdateMeta, OpDelete, OpDeleteMeta} {
		if o == op {
			return i
		}
	}
	return 99
}

// percentiles returns the mean, median and 99th percentile of ds in
// microseconds.
func percentiles(ds []time.Duration) (mean, p50, p99 float64) {
	if len(ds) == 0 {
		return 0, 0, 0
	}
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	at := func(q float64) float64 {
		i := int(q * float64(len(ds)-1))
		return float64(ds[i].Nanoseconds()) / 1e3
	}
	return float64(sum.Nanoseconds()) / 1e3 / float64(len(ds)), at(0.5), at(0.99)
}
