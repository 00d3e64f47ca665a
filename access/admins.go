package access

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"
	"github.com/tillit-privacy/tillit"
	"github.com/tillit-privacy/tillit/catalog"
	"github.com/tillit-privacy/tillit/internal/core"
)

// The admin's sessions end after SessionIdle without use, and after
// SessionMax whatever their use.
const (
	SessionIdle = time.Hour
	SessionMax  = 12 * time.Hour
	// MinPassword and maxPassword bound a password's length in characters.
	MinPassword = 12
	maxPassword = 256
	adminPrefix = "ad"
)

// hashParams are argon2id's parameters for admin passwords (RFC 9106's
// second recommended option, at 64 MiB).
var hashParams = argon2id.DefaultParams

// hashing bounds how many argon2id computations run at once: each takes
// hashParams.Memory (64 MiB), and sign-in attempts from many addresses
// must not exhaust the host's memory. Attempts beyond it wait their turn.
var hashing = make(chan struct{}, 2)

// withHashing runs fn when a hashing slot is free, or returns ctx's error
// when ctx ends first.
func withHashing(ctx context.Context, fn func()) error {
	select {
	case hashing <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-hashing }()
	fn()
	return nil
}

// dummyHash is compared against when a login does not exist, so that an
// unknown login costs what a wrong password costs.
var dummyHash = sync.OnceValue(func() string {
	h, err := argon2id.CreateHash("tillit dummy password", hashParams)
	if err != nil {
		panic(err)
	}
	return h
})

// errSignIn is the one answer to a failed sign-in: it does not tell an
// unknown login from a wrong password or a disabled user.
func errSignIn(op string) error {
	return tillit.Errorl(tillit.EUNAUTHORIZED, op, catalog.Text("access.wrong_user_name_password"))
}

// errSession answers a session token that is unknown, expired or idle.
func errSession(op string) error {
	return tillit.Errorl(tillit.EUNAUTHORIZED, op, catalog.Text("access.you_not_signed_session_ended"))
}

// CreateAdmin creates a user of the admin with a role and a password of
// MinPassword characters or more, stored as an argon2id hash. EINVALID
// for a bad login, name, role or password; ECONFLICT when the login is
// taken. The audit entry names the user's ID and role, not the login.
func (a *Service) CreateAdmin(ctx context.Context, login, name string, role tillit.AdminRole, password string) (tillit.AdminUser, error) {
	const op = "access.CreateAdmin"
	login, name = strings.TrimSpace(login), strings.TrimSpace(name)
	if err := checkLogin(op, login); err != nil {
		return tillit.AdminUser{}, err
	}
	if err := checkAdminName(op, name); err != nil {
		return tillit.AdminUser{}, err
	}
	if err := checkRole(op, role); err != nil {
		return tillit.AdminUser{}, err
	}
	hash, err := hashPassword(ctx, op, password)
	if err != nil {
		return tillit.AdminUser{}, err
	}
	u := tillit.AdminUser{ID: a.c.ID(adminPrefix), Login: login, Name: name, Role: role, Hash: hash,
		Created: a.c.Now().UTC().Truncate(time.Microsecond)}
	err = a.c.Store.Update(ctx, func(tx tillit.Tx) error {
		if err := tx.InsertAdminUser(u); err != nil {
			if tillit.ErrorCode(err) == tillit.ECONFLICT {
				return tillit.Errorl(tillit.ECONFLICT, op, catalog.Text("access.user_name_already_taken"))
			}
			return err
		}
		return a.c.Audit(ctx, tx, tillit.AuditEntry{At: u.Created, Action: tillit.AuditAdminUserCreated,
			Detail: "user=" + u.ID + " role=" + string(role)})
	})
	if err != nil {
		return tillit.AdminUser{}, err
	}
	u.Hash = ""
	return u, nil
}

func checkLogin(op, login string) error {
	if login == "" || utf8.RuneCountInString(login) > 100 || strings.ContainsFunc(login, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}) {
		return core.Invalid(op, "access.user_name_must_characters_without")
	}
	return nil
}

func checkAdminName(op, name string) error {
	if name == "" || utf8.RuneCountInString(name) > 200 || !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		return core.Invalid(op, "access.name_must_characters_without_control")
	}
	return nil
}

