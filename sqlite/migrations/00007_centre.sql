-- +goose Up
-- The privacy centre's one-time links to a person's extract (GDPR art.
-- 15(3)). Only a keyed hash of a link's token is kept (HMAC-SHA-256 under
-- the blind-index key); the extract itself is not stored but made when
-- the link is used. No column holds personal data.

CREATE TABLE downloads (
	n       INTEGER PRIMARY KEY AUTOINCREMENT,
	id      TEXT NOT NULL UNIQUE,
	hash    BLOB NOT NULL UNIQUE,
	request TEXT NOT NULL REFERENCES requests (id),
	subject TEXT NOT NULL,
	lang    TEXT NOT NULL,
	created INTEGER NOT NULL,
	expires INTEGER NOT NULL,
	used    INTEGER
);
CREATE INDEX downloads_request ON downloads (request, n);

-- +goose Down
DROP TABLE downloads;
