-- +goose Up
-- The vault: subjects with their wrapped data keys, blind indexes of
-- identifiers, encrypted items, cases, the event and consent ledgers,
-- disclosures and the audit hash chain. Times are UTC microseconds since
-- the Unix epoch. No column holds a personal data value in plaintext.

CREATE TABLE secrets (
	name    TEXT PRIMARY KEY,
	wrapped BYTEA NOT NULL
);

CREATE TABLE subjects (
	id         TEXT PRIMARY KEY,
	created    BIGINT NOT NULL,
	restricted BOOLEAN NOT NULL DEFAULT FALSE,
	erased     BIGINT
);

CREATE TABLE data_keys (
	subject TEXT PRIMARY KEY REFERENCES subjects (id),
	wrapped BYTEA NOT NULL
);

CREATE TABLE identifiers (
	kind    TEXT NOT NULL,
	blind   BYTEA NOT NULL,
	subject TEXT NOT NULL REFERENCES subjects (id),
	PRIMARY KEY (kind, blind)
);
CREATE INDEX identifiers_subject ON identifiers (subject);

CREATE TABLE cases (
	n       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id      TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL REFERENCES subjects (id),
	kind    TEXT NOT NULL,
	point   TEXT NOT NULL,
	opened  BIGINT NOT NULL
);
CREATE INDEX cases_subject ON cases (subject);

CREATE TABLE items (
	n         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id        TEXT NOT NULL UNIQUE,
	subject   TEXT NOT NULL REFERENCES subjects (id),
	category  TEXT NOT NULL,
	purposes  TEXT NOT NULL,
	source    TEXT NOT NULL,
	point     TEXT NOT NULL,
	case_id   TEXT NOT NULL,
	provided  BOOLEAN NOT NULL,
	collected BIGINT NOT NULL,
	sealed    BYTEA NOT NULL
);
CREATE INDEX items_subject ON items (subject);

CREATE TABLE events (
	n       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id      TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL REFERENCES subjects (id),
	event   TEXT NOT NULL,
	case_id TEXT NOT NULL,
	purpose TEXT NOT NULL,
	at      BIGINT NOT NULL,
	actor   TEXT NOT NULL
);
CREATE INDEX events_subject ON events (subject);

CREATE TABLE consents (
	n        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id       TEXT NOT NULL UNIQUE,
	subject  TEXT NOT NULL REFERENCES subjects (id),
	purpose  TEXT NOT NULL,
	given    BOOLEAN NOT NULL,
	version  TEXT NOT NULL,
	channel  TEXT NOT NULL,
	at       BIGINT NOT NULL,
	evidence TEXT NOT NULL
);
CREATE INDEX consents_subject ON consents (subject);

CREATE TABLE disclosures (
	n          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id         TEXT NOT NULL UNIQUE,
	subject    TEXT NOT NULL REFERENCES subjects (id),
	recipient  TEXT NOT NULL,
	purpose    TEXT NOT NULL,
	categories TEXT NOT NULL,
	case_id    TEXT NOT NULL,
	at         BIGINT NOT NULL,
	actor      TEXT NOT NULL
);
CREATE INDEX disclosures_subject ON disclosures (subject);

CREATE TABLE audit (
	seq     BIGINT PRIMARY KEY,
	at      BIGINT NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	purpose TEXT NOT NULL,
	detail  TEXT NOT NULL,
	prev    BYTEA NOT NULL,
	hash    BYTEA NOT NULL
);

CREATE TABLE audit_head (
	id   BIGINT PRIMARY KEY CHECK (id = 1),
	seq  BIGINT NOT NULL,
	hash BYTEA NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '\x'::bytea);

-- +goose Down
DROP TABLE audit_head;
DROP TABLE audit;
DROP TABLE disclosures;
DROP TABLE consents;
DROP TABLE events;
DROP TABLE items;
DROP TABLE cases;
DROP TABLE identifiers;
DROP TABLE data_keys;
DROP TABLE subjects;
DROP TABLE secrets;
