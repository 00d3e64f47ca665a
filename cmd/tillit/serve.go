package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/retention"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/vault"
)

type serveCmd struct {
	Addr string `help:"Where to listen." default:"127.0.0.1:8080" env:"TILLIT_ADDR" placeholder:"HOST:PORT"`
	storeFlags
	registerFlags
	SweepEvery time.Duration `help:"How often the retention sweep runs; 0 turns it off on this node." default:"1m" env:"TILLIT_SWEEP_EVERY"`
	SendEvery  time.Duration `help:"How often the outbox is delivered and unconfirmed requests expire; 0 turns it off on this node." default:"15s" env:"TILLIT_SEND_EVERY"`
	ConfirmURL string        `help:"The page a request's confirmation link points at (it gets ?request=ID&code=CODE); none when empty." env:"TILLIT_CONFIRM_URL"`
	mailFlags
}

func (c *serveCmd) Run(e *env) error {
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	pol, source, err := c.policy(e)
	if err != nil {
		return err
	}
	kek, beside, err := c.kek(e, true)
	if err != nil {
		return err
	}
	if beside != "" {
		log.Warn("no key-encryption key configured: using one generated beside the data; for production keep it elsewhere and set TILLIT_KEK_FILE",
			"path", beside)
	}
	store, err := c.open(e, false)
	if err != nil {
		return err
	}
	defer store.Close()
	v, err := vault.Open(e.ctx, vault.Config{Store: store, Policy: pol, KEK: kek, ConfirmURL: c.ConfirmURL})
	if err != nil {
		return err
	}
	post, err := c.post(e)
	if err != nil {
		return err
	}
	if post.Mail == nil {
		log.Warn("no SMTP server configured (--smtp-host): e-mails to people and recipients wait in the outbox")
	}

	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           (&server.Server{Vault: v, Store: store, Log: log}).Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ctx, stop := context.WithCancel(e.ctx)
	defer stop()
	var wg sync.WaitGroup
	if c.SweepEvery > 0 {
		sched := &retention.Scheduler{Sweeper: v, Every: c.SweepEvery, Log: log}
		wg.Go(func() { sched.Run(ctx) })
	}
	if c.SendEvery > 0 {
		wg.Go(func() { runOutbox(ctx, v, post, c.SendEvery, log) })
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(e.stdout, "Tillit is running on %s with the register %s.\nOpen http://%s/privacy for the privacy notice; stop with Ctrl-C.\n",
		c.storeName(), source, ln.Addr())
	log.Info("serving", "addr", ln.Addr().String(), "sweep_every", c.SweepEvery.String())

	select {
	case err = <-served:
	case <-e.ctx.Done():
		// Let requests in flight finish; a sweep finishes its batch.
		shut, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		err = srv.Shutdown(shut)
	}
	stop()
	wg.Wait()
	log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// runOutbox delivers the outbox and expires unconfirmed requests every
// interval until ctx ends. Failures are logged without personal data: the
// outbox's errors name stages and status codes only.
func runOutbox(ctx context.Context, v *vault.Vault, post vault.Post, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	actx := tillit.WithActor(ctx, "system:outbox")
	for {
		if n, err := v.ExpireRequests(actx); err != nil {
			log.Error("expire requests", "err", err)
		} else if n > 0 {
			log.Info("requests expired", "count", n)
		}
		for {
			rep, err := v.Deliver(actx, post, 100)
			if err != nil {
				log.Error("outbox", "err", err)
				break
			}
			if rep != (vault.DeliveryReport{}) {
				log.Info("outbox", "delivered", rep.Delivered, "retry", rep.Retry, "gave_up", rep.GaveUp)
			}
			if rep.Delivered+rep.Retry+rep.GaveUp < 100 {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
