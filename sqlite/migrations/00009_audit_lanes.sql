-- +goose Up
-- The audit log becomes many hash chains ("lanes") instead of one, so that
-- writers do not all wait for one head (docs/audit.md). An entry's lane is
-- chosen by its subject; lseq is its position in the lane. The single chain
-- written so far becomes the prefix of lane 0: its positions are its old
-- sequence numbers, so every old hash still holds. audit_lanes holds each
-- lane's head; audit_checkpoints chains the heads of the lanes together,
-- so that a lane cut short or dropped is noticed.

ALTER TABLE audit ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN lseq INTEGER NOT NULL DEFAULT 0;
UPDATE audit SET lseq = seq;
CREATE UNIQUE INDEX audit_lane ON audit (lane, lseq);

CREATE TABLE audit_lanes (
	lane INTEGER PRIMARY KEY,
	seq  INTEGER NOT NULL,
	prev BLOB NOT NULL,
	hash BLOB NOT NULL
);
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 63)
INSERT INTO audit_lanes (lane, seq, prev, hash) SELECT i, 0, x'', x'' FROM n;
UPDATE audit_lanes SET seq = (SELECT seq FROM audit_head WHERE id = 1),
	hash = (SELECT hash FROM audit_head WHERE id = 1) WHERE lane = 0;
DROP TABLE audit_head;

CREATE TABLE audit_checkpoints (
	seq   INTEGER PRIMARY KEY,
	at    INTEGER NOT NULL,
	heads BLOB NOT NULL,
	prev  BLOB NOT NULL,
	hash  BLOB NOT NULL
);

-- +goose Down
CREATE TABLE audit_head (
	id   INTEGER PRIMARY KEY CHECK (id = 1),
	seq  INTEGER NOT NULL,
	hash BLOB NOT NULL
);
INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_lanes WHERE lane = 0;
DROP TABLE audit_checkpoints;
DROP TABLE audit_lanes;
DROP INDEX audit_lane;
ALTER TABLE audit DROP COLUMN lseq;
ALTER TABLE audit DROP COLUMN lane;
