-- +goose Up
-- Users of the admin web UI and their sessions. Passwords are kept as
-- argon2id hashes; a session as the SHA-256 of its random token.

CREATE TABLE admin_users (
	n        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id       TEXT NOT NULL UNIQUE,
	login    TEXT NOT NULL UNIQUE,
	name     TEXT NOT NULL,
	role     TEXT NOT NULL,
	hash     TEXT NOT NULL,
	created  BIGINT NOT NULL,
	disabled BIGINT
);

CREATE TABLE admin_sessions (
	hash    BYTEA PRIMARY KEY,
	user_id TEXT NOT NULL REFERENCES admin_users (id),
	created BIGINT NOT NULL,
	seen    BIGINT NOT NULL,
	expires BIGINT NOT NULL
);

CREATE INDEX admin_sessions_user ON admin_sessions (user_id);

-- +goose Down
DROP TABLE admin_sessions;
DROP TABLE admin_users;
