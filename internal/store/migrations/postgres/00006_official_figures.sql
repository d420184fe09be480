-- +goose Up
-- The office score of a closed quarter with the map, weights and figures it
-- was computed from (JSON), so that it never moves (SPEC §12).
ALTER TABLE quarter_closures ADD COLUMN nko_json TEXT;
-- The plan version a sheet was validated on: an amendment approved later
-- applies to the quarters not validated yet (SPEC §7).
ALTER TABLE sheets ADD COLUMN version_id INTEGER REFERENCES plan_versions(id);

-- +goose Down
ALTER TABLE sheets DROP COLUMN version_id;
ALTER TABLE quarter_closures DROP COLUMN nko_json;
