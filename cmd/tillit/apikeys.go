package main

import (
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
)

type apikeysCmd struct {
	Create createAPIKeyCmd `cmd:"" help:"Create an API key with its scopes; its token is printed this once."`
	List   listAPIKeysCmd  `cmd:"" help:"List the API keys with their scopes, revoked ones too."`
	Revoke revokeAPIKeyCmd `cmd:"" help:"Revoke an API key: its token stops working at once."`
}

type createAPIKeyCmd struct {
	vaultFlags
	Name   string   `required:"" help:"What the key is for, e.g. the integration's name; not a person's name."`
	Scopes []string `required:"" name:"scope" short:"s" placeholder:"SCOPE" help:"A scope: admin, collect, find, events, consents, requests, register, read:<purpose>, read:*, disclose:<purpose> or disclose:*. Repeat for more."`
	JSON   bool     `help:"Print JSON: the key and its token."`
}

func (c *createAPIKeyCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		k, token, err := a.Access.CreateAPIKey(e.ctx, c.Name, c.Scopes)
		if err != nil || c.JSON {
			return struct {
				Key   tillit.APIKey `json:"key"`
				Token string        `json:"token"`
			}{k, token}, err
		}
		// The token has a line of its own, for scripts to pick out.
		fmt.Fprintf(e.stdout, "key     %s\nscopes  %s\n\n%s\n\n", k.ID, strings.Join(k.Scopes, " "), token)
		fmt.Fprintln(e.stdout, "The token above is shown only this once: put it in the integration's secret store now. Tillit keeps only a keyed hash of it.")
		return nil, nil
	})
}

type listAPIKeysCmd struct {
	vaultFlags
	JSON bool `help:"Print JSON."`
}

func (c *listAPIKeysCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		ks, err := a.Access.APIKeys(e.ctx)
		if err != nil || c.JSON {
			if ks == nil {
				ks = []tillit.APIKey{}
			}
			return ks, err
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "KEY\tNAME\tSCOPES\tCREATED\tREVOKED")
		for _, k := range ks {
			revoked := "-"
			if k.IsRevoked() {
				revoked = minute(k.Revoked)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, strings.Join(k.Scopes, " "), minute(k.Created), revoked)
		}
		return nil, w.Flush()
	})
}

// minute formats a time to the minute, in Swedish time.
func minute(t time.Time) string { return t.In(tillit.Stockholm).Format("2006-01-02 15:04") }

type revokeAPIKeyCmd struct {
	vaultFlags
	ID string `arg:"" help:"The key's ID (ak_...)."`
}

func (c *revokeAPIKeyCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		if err := a.Access.RevokeAPIKey(e.ctx, c.ID); err != nil {
			return nil, err
		}
		fmt.Fprintf(e.stdout, "revoked %s: its token no longer works\n", c.ID)
		return nil, nil
	})
}
