-- +goose Up
-- The office score of a closed quarter with the map, weights and figures it
-- was computed from (JSON), so that it never moves (SPEC §12).
ALTER TABLE quarter_closures ADD COLUMN nko_json TEXT;

-- +goose Down
ALTER TABLE quarter_closures DROP COLUMN nko_json;
