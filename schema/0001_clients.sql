-- 0001: clients, the first slice.
-- Never edited once landed: later changes are new numbered files.
CREATE TABLE clients (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL COLLATE NOCASE UNIQUE
                        CHECK (length(code) BETWEEN 1 AND 32),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    email       TEXT    NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    phone       TEXT    NOT NULL DEFAULT '' CHECK (length(phone) <= 32),
    address     TEXT    NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    siret       TEXT    CHECK (siret IS NULL OR (length(siret) = 14 AND siret NOT GLOB '*[^0-9]*')),
    -- Folded forms (lower case, no accents) maintained by ClientModel: SQLite in the
    -- browser has no ICU, so accent-insensitive search and sort use these columns.
    search_key  TEXT    NOT NULL,
    sort_name   TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

CREATE INDEX clients_by_sort_name ON clients (sort_name, id);
CREATE INDEX clients_by_created_at ON clients (created_at, id);
