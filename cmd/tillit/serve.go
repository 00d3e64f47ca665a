package main

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/demo"
	"github.com/tillit-privacy/tillit/internal/app"
	"github.com/tillit-privacy/tillit/keys"
	"github.com/tillit-privacy/tillit/requests"
	"github.com/tillit-privacy/tillit/retention"
	"github.com/tillit-privacy/tillit/server"
)

type serveCmd struct {
	Addr string `help:"Where to listen." default:"127.0.0.1:8080" env:"TILLIT_ADDR" placeholder:"HOST:PORT"`
	storeFlags
	registerFlags
	SweepEvery time.Duration `help:"How often the retention sweep runs; 0 turns it off on this node." default:"1m" env:"TILLIT_SWEEP_EVERY"`
	SendEvery  time.Duration `help:"How often the outbox is delivered and unconfirmed requests expire; 0 turns it off on this node." default:"15s" env:"TILLIT_SEND_EVERY"`
	// CheckpointEvery bounds how much of the audit log a checkpoint has
	// not yet vouched for (docs/audit.md).
	CheckpointEvery time.Duration `name:"checkpoint-every" help:"How often the heads of the audit log's lanes are chained together in a checkpoint (also when tillit stops); 0 turns it off on this node." default:"5s" env:"TILLIT_CHECKPOINT_EVERY"`
	PublicURL       string        `name:"public-url" help:"Where people reach the privacy centre, e.g. https://example.se: the e-mails link to its pages (confirm a request, download an extract, withdraw consent). http://localhost:PORT of --addr when empty." env:"TILLIT_PUBLIC_URL" placeholder:"URL"`
	KeyRate         float64       `help:"Calls a second each API key may make." default:"500" env:"TILLIT_KEY_RATE"`
	KeyBurst        int           `help:"Calls an API key may make at once beyond its rate." default:"1000" env:"TILLIT_KEY_BURST"`
	IPRate          float64       `name:"ip-rate" help:"Calls a second each address may make without a key (pages, failed authentications)." default:"20" env:"TILLIT_IP_RATE"`
	IPBurst         int           `name:"ip-burst" help:"Calls an address may make at once without a key beyond its rate." default:"60" env:"TILLIT_IP_BURST"`
	Demo            bool          `help:"Fill an empty store with made-up people, cases, consents, disclosures and open requests, and print an admin API key, to try Tillit. Never on real data." env:"TILLIT_DEMO"`
	DemoPeople      int           `help:"How many made-up people --demo makes." default:"200" env:"TILLIT_DEMO_PEOPLE"`
	// ConsentOrigins may record cookie choices besides the register's website.
	ConsentOrigins []string `name:"consent-origins" help:"Sites, besides the register's website, whose cookie banner (/consent.js) may record choices: origins such as https://www.example.se, comma-separated." env:"TILLIT_CONSENT_ORIGINS" placeholder:"ORIGIN,..."`
	mailFlags
}

