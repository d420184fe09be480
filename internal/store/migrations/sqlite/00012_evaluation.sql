-- +goose Up
-- The employee evaluation cycle (SPEC §14).

-- Raters of a quarter's 360° assessment: proposed, then set by the Pejabat Penilai.
CREATE TABLE assessment_raters (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans(id),
    quarter     INTEGER NOT NULL,
    rater_id    INTEGER NOT NULL REFERENCES employees(id),
    relation    TEXT NOT NULL,
    state       TEXT NOT NULL,
    updated_by  INTEGER REFERENCES users(id),
    updated_at  TIMESTAMP NOT NULL,
    UNIQUE (plan_id, quarter, rater_id)
);

-- Objections (keberatan) to a quarter's assessment and the Pejabat Penilai's decision.
CREATE TABLE assessment_objections (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    quarter        INTEGER NOT NULL,
    reason         TEXT NOT NULL,
    filed_by       INTEGER REFERENCES users(id),
    filed_at       TIMESTAMP NOT NULL,
    decision       TEXT NOT NULL DEFAULT '',
    decision_note  TEXT NOT NULL DEFAULT '',
    decided_by     INTEGER REFERENCES users(id),
    decided_at     TIMESTAMP,
    reassess_until DATE
);

-- The supervisor's expectations of an SKP: one per behaviour (line_id 0) and per work result.
CREATE TABLE expectations (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    aspect     TEXT NOT NULL DEFAULT '',
    line_id    INTEGER NOT NULL DEFAULT 0,
    body       TEXT NOT NULL,
    updated_by INTEGER REFERENCES users(id),
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, aspect, line_id)
);

-- Continuous feedback: dated notes on a line or a behaviour.
CREATE TABLE feedback_notes (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    quarter    INTEGER NOT NULL,
    line_id    INTEGER NOT NULL DEFAULT 0,
    aspect     TEXT NOT NULL DEFAULT '',
    author_id  INTEGER NOT NULL REFERENCES employees(id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX feedback_notes_plan ON feedback_notes (plan_id, created_at);

-- Tim Penilai Kinerja members per office and year.
CREATE TABLE tpk_members (
    id          INTEGER PRIMARY KEY,
    office_id   INTEGER NOT NULL REFERENCES units(id),
    year        INTEGER NOT NULL,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    chair       BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (office_id, year, employee_id)
);

-- Discipline penalties as the TPK enters them; the value is computed by the rule set.
CREATE TABLE discipline_penalties (
    id            INTEGER PRIMARY KEY,
    employee_id   INTEGER NOT NULL REFERENCES employees(id),
    year          INTEGER NOT NULL,
    start_quarter INTEGER NOT NULL,
    category      TEXT NOT NULL,
    mpjhd         REAL NOT NULL,
    value         REAL NOT NULL,
    quarters      INTEGER NOT NULL,
    reason        TEXT NOT NULL,
    created_by    INTEGER REFERENCES users(id),
    created_at    TIMESTAMP NOT NULL
);
CREATE INDEX discipline_penalties_employee ON discipline_penalties (employee_id, year);

-- Evidence of a TPK correction.
ALTER TABLE score_adjustments ADD COLUMN evidence TEXT NOT NULL DEFAULT '';

-- The SKEP NKP of an office's quarter: the frozen scores of every employee (JSON).
CREATE TABLE score_decrees (
    id         INTEGER PRIMARY KEY,
    office_id  INTEGER NOT NULL REFERENCES units(id),
    year       INTEGER NOT NULL,
    quarter    INTEGER NOT NULL,
    version    INTEGER NOT NULL,
    number     TEXT NOT NULL DEFAULT '',
    items_json TEXT NOT NULL,
    set_by     INTEGER REFERENCES users(id),
    set_at     TIMESTAMP NOT NULL,
    UNIQUE (office_id, year, quarter, version)
);

-- +goose Down
DROP TABLE score_decrees;
ALTER TABLE score_adjustments DROP COLUMN evidence;
DROP TABLE discipline_penalties;
DROP TABLE tpk_members;
DROP TABLE feedback_notes;
DROP TABLE expectations;
DROP TABLE assessment_objections;
DROP TABLE assessment_raters;
