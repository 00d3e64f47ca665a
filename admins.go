package tillit

import "time"

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
