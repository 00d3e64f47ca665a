package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"
)

// Report is everything one run measured; it is written as JSON for
// tracking and printed as tables.
type Report struct {
	Started  time.Time       `json:"started"`
	Finished time.Time       `json:"finished"`
	Size     Size            `json:"size"`
	Clients  int             `json:"clients"`
	Machine  Machine         `json:"machine"`
	Mixes    []Mix           `json:"mixes"`
	Engines  []*EngineReport `json:"engines"`
}

// Mix is a workload's operation mix as run.
type Mix struct {
	Workload string `json:"workload"`
	Mix      string `json:"mix"`
}

// EngineReport is what was measured on one engine.
type EngineReport struct {
	Engine   string         `json:"engine"`
	Version  string         `json:"version,omitempty"`
	Skipped  string         `json:"skipped,omitempty"`
	Scales   []*ScaleReport `json:"scales,omitempty"`
	LeftOut  []int          `json:"scales_left_out,omitempty"` // store sizes not run (--max-records)
	Overhead []*OverheadRow `json:"overhead,omitempty"`
	// OverheadSkipped says why the per-guarantee breakdown was not run
	// (a build without the bench tag).
	OverheadSkipped string       `json:"overhead_skipped,omitempty"`
	Sweep           *SweepResult `json:"sweep,omitempty"`
	Audit           *AuditResult `json:"audit,omitempty"`
	Space           []*SpaceRow  `json:"space,omitempty"`
	HTTP            *HTTPResult  `json:"http,omitempty"`
}

// ScaleReport is what was measured with the stores at one size.
type ScaleReport struct {
	Records            int     `json:"records"`
	BaselineLoadPerSec float64 `json:"baseline_load_per_sec"`
	// TillitLoadPerSec is the bulk collect (import) rate: records
	// collected per second through vault.CollectMany.
	TillitLoadPerSec float64      `json:"tillit_load_per_sec"`
	LoadMemory       Memory       `json:"load_memory"`
	Workloads        []*Pair      `json:"workloads,omitempty"`
	Published        *Result      `json:"published_customer_baseline,omitempty"`
	ByPurpose        []*ByPurpose `json:"by_purpose,omitempty"`
	Extract          *Extract     `json:"extract,omitempty"`
}

// Pair is one workload run on both sides with the same steps.
type Pair struct {
	Workload       string          `json:"workload"`
	Mix            string          `json:"mix"`
	Baseline       Result          `json:"baseline"`
	Tillit         Result          `json:"tillit"`
	Ratio          float64         `json:"tillit_over_baseline"` // Tillit's ops/s ÷ the baseline's
	TillitStart    *RegulatorStart `json:"tillit_regulator_start,omitempty"`
	BaselineMemory Memory          `json:"baseline_memory"`
	TillitMemory   Memory          `json:"tillit_memory"`
}

// RegulatorStart is what Tillit does for the regulator before its
// operations: verify the audit chain and find what is overdue.
type RegulatorStart struct {
	AuditEntries int64   `json:"audit_entries"`
	Overdue      int     `json:"overdue"`
	Seconds      float64 `json:"seconds"`
}

// ByPurpose is one metadata operation on every record of a purpose.
type ByPurpose struct {
	Op              string  `json:"op"`
	Purpose         string  `json:"purpose"`
	BaselineRecords int     `json:"baseline_records"`
	BaselineSeconds float64 `json:"baseline_seconds"`
	TillitRecords   int     `json:"tillit_records,omitempty"`
	TillitSeconds   float64 `json:"tillit_seconds,omitempty"`
	Ratio           float64 `json:"baseline_time_over_tillit_time,omitempty"`
	TillitNote      string  `json:"tillit_note"`
}

// Extract is the latency of full access extracts through the HTTP API.
type Extract struct {
	Samples int     `json:"samples"`
	MeanMS  float64 `json:"mean_ms"`
	P50MS   float64 `json:"p50_ms"`
	P99MS   float64 `json:"p99_ms"`
	Bytes   int     `json:"bytes"` // mean size of the JSON
}

// OverheadRow is one configuration of the per-feature breakdown.
type OverheadRow struct {
	Config           string  `json:"config"`
	Run              Result  `json:"run"`
	AllOnOverThis    float64 `json:"all_on_time_over_this,omitempty"`     // > 1: this configuration is faster than all guarantees on
	ThisOverBaseline float64 `json:"ops_per_sec_over_baseline,omitempty"` // this configuration's ops/s ÷ the baseline's
}

// SweepResult is the retention sweep of records all due at once.
type SweepResult struct {
	Records              int     `json:"records"`
	Deleted              int     `json:"deleted"`
	Shredded             int     `json:"shredded"`
	Seconds              float64 `json:"seconds"`
	PerSec               float64 `json:"records_per_sec"`
	LagSeconds           float64 `json:"due_to_gone_seconds"`      // how long the sweep took to remove everything due, added to the wait for the next sweep
	WaitedSeconds        float64 `json:"waited_for_sweep_seconds"` // the oldest due record's age when the sweep began (standing for the scheduler's interval)
	ForegroundIdlePerSec float64 `json:"foreground_idle_per_sec"`
	ForegroundPerSec     float64 `json:"foreground_during_sweep_per_sec"`
	Memory               Memory  `json:"memory"`
}

