-- +goose Up
-- API keys of integrations. Only a keyed hash of a key's secret is kept
-- (HMAC-SHA-256 under the blind-index key), never the secret; scopes are
-- comma-separated.

CREATE TABLE api_keys (
	n       INTEGER PRIMARY KEY AUTOINCREMENT,
	id      TEXT NOT NULL UNIQUE,
	name    TEXT NOT NULL,
	scopes  TEXT NOT NULL,
	created INTEGER NOT NULL,
	revoked INTEGER,
	hash    BLOB NOT NULL
);

-- +goose Down
DROP TABLE api_keys;
