-- +goose Up
-- The vault: subjects with their wrapped data keys, blind indexes of
-- identifiers, encrypted items, cases, the event and consent ledgers,
-- disclosures and the audit hash chain. Times are UTC microseconds since
-- the Unix epoch. No column holds a personal data value in plaintext.

CREATE TABLE secrets (
	name    TEXT PRIMARY KEY,
	wrapped BLOB NOT NULL
);

CREATE TABLE subjects (
	id         TEXT PRIMARY KEY,
	created    INTEGER NOT NULL,
	restricted INTEGER NOT NULL DEFAULT 0,
	erased     INTEGER
);

CREATE TABLE data_keys (
	subject TEXT PRIMARY KEY REFERENCES subjects (id),
	wrapped BLOB NOT NULL
);

CREATE TABLE identifiers (
	kind    TEXT NOT NULL,
	blind   BLOB NOT NULL,
	subject TEXT NOT NULL REFERENCES subjects (id),
	PRIMARY KEY (kind, blind)
);
CREATE INDEX identifiers_subject ON identifiers (subject);

CREATE TABLE cases (
	n       INTEGER PRIMARY KEY AUTOINCREMENT,
	id      TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL REFERENCES subjects (id),
	kind    TEXT NOT NULL,
	point   TEXT NOT NULL,
	opened  INTEGER NOT NULL
);
CREATE INDEX cases_subject ON cases (subject);

CREATE TABLE items (
	n         INTEGER PRIMARY KEY AUTOINCREMENT,
	id        TEXT NOT NULL UNIQUE,
	subject   TEXT NOT NULL REFERENCES subjects (id),
	category  TEXT NOT NULL,
	purposes  TEXT NOT NULL,
	source    TEXT NOT NULL,
	point     TEXT NOT NULL,
	case_id   TEXT NOT NULL,
	provided  INTEGER NOT NULL,
	collected INTEGER NOT NULL,
	sealed    BLOB NOT NULL
);
CREATE INDEX items_subject ON items (subject);

CREATE TABLE events (
	n       INTEGER PRIMARY KEY AUTOINCREMENT,
	id      TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL REFERENCES subjects (id),
	event   TEXT NOT NULL,
	case_id TEXT NOT NULL,
	purpose TEXT NOT NULL,
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL
);
CREATE INDEX events_subject ON events (subject);

CREATE TABLE consents (
	n        INTEGER PRIMARY KEY AUTOINCREMENT,
	id       TEXT NOT NULL UNIQUE,
	subject  TEXT NOT NULL REFERENCES subjects (id),
	purpose  TEXT NOT NULL,
	given    INTEGER NOT NULL,
	version  TEXT NOT NULL,
	channel  TEXT NOT NULL,
	at       INTEGER NOT NULL,
	evidence TEXT NOT NULL
);
CREATE INDEX consents_subject ON consents (subject);

CREATE TABLE disclosures (
	n          INTEGER PRIMARY KEY AUTOINCREMENT,
	id         TEXT NOT NULL UNIQUE,
	subject    TEXT NOT NULL REFERENCES subjects (id),
	recipient  TEXT NOT NULL,
	purpose    TEXT NOT NULL,
	categories TEXT NOT NULL,
	case_id    TEXT NOT NULL,
	at         INTEGER NOT NULL,
	actor      TEXT NOT NULL
);
CREATE INDEX disclosures_subject ON disclosures (subject);

CREATE TABLE audit (
	seq     INTEGER PRIMARY KEY,
	at      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	subject TEXT NOT NULL,
	purpose TEXT NOT NULL,
	detail  TEXT NOT NULL,
	prev    BLOB NOT NULL,
	hash    BLOB NOT NULL
);

CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, x'');

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
