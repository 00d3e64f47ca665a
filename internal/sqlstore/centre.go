package sqlstore

import (
	"database/sql"
	"time"

	"github.com/tillit-privacy/tillit"
)

const downloadColumns = `id, hash, request, subject, lang, created, expires, used`

func scanDownload(r interface{ Scan(...any) error }) (tillit.Download, error) {
	var d tillit.Download
	var created, expires int64
	var used sql.NullInt64
	err := r.Scan(&d.ID, &d.Hash, &d.Request, &d.Subject, &d.Lang, &created, &expires, &used)
	d.Created, d.Expires, d.Used = fromMicros(created), fromMicros(expires), fromNullMicros(used)
	return d, err
}

// InsertDownload stores a one-time download link.
func (t *Tx) InsertDownload(d tillit.Download) error {
	return t.execNow("insert download", `INSERT INTO downloads (`+downloadColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		d.ID, d.Hash, d.Request, d.Subject, string(d.Lang), micros(d.Created), micros(d.Expires), nullMicros(d.Used))
}

// Download returns the link whose token hashes to hash.
func (t *Tx) Download(hash []byte) (tillit.Download, error) {
	d, err := scanDownload(t.row(`SELECT `+downloadColumns+` FROM downloads WHERE hash = ?`, hash))
	return d, t.wrap("download", err)
}

// SpendDownload marks a link used, once.
func (t *Tx) SpendDownload(id string, at time.Time) error {
	n, err := t.execN("spend download", `UPDATE downloads SET used = ? WHERE id = ? AND used IS NULL`, micros(at), id)
	if err != nil {
		return err
	}
	if n == 1 {
		return nil
	}
	var one int
	if err := t.row(`SELECT 1 FROM downloads WHERE id = ?`, id).Scan(&one); err != nil {
		return t.wrap("spend download", err)
	}
	return tillit.Errorf(tillit.ECONFLICT, "spend download", "already used")
}

// Downloads returns the links of a request in the order they were made.
func (t *Tx) Downloads(request string) ([]tillit.Download, error) {
	return scanAll(t, "downloads", `SELECT `+downloadColumns+` FROM downloads WHERE request = ? ORDER BY n`,
		func(r rowSet) (tillit.Download, error) { return scanDownload(r) }, request)
}
