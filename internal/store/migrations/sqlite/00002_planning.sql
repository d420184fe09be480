-- +goose Up
CREATE TABLE strategy_maps (
    id         INTEGER PRIMARY KEY,
    year_id    INTEGER NOT NULL REFERENCES years(id),
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (year_id, unit_id)
);

CREATE TABLE perspectives (
    id      INTEGER PRIMARY KEY,
    map_id  INTEGER NOT NULL REFERENCES strategy_maps(id),
    kind    TEXT NOT NULL,
    name    TEXT NOT NULL,
    weight  REAL NOT NULL,
    seq     INTEGER NOT NULL,
    UNIQUE (map_id, kind)
);

CREATE TABLE objectives (
    id             INTEGER PRIMARY KEY,
    map_id         INTEGER NOT NULL REFERENCES strategy_maps(id),
    perspective_id INTEGER NOT NULL REFERENCES perspectives(id),
    code           TEXT NOT NULL,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL DEFAULT '',
    seq            INTEGER NOT NULL,
    UNIQUE (map_id, code)
);

CREATE TABLE objective_links (
    from_id INTEGER NOT NULL REFERENCES objectives(id),
    to_id   INTEGER NOT NULL REFERENCES objectives(id),
    PRIMARY KEY (from_id, to_id)
);

CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    year_id     INTEGER NOT NULL REFERENCES years(id),
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    position_id INTEGER NOT NULL REFERENCES positions(id),
    office_id   INTEGER NOT NULL REFERENCES units(id),
    kind        TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (year_id, employee_id)
);
CREATE INDEX plans_office ON plans(office_id, year_id);

CREATE TABLE plan_versions (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    number         INTEGER NOT NULL,
    status         TEXT NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    created_by     INTEGER REFERENCES users(id),
    submitted_at   TIMESTAMP,
    submitted_by   INTEGER REFERENCES users(id),
    approved_at    TIMESTAMP,
    approved_by    INTEGER REFERENCES users(id),
    approver_name  TEXT NOT NULL DEFAULT '',
    approver_nip   TEXT NOT NULL DEFAULT '',
    returned_at    TIMESTAMP,
    returned_by    INTEGER REFERENCES users(id),
    return_comment TEXT NOT NULL DEFAULT '',
    late           BOOLEAN NOT NULL DEFAULT FALSE,
    revision       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, number)
);

CREATE TABLE plan_lines (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans(id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_lines_plan ON plan_lines(plan_id);

CREATE TABLE indicators (
    id                     INTEGER PRIMARY KEY,
    version_id             INTEGER NOT NULL REFERENCES plan_versions(id),
    line_id                INTEGER NOT NULL REFERENCES plan_lines(id),
    seq                    INTEGER NOT NULL,
    kind                   TEXT NOT NULL,
    code                   TEXT NOT NULL,
    name                   TEXT NOT NULL,
    objective_id           INTEGER REFERENCES objectives(id),
    parent_line_id         INTEGER REFERENCES plan_lines(id),
    cascade_type           TEXT NOT NULL DEFAULT '',
    cascade_method         TEXT NOT NULL DEFAULT '',
    weight                 REAL,
    t1                     REAL,
    t2                     REAL,
    t3                     REAL,
    t4                     REAL,
    description            TEXT NOT NULL DEFAULT '',
    purpose                TEXT NOT NULL DEFAULT '',
    formula                TEXT NOT NULL DEFAULT '',
    unit                   TEXT NOT NULL DEFAULT '',
    target_aspect          TEXT NOT NULL DEFAULT '',
    validity               TEXT NOT NULL DEFAULT '',
    control                TEXT NOT NULL DEFAULT '',
    responsible            TEXT NOT NULL DEFAULT '',
    data_provider          TEXT NOT NULL DEFAULT '',
    data_source            TEXT NOT NULL DEFAULT '',
    period_consolidation   TEXT NOT NULL DEFAULT '',
    polarity               TEXT NOT NULL DEFAULT '',
    reporting_period       TEXT NOT NULL DEFAULT '',
    location_consolidation TEXT NOT NULL DEFAULT '',
    max_target             BOOLEAN NOT NULL DEFAULT FALSE,
    scale_json             TEXT NOT NULL DEFAULT '',
    worst                  REAL,
    history_kind           TEXT NOT NULL DEFAULT '',
    target_by_law          BOOLEAN NOT NULL DEFAULT FALSE,
    stable                 BOOLEAN NOT NULL DEFAULT FALSE,
    prev_target            REAL,
    prev_realisation       REAL,
    evidence_json          TEXT NOT NULL DEFAULT '',
    UNIQUE (version_id, line_id)
);
CREATE INDEX indicators_line ON indicators(line_id);
CREATE INDEX indicators_parent ON indicators(parent_line_id);
CREATE INDEX indicators_objective ON indicators(objective_id);

CREATE TABLE comments (
    id         INTEGER PRIMARY KEY,
    entity     TEXT NOT NULL,
    entity_id  INTEGER NOT NULL,
    author_id  INTEGER NOT NULL REFERENCES users(id),
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_entity ON comments(entity, entity_id);

-- +goose Down
DROP TABLE comments;
DROP TABLE indicators;
DROP TABLE plan_lines;
DROP TABLE plan_versions;
DROP TABLE plans;
DROP TABLE objective_links;
DROP TABLE objectives;
DROP TABLE perspectives;
DROP TABLE strategy_maps;
