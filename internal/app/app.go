// Package app opens Tillit's services over one store, sharing one core:
// the vault, rights requests, the breach register, access and cookie
// proofs. cmd/tillit, the benchmark, the demo and the tests open them
// through it, so that they are wired the same way everywhere.
package app

import (
	"context"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/access"
	"github.com/tillit-privacy/tillit/audit"
	"github.com/tillit-privacy/tillit/breach"
	"github.com/tillit-privacy/tillit/cookies"
	"github.com/tillit-privacy/tillit/internal/core"
	"github.com/tillit-privacy/tillit/requests"
	"github.com/tillit-privacy/tillit/server"
	"github.com/tillit-privacy/tillit/vault"
)

// Config is what the services need: the store, the register, the
// key-encryption key, the clock and the centre's settings.
type Config = core.Config

// App is the services over one store.
type App struct {
	Store    tillit.Store
	Vault    *vault.Vault
	Requests *requests.Service
	Breaches *breach.Register
	Access   *access.Service
	Cookies  *cookies.Service
}

// Open opens the services over cfg.Store. The first time a store is opened
// it creates the blind-index key, wrapped by the key-encryption key.
func Open(ctx context.Context, cfg Config) (*App, error) {
	c, err := core.Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return &App{
		Store:    cfg.Store,
		Vault:    vault.New(c),
		Requests: requests.New(c),
		Breaches: breach.New(c),
		Access:   access.New(c),
		Cookies:  cookies.New(c),
	}, nil
}

// Server returns the HTTP server over the services, as tillit serve runs
// it; the caller sets its limits, log and the register's file.
func (a *App) Server() *server.Server {
	return &server.Server{
		Vault: a.Vault, Retention: a.Vault, Requests: a.Requests, Centre: a.Requests, Breaches: a.Breaches,
		Access: a.Access, Cookies: a.Cookies, Audit: audit.Log{Store: a.Store},
	}
}
