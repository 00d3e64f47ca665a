package tillit

import (
	"context"
	"time"
)

// AdminRole is what an officer signed in to the admin may do.
type AdminRole string

// The roles of the admin. An officer acts on requests, incidents and
// tasks; an auditor reads everything an officer can and changes nothing.
const (
	RoleOfficer AdminRole = "officer"
	RoleAuditor AdminRole = "auditor"
)

// Valid reports whether r is a known role.
func (r AdminRole) Valid() bool { return r == RoleOfficer || r == RoleAuditor }

// AdminUser is a person who signs in to the admin. Login and Name are the
// user's own (personal data of an employee): they are shown in the admin
// but never written to the audit log, which names the user by ID.
type AdminUser struct {
	ID       string
	Login    string
	Name     string
	Role     AdminRole
	Hash     string // argon2id hash of the password (PHC string)
	Created  time.Time
	Disabled time.Time // zero while the user may sign in
}

// IsDisabled reports whether the user may no longer sign in.
func (u AdminUser) IsDisabled() bool { return !u.Disabled.IsZero() }

// AdminSession is a signed-in browser. Only a hash of the session's token
// is stored; the token lives in the browser's cookie.
type AdminSession struct {
	Hash    []byte
	User    string
	Created time.Time
	Seen    time.Time // last use; the session ends after an idle time
	Expires time.Time // the session ends at this time whatever its use
}

// AdminChange is a change to an admin user; nil fields stay as they are.
type AdminChange struct {
	Role     *AdminRole
	Password *string
	Disabled *bool
}

// Access decides who acts through the admin and the API: officers and
// auditors with passwords and sessions, integrators with API keys. Every
// failure to sign in or authenticate answers alike, EUNAUTHORIZED.
type Access interface {
	CreateAdmin(ctx context.Context, login, name string, role AdminRole, password string) (AdminUser, error)
	Admins(ctx context.Context) ([]AdminUser, error)
	ChangeAdmin(ctx context.Context, login string, c AdminChange) (AdminUser, error)
	// SignIn checks a password and returns the user and a session token.
	SignIn(ctx context.Context, login, password string) (AdminUser, string, error)
	// Session returns the user a session token belongs to.
	Session(ctx context.Context, token string) (AdminUser, error)
	SignOut(ctx context.Context, token string) error
	// CreateAPIKey returns a new key and its token, shown once.
	CreateAPIKey(ctx context.Context, name string, scopes []string) (APIKey, string, error)
	APIKeys(ctx context.Context) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, id string) error
	// Authenticate returns the key a token belongs to.
	Authenticate(ctx context.Context, token string) (APIKey, error)
}
