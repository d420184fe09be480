-- +goose Up
-- A plan covers a period of its year and follows the post: a person who
-- moves has one plan per post (SPEC §7, §13).
ALTER TABLE plans ADD COLUMN period_start DATE;
ALTER TABLE plans ADD COLUMN period_end DATE;
UPDATE plans p SET period_start = make_date(y.year::int, 1, 1), period_end = make_date(y.year::int, 12, 31) FROM years y WHERE y.id = p.year_id;
ALTER TABLE plans ALTER COLUMN period_start SET NOT NULL;
ALTER TABLE plans ALTER COLUMN period_end SET NOT NULL;
ALTER TABLE plans DROP CONSTRAINT plans_year_id_employee_id_key;
ALTER TABLE plans ADD CONSTRAINT plans_year_id_employee_id_period_start_key UNIQUE (year_id, employee_id, period_start);
CREATE INDEX plans_employee ON plans(employee_id, year_id);

-- +goose Down
DROP INDEX plans_employee;
ALTER TABLE plans DROP CONSTRAINT plans_year_id_employee_id_period_start_key;
ALTER TABLE plans ADD CONSTRAINT plans_year_id_employee_id_key UNIQUE (year_id, employee_id);
ALTER TABLE plans DROP COLUMN period_end;
ALTER TABLE plans DROP COLUMN period_start;
