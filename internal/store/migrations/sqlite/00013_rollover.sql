-- +goose Up
-- A year rolled over from the one before (SPEC §15): each copied plan and
-- line names the one it was copied from, so that a second run copies nothing
-- twice, cascading links are found again between the copies, and previous-
-- year figures copied while that year was open are refreshed when it closes.
ALTER TABLE plans ADD COLUMN rolled_from INTEGER;
ALTER TABLE plan_lines ADD COLUMN rolled_from INTEGER;
CREATE INDEX plan_lines_rolled_from ON plan_lines(rolled_from);

-- +goose Down
DROP INDEX plan_lines_rolled_from;
ALTER TABLE plan_lines DROP COLUMN rolled_from;
ALTER TABLE plans DROP COLUMN rolled_from;
