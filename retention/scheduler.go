package retention

import (
	"context"
	"log/slog"
	"time"

	"github.com/tillit-privacy/tillit"
)

// Scheduler runs the sweep at a fixed interval, as tillit serve does. Every
// node of a cluster may run one against the same store: each sweep claims
// its own subjects.
type Scheduler struct {
	Sweeper tillit.Retention
	Every   time.Duration // between the end of one sweep and the start of the next
	Batch   int           // subjects per transaction; the vault's default when 0
	Log     *slog.Logger  // counts only; never personal data
}

// Run sweeps at once and then every s.Every until ctx is done. A failed
// sweep is logged and tried again at the next tick: what it did not
// commit is still due.
func (s *Scheduler) Run(ctx context.Context) {
	ctx = tillit.WithActor(ctx, "retention")
	log := s.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for {
		start := time.Now()
		r, err := s.Sweeper.Sweep(ctx, s.Batch, false)
		switch {
		case ctx.Err() != nil:
			return
		case err != nil:
			log.Error("retention sweep failed", "err", err)
		case r.Subjects > 0:
			log.Info("retention sweep", "subjects", r.Subjects, "deleted", r.Deleted, "anonymised", r.Anonymised,
				"archived", r.Archived, "tasks", r.Tasks, "shredded", r.Shredded, "lag_seconds", r.Lag.Seconds(),
				"took_seconds", time.Since(start).Seconds())
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(s.Every):
		}
	}
}
