-- 0002: the whole domain — users and profiles, sessions, the client fields a
-- collections team needs, invoices, payments and credit notes with their allocations,
-- communications, documents, relance templates and rules, and the system log.
-- Money is integer cents with an ISO 4217 code; dates are ISO 'YYYY-MM-DD';
-- instants are ISO 'YYYY-MM-DDTHH:MM:SSZ' (UTC), so text order is time order.

-- [users] authentication; role is the permission profile (see core/service/permissions.cpp)
CREATE TABLE users (
    id              INTEGER PRIMARY KEY,
    email           TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    password_hash   TEXT    NOT NULL,                  -- libsodium crypto_pwhash_str (argon2id)
    role            TEXT    NOT NULL CHECK (role IN ('admin', 'manager', 'agent')),
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins   INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until    TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
);

-- [profiles] one per user: how they appear and sign, and their interface language
CREATE TABLE profiles (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    first_name  TEXT NOT NULL DEFAULT '' CHECK (length(first_name) <= 100),
    last_name   TEXT NOT NULL DEFAULT '' CHECK (length(last_name) <= 100),
    phone       TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),
    signature   TEXT NOT NULL DEFAULT '' CHECK (length(signature) <= 2000),
    language    TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'))
);

-- [sessions] the token itself is never stored: only its SHA-256
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    TEXT    NOT NULL,
    last_seen_at  TEXT    NOT NULL,
    expires_at    TEXT    NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);

-- [clients] what collections needs beyond the first slice
ALTER TABLE clients ADD COLUMN assigned_to INTEGER REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE clients ADD COLUMN contact_name TEXT NOT NULL DEFAULT '' CHECK (length(contact_name) <= 200);
ALTER TABLE clients ADD COLUMN segment TEXT NOT NULL DEFAULT '' CHECK (length(segment) <= 64);
ALTER TABLE clients ADD COLUMN tags TEXT NOT NULL DEFAULT '' CHECK (length(tags) <= 500); -- ',a,b,' (delimited both ends)
ALTER TABLE clients ADD COLUMN payment_terms_days INTEGER NOT NULL DEFAULT 30
    CHECK (payment_terms_days BETWEEN 0 AND 365);
ALTER TABLE clients ADD COLUMN credit_limit_cents INTEGER CHECK (credit_limit_cents IS NULL OR credit_limit_cents >= 0);
ALTER TABLE clients ADD COLUMN risk_level TEXT NOT NULL DEFAULT 'medium' CHECK (risk_level IN ('low', 'medium', 'high'));
ALTER TABLE clients ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived'));
CREATE INDEX clients_by_collector ON clients (assigned_to, sort_name);

-- [invoices] status is derived, never typed: see the generated column
CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    number         TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(number) BETWEEN 1 AND 64),
    client_id      INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    issue_date     TEXT    NOT NULL CHECK (date(issue_date) IS issue_date),
    due_date       TEXT    NOT NULL CHECK (date(due_date) IS due_date AND due_date >= issue_date),
    amount_cents   INTEGER NOT NULL CHECK (amount_cents > 0),
    currency       TEXT    NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    -- sum of this invoice's allocations, kept by InvoiceService in the same transaction
    paid_cents     INTEGER NOT NULL DEFAULT 0 CHECK (paid_cents >= 0 AND paid_cents <= amount_cents),
    erp_ref        TEXT    NOT NULL DEFAULT '' CHECK (length(erp_ref) <= 64),
    description    TEXT    NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
    disputed       INTEGER NOT NULL DEFAULT 0 CHECK (disputed IN (0, 1)),
    dispute_reason TEXT    NOT NULL DEFAULT '',
    cancelled_at   TEXT,
    cancel_reason  TEXT    NOT NULL DEFAULT '',
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    status         TEXT    GENERATED ALWAYS AS (
        CASE WHEN cancelled_at IS NOT NULL THEN 'cancelled'
             WHEN paid_cents >= amount_cents THEN 'paid'
             WHEN disputed = 1 THEN 'disputed'
             WHEN paid_cents > 0 THEN 'partially_paid'
             ELSE 'open' END) VIRTUAL
);
CREATE INDEX invoices_by_client ON invoices (client_id, due_date);
-- covering: DSO's sales per period and aging's history need only these columns
CREATE INDEX invoices_by_issue_date ON invoices (issue_date, currency, amount_cents, cancelled_at, client_id);
-- the hot set: invoices still owed, by due date (aging, relances, cash-in forecast)
CREATE INDEX invoices_open_by_due ON invoices (due_date, client_id, amount_cents, paid_cents, currency, disputed, issue_date)
    WHERE cancelled_at IS NULL AND paid_cents < amount_cents;
