package demo

import (
	"context"
	"time"

	"github.com/tillit-privacy/tillit"
)

// planSweeps plans a retention sweep every night of the history, as
// tillit serve runs them, so that what the register's rules made due was
// deleted, anonymised or archived when it fell due, and review tasks
// were raised then.
func (f *filler) planSweeps() {
	y, m, d := f.from.In(tillit.Stockholm).Date()
	for t := time.Date(y, m, d+1, 3, 0, 0, 0, tillit.Stockholm); t.Before(f.now); t = t.AddDate(0, 0, 1) {
		f.add(t.UTC(), nil, func(ctx context.Context) error {
			rep, err := f.a.Vault.Sweep(ctx, 0, false)
			f.rep.Retention.Add(rep)
			return err
		})
	}
}
