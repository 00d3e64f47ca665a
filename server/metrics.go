package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/tillit-privacy/tillit"
)

// Metrics are the server's Prometheus metrics. Labels hold route
// patterns, methods, status codes and outcomes: never a path with an ID in
// it, never personal data.
type Metrics struct {
	Registry *prometheus.Registry
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// Outbox counts messages delivered, retried and given up; Swept counts
	// items the retention sweep deleted, anonymised or archived. The
	// server's loops add to them.
	Outbox *prometheus.CounterVec
	Swept  *prometheus.CounterVec
}

// NewMetrics returns the metrics, with gauges of open and overdue requests
// and pending messages read from v when scraped.
func NewMetrics(v tillit.Requests) *Metrics {
	m := &Metrics{
		Registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tillit_http_requests_total", Help: "HTTP requests by route pattern, method and status code.",
		}, []string{"route", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tillit_http_request_duration_seconds", Help: "Time to answer HTTP requests, by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route"}),
		Outbox: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tillit_outbox_messages_total", Help: "Outbox messages by outcome: delivered, retry, gave_up.",
		}, []string{"outcome"}),
		Swept: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tillit_retention_items_total", Help: "Items the retention sweep handled, by action.",
		}, []string{"action"}),
	}
	m.Registry.MustRegister(m.requests, m.duration, m.Outbox, m.Swept,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if v != nil {
		m.Registry.MustRegister(&stateCollector{v: v})
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{})
}

// observe counts, times and logs every request by the pattern that
// matched. The log line has the method, route pattern, status and
// duration: never the path (it can hold IDs the pattern already names),
// the query or a body.
func (m *Metrics) observe(log *slog.Logger, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		took := time.Since(start)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(route).Observe(took.Seconds())
		level := slog.LevelInfo
		if sw.code >= 500 {
			level = slog.LevelError
		}
		log.LogAttrs(r.Context(), level, "http",
			slog.String("method", r.Method), slog.String("route", r.Pattern),
			slog.Int("status", sw.code), slog.Duration("took", took))
	})
}

// statusWriter remembers the status code written.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// stateCollector reports the vault's requests and outbox when scraped.
type stateCollector struct{ v tillit.Requests }

var (
	openDesc    = prometheus.NewDesc("tillit_requests_open", "Data subjects' requests not yet closed.", nil, nil)
	overdueDesc = prometheus.NewDesc("tillit_requests_overdue", "Open requests past their deadline (GDPR art. 12(3)).", nil, nil)
	pendingDesc = prometheus.NewDesc("tillit_outbox_pending", "Messages waiting in the outbox.", nil, nil)
)

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- openDesc
	ch <- overdueDesc
	ch <- pendingDesc
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	ctx = tillit.WithActor(ctx, "system:metrics")
	reqs, err := c.v.Requests(ctx, tillit.RequestFilter{Open: true})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(openDesc, err)
		return
	}
	now := time.Now()
	overdue := 0
	for _, r := range reqs {
		if r.Overdue(now) {
			overdue++
		}
	}
	ch <- prometheus.MustNewConstMetric(openDesc, prometheus.GaugeValue, float64(len(reqs)))
	ch <- prometheus.MustNewConstMetric(overdueDesc, prometheus.GaugeValue, float64(overdue))
	msgs, err := c.v.Messages(ctx, tillit.MessageFilter{Pending: true})
	if err != nil {
		ch <- prometheus.NewInvalidMetric(pendingDesc, err)
		return
	}
	ch <- prometheus.MustNewConstMetric(pendingDesc, prometheus.GaugeValue, float64(len(msgs)))
}
