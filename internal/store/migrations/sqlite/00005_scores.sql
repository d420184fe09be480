-- +goose Up
CREATE TABLE behaviour_scores (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans(id),
    period      INTEGER NOT NULL,
    assessor_id INTEGER NOT NULL REFERENCES employees(id),
    relation    TEXT NOT NULL,
    scores_json TEXT NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (plan_id, period, assessor_id)
);

CREATE TABLE score_adjustments (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    period     INTEGER NOT NULL,
    discipline REAL NOT NULL DEFAULT 0,
    impact     REAL NOT NULL DEFAULT 0,
    correction REAL NOT NULL DEFAULT 0,
    reason     TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    UNIQUE (plan_id, period)
);

-- +goose Down
DROP TABLE score_adjustments;
DROP TABLE behaviour_scores;
