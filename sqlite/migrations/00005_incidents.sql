-- +goose Up
-- The breach register (GDPR art. 33(5)): incidents with their details,
-- the decision on notifying the authority, the phases of the notification
-- (JSON) and the rounds of notices to the people (JSON); the timeline of
-- each incident; the outbox's messages tagged with the incident they tell
-- of. No column holds personal data: the officer's texts describe the
-- breach, and people are counted, not named.

CREATE TABLE incidents (
	n                INTEGER PRIMARY KEY AUTOINCREMENT,
	id               TEXT NOT NULL UNIQUE,
	title            TEXT NOT NULL,
	nature           TEXT NOT NULL,
	how_discovered   TEXT NOT NULL,
	discovered       INTEGER NOT NULL,
	occurred_from    INTEGER,
	occurred_to      INTEGER,
	categories       TEXT NOT NULL,
	points           TEXT NOT NULL,
	recipients       TEXT NOT NULL,
	systems          TEXT NOT NULL,
	subject_types    TEXT NOT NULL,
	consequences     TEXT NOT NULL,
	measures_taken   TEXT NOT NULL,
	measures_planned TEXT NOT NULL,
	advice           TEXT NOT NULL,
	delay_reason     TEXT NOT NULL,
	risk             TEXT NOT NULL,
	decided          INTEGER,
	notify           INTEGER NOT NULL,
	decision_reason  TEXT NOT NULL,
	decided_by       TEXT NOT NULL,
	opened           INTEGER NOT NULL,
	closed           INTEGER,
	notifications    TEXT NOT NULL,
	notices          TEXT NOT NULL
);
CREATE INDEX incidents_open ON incidents (closed, discovered);

CREATE TABLE incident_events (
	n        INTEGER PRIMARY KEY AUTOINCREMENT,
	incident TEXT NOT NULL REFERENCES incidents (id),
	at       INTEGER NOT NULL,
	actor    TEXT NOT NULL,
	kind     TEXT NOT NULL,
	note     TEXT NOT NULL
);
CREATE INDEX incident_events_incident ON incident_events (incident, n);

ALTER TABLE outbox ADD COLUMN incident TEXT NOT NULL DEFAULT '';
CREATE INDEX outbox_incident ON outbox (incident, n);

-- Who an incident affects: disclosures to a recipient in a window, items
-- of a category or collection point held at its end.
CREATE INDEX disclosures_recipient ON disclosures (recipient, at);
CREATE INDEX items_category ON items (category, collected);
CREATE INDEX items_point ON items (point, collected);

-- +goose Down
DROP INDEX items_point;
DROP INDEX items_category;
DROP INDEX disclosures_recipient;
DROP INDEX outbox_incident;
ALTER TABLE outbox DROP COLUMN incident;
DROP TABLE incident_events;
DROP TABLE incidents;
