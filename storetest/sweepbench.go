package storetest

import (
	"crypto/rand"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tillit-privacy/tillit"
)

// BenchSweep loads a store with records items (two per subject: a name
// and an address from the order form, whose order got no offer) that all
// fall due within the same minute, then sweeps it once from start to
// end. It reports records deleted per second, the time from the sweep's
// start until the last due record was gone (the bound on due-to-gone lag,
// added to the scheduler's interval), the load rate and the peak heap in
// use during the sweep. Run it with -benchtime=1x: each iteration loads
// and sweeps a whole store.
func BenchSweep(b *testing.B, open Opener, records int) {
	for range b.N {
		b.StopTimer()
		e := newEnv(b, open(b), RetentionPolicy(b))
		start := e.Clock.Now()
		loaded := time.Now()
		load(b, e, records/2, start)
		loadSecs := time.Since(loaded).Seconds()

		e.Clock.Set(after(start, "30 days").Add(time.Minute))
		var peak atomic.Uint64
		done := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() { sampleHeap(&peak, done) })
		runtime.GC()
		b.StartTimer()
		began := time.Now()
		r, err := e.Vault.Sweep(e.Ctx, 500, false)
		took := time.Since(began)
		b.StopTimer()
		close(done)
		wg.Wait()
		if err != nil {
			b.Fatal(err)
		}
		if r.Deleted != records/2*2 || r.Shredded != records/2 {
			b.Fatalf("sweep = %+v, want %d records deleted", r, records)
		}
		b.ReportMetric(float64(r.Deleted)/took.Seconds(), "records/s")
		b.ReportMetric(took.Seconds(), "s-due-to-gone")
		b.ReportMetric(float64(records)/loadSecs, "load-records/s")
		b.ReportMetric(float64(peak.Load())/(1<<20), "MiB-peak-heap")
	}
}

// sampleHeap records the largest heap in use until done is closed.
func sampleHeap(peak *atomic.Uint64, done chan struct{}) {
	var m runtime.MemStats
	t := time.NewTicker(20 * time.Millisecond)
	defer t.Stop()
	for {
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
		select {
		case <-done:
			return
		case <-t.C:
		}
	}
}

// load writes n subjects straight through the store, in large
// transactions, as a bulk import would: each with a wrapped data key, an
// order case, the order_placed event, two sealed items and its place in
// the retention schedule. Collecting them one by one through the vault
// would take most of the benchmark's time.
func load(b *testing.B, e *Env, n int, start time.Time) {
	const per = 2000
	sealed := make([]byte, 48)
	rand.Read(sealed)
	due := after(start, "30 days")
	for i := 0; i < n; i += per {
		err := e.Store.Update(e.Ctx, func(tx tillit.Tx) error {
			for j := i; j < min(i+per, n); j++ {
				id := fmt.Sprintf("sub_%012d", j)
				at := start.Add(time.Duration(j%60) * time.Second)
				_, wrapped, err := e.KEK.NewDataKey(id)
				if err != nil {
					return err
				}
				if err := tx.InsertSubject(tillit.Subject{ID: id, Created: at}, wrapped); err != nil {
					return err
				}
				c := tillit.Case{ID: "case_" + id, Subject: id, Kind: "order", Point: "order_form", Opened: at}
				if err := tx.InsertCase(c); err != nil {
					return err
				}
				if err := tx.InsertEvent(tillit.EventRecord{ID: "evt_" + id, Subject: id, Event: "order_placed", Case: c.ID, At: at, Actor: "bench"}); err != nil {
					return err
				}
				for _, cat := range []string{"name", "address"} {
					it := tillit.Item{ID: "itm_" + cat + id, Subject: id, Category: cat, Purposes: []string{"ordering"},
						Point: "order_form", Case: c.ID, Provided: true, Collected: at, Sealed: sealed}
					if err := tx.InsertItem(it); err != nil {
						return err
					}
				}
				if err := tx.Schedule(id, due.Add(time.Duration(j%60)*time.Second)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// SweepRecords returns the size of BenchSweep's store: the environment
// variable TILLIT_BENCH_SWEEP_RECORDS, or 20,000.
func SweepRecords() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("TILLIT_BENCH_SWEEP_RECORDS"), &n); err != nil || n < 2 {
		return 20000
	}
	return n
}
