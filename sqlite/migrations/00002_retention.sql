-- +goose Up
-- Retention: when each subject is next due, archived items, review tasks,
-- anonymised values, and store settings (the fingerprint of the retention
-- rules the schedule was computed from).

ALTER TABLE items ADD COLUMN archived INTEGER;

CREATE TABLE retention (
	subject TEXT PRIMARY KEY REFERENCES subjects (id),
	due     INTEGER NOT NULL
);
CREATE INDEX retention_due ON retention (due, subject);

CREATE TABLE tasks (
	n       INTEGER PRIMARY KEY AUTOINCREMENT,
	id      TEXT NOT NULL UNIQUE,
	subject TEXT NOT NULL REFERENCES subjects (id),
	purpose TEXT NOT NULL,
	rule    TEXT NOT NULL,
	case_id TEXT NOT NULL,
	due     INTEGER NOT NULL,
	raised  INTEGER NOT NULL,
	closed  INTEGER,
	outcome TEXT NOT NULL,
	actor   TEXT NOT NULL,
	UNIQUE (subject, purpose, rule, case_id, due)
);
CREATE INDEX tasks_open ON tasks (closed, n);

CREATE TABLE anonymous (
	n        INTEGER PRIMARY KEY AUTOINCREMENT,
	category TEXT NOT NULL,
	purposes TEXT NOT NULL,
	value    TEXT NOT NULL,
	month    TEXT NOT NULL
);

CREATE TABLE meta (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Every subject is due once, so that the first sweep computes its schedule.
INSERT INTO retention (subject, due) SELECT id, 0 FROM subjects WHERE erased IS NULL;

-- +goose Down
DROP TABLE meta;
DROP TABLE anonymous;
DROP TABLE tasks;
DROP TABLE retention;
ALTER TABLE items DROP COLUMN archived;
