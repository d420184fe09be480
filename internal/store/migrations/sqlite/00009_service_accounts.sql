-- +goose Up
-- Accounts of other systems (HR, budget, e-Kinerja): each acts through its
-- own login account (role 'service', no password) within one office and the
-- scopes it was given; deleting one keeps the row for the audit log.
CREATE TABLE service_accounts (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL UNIQUE REFERENCES users(id),
    name       TEXT NOT NULL,
    office_id  INTEGER NOT NULL REFERENCES units(id),
    scopes     TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    created_by INTEGER REFERENCES users(id),
    deleted_at TIMESTAMP
);

-- +goose Down
DROP TABLE service_accounts;