func checkRole(op string, role tillit.AdminRole) error {
	if !role.Valid() {
		return core.Invalid(op, "access.role_must_officer_auditor_read")
	}
	return nil
}

// hashPassword checks a password's length and returns its argon2id hash.
func hashPassword(ctx context.Context, op, password string) (string, error) {
	if n := utf8.RuneCountInString(password); n < MinPassword || n > maxPassword {
		return "", core.Invalid(op, "access.password_must_at_least_at", MinPassword, maxPassword)
	}
	var h string
	var err error
	if werr := withHashing(ctx, func() { h, err = argon2id.CreateHash(password, hashParams) }); werr != nil {
		return "", werr
	}
	if err != nil {
		return "", fmt.Errorf("access: hash password: %w", err)
	}
	return h, nil
}

// Admins returns every user of the admin, disabled ones too, without
// their hashes.
func (a *Service) Admins(ctx context.Context) ([]tillit.AdminUser, error) {
	var us []tillit.AdminUser
	err := a.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		us, err = tx.AdminUsers()
		return err
	})
	for i := range us {
		us[i].Hash = ""
	}
	return us, err
}

// ChangeAdmin changes a user's role, password or whether they may sign in.
// Every change but a new role alone ends the user's sessions, so a
// disabled user or one whose password leaked is signed out at once.
// ENOTFOUND when no user has the login.
func (a *Service) ChangeAdmin(ctx context.Context, login string, c tillit.AdminChange) (tillit.AdminUser, error) {
	const op = "access.ChangeAdmin"
	var hash string
	if c.Password != nil {
		var err error
		if hash, err = hashPassword(ctx, op, *c.Password); err != nil {
			return tillit.AdminUser{}, err
		}
	}
	if c.Role != nil {
		if err := checkRole(op, *c.Role); err != nil {
			return tillit.AdminUser{}, err
		}
	}
	var u tillit.AdminUser
	err := a.c.Store.Update(ctx, func(tx tillit.Tx) error {
		var err error
		u, err = tx.AdminUserByLogin(strings.TrimSpace(login))
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			return tillit.Errorl(tillit.ENOTFOUND, op, catalog.Text("access.there_no_such_user"))
		}
		if err != nil {
			return err
		}
		now := a.c.Now().UTC()
		var what []string
		if c.Role != nil {
			u.Role = *c.Role
			what = append(what, "role="+string(u.Role))
		}
		if hash != "" {
			u.Hash = hash
			what = append(what, "password")
		}
		if c.Disabled != nil {
			u.Disabled = time.Time{}
			if *c.Disabled {
				u.Disabled = now
			}
			what = append(what, fmt.Sprintf("disabled=%t", *c.Disabled))
		}
		if err := tx.UpdateAdminUser(u); err != nil {
			return err
		}
		if hash != "" || c.Disabled != nil {
			if _, err := tx.DeleteAdminSessions(u.ID, now, now.Add(-SessionIdle)); err != nil {
				return err
			}
		}
		return a.c.Audit(ctx, tx, tillit.AuditEntry{At: now, Action: tillit.AuditAdminUserChanged,
			Detail: "user=" + u.ID + " " + strings.Join(what, " ")})
	})
	u.Hash = ""
	return u, err
}

