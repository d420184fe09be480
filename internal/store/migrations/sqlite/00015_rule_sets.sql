-- +goose Up
-- Rule sets an admin installed: the file as uploaded, immutable once stored
-- (a correction is a new set under a new id), identified by the digest of
-- its canonical content so that installing the same file twice is one row.
CREATE TABLE rule_sets (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    digest       TEXT NOT NULL UNIQUE,
    source       TEXT NOT NULL,
    installed_at TIMESTAMP NOT NULL,
    installed_by INTEGER REFERENCES users(id)
);

-- +goose Down
DROP TABLE rule_sets;