CREATE INDEX invoices_open_by_client ON invoices (client_id, due_date)
    WHERE cancelled_at IS NULL AND paid_cents < amount_cents;

-- [payments] money received, and credit notes (avoirs): both are allocated to invoices;
-- what is not allocated is the client's credit
CREATE TABLE payments (
    id              INTEGER PRIMARY KEY,
    client_id       INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    kind            TEXT    NOT NULL CHECK (kind IN ('payment', 'credit_note')),
    number          TEXT    COLLATE NOCASE UNIQUE CHECK (number IS NULL OR length(number) BETWEEN 1 AND 64),
    date            TEXT    NOT NULL CHECK (date(date) IS date),
    amount_cents    INTEGER NOT NULL CHECK (amount_cents > 0),
    currency        TEXT    NOT NULL DEFAULT 'EUR' CHECK (length(currency) = 3 AND currency NOT GLOB '*[^A-Z]*'),
    method          TEXT    CHECK (method IN ('transfer', 'cheque', 'card', 'direct_debit', 'cash')),
    reference       TEXT    NOT NULL DEFAULT '' CHECK (length(reference) <= 128),
    reason          TEXT    NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    allocated_cents INTEGER NOT NULL DEFAULT 0 CHECK (allocated_cents >= 0 AND allocated_cents <= amount_cents),
    voided_at       TEXT,
    void_reason     TEXT    NOT NULL DEFAULT '',
    created_by      INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at      TEXT    NOT NULL,
    CHECK ((kind = 'payment') = (method IS NOT NULL)),
    CHECK ((kind = 'credit_note') = (number IS NOT NULL)),
    CHECK (voided_at IS NULL OR allocated_cents = 0)
);
CREATE INDEX payments_by_client ON payments (client_id, date);
-- covering: aging in the past, collection rate and cash collected per collector read only these
CREATE INDEX payments_by_date ON payments (date, kind, voided_at, currency, amount_cents, client_id);

CREATE TABLE payment_allocations (
    id                  INTEGER PRIMARY KEY,
    payment_id          INTEGER NOT NULL REFERENCES payments (id) ON DELETE RESTRICT,
    invoice_id          INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
    amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
    created_by          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at          TEXT    NOT NULL,
    -- Copies of what aging "as of a past date" needs, so it reads one index instead of
    -- a million rows: the payment's date, and the invoice's client, currency and dates.
    -- Filled from payments and invoices at insert (PaymentModel), kept equal when an
    -- invoice's dates change (InvoiceService); a property test checks they agree.
    payment_date        TEXT    NOT NULL,
    client_id           INTEGER NOT NULL,
    currency            TEXT    NOT NULL,
    invoice_due_date    TEXT    NOT NULL,
    invoice_issue_date  TEXT    NOT NULL
);
CREATE INDEX allocations_by_payment ON payment_allocations (payment_id, invoice_id, amount_cents);
CREATE INDEX allocations_by_invoice ON payment_allocations (invoice_id);
CREATE INDEX allocations_by_payment_date ON payment_allocations
    (payment_date, currency, invoice_issue_date, client_id, invoice_due_date, amount_cents);