// SignIn checks a login and password and starts a session, returning the
// user and the session's token (for the browser's cookie; only its hash
// is stored). Unknown login, wrong password and disabled user all get the
// same EUNAUTHORIZED, after the same work. Both outcomes are audited by
// user ID ("unknown" for a login nobody has).
func (a *Service) SignIn(ctx context.Context, login, password string) (tillit.AdminUser, string, error) {
	const op = "access.SignIn"
	var u tillit.AdminUser
	err := a.c.Store.View(ctx, func(tx tillit.Tx) error {
		var err error
		u, err = tx.AdminUserByLogin(strings.TrimSpace(login))
		return err
	})
	if err != nil && tillit.ErrorCode(err) != tillit.ENOTFOUND {
		return tillit.AdminUser{}, "", err
	}
	known := err == nil
	hash := u.Hash
	if !known {
		hash = dummyHash()
	}
	var ok bool
	var cerr error
	if err := withHashing(ctx, func() { ok, cerr = argon2id.ComparePasswordAndHash(password, hash) }); err != nil {
		return tillit.AdminUser{}, "", err
	}
	now := a.c.Now().UTC()
	if cerr != nil || !ok || !known || u.IsDisabled() {
		who := "unknown"
		if known {
			who = u.ID
		}
		err := a.c.Store.Update(ctx, func(tx tillit.Tx) error {
			return a.c.Audit(tillit.WithActor(ctx, "admin:"+who), tx, tillit.AuditEntry{At: now, Action: tillit.AuditAdminSignInFail, Detail: "user=" + who})
		})
		if err != nil {
			return tillit.AdminUser{}, "", err
		}
		return tillit.AdminUser{}, "", errSignIn(op)
	}
	token := make([]byte, 32)
	if _, err := io.ReadFull(a.c.Rand, token); err != nil {
		return tillit.AdminUser{}, "", fmt.Errorf("access: sign in: %w", err)
	}
	s := tillit.AdminSession{Hash: sessionHash(token), User: u.ID, Created: now, Seen: now, Expires: now.Add(SessionMax)}
	err = a.c.Store.Update(ctx, func(tx tillit.Tx) error {
		// Sessions that ended are cleared as new ones begin.
		if _, err := tx.DeleteAdminSessions("", now, now.Add(-SessionIdle)); err != nil {
			return err
		}
		if err := tx.InsertAdminSession(s); err != nil {
			return err
		}
		return a.c.Audit(tillit.WithActor(ctx, "admin:"+u.ID), tx, tillit.AuditEntry{At: now, Action: tillit.AuditAdminSignedIn, Detail: "user=" + u.ID})
	})
	if err != nil {
		return tillit.AdminUser{}, "", err
	}
	u.Hash = ""
	return u, base64.RawURLEncoding.EncodeToString(token), nil
}

func sessionHash(token []byte) []byte {
	h := sha256.Sum256(token)
	return h[:]
}

// Session returns the user a session token belongs to and records its use.
// An unknown, expired or idle session, or one of a disabled user, gets
// EUNAUTHORIZED.
func (a *Service) Session(ctx context.Context, token string) (tillit.AdminUser, error) {
	const op = "access.Session"
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 {
		return tillit.AdminUser{}, errSession(op)
	}
	hash := sessionHash(raw)
	var u tillit.AdminUser
	now := a.c.Now().UTC()
	touch := false
	// A page view only reads; the session's use is written at most once
	// a minute, in a write transaction of its own.
	err = a.c.Store.View(ctx, func(tx tillit.Tx) error {
		s, err := tx.AdminSession(hash)
		if err != nil {
			return err
		}
		// An ended session is cleared at the next sign-in.
		if !now.Before(s.Expires) || now.Sub(s.Seen) > SessionIdle {
			return errSession(op)
		}
		if u, err = tx.AdminUser(s.User); err != nil {
			return err
		}
		if u.IsDisabled() {
			return errSession(op)
		}
		touch = now.Sub(s.Seen) >= time.Minute
		return nil
	})
	if err == nil && touch {
		err = a.c.Store.Update(ctx, func(tx tillit.Tx) error { return tx.TouchAdminSession(hash, now) })
	}
	switch {
	case tillit.ErrorCode(err) == tillit.ENOTFOUND:
		return tillit.AdminUser{}, errSession(op)
	case err != nil:
		return tillit.AdminUser{}, err
	}
	u.Hash = ""
	return u, nil
}

// SignOut ends a session; an unknown token changes nothing.
func (a *Service) SignOut(ctx context.Context, token string) error {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) != 32 {
		return nil
	}
	hash := sessionHash(raw)
	return a.c.Store.Update(ctx, func(tx tillit.Tx) error {
		s, err := tx.AdminSession(hash)
		if tillit.ErrorCode(err) == tillit.ENOTFOUND {
			return nil
		}
		if err != nil {
			return err
		}
		if err := tx.DeleteAdminSession(hash); err != nil {
			return err
		}
		return a.c.Audit(tillit.WithActor(ctx, "admin:"+s.User), tx, tillit.AuditEntry{At: a.c.Now().UTC(), Action: tillit.AuditAdminSignedOut, Detail: "user=" + s.User})
	})
}
