-- +goose Up
-- Strategic initiatives (SPEC §15): breakthrough activities of an office's
-- year, linked to an objective of its map or to an IKU (a PK line), with an
-- owner, milestones and quarterly progress with evidence.
CREATE TABLE initiatives (
    id           INTEGER PRIMARY KEY,
    year_id      INTEGER NOT NULL REFERENCES years(id),
    office_id    INTEGER NOT NULL REFERENCES units(id),
    objective_id INTEGER REFERENCES objectives(id),
    line_id      INTEGER REFERENCES plan_lines(id),
    code         TEXT NOT NULL,
    name         TEXT NOT NULL,
    description  TEXT NOT NULL DEFAULT '',
    owner_id     INTEGER NOT NULL REFERENCES employees(id),
    revision     INTEGER NOT NULL DEFAULT 0,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    UNIQUE (year_id, office_id, code)
);
CREATE INDEX initiatives_office ON initiatives(office_id, year_id);

CREATE TABLE initiative_milestones (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    seq           INTEGER NOT NULL,
    name          TEXT NOT NULL,
    due_date      DATE NOT NULL,
    done_date     DATE
);
CREATE INDEX initiative_milestones_initiative ON initiative_milestones(initiative_id);

CREATE TABLE initiative_progress (
    id            INTEGER PRIMARY KEY,
    initiative_id INTEGER NOT NULL REFERENCES initiatives(id),
    quarter       INTEGER NOT NULL,
    percent       REAL NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL,
    updated_by    INTEGER REFERENCES users(id),
    UNIQUE (initiative_id, quarter)
);

-- Documents of a quarter's progress: files (their bytes in the evidence
-- store, by SHA-256, shared with the sheets' evidence), links or notes.
CREATE TABLE initiative_evidence (
    id          TEXT PRIMARY KEY,
    progress_id INTEGER NOT NULL REFERENCES initiative_progress(id),
    form        TEXT NOT NULL,
    sha256      TEXT NOT NULL DEFAULT '',
    size        INTEGER NOT NULL DEFAULT 0,
    mime        TEXT NOT NULL DEFAULT '',
    filename    TEXT NOT NULL DEFAULT '',
    url         TEXT NOT NULL DEFAULT '',
    body        TEXT NOT NULL DEFAULT '',
    uploaded_at TIMESTAMP NOT NULL,
    uploaded_by INTEGER REFERENCES users(id)
);
CREATE INDEX initiative_evidence_progress ON initiative_evidence(progress_id);
CREATE INDEX initiative_evidence_sha ON initiative_evidence(sha256);

-- +goose Down
DROP TABLE initiative_evidence;
DROP TABLE initiative_progress;
DROP TABLE initiative_milestones;
DROP TABLE initiatives;