-- [communications] every contact with a client, in or out
CREATE TABLE communications (
    id                    INTEGER PRIMARY KEY,
    client_id             INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    user_id               INTEGER REFERENCES users (id) ON DELETE SET NULL,
    channel               TEXT    NOT NULL CHECK (channel IN ('call', 'email', 'sms', 'letter', 'visit', 'note')),
    direction             TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    occurred_at           TEXT    NOT NULL,
    subject               TEXT    NOT NULL DEFAULT '' CHECK (length(subject) <= 200),
    body                  TEXT    NOT NULL DEFAULT '' CHECK (length(body) <= 20000),
    outcome               TEXT    CHECK (outcome IN ('reached', 'voicemail', 'promise', 'refusal', 'wrong_number')),
    promise_date          TEXT    CHECK (promise_date IS NULL OR date(promise_date) IS promise_date),
    promise_amount_cents  INTEGER CHECK (promise_amount_cents IS NULL OR promise_amount_cents > 0),
    created_at            TEXT    NOT NULL,
    CHECK (outcome IS NULL OR channel = 'call'),
    CHECK ((outcome IS 'promise') = (promise_date IS NOT NULL))
);
CREATE INDEX communications_by_client ON communications (client_id, occurred_at);

CREATE TABLE communication_invoices (
    communication_id  INTEGER NOT NULL REFERENCES communications (id) ON DELETE CASCADE,
    invoice_id        INTEGER NOT NULL REFERENCES invoices (id) ON DELETE RESTRICT,
    PRIMARY KEY (communication_id, invoice_id)
) WITHOUT ROWID;

-- [documents] files attached to a client or an invoice, stored in the database
CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    client_id    INTEGER NOT NULL REFERENCES clients (id) ON DELETE RESTRICT,
    invoice_id   INTEGER REFERENCES invoices (id) ON DELETE RESTRICT,
    name         TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    mime_type    TEXT    NOT NULL CHECK (length(mime_type) BETWEEN 3 AND 100),
    size_bytes   INTEGER NOT NULL CHECK (size_bytes BETWEEN 0 AND 10485760),
    sha256       TEXT    NOT NULL CHECK (length(sha256) = 64),
    content      BLOB    NOT NULL,
    uploaded_by  INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at   TEXT    NOT NULL
);
CREATE INDEX documents_by_client ON documents (client_id);
CREATE INDEX documents_by_invoice ON documents (invoice_id);

-- [relance_templates] the text of a reminder, by channel and language
CREATE TABLE relance_templates (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(code) BETWEEN 1 AND 64),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    channel     TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'call')),
    language    TEXT    NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    subject     TEXT    NOT NULL DEFAULT '' CHECK (length(subject) <= 200),
    body        TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);

-- [relance_rules] when a reminder is due: days after the due date, the step, its template
CREATE TABLE relance_rules (
    id                INTEGER PRIMARY KEY,
    name              TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    step              TEXT    NOT NULL CHECK (step IN ('friendly_email', 'sms', 'call', 'formal_notice', 'litigation')),
    days_after_due    INTEGER NOT NULL CHECK (days_after_due BETWEEN -60 AND 730),
    template_id       INTEGER REFERENCES relance_templates (id) ON DELETE RESTRICT,
    min_amount_cents  INTEGER NOT NULL DEFAULT 0 CHECK (min_amount_cents >= 0),
    active            INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at        TEXT    NOT NULL,
    updated_at        TEXT    NOT NULL
);

-- [system_logs] every change: who, what, which entity, when, before and after (JSON)
CREATE TABLE system_logs (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    action      TEXT    NOT NULL,
    entity      TEXT    NOT NULL,
    entity_id   INTEGER,
    before_json TEXT,
    after_json  TEXT
);
CREATE INDEX system_logs_by_at ON system_logs (at);
CREATE INDEX system_logs_by_entity ON system_logs (entity, entity_id);
CREATE INDEX system_logs_by_user ON system_logs (user_id, at);
