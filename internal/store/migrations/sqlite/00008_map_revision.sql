-- +goose Up
-- A strategy map's revision: every change bumps it, and a change made on an
-- older one is refused, as for plans, sheets and reports.
ALTER TABLE strategy_maps ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE strategy_maps DROP COLUMN revision;
