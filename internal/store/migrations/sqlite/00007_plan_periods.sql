-- +goose Up
-- A plan covers a period of its year and follows the post: a person who
-- moves has one plan per post (SPEC §7, §13). SQLite cannot drop the old
-- one-plan-per-year constraint, so the table is rebuilt; deferred foreign
-- keys let the plans leave and come back with the same IDs in one transaction.
PRAGMA defer_foreign_keys = ON;
CREATE TABLE plans_before AS SELECT * FROM plans;
DROP TABLE plans;
CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    year_id      INTEGER NOT NULL REFERENCES years(id),
    employee_id  INTEGER NOT NULL REFERENCES employees(id),
    position_id  INTEGER NOT NULL REFERENCES positions(id),
    office_id    INTEGER NOT NULL REFERENCES units(id),
    kind         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    period_start DATE NOT NULL,
    period_end   DATE NOT NULL,
    UNIQUE (year_id, employee_id, period_start)
);
INSERT INTO plans (id, year_id, employee_id, position_id, office_id, kind, created_at, period_start, period_end)
SELECT p.id, p.year_id, p.employee_id, p.position_id, p.office_id, p.kind, p.created_at,
       printf('%04d-01-01 00:00:00+00:00', y.year), printf('%04d-12-31 00:00:00+00:00', y.year)
FROM plans_before p JOIN years y ON y.id = p.year_id;
DROP TABLE plans_before;
CREATE INDEX plans_office ON plans(office_id, year_id);
CREATE INDEX plans_employee ON plans(employee_id, year_id);

-- +goose Down
PRAGMA defer_foreign_keys = ON;
CREATE TABLE plans_after AS SELECT * FROM plans;
DROP TABLE plans;
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
INSERT INTO plans (id, year_id, employee_id, position_id, office_id, kind, created_at)
SELECT id, year_id, employee_id, position_id, office_id, kind, created_at FROM plans_after;
DROP TABLE plans_after;
CREATE INDEX plans_office ON plans(office_id, year_id);
