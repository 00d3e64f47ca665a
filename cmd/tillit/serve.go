package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/examples"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/postgres"
	"github.com/tillit-privacy/tillit/register"
	"github.com/tillit-privacy/tillit/retention"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/sqlite"
	"github.com/tillit-privacy/tillit/vault"
)

type serveCmd struct {
	Addr       string        `help:"Where to listen." default:"127.0.0.1:8080" env:"TILLIT_ADDR" placeholder:"HOST:PORT"`
	Data       string        `help:"Directory of the embedded store (tillit.db) and, when no key is configured, its generated key." default:"tillit-data" env:"TILLIT_DATA" type:"path"`
	Postgres   string        `help:"A PostgreSQL connection string; used instead of the embedded store." env:"TILLIT_POSTGRES_DSN" placeholder:"DSN"`
	Register   string        `short:"r" help:"The register file (YAML); the Allkontrakt example when not given." env:"TILLIT_REGISTER" type:"path"`
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
	kek, err := c.kek(e, log)
	if err != nil {
		return err
	}
	var store tillit.Store
	if c.Postgres != "" {
		store, err = postgres.Open(e.ctx, c.Postgres, postgres.Options{})
	} else if err = os.MkdirAll(c.Data, 0o700); err == nil {
		store, err = sqlite.Open(e.ctx, filepath.Join(c.Data, "tillit.db"), sqlite.Options{})
	}
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
		Handler:           (&server.Server{Policy: v.Policy, Store: store}).Handler(),
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

func (c *serveCmd) storeName() string {
	if c.Postgres != "" {
		return "PostgreSQL"
	}
	return filepath.Join(c.Data, "tillit.db")
}

// policy compiles the register given, or the embedded example.
func (c *serveCmd) policy(e *env) (*tillit.Policy, string, error) {
	if c.Register != "" {
		pol, err := compile(e, c.Register)
		return pol, c.Register, err
	}
	pol, problems := register.Compile("examples/allkontrakt.yaml", examples.Allkontrakt)
	if pol == nil {
		return nil, "", fmt.Errorf("the embedded example register: %v", problems)
	}
	return pol, "examples/allkontrakt.yaml (built in)", nil
}

// kek loads the key-encryption key. With none configured and the embedded
// store, it uses (and on first start creates) DATA/kek.json, and says that
// a key kept beside the data protects nothing once both are copied.
func (c *serveCmd) kek(e *env, log *slog.Logger) (*keys.KEK, error) {
	if e.getenv("TILLIT_KEK_FILE") != "" || e.getenv("TILLIT_KEK") != "" || c.Postgres != "" {
		k, _, err := keys.Load(e.getenv)
		return k, err
	}
	path := filepath.Join(c.Data, "kek.json")
	if err := os.MkdirAll(c.Data, 0o700); err != nil {
		return nil, err
	}
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		js, err := keys.Generate()
		if err != nil {
			return nil, err
		}
		if err := writeKeyset(path, js); err != nil {
			return nil, err
		}
	}
	log.Warn("no key-encryption key configured: using one generated beside the data; for production keep it elsewhere and set TILLIT_KEK_FILE",
		"path", path)
	k, _, err := keys.Load(func(name string) string {
		if name == "TILLIT_KEK_FILE" {
			return path
		}
		return ""
	})
	return k, err
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
