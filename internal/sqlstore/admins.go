package sqlstore

import (
	"database/sql"
	"time"

	"github.com/tillit-privacy/tillit"
)

const adminUserColumns = `id, login, name, role, hash, created, disabled`

func scanAdminUser(r interface{ Scan(...any) error }) (tillit.AdminUser, error) {
	var u tillit.AdminUser
	var role string
	var created int64
	var disabled sql.NullInt64
	err := r.Scan(&u.ID, &u.Login, &u.Name, &role, &u.Hash, &created, &disabled)
	u.Role, u.Created, u.Disabled = tillit.AdminRole(role), fromMicros(created), fromNullMicros(disabled)
	return u, err
}

// InsertAdminUser stores a new admin user; ECONFLICT when the login is
// taken.
func (t *Tx) InsertAdminUser(u tillit.AdminUser) error {
	return t.execNow("insert admin user", `INSERT INTO admin_users (`+adminUserColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		u.ID, u.Login, u.Name, string(u.Role), u.Hash, micros(u.Created), nullMicros(u.Disabled))
}

// AdminUser returns an admin user by ID.
func (t *Tx) AdminUser(id string) (tillit.AdminUser, error) {
	u, err := scanAdminUser(t.row(`SELECT `+adminUserColumns+` FROM admin_users WHERE id = ?`, id))
	return u, t.wrap("admin user", err)
}

// AdminUserByLogin returns an admin user by login.
func (t *Tx) AdminUserByLogin(login string) (tillit.AdminUser, error) {
	u, err := scanAdminUser(t.row(`SELECT `+adminUserColumns+` FROM admin_users WHERE login = ?`, login))
	return u, t.wrap("admin user", err)
}

// AdminUsers returns every admin user in the order they were created.
func (t *Tx) AdminUsers() ([]tillit.AdminUser, error) {
	return scanAll(t, "admin users", `SELECT `+adminUserColumns+` FROM admin_users ORDER BY n`,
		func(r rowSet) (tillit.AdminUser, error) { return scanAdminUser(r) })
}

// UpdateAdminUser stores a user's name, role, hash and disabled time.
func (t *Tx) UpdateAdminUser(u tillit.AdminUser) error {
	return t.affect("update admin user", `UPDATE admin_users SET name = ?, role = ?, hash = ?, disabled = ? WHERE id = ?`,
		u.Name, string(u.Role), u.Hash, nullMicros(u.Disabled), u.ID)
}

const adminSessionColumns = `hash, user_id, created, seen, expires`

// InsertAdminSession stores a new session.
func (t *Tx) InsertAdminSession(s tillit.AdminSession) error {
	return t.exec("insert admin session", `INSERT INTO admin_sessions (`+adminSessionColumns+`) VALUES (?, ?, ?, ?, ?)`,
		s.Hash, s.User, micros(s.Created), micros(s.Seen), micros(s.Expires))
}

// AdminSession returns a session by the hash of its token.
func (t *Tx) AdminSession(hash []byte) (tillit.AdminSession, error) {
	var s tillit.AdminSession
	var created, seen, expires int64
	err := t.row(`SELECT `+adminSessionColumns+` FROM admin_sessions WHERE hash = ?`, hash).
		Scan(&s.Hash, &s.User, &created, &seen, &expires)
	s.Created, s.Seen, s.Expires = fromMicros(created), fromMicros(seen), fromMicros(expires)
	return s, t.wrap("admin session", err)
}

// TouchAdminSession records a session's last use.
func (t *Tx) TouchAdminSession(hash []byte, seen time.Time) error {
	return t.affect("touch admin session", `UPDATE admin_sessions SET seen = ? WHERE hash = ?`, micros(seen), hash)
}

// DeleteAdminSession ends one session; ending an ended one is no error.
func (t *Tx) DeleteAdminSession(hash []byte) error {
	return t.exec("delete admin session", `DELETE FROM admin_sessions WHERE hash = ?`, hash)
}

// DeleteAdminSessions ends every session of a user, and every session of
// anyone that expired or went idle before idleBefore, returning how many
// ended.
func (t *Tx) DeleteAdminSessions(user string, now, idleBefore time.Time) (int, error) {
	n, err := t.execN("delete admin sessions", `DELETE FROM admin_sessions WHERE user_id = ? OR expires <= ? OR seen < ?`,
		user, micros(now), micros(idleBefore))
	if err != nil {
		return 0, err
	}
	return int(n), nil
}

// affect runs an update that must change one row: ENOTFOUND when none.
func (t *Tx) affect(op, q string, args ...any) error {
	n, err := t.execN(op, q, args...)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.wrap(op, sql.ErrNoRows)
	}
	return nil
}
