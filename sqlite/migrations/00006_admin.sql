-- +goose Up
-- Users of the admin web UI and their sessions. Passwords are kept as
-- argon2id hashes; a session as the SHA-256 of its random token.

CREATE TABLE admin_users (
	n        INTEGER PRIMARY KEY AUTOINCREMENT,
	id       TEXT NOT NULL UNIQUE,
	login    TEXT NOT NULL UNIQUE,
	name     TEXT NOT NULL,
	role     TEXT NOT NULL,
	hash     TEXT NOT NULL,
	created  INTEGER NOT NULL,
	disabled INTEGER
);

CREATE TABLE admin_sessions (
	hash    BLOB PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES admin_users (id),
	created INTEGER NOT NULL,
	seen    INTEGER NOT NULL,
	expires INTEGER NOT NULL
);

CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

-- +goose Down
DROP TABLE admin_sessions;
DROP TABLE admin_users;
