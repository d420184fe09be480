-- +goose Up
-- The position the second party signed a PK in (SPEC §7), kept as signed
-- beside the name and NIP.
ALTER TABLE plan_versions ADD COLUMN approver_position TEXT NOT NULL DEFAULT '';
-- The head of the unit above an office at the top of the installed tree (a
-- Kanwil's Direktur Jenderal): the second party of that office's PK, recorded
-- for the year because they are not in the system.
CREATE TABLE year_signatories (
    year_id    BIGINT NOT NULL REFERENCES years(id),
    office_id  BIGINT NOT NULL REFERENCES units(id),
    name       TEXT NOT NULL,
    nip        TEXT NOT NULL DEFAULT '',
    position   TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (year_id, office_id)
);
-- An upper office's IKU consolidated from the offices below (SPEC §15).
ALTER TABLE indicators ADD COLUMN by_location BOOLEAN NOT NULL DEFAULT FALSE;
-- Previous-year figures copied from a year still open (SPEC §15 rollover).
ALTER TABLE indicators ADD COLUMN prev_provisional BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE indicators DROP COLUMN prev_provisional;
ALTER TABLE indicators DROP COLUMN by_location;
DROP TABLE year_signatories;
ALTER TABLE plan_versions DROP COLUMN approver_position;