// AuditResult is the audit chain's append and verification rates.
type AuditResult struct {
	Appended     int     `json:"appended"`
	AppendPerSec float64 `json:"append_per_sec"`
	Verified     int     `json:"verified"`
	VerifyPerSec float64 `json:"verify_per_sec"`
	Memory       Memory  `json:"memory"`
}

// SpaceRow is bytes on disk per byte of personal data.
type SpaceRow struct {
	Values                string  `json:"values"`
	People                int     `json:"people"`
	PersonalBytes         int64   `json:"personal_bytes"`
	BaselineBytes         int64   `json:"baseline_bytes"`
	TillitBytes           int64   `json:"tillit_bytes"`
	BaselineAmplification float64 `json:"baseline_amplification"`
	TillitAmplification   float64 `json:"tillit_amplification"`
}

// HTTPResult is single submissions through the HTTP API.
type HTTPResult struct {
	Submissions int     `json:"submissions"`
	Clients     int     `json:"clients"`
	PerSec      float64 `json:"per_sec"`
	MeanMS      float64 `json:"mean_ms"`
	P50MS       float64 `json:"p50_ms"`
	P99MS       float64 `json:"p99_ms"`
}

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func (r *Report) printHeader(w io.Writer) {
	m := r.Machine
	fmt.Fprintf(w, "# tillit bench --size %s\n\n", r.Size.Name)
	fmt.Fprintf(w, "Machine: %s, %d cores (GOMAXPROCS %d), %s RAM, %s, %s\n", m.CPU, m.Cores, m.GOMAXPROCS, m.Memory, m.OS, m.Go)
	fmt.Fprintf(w, "Clients: %d at once, the same on both sides. Ratios are Tillit ÷ baseline, pair by pair in this run.\n\n", r.Clients)
	fmt.Fprintln(w, "GDPRbench's mixes (weights from its workload files, normalised):")
	for _, m := range r.Mixes {
		fmt.Fprintf(w, "- %s: %s\n", m.Workload, m.Mix)
	}
}

func (s *ScaleReport) print(w io.Writer) {
	fmt.Fprintf(w, "\n### %s records\n\nLoad: baseline %s records/s; Tillit (vault.CollectMany) %s records/s; peak RSS %s\n",
		num(s.Records), num(s.BaselineLoadPerSec), num(s.TillitLoadPerSec), mib(s.LoadMemory.PeakRSS))
	if len(s.Workloads) > 0 {
		fmt.Fprintf(w, "\n| workload | baseline ops/s | Tillit ops/s | Tillit ÷ baseline | errors |\n|---|---:|---:|---:|---:|\n")
		for _, p := range s.Workloads {
			fmt.Fprintf(w, "| %s | %s | %s | %.2f× | %d / %d |\n", p.Workload, num(p.Baseline.OpsPerSec), num(p.Tillit.OpsPerSec), p.Ratio,
				p.Baseline.Errors, p.Tillit.Errors)
		}
		fmt.Fprintf(w, "\n| workload | op | count | baseline p50 / p99 µs | Tillit p50 / p99 µs | not found | refused |\n|---|---|---:|---:|---:|---:|---:|\n")
		for _, p := range s.Workloads {
			for i, b := range p.Baseline.PerOp {
				t := Latency{}
				if i < len(p.Tillit.PerOp) {
					t = p.Tillit.PerOp[i]
				}
				fmt.Fprintf(w, "| %s | %s | %d | %s / %s | %s / %s | %d / %d | %d |\n", p.Workload, b.Op, b.Count,
					num(b.P50US), num(b.P99US), num(t.P50US), num(t.P99US), b.NotFound, t.NotFound, t.Refused)
			}
		}
		for _, p := range s.Workloads {
			if p.TillitStart != nil {
				fmt.Fprintf(w, "\nRegulator's start: Tillit verified %s audit entries and found %d overdue records in %.2f s (the published clients do nothing here).\n",
					num(p.TillitStart.AuditEntries), p.TillitStart.Overdue, p.TillitStart.Seconds)
			}
			if p.Tillit.FirstErr != "" || p.Baseline.FirstErr != "" {
				fmt.Fprintf(w, "\n%s errors: baseline %q, Tillit %q\n", p.Workload, p.Baseline.FirstErr, p.Tillit.FirstErr)
			}
		}
	}
	if s.Published != nil {
		fmt.Fprintf(w, "\nCustomer as the published JDBC client runs it (read-meta selects every record of a random purpose), baseline only: %s ops/s", num(s.Published.OpsPerSec))
		for _, l := range s.Published.PerOp {
			if l.Op == OpReadMeta {
				fmt.Fprintf(w, "; read-meta p50 %s µs, p99 %s µs", num(l.P50US), num(l.P99US))
			}
		}
		fmt.Fprintln(w)
	}
	if len(s.ByPurpose) > 0 {
		fmt.Fprintf(w, "\n| by purpose | purpose | baseline | Tillit | baseline ÷ Tillit | Tillit does |\n|---|---|---:|---:|---:|---|\n")
		for _, b := range s.ByPurpose {
			t := "—"
			ratio := "—"
			if b.TillitSeconds > 0 {
				t = fmt.Sprintf("%s s", dur(b.TillitSeconds))
				if b.TillitRecords > 0 {
					t += fmt.Sprintf(" (%s records)", num(b.TillitRecords))
				}
				ratio = fmt.Sprintf("%.2f×", b.Ratio)
			}
			fmt.Fprintf(w, "| %s | %s | %s s (%s records) | %s | %s | %s |\n", b.Op, b.Purpose, dur(b.BaselineSeconds), num(b.BaselineRecords), t, ratio, b.TillitNote)
		}
	}
	if x := s.Extract; x != nil {
		fmt.Fprintf(w, "\nAccess extract (GET /v1/subjects/{id}/extract, JSON, %s bytes): p50 %.2f ms, p99 %.2f ms, mean %.2f ms over %d people\n",
			num(x.Bytes), x.P50MS, x.P99MS, x.MeanMS, x.Samples)
	}
}

