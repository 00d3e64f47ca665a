package sqlstore

import (
	"database/sql"
	"time"

	"github.com/tillit-privacy/tillit"
)

const apiKeyColumns = `id, name, scopes, created, revoked, hash`

func scanAPIKey(r interface{ Scan(...any) error }) (tillit.APIKey, error) {
	var k tillit.APIKey
	var scopes string
	var created int64
	var revoked sql.NullInt64
	err := r.Scan(&k.ID, &k.Name, &scopes, &created, &revoked, &k.Hash)
	k.Scopes, k.Created, k.Revoked = splitIDs(scopes), fromMicros(created), fromNullMicros(revoked)
	return k, err
}

// InsertAPIKey stores a new API key with the hash of its secret.
func (t *Tx) InsertAPIKey(k tillit.APIKey) error {
	return t.execNow("insert api key", `INSERT INTO api_keys (`+apiKeyColumns+`) VALUES (?, ?, ?, ?, ?, ?)`,
		k.ID, k.Name, joinIDs(k.Scopes), micros(k.Created), nullMicros(k.Revoked), k.Hash)
}

// APIKey returns an API key by ID.
func (t *Tx) APIKey(id string) (tillit.APIKey, error) {
	k, err := scanAPIKey(t.row(`SELECT `+apiKeyColumns+` FROM api_keys WHERE id = ?`, id))
	return k, t.wrap("api key", err)
}

// APIKeys returns every API key in the order they were created.
func (t *Tx) APIKeys() ([]tillit.APIKey, error) {
	return scanAll(t, "api keys", `SELECT `+apiKeyColumns+` FROM api_keys ORDER BY n`,
		func(r rowSet) (tillit.APIKey, error) { return scanAPIKey(r) })
}

// RevokeAPIKey marks a key revoked, keeping the time of an earlier
// revocation.
func (t *Tx) RevokeAPIKey(id string, at time.Time) error {
	n, err := t.execN("revoke api key", `UPDATE api_keys SET revoked = COALESCE(revoked, ?) WHERE id = ?`, micros(at), id)
	if err != nil {
		return err
	}
	if n == 0 {
		return t.wrap("revoke api key", sql.ErrNoRows)
	}
	return nil
}
