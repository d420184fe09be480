-- +goose Up
CREATE TABLE sheets (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    quarter        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,
    submitted_by   INTEGER REFERENCES users(id),
    late           BOOLEAN NOT NULL DEFAULT FALSE,
    validated_at   TIMESTAMP,
    validated_by   INTEGER REFERENCES users(id),
    verified_at    TIMESTAMP,
    verified_by    INTEGER REFERENCES users(id),
    locked_at      TIMESTAMP,
    returned_at    TIMESTAMP,
    returned_by    INTEGER REFERENCES users(id),
    return_stage   TEXT NOT NULL DEFAULT '',
    return_comment TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, quarter)
);

CREATE TABLE realisations (
    id             INTEGER PRIMARY KEY,
    sheet_id       INTEGER NOT NULL REFERENCES sheets(id),
    line_id        INTEGER NOT NULL REFERENCES plan_lines(id),
    value          REAL,
    note           TEXT NOT NULL DEFAULT '',
    raw_json       TEXT NOT NULL DEFAULT '',
    check_ok       BOOLEAN,
    check_comment  TEXT NOT NULL DEFAULT '',
    frozen_json    TEXT NOT NULL DEFAULT '',
    frozen_achievement REAL,
    frozen_status  TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMP NOT NULL,
    updated_by     INTEGER REFERENCES users(id),
    UNIQUE (sheet_id, line_id)
);
CREATE INDEX realisations_line ON realisations(line_id);

CREATE TABLE evidence (
    id             TEXT PRIMARY KEY,
    realisation_id INTEGER NOT NULL REFERENCES realisations(id),
    kind           TEXT NOT NULL,
    form           TEXT NOT NULL,
    sha256         TEXT NOT NULL DEFAULT '',
    size           INTEGER NOT NULL DEFAULT 0,
    mime           TEXT NOT NULL DEFAULT '',
    filename       TEXT NOT NULL DEFAULT '',
    url            TEXT NOT NULL DEFAULT '',
    body           TEXT NOT NULL DEFAULT '',
    uploaded_at    TIMESTAMP NOT NULL,
    uploaded_by    INTEGER REFERENCES users(id),
    superseded_by  TEXT NOT NULL DEFAULT '',
    replace_reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX evidence_realisation ON evidence(realisation_id);
CREATE INDEX evidence_sha ON evidence(sha256);

CREATE TABLE corrections (
    id               INTEGER PRIMARY KEY,
    realisation_id   INTEGER NOT NULL REFERENCES realisations(id),
    status           TEXT NOT NULL,
    reason           TEXT NOT NULL,
    old_value        REAL,
    new_value        REAL,
    old_note         TEXT NOT NULL DEFAULT '',
    new_note         TEXT NOT NULL DEFAULT '',
    requested_at     TIMESTAMP NOT NULL,
    requested_by     INTEGER NOT NULL REFERENCES users(id),
    decided_at       TIMESTAMP,
    decided_by       INTEGER REFERENCES users(id),
    decision_comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX corrections_status ON corrections(status);

CREATE TABLE notifications (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id),
    kind       TEXT NOT NULL,
    msg_key    TEXT NOT NULL,
    args_json  TEXT NOT NULL DEFAULT '',
    link       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    read_at    TIMESTAMP,
    emailed_at TIMESTAMP
);
CREATE INDEX notifications_user ON notifications(user_id, read_at);

CREATE TABLE quarter_closures (
    id        INTEGER PRIMARY KEY,
    year_id   INTEGER NOT NULL REFERENCES years(id),
    quarter   INTEGER NOT NULL,
    office_id INTEGER NOT NULL REFERENCES units(id),
    closed_at TIMESTAMP NOT NULL,
    closed_by INTEGER NOT NULL REFERENCES users(id),
    UNIQUE (year_id, quarter, office_id)
);

-- +goose Down
DROP TABLE quarter_closures;
DROP TABLE notifications;
DROP TABLE corrections;
DROP TABLE evidence;
DROP TABLE realisations;
DROP TABLE sheets;
