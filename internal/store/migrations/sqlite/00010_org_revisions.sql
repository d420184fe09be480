-- +goose Up
-- Units, positions and employees count their changes, so that a change made
-- on an older reading is refused (the API's revision), as for plans.
ALTER TABLE units ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE positions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
ALTER TABLE employees ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE employees DROP COLUMN revision;
ALTER TABLE positions DROP COLUMN revision;
ALTER TABLE units DROP COLUMN revision;
