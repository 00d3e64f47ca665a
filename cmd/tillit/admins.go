package main

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/internal/app"
)

type adminsCmd struct {
	Create   createAdminCmd   `cmd:"" help:"Create a user of the admin web UI; the password is read from stdin."`
	List     listAdminsCmd    `cmd:"" help:"List the users of the admin, disabled ones too."`
	Password adminPasswordCmd `cmd:"" help:"Set a user's password (read from stdin); their sessions end."`
	Role     adminRoleCmd     `cmd:"" help:"Change a user's role."`
	Disable  adminDisableCmd  `cmd:"" help:"Stop a user from signing in; their sessions end at once."`
	Enable   adminEnableCmd   `cmd:"" help:"Let a disabled user sign in again."`
}

type createAdminCmd struct {
	vaultFlags
	Login string `arg:"" help:"The user name to sign in with."`
	Name  string `required:"" help:"The user's name, as shown in the admin."`
	Role  string `default:"officer" enum:"officer,auditor" help:"officer (acts on requests, incidents and tasks) or auditor (reads only)."`
}

// readPassword reads a password from the first line of stdin.
func readPassword(e *env) (string, error) {
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", errors.New("give the password on stdin, e.g. from a password manager: tillit admins create ... < file")
	}
	return strings.TrimRight(line, "\r\n"), nil
}

func (c *createAdminCmd) Run(e *env) error {
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		u, err := a.Access.CreateAdmin(e.ctx, c.Login, c.Name, tillit.AdminRole(c.Role), pw)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(e.stdout, "user %s (%s) can sign in at /admin as %s\n", u.ID, u.Role, u.Login)
		return nil, nil
	})
}

type listAdminsCmd struct {
	vaultFlags
}

func (c *listAdminsCmd) Run(e *env) error {
	return withVault(e, &c.vaultFlags, func(a *app.App, e *env) (any, error) {
		us, err := a.Access.Admins(e.ctx)
		if err != nil {
			return nil, err
		}
		w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "USER\tLOGIN\tNAME\tROLE\tCREATED\tDISABLED")
		for _, u := range us {
			disabled := "-"
			if u.IsDisabled() {
				disabled = minute(u.Disabled)
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", u.ID, u.Login, u.Name, u.Role, minute(u.Created), disabled)
		}
		return nil, w.Flush()
	})
}

type adminPasswordCmd struct {
	vaultFlags
	Login string `arg:"" help:"The user name."`
}

func (c *adminPasswordCmd) Run(e *env) error {
	pw, err := readPassword(e)
	if err != nil {
		return err
	}
	return c.change(e, c.Login, tillit.AdminChange{Password: &pw}, "password set; sessions ended")
}

type adminRoleCmd struct {
	vaultFlags
	Login string `arg:"" help:"The user name."`
	Role  string `arg:"" enum:"officer,auditor" help:"officer or auditor."`
}

func (c *adminRoleCmd) Run(e *env) error {
	role := tillit.AdminRole(c.Role)
	return c.change(e, c.Login, tillit.AdminChange{Role: &role}, "role is now "+c.Role)
}

type adminDisableCmd struct {
	vaultFlags
	Login string `arg:"" help:"The user name."`
}

func (c *adminDisableCmd) Run(e *env) error {
	on := true
	return c.change(e, c.Login, tillit.AdminChange{Disabled: &on}, "disabled; sessions ended")
}

type adminEnableCmd struct {
	vaultFlags
	Login string `arg:"" help:"The user name."`
}

func (c *adminEnableCmd) Run(e *env) error {
	off := false
	return c.change(e, c.Login, tillit.AdminChange{Disabled: &off}, "enabled")
}

// change applies a change to a user and says what was done.
func (f *vaultFlags) change(e *env, login string, ch tillit.AdminChange, done string) error {
	return withVault(e, f, func(a *app.App, e *env) (any, error) {
		u, err := a.Access.ChangeAdmin(e.ctx, login, ch)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(e.stdout, "%s: %s\n", u.ID, done)
		return nil, nil
	})
}
