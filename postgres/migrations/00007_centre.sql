-- +goose Up
-- The privacy centre's one-time links to a person's extract (GDPR art.
-- 15(3)). Only a keyed hash of a link's token is kept (HMAC-SHA-256 under
-- the blind-index key); the extract itself is not stored but made when
-- the link is used. No column holds personal data.

CREATE TABLE downloads (
	n       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id      TEXT NOT NULL UNIQUE,
	hash    BYTEA NOT NULL UNIQUE,
	request TEXT NOT NULL REFERENCES requests (id),
	subject TEXT NOT NULL,
	lang    TEXT NOT NULL,
	created BIGINT NOT NULL,
	expires BIGINT NOT NULL,
	used    BIGINT
);
CREATE INDEX downloads_request ON downloads (request, n);

-- +goose Down
DROP TABLE downloads;
