-- 0003: a per-client balance cache, so the clients page can sort by amounts owed
-- without summing a million invoices. Kept by the services: a client's row is
-- recomputed whenever its invoices, payments or allocations change, and the whole
-- table when the date it was computed for is not the date asked (overdue depends on
-- the day). Amounts in EUR; the meta row (client_id 0) holds that date.
CREATE TABLE client_stats (
    client_id      INTEGER PRIMARY KEY,
    as_of          TEXT    NOT NULL,
    open_cents     INTEGER NOT NULL DEFAULT 0,
    overdue_cents  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX client_stats_by_overdue ON client_stats (overdue_cents, client_id);
CREATE INDEX client_stats_by_open ON client_stats (open_cents, client_id);
