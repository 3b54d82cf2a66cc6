-- 0007: CSV imports remember how a file's columns map to fields, per file shape (the
-- kind of rows and the folded header names), so that next month's export of the same
-- accounting package is mapped without asking again.
CREATE TABLE import_mappings (
    shape      TEXT    PRIMARY KEY CHECK (length(shape) BETWEEN 1 AND 4000),
    kind       TEXT    NOT NULL CHECK (kind IN ('clients', 'invoices', 'payments')),
    mapping    TEXT    NOT NULL CHECK (json_valid(mapping)),
    updated_at TEXT    NOT NULL
);
