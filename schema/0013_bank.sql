-- 0013: bank statements brought in (CFONB 120, CAMT.053, OFX) and their lines matched to
-- clients and invoices (core/service/bank_service.hpp says how).
--
-- bank_imports    — one per file imported: its name, format, how many lines it held and how
--                   many were new (a statement imported twice adds nothing).
-- bank_statements — one per account and period in the file, with the balances the bank
--                   states: the latest closing date says how old the bank data is.
-- bank_lines      — one per movement, keyed by account, booking date, amount, the bank's
--                   reference and, for lines equal in all four (two transfers of the same
--                   amount on the same day without a reference), their rank in the file.
--                   Its state: auto (a payment recorded by the matcher), confirmed (by a
--                   user), credit (left as the client's credit), voided (a debit that took
--                   back a payment: the payment voided), suggested (proposals wait for a
--                   user), todo (nothing proposed), ignored (fees, non-customers, debits).
--                   `proposals`: the matcher's proposals, best first (a JSON array).
-- bank_line_payments — the payments a line recorded (several when split across clients) or
--                   the one it voided.
-- payer_aliases   — what confirmed matches taught: a payer's IBAN or folded name → the
--                   client; client_id NULL when the same payer was confirmed for two clients
--                   (a shared payer: no longer a sign of either).
CREATE TABLE bank_imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
    format      TEXT    NOT NULL CHECK (format IN ('cfonb120', 'camt053', 'ofx')),
    lines_total INTEGER NOT NULL DEFAULT 0 CHECK (lines_total >= 0),
    lines_new   INTEGER NOT NULL DEFAULT 0 CHECK (lines_new BETWEEN 0 AND lines_total),
    imported_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    imported_at TEXT    NOT NULL
);

CREATE TABLE bank_statements (
    id            INTEGER PRIMARY KEY,
    import_id     INTEGER NOT NULL REFERENCES bank_imports (id) ON DELETE RESTRICT,
    account       TEXT    NOT NULL CHECK (length(account) BETWEEN 1 AND 64),
    currency      TEXT    NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    opening_date  TEXT    CHECK (opening_date IS NULL OR date(opening_date) IS opening_date),
    closing_date  TEXT    NOT NULL CHECK (date(closing_date) IS closing_date),
    opening_cents INTEGER NOT NULL DEFAULT 0,
    closing_cents INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX bank_statements_by_import ON bank_statements (import_id);
CREATE INDEX bank_statements_by_closing ON bank_statements (closing_date);

CREATE TABLE bank_lines (
    id             INTEGER PRIMARY KEY,
    statement_id   INTEGER NOT NULL REFERENCES bank_statements (id) ON DELETE RESTRICT,
    account        TEXT    NOT NULL CHECK (length(account) BETWEEN 1 AND 64),
    booking_date   TEXT    NOT NULL CHECK (date(booking_date) IS booking_date),
    value_date     TEXT    CHECK (value_date IS NULL OR date(value_date) IS value_date),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents <> 0),
    currency       TEXT    NOT NULL CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    bank_ref       TEXT    NOT NULL DEFAULT '' CHECK (length(bank_ref) <= 64),
    occurrence     INTEGER NOT NULL DEFAULT 1 CHECK (occurrence >= 1),
    label          TEXT    NOT NULL DEFAULT '' CHECK (length(label) <= 1000),
    payer_name     TEXT    NOT NULL DEFAULT '' CHECK (length(payer_name) <= 200),
    payer_account  TEXT    NOT NULL DEFAULT '' CHECK (length(payer_account) <= 64),
    remittance     TEXT    NOT NULL DEFAULT '' CHECK (length(remittance) <= 1000),
    operation_code TEXT    NOT NULL DEFAULT '' CHECK (length(operation_code) <= 16),
    state          TEXT    NOT NULL
                           CHECK (state IN ('auto', 'confirmed', 'credit', 'voided', 'suggested', 'todo', 'ignored')),
    client_id      INTEGER REFERENCES clients (id) ON DELETE SET NULL,
    score          INTEGER NOT NULL DEFAULT 0 CHECK (score BETWEEN 0 AND 100),
    proposals      TEXT    NOT NULL DEFAULT '[]' CHECK (json_valid(proposals)),
    note           TEXT    NOT NULL DEFAULT '' CHECK (length(note) <= 500),
    resolved_by    INTEGER REFERENCES users (id) ON DELETE SET NULL,
    resolved_at    TEXT,
    UNIQUE (account, booking_date, amount_cents, bank_ref, occurrence)
);
CREATE INDEX bank_lines_by_statement ON bank_lines (statement_id, id);
CREATE INDEX bank_lines_by_state ON bank_lines (state, booking_date, id);
CREATE INDEX bank_lines_by_client ON bank_lines (client_id, booking_date) WHERE client_id IS NOT NULL;

CREATE TABLE bank_line_payments (
    line_id    INTEGER NOT NULL REFERENCES bank_lines (id) ON DELETE CASCADE,
    payment_id INTEGER NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
    PRIMARY KEY (line_id, payment_id)
) WITHOUT ROWID;
CREATE INDEX bank_line_payments_by_payment ON bank_line_payments (payment_id);

CREATE TABLE payer_aliases (
    id         INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('iban', 'name')),
    key        TEXT    NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
    client_id  INTEGER REFERENCES clients (id) ON DELETE CASCADE,
    created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at TEXT    NOT NULL,
    UNIQUE (kind, key)
);
CREATE INDEX payer_aliases_by_client ON payer_aliases (client_id);

-- What the matcher reads of every open invoice, numbers included, in one index: without the
-- number, reading it took a row of the table per open invoice (~2 s on a million invoices).
CREATE INDEX invoices_open_numbers ON invoices (currency, client_id, due_date, number, amount_cents, paid_cents,
    issue_date, disputed) WHERE cancelled_at IS NULL AND paid_cents < amount_cents;

-- The matcher applies a proposal by itself from this score (out of 100; 101: never), and
-- the day's automatic relance execution waits for a confirmation once the latest statement
-- is older than this many business days.
ALTER TABLE company_settings ADD COLUMN bank_auto_score INTEGER NOT NULL DEFAULT 90
    CHECK (bank_auto_score BETWEEN 50 AND 101);
ALTER TABLE company_settings ADD COLUMN bank_stale_days INTEGER NOT NULL DEFAULT 3
    CHECK (bank_stale_days BETWEEN 1 AND 30);
