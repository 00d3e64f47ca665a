-- +goose Up
-- The audit log becomes many hash chains ("lanes") instead of one, so that
-- writers do not all wait for one head row (docs/audit.md). An entry's
-- lane is chosen by its subject; lseq is its position in the lane. The
-- single chain written so far becomes the prefix of lane 0: its positions
-- are its old sequence numbers, so every old hash still holds. seq is now
-- drawn from a sequence (numbers of rolled-back entries are skipped).
-- audit_lanes holds each lane's head; prev is the hash before it, kept so
-- that one statement can append an entry (audit_append). audit_checkpoints
-- chains the heads of the lanes together, so that a lane cut short or
-- dropped is noticed.

ALTER TABLE audit ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit ADD COLUMN lseq BIGINT NOT NULL DEFAULT 0;
UPDATE audit SET lseq = seq;
CREATE UNIQUE INDEX audit_lane ON audit (lane, lseq);
CREATE SEQUENCE audit_seq OWNED BY audit.seq;
SELECT setval('audit_seq', COALESCE((SELECT MAX(seq) FROM audit), 0) + 1, false);
ALTER TABLE audit ALTER COLUMN seq SET DEFAULT nextval('audit_seq');

CREATE TABLE audit_lanes (
	lane INTEGER PRIMARY KEY,
	seq  BIGINT NOT NULL,
	prev BYTEA NOT NULL,
	hash BYTEA NOT NULL
);
INSERT INTO audit_lanes (lane, seq, prev, hash) SELECT i, 0, '\x'::bytea, '\x'::bytea FROM generate_series(0, 63) AS i;
UPDATE audit_lanes SET seq = h.seq, hash = h.hash FROM audit_head h WHERE h.id = 1 AND lane = 0;
DROP TABLE audit_head;

CREATE TABLE audit_checkpoints (
	seq   BIGINT PRIMARY KEY,
	at    BIGINT NOT NULL,
	heads BYTEA NOT NULL,
	prev  BYTEA NOT NULL,
	hash  BYTEA NOT NULL
);

-- +goose Down
CREATE TABLE audit_head (
	id   BIGINT PRIMARY KEY CHECK (id = 1),
	seq  BIGINT NOT NULL,
	hash BYTEA NOT NULL
);
INSERT INTO audit_head (id, seq, hash) SELECT 1, seq, hash FROM audit_lanes WHERE lane = 0;
DROP TABLE audit_checkpoints;
DROP TABLE audit_lanes;
ALTER TABLE audit ALTER COLUMN seq DROP DEFAULT;
DROP SEQUENCE audit_seq;
DROP INDEX audit_lane;
ALTER TABLE audit DROP COLUMN lseq;
ALTER TABLE audit DROP COLUMN lane;
