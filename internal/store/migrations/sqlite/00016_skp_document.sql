-- +goose Up
-- The SKP document (SPEC §14): the work result a line stands for, the
-- Lampiran of a plan, additional tasks, and functional posts left out of the
-- substantive NKO blend (SPEC §10.6.6).

-- The work result (rencana hasil kerja) an indicator line measures.
ALTER TABLE indicators ADD COLUMN result TEXT NOT NULL DEFAULT '';

-- The Lampiran of a plan: resource support, accountability scheme, consequences.
CREATE TABLE plan_attachments (
    plan_id        INTEGER PRIMARY KEY REFERENCES plans(id),
    resources      TEXT NOT NULL DEFAULT '',
    accountability TEXT NOT NULL DEFAULT '',
    consequences   TEXT NOT NULL DEFAULT '',
    updated_by     INTEGER REFERENCES users(id),
    updated_at     TIMESTAMP NOT NULL
);

-- Additional tasks (tugas tambahan) of a plan's period.
CREATE TABLE additional_tasks (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plans(id),
    description TEXT NOT NULL,
    created_by  INTEGER REFERENCES users(id),
    created_at  TIMESTAMP NOT NULL
);
CREATE INDEX additional_tasks_plan ON additional_tasks (plan_id, id);

-- A functional post that blends with the NKO like staff two levels below the head.
ALTER TABLE positions ADD COLUMN non_substantive BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE positions DROP COLUMN non_substantive;
DROP TABLE additional_tasks;
DROP TABLE plan_attachments;
ALTER TABLE indicators DROP COLUMN result;