func printOverhead(w io.Writer, rows []*OverheadRow, sc Scale) {
	fmt.Fprintf(w, "\n### What each guarantee costs (%s, %s records, %s ops)\n\n", overheadMix.MixString(), num(sc.Records), num(sc.Ops))
	fmt.Fprintf(w, "| configuration | ops/s | ÷ baseline | all on ÷ this (time) | insert p50 µs | read p50 µs | update p50 µs |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		p50 := map[Op]float64{}
		for _, l := range r.Run.PerOp {
			p50[l.Op] = l.P50US
		}
		vs, on := "", ""
		if r.ThisOverBaseline > 0 {
			vs = fmt.Sprintf("%.2f×", r.ThisOverBaseline)
		}
		if r.AllOnOverThis > 0 {
			on = fmt.Sprintf("%.2f", r.AllOnOverThis)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s |\n", r.Config, num(r.Run.OpsPerSec), vs, on, num(p50[OpInsert]), num(p50[OpRead]), num(p50[OpUpdate]))
	}
}

func (r *SweepResult) print(w io.Writer) {
	fmt.Fprintf(w, "\n### Retention sweep\n\n%s records of %s people due in the same minute: swept in %.2f s, %s records/s deleted, %s keys destroyed; "+
		"due-to-gone = the wait for the next sweep (here %.0f s) + %.2f s; foreground reads %s/s idle, %s/s during the sweep; peak RSS %s\n",
		num(r.Records), num(r.Records/2), r.Seconds, num(r.PerSec), num(r.Shredded), r.WaitedSeconds, r.LagSeconds, num(r.ForegroundIdlePerSec), num(r.ForegroundPerSec), mib(r.Memory.PeakRSS))
}

func (r *AuditResult) print(w io.Writer) {
	fmt.Fprintf(w, "\n### Audit chain\n\nAppend: %s entries/s (%s entries, each its own transaction); verification: %s entries/s over %s entries; peak RSS %s\n",
		num(r.AppendPerSec), num(r.Appended), num(r.VerifyPerSec), num(r.Verified), mib(r.Memory.PeakRSS))
}

func printSpace(w io.Writer, rows []*SpaceRow) {
	fmt.Fprintf(w, "\n### Bytes on disk per byte of personal data\n\n| values | people | personal data | baseline on disk | Tillit on disk | baseline × | Tillit × |\n|---|---:|---:|---:|---:|---:|---:|\n")
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %.2f | %.2f |\n", r.Values, num(r.People), mib(uint64(r.PersonalBytes)),
			mib(uint64(r.BaselineBytes)), mib(uint64(r.TillitBytes)), r.BaselineAmplification, r.TillitAmplification)
	}
}

func (r *HTTPResult) print(w io.Writer) {
	fmt.Fprintf(w, "\n### Single submissions through the HTTP API\n\nPOST /v1/submissions, %d clients, per-key rate limit raised: %s submissions/s, p50 %.2f ms, p99 %.2f ms (%s submissions)\n",
		r.Clients, num(r.PerSec), r.P50MS, r.P99MS, num(r.Submissions))
}

// num writes a number with thousands separators, no decimals above 100.
func num[T int | int64 | float64](v T) string {
	f := float64(v)
	if f != 0 && f < 100 && float64(int64(f)) != f {
		return fmt.Sprintf("%.1f", f)
	}
	s := fmt.Sprintf("%d", int64(f+0.5))
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func dur(s float64) string {
	if s < 0.01 {
		return fmt.Sprintf("%.5f", s)
	}
	return fmt.Sprintf("%.3f", s)
}

func mib(b uint64) string {
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}
