-- +goose Up
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units(id),
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    letterhead  TEXT NOT NULL DEFAULT '',
    address     TEXT NOT NULL DEFAULT '',
    city        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE positions (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    reports_to_id INTEGER REFERENCES positions(id),
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL
);
CREATE INDEX positions_unit ON positions(unit_id);
CREATE INDEX positions_reports_to ON positions(reports_to_id);

CREATE TABLE employees (
    id          INTEGER PRIMARY KEY,
    nip         TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    email       TEXT NOT NULL DEFAULT '',
    grade       TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);
CREATE INDEX employees_name ON employees(name);

CREATE TABLE assignments (
    id          INTEGER PRIMARY KEY,
    employee_id INTEGER NOT NULL REFERENCES employees(id),
    position_id INTEGER NOT NULL REFERENCES positions(id),
    start_date  DATE NOT NULL,
    end_date    DATE,
    acting      TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX assignments_employee ON assignments(employee_id);
CREATE INDEX assignments_position ON assignments(position_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    employee_id   INTEGER UNIQUE REFERENCES employees(id),
    lang          TEXT NOT NULL DEFAULT 'id',
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    email_digest  BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP
);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry);

CREATE TABLE login_failures (
    id      INTEGER PRIMARY KEY,
    scope   TEXT NOT NULL,
    at      TIMESTAMP NOT NULL
);
CREATE INDEX login_failures_scope ON login_failures(scope, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

CREATE TABLE years (
    id            INTEGER PRIMARY KEY,
    year          INTEGER NOT NULL UNIQUE,
    rule_set      TEXT NOT NULL,
    plan_due_date DATE NOT NULL,
    created_at    TIMESTAMP NOT NULL
);

CREATE TABLE quarters (
    id        INTEGER PRIMARY KEY,
    year_id   INTEGER NOT NULL REFERENCES years(id),
    quarter   INTEGER NOT NULL,
    deadline  DATE NOT NULL,
    UNIQUE (year_id, quarter)
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_events (
    seq         INTEGER PRIMARY KEY,
    uuid        TEXT NOT NULL UNIQUE,
    at          TIMESTAMP NOT NULL,
    actor_id    INTEGER,
    actor_name  TEXT NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events(entity, entity_id);
CREATE INDEX audit_events_at ON audit_events(at);

-- +goose Down
DROP TABLE audit_events;
DROP TABLE settings;
DROP TABLE quarters;
DROP TABLE years;
DROP TABLE api_tokens;
DROP TABLE login_failures;
DROP TABLE sessions;
DROP TABLE users;
DROP TABLE assignments;
DROP TABLE employees;
DROP TABLE positions;
DROP TABLE units;
