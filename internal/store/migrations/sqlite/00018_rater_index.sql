-- +goose Up
-- Everybody's inbox and home page look up the colleagues they still have to
-- score in the 360° assessment: by rater, which a year of an office's
-- assessments (people × quarters × raters) makes a table worth an index.
CREATE INDEX assessment_raters_rater ON assessment_raters(rater_id, quarter);

-- +goose Down
DROP INDEX assessment_raters_rater;
