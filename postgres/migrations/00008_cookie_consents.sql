-- +goose Up
-- Proofs of visitors' choices in the cookie banner (GDPR art. 7(1)): the
-- register the banner showed (policy version and the hash of its cookie
-- section), the categories accepted and refused (comma-separated IDs),
-- whether Global Privacy Control applied, how the choice was made and the
-- site it was made on. Nothing identifies the visitor: no IP address, no
-- user agent. replaces chains a browser's choices: it names the proof of
-- the previous one.

CREATE TABLE cookie_consents (
	n              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id             TEXT NOT NULL UNIQUE,
	replaces       TEXT NOT NULL,
	at             BIGINT NOT NULL,
	policy_version TEXT NOT NULL,
	cookies_hash   TEXT NOT NULL,
	accepted       TEXT NOT NULL,
	rejected       TEXT NOT NULL,
	gpc            BIGINT NOT NULL,
	via            TEXT NOT NULL,
	origin         TEXT NOT NULL
);
CREATE INDEX cookie_consents_replaces ON cookie_consents (replaces);

-- +goose Down
DROP INDEX cookie_consents_replaces;
DROP TABLE cookie_consents;
