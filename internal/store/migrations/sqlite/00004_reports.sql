-- +goose Up
CREATE TABLE reports (
    id             INTEGER PRIMARY KEY,
    plan_id        INTEGER NOT NULL REFERENCES plans(id),
    quarter        INTEGER NOT NULL,
    status         TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    submitted_at   TIMESTAMP,
    submitted_by   INTEGER REFERENCES users(id),
    reviewed_at    TIMESTAMP,
    reviewed_by    INTEGER REFERENCES users(id),
    reviewer_name  TEXT NOT NULL DEFAULT '',
    reviewer_nip   TEXT NOT NULL DEFAULT '',
    returned_at    TIMESTAMP,
    returned_by    INTEGER REFERENCES users(id),
    return_comment TEXT NOT NULL DEFAULT '',
    snapshot_json  TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, quarter)
);

CREATE TABLE report_items (
    id             INTEGER PRIMARY KEY,
    report_id      INTEGER NOT NULL REFERENCES reports(id),
    line_id        INTEGER NOT NULL REFERENCES plan_lines(id),
    issue          TEXT NOT NULL DEFAULT '',
    implication    TEXT NOT NULL DEFAULT '',
    accountable_id INTEGER REFERENCES employees(id),
    supporting     TEXT NOT NULL DEFAULT '',
    updated_at     TIMESTAMP NOT NULL,
    UNIQUE (report_id, line_id)
);

CREATE TABLE actions (
    id           INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES reports(id),
    line_id      INTEGER NOT NULL REFERENCES plan_lines(id),
    carried_from INTEGER REFERENCES actions(id),
    description  TEXT NOT NULL,
    owner_id     INTEGER NOT NULL REFERENCES employees(id),
    due_date     DATE NOT NULL,
    status       TEXT NOT NULL,
    status_note  TEXT NOT NULL DEFAULT '',
    needs_update BOOLEAN NOT NULL DEFAULT FALSE,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
CREATE INDEX actions_report ON actions(report_id);
CREATE INDEX actions_owner ON actions(owner_id, status);

-- +goose Down
DROP TABLE actions;
DROP TABLE report_items;
DROP TABLE reports;
