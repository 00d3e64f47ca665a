-- +goose Up
-- Rights: the data subjects' requests, the delivery outbox (e-mails to
-- people, art. 19 notices to recipients) and the suppression list of
-- erased people's identifiers. What a person wrote and what a message says
-- is sealed with a key of its own (key), destroyed when no longer needed.

CREATE TABLE requests (
	n         INTEGER PRIMARY KEY AUTOINCREMENT,
	id        TEXT NOT NULL UNIQUE,
	right_    TEXT NOT NULL,
	state     TEXT NOT NULL,
	lang      TEXT NOT NULL,
	subject   TEXT NOT NULL,
	purpose   TEXT NOT NULL,
	received  INTEGER NOT NULL,
	expires   INTEGER NOT NULL,
	confirmed INTEGER,
	due       INTEGER NOT NULL,
	extended  INTEGER,
	closed    INTEGER,
	repeat    INTEGER NOT NULL,
	attempts  INTEGER NOT NULL,
	pending   TEXT NOT NULL,
	outcome   TEXT NOT NULL,
	reference TEXT NOT NULL,
	code      BLOB,
	key       BLOB,
	sealed    BLOB
);
CREATE INDEX requests_subject ON requests (subject, n);
CREATE INDEX requests_open ON requests (closed, due);
CREATE INDEX requests_unconfirmed ON requests (state, expires);

CREATE TABLE outbox (
	n          INTEGER PRIMARY KEY AUTOINCREMENT,
	id         TEXT NOT NULL UNIQUE,
	via        TEXT NOT NULL,
	topic      TEXT NOT NULL,
	request    TEXT NOT NULL,
	subject    TEXT NOT NULL,
	recipient  TEXT NOT NULL,
	created    INTEGER NOT NULL,
	attempts   INTEGER NOT NULL,
	next_at    INTEGER,
	delivered  INTEGER,
	last_error TEXT NOT NULL,
	key        BLOB,
	sealed     BLOB
);
CREATE INDEX outbox_next ON outbox (next_at);
CREATE INDEX outbox_request ON outbox (request, n);
CREATE INDEX outbox_subject ON outbox (subject, n);

CREATE TABLE suppressed (
	kind  TEXT NOT NULL,
	blind BLOB NOT NULL,
	at    INTEGER NOT NULL,
	PRIMARY KEY (kind, blind)
);

-- +goose Down
DROP TABLE suppressed;
DROP TABLE outbox;
DROP TABLE requests;
