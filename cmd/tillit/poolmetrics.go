package main

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector exposes the PostgreSQL connection pool's statistics in
// /metrics: how full it is, and how often and how long callers waited for
// a connection (a sign that --pg-max-conns is too small).
type poolCollector struct{ pool *pgxpool.Pool }

var (
	poolConns = prometheus.NewDesc("tillit_pg_pool_connections",
		"PostgreSQL pool connections by state: acquired, idle, constructing; and max, the pool's size.", []string{"state"}, nil)
	poolAcquires = prometheus.NewDesc("tillit_pg_pool_acquires_total",
		"Connections taken from the pool: all, and those that had to wait for one (empty).", []string{"kind"}, nil)
	poolAcquireSeconds = prometheus.NewDesc("tillit_pg_pool_acquire_seconds_total",
		"Time spent taking connections from the pool, waits included.", nil, nil)
	poolNewConns = prometheus.NewDesc("tillit_pg_pool_new_connections_total",
		"Connections the pool opened (sessions started on the server).", nil, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- poolConns
	ch <- poolAcquires
	ch <- poolAcquireSeconds
	ch <- poolNewConns
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	for state, n := range map[string]int32{"acquired": s.AcquiredConns(), "idle": s.IdleConns(),
		"constructing": s.ConstructingConns(), "max": s.MaxConns()} {
		ch <- prometheus.MustNewConstMetric(poolConns, prometheus.GaugeValue, float64(n), state)
	}
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.AcquireCount()), "all")
	ch <- prometheus.MustNewConstMetric(poolAcquires, prometheus.CounterValue, float64(s.EmptyAcquireCount()), "empty")
	ch <- prometheus.MustNewConstMetric(poolAcquireSeconds, prometheus.CounterValue, s.AcquireDuration().Seconds())
	ch <- prometheus.MustNewConstMetric(poolNewConns, prometheus.CounterValue, float64(s.NewConnsCount()))
}
