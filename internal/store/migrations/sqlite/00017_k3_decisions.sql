-- +goose Up
-- The pengelola kinerja's dated decision on the K3 of one version of a line
-- (SPEC §14.4): accepted with the K3 frozen as decided, or sent back for
-- revision with a note. A later decision on the same version replaces it
-- (the audit chain keeps the earlier one); an amendment's new version needs
-- its own decision.
CREATE TABLE k3_decisions (
    id             INTEGER PRIMARY KEY,
    indicator_id   INTEGER NOT NULL UNIQUE REFERENCES indicators(id),
    line_id        INTEGER NOT NULL REFERENCES plan_lines(id),
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    decision       TEXT NOT NULL,
    quality_weight REAL,
    target_weight  REAL,
    k3             REAL,
    note           TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER REFERENCES users(id),
    decided_at     TIMESTAMP NOT NULL,
    revision       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX k3_decisions_plan ON k3_decisions (plan_id);
CREATE INDEX k3_decisions_line ON k3_decisions (line_id);

-- +goose Down
DROP TABLE k3_decisions;