func (c *serveCmd) Run(e *env) error {
	log := slog.New(slog.NewJSONHandler(e.stderr, nil))
	pol, source, findings, err := c.compiled(e)
	if err != nil {
		return err
	}
	for _, o := range c.ConsentOrigins {
		if _, err := server.ConsentOrigin(o); err != nil {
			return fmt.Errorf("--consent-origins: %w", err)
		}
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
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	defer ln.Close() // on an early return; Serve closes it too
	public, err := publicURL(c.PublicURL, ln.Addr().String())
	if err != nil {
		return err
	}
	if c.PublicURL == "" {
		log.Warn("no --public-url (TILLIT_PUBLIC_URL): links in e-mails (confirm a request, download an extract, withdraw consent) point at "+public+", which only works on this machine",
			"public_url", public)
	}
	a, err := app.Open(e.ctx, app.Config{Store: store, Policy: pol, KEK: kek, PublicURL: public})
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

	if c.Demo {
		if err := c.demo(e, a, store, kek, log); err != nil {
			return err
		}
	}

	metrics := server.NewMetrics(a.Requests)
	if p, ok := store.(interface{ Pool() *pgxpool.Pool }); ok && p.Pool() != nil {
		metrics.Registry.MustRegister(poolCollector{p.Pool()})
	}
	web := a.Server()
	web.Log, web.Metrics = log, metrics
	web.RegisterFile, web.Findings, web.SweepEvery = source, findings, c.SweepEvery
	web.ConsentOrigins = c.ConsentOrigins
	web.Limits = server.Limits{KeyRate: c.KeyRate, KeyBurst: c.KeyBurst, IPRate: c.IPRate, IPBurst: c.IPBurst, MaxBody: 1 << 20}
	srv := &http.Server{
		Handler:           web.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute, // a large extract as PDF
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ctx, stop := context.WithCancel(e.ctx)
	defer stop()
	var wg sync.WaitGroup
	if c.SweepEvery > 0 {
		sched := &retention.Scheduler{Sweeper: countedSweeps{a.Vault, metrics}, Every: c.SweepEvery, Log: log}
		wg.Go(func() { sched.Run(ctx) })
	}
	if c.SendEvery > 0 {
		wg.Go(func() { runOutbox(ctx, a.Requests, post, c.SendEvery, log, metrics) })
	}
	if c.CheckpointEvery > 0 {
		wg.Go(func() { runCheckpoints(ctx, store, c.CheckpointEvery, log) })
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	fmt.Fprintf(e.stdout, "Tillit is running on %s with the register %s.\n"+
		"Open http://%s/privacy for the privacy notice, http://%[3]s/admin for the admin (users: tillit admins create), http://%[3]s/docs for the API (keys: tillit apikeys create); stop with Ctrl-C.\n",
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
	if c.CheckpointEvery > 0 {
		// The requests, the sweep and the outbox have stopped: this
		// checkpoint vouches for every entry this node wrote.
		last, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := (audit.Log{Store: store}).Checkpoint(last, time.Now()); err != nil {
			log.Error("audit checkpoint at shutdown", "err", err)
		}
	}
	log.Info("stopped")
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// runCheckpoints writes a checkpoint of the audit log every interval
// until ctx ends. Run writes the last one once everything else stopped.
func runCheckpoints(ctx context.Context, store tillit.Store, every time.Duration, log *slog.Logger) {
	l := audit.Log{Store: store}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := l.Checkpoint(ctx, time.Now()); err != nil && ctx.Err() == nil {
				log.Error("audit checkpoint", "err", err)
			}
		}
	}
}

// runOutbox delivers the outbox and expires unconfirmed requests every
// interval until ctx ends. Failures are logged without personal data: the
// outbox's errors name stages and status codes only.
func runOutbox(ctx context.Context, v *requests.Service, post requests.Post, every time.Duration, log *slog.Logger, m *server.Metrics) {
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
			if rep != (requests.DeliveryReport{}) {
				log.Info("outbox", "delivered", rep.Delivered, "retry", rep.Retry, "gave_up", rep.GaveUp)
				m.Outbox.WithLabelValues("delivered").Add(float64(rep.Delivered))
				m.Outbox.WithLabelValues("retry").Add(float64(rep.Retry))
				m.Outbox.WithLabelValues("gave_up").Add(float64(rep.GaveUp))
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

// countedSweeps counts what the retention sweeps do in the metrics.
type countedSweeps struct {
	tillit.Retention
	m *server.Metrics
}

func (c countedSweeps) Sweep(ctx context.Context, batch int, dryRun bool) (tillit.SweepReport, error) {
	r, err := c.Retention.Sweep(ctx, batch, dryRun)
	if !dryRun {
		c.m.Swept.WithLabelValues("deleted").Add(float64(r.Deleted))
		c.m.Swept.WithLabelValues("anonymised").Add(float64(r.Anonymised))
		c.m.Swept.WithLabelValues("archived").Add(float64(r.Archived))
	}
	return r, err
}

// demo fills an empty store with made-up people and prints an admin API
// key to try the API with. A store that already holds people is left as
// it is.
func (c *serveCmd) demo(e *env, a *app.App, store tillit.Store, kek *keys.KEK, log *slog.Logger) error {
	rep, err := demo.Fill(e.ctx, a.Vault, demo.Options{People: c.DemoPeople, Store: store, KEK: kek})
	if tillit.ErrorCode(err) == tillit.ECONFLICT {
		fmt.Fprintln(e.stdout, "--demo: the store already holds data; no made-up people added.")
		return nil
	}
	if err != nil {
		return err
	}
	log.Info("demo data", "people", rep.People, "requests", rep.Requests, "open", rep.Open, "overdue", rep.Overdue)
	_, token, err := a.Access.CreateAPIKey(tillit.WithActor(e.ctx, "demo"), "demo", []string{tillit.ScopeAdmin})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "--demo: %d made-up people, %d requests (%d open, %d overdue).\nAn admin API key for trying the API (shown once): %s\n",
		rep.People, rep.Requests, rep.Open, rep.Overdue, token)
	pw := rand.Text()
	if _, err := a.Access.CreateAdmin(tillit.WithActor(e.ctx, "demo"), "demo", "Demo Officer", tillit.RoleOfficer, pw); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Sign in to the admin as demo with the password (shown once): %s\n", pw)
	return nil
}
