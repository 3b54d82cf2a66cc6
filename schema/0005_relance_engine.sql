-- 0005: the relance engine — scenarios made of steps (replacing the flat relance_rules),
-- templates per code and language, holds (promises, payment plans, stops), the client's
-- legal profile and collection stage, company settings, the ECB rate table, and what
-- the engine has done: executed actions, (invoice, step) pairs done, call tasks.

-- [clients] business or consumer; the contract's own late-payment terms; language of
-- the letters; an own scenario; the collection stage the engine moves forward.
ALTER TABLE clients ADD COLUMN customer_type TEXT NOT NULL DEFAULT 'business'
    CHECK (customer_type IN ('business', 'consumer'));
ALTER TABLE clients ADD COLUMN language TEXT NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en'));
-- NULL: the legal rate (ECB + 10 points); else the contract's annual rate in basis points
ALTER TABLE clients ADD COLUMN contract_rate_bp INTEGER
    CHECK (contract_rate_bp IS NULL OR contract_rate_bp BETWEEN 0 AND 10000);
-- a consumer's contract that sets late-payment charges (ignored for businesses)
ALTER TABLE clients ADD COLUMN contract_charges INTEGER NOT NULL DEFAULT 0 CHECK (contract_charges IN (0, 1));
ALTER TABLE clients ADD COLUMN scenario_id INTEGER REFERENCES relance_scenarios (id) ON DELETE SET NULL;
ALTER TABLE clients ADD COLUMN stage TEXT NOT NULL DEFAULT 'amiable'
    CHECK (stage IN ('amiable', 'relance', 'mise_en_demeure', 'contentieux'));

-- [relance_scenarios] a named sequence of steps; one is the default, one per segment at most
CREATE TABLE relance_scenarios (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL COLLATE NOCASE UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
    is_default     INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1)),
    segment        TEXT    COLLATE NOCASE CHECK (segment IS NULL OR length(segment) BETWEEN 1 AND 64),
    business_days  INTEGER NOT NULL DEFAULT 0 CHECK (business_days IN (0, 1)), -- offsets in French business days
    per_invoice    INTEGER NOT NULL DEFAULT 0 CHECK (per_invoice IN (0, 1)),   -- one message per invoice
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);
CREATE UNIQUE INDEX relance_scenarios_one_default ON relance_scenarios (is_default) WHERE is_default = 1;
CREATE UNIQUE INDEX relance_scenarios_by_segment ON relance_scenarios (segment) WHERE segment IS NOT NULL;

-- [relance_steps] one step of a scenario: when (days from the due date), how (channel,
-- template), on which conditions, automatic or to confirm, and the stage it leads to
CREATE TABLE relance_steps (
    id                       INTEGER PRIMARY KEY,
    scenario_id              INTEGER NOT NULL REFERENCES relance_scenarios (id) ON DELETE CASCADE,
    name                     TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    offset_days              INTEGER NOT NULL CHECK (offset_days BETWEEN -60 AND 730),
    channel                  TEXT    NOT NULL
        CHECK (channel IN ('email', 'sms', 'letter', 'call', 'formal_notice', 'litigation')),
    template_code            TEXT    COLLATE NOCASE, -- relance_templates.code; NULL for calls and litigation
    mode                     TEXT    NOT NULL DEFAULT 'auto' CHECK (mode IN ('auto', 'confirm')),
    min_amount_cents         INTEGER NOT NULL DEFAULT 0 CHECK (min_amount_cents >= 0),
    min_days_since_previous  INTEGER NOT NULL DEFAULT 0 CHECK (min_days_since_previous BETWEEN 0 AND 365),
    segment                  TEXT    NOT NULL DEFAULT '' COLLATE NOCASE CHECK (length(segment) <= 64), -- '': any
    risk                     TEXT    NOT NULL DEFAULT '' CHECK (risk IN ('', 'low', 'medium', 'high')),   -- '': any
    stage                    TEXT    CHECK (stage IS NULL OR stage IN ('amiable', 'relance', 'mise_en_demeure', 'contentieux')),
    active                   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL,
    UNIQUE (scenario_id, offset_days, channel)
);

-- The default French scenario (its templates follow the table rebuild below).
INSERT INTO relance_scenarios (id, name, is_default, created_at, updated_at)
VALUES (1, 'Scénario standard', 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));
INSERT INTO relance_steps (scenario_id, name, offset_days, channel, template_code, mode, stage, created_at, updated_at)
SELECT 1, name, offset_days, channel, template_code, mode, stage, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
FROM (SELECT 'Rappel courtois' AS name, -5 AS offset_days, 'email' AS channel, 'courtesy' AS template_code,
             'auto' AS mode, NULL AS stage
      UNION ALL SELECT 'Première relance', 7, 'email', 'reminder', 'auto', 'relance'
      UNION ALL SELECT 'Relance SMS', 15, 'sms', 'sms_reminder', 'auto', NULL
      UNION ALL SELECT 'Appel', 15, 'call', NULL, 'auto', NULL
      UNION ALL SELECT 'Mise en demeure', 30, 'formal_notice', 'formal_notice', 'confirm', 'mise_en_demeure'
      UNION ALL SELECT 'Transmission au contentieux', 45, 'litigation', NULL, 'confirm', 'contentieux');

-- Existing rules are carried over as their own scenario, which becomes the default so
-- that nothing changes for a team that had set rules up.
INSERT INTO relance_scenarios (id, name, is_default, created_at, updated_at)
SELECT 2, 'Règles reprises', 0, min(created_at), max(updated_at) FROM relance_rules HAVING count(*) > 0;
INSERT OR IGNORE INTO relance_steps (scenario_id, name, offset_days, channel, template_code, min_amount_cents, active,
                                     stage, created_at, updated_at)
SELECT 2, r.name, r.days_after_due,
       CASE r.step WHEN 'friendly_email' THEN 'email' ELSE r.step END,
       t.code, r.min_amount_cents, r.active,
       CASE r.step WHEN 'friendly_email' THEN 'relance' WHEN 'formal_notice' THEN 'mise_en_demeure'
                   WHEN 'litigation' THEN 'contentieux' ELSE NULL END,
       r.created_at, r.updated_at
FROM relance_rules r LEFT JOIN relance_templates t ON t.id = r.template_id
ORDER BY r.days_after_due, r.id;
UPDATE relance_scenarios SET is_default = 0 WHERE id = 1 AND EXISTS (SELECT 1 FROM relance_scenarios WHERE id = 2);
UPDATE relance_scenarios SET is_default = 1 WHERE id = 2;
DROP TABLE relance_rules;

-- [relance_templates] rebuilt: a code names a text, in each language (code, language unique)
CREATE TABLE relance_templates_v5 (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL COLLATE NOCASE CHECK (length(code) BETWEEN 1 AND 64),
    name        TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    channel     TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'letter', 'call')),
    language    TEXT    NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
    subject     TEXT    NOT NULL DEFAULT '' CHECK (length(subject) <= 200),
    body        TEXT    NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    UNIQUE (code, language)
);
INSERT INTO relance_templates_v5 SELECT id, code, name, channel, language, subject, body, created_at, updated_at
FROM relance_templates;
DROP TABLE relance_templates;
ALTER TABLE relance_templates_v5 RENAME TO relance_templates;

-- The default scenario's templates, in French and English (kept when a team already
-- has a template of the same code and language).
INSERT OR IGNORE INTO relance_templates (code, name, channel, language, subject, body, created_at, updated_at)
VALUES ('courtesy', 'Rappel avant échéance', 'email', 'fr', 'Échéance prochaine de vos factures — {company.name}', 'Bonjour {client.contact},

Nous vous rappelons que les factures suivantes arrivent prochainement à échéance :

{invoices.table}

Montant total : {total.open}

Si votre règlement est déjà en cours, merci de ne pas tenir compte de ce message.
Référence de paiement : {payment.reference} — IBAN {company.iban} — BIC {company.bic}

Cordialement,
{collector.name}
{collector.signature}
{company.name}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('courtesy', 'Courtesy reminder', 'email', 'en', 'Invoices coming due — {company.name}', 'Hello {client.contact},

This is a friendly reminder that the following invoices will soon be due:

{invoices.table}

Total: {total.open}

If your payment is already on its way, please disregard this message.
Payment reference: {payment.reference} — IBAN {company.iban} — BIC {company.bic}

Kind regards,
{collector.name}
{collector.signature}
{company.name}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('reminder', 'Première relance', 'email', 'fr', 'Relance : factures échues ({total.open})', 'Bonjour {client.contact},

Sauf erreur de notre part, les factures suivantes restent impayées à ce jour :

{invoices.table}

Montant échu : {total.open} (retard de {days_overdue} jours).

Nous vous remercions de procéder au règlement par virement :
IBAN {company.iban} — BIC {company.bic} — référence {payment.reference}.

Si vous avez déjà réglé, merci de ne pas tenir compte de ce message.

Cordialement,
{collector.name}
{collector.signature}
{company.name} — {company.phone}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('reminder', 'First reminder', 'email', 'en', 'Reminder: overdue invoices ({total.open})', 'Hello {client.contact},

Unless we are mistaken, the following invoices are still unpaid:

{invoices.table}

Amount overdue: {total.open} ({days_overdue} days late).

Please pay by bank transfer:
IBAN {company.iban} — BIC {company.bic} — reference {payment.reference}.

If you have already paid, please disregard this message.

Kind regards,
{collector.name}
{collector.signature}
{company.name} — {company.phone}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('sms_reminder', 'Relance SMS', 'sms', 'fr', '', '{company.name} : {invoices.count} facture(s) impayée(s), {total.open}, retard de {days_overdue} jours. Merci de régler par virement, réf. {payment.reference}. Contact : {collector.phone}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('sms_reminder', 'SMS reminder', 'sms', 'en', '', '{company.name}: {invoices.count} unpaid invoice(s), {total.open}, {days_overdue} days late. Please pay by transfer, ref. {payment.reference}. Contact: {collector.phone}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('formal_notice', 'Mise en demeure', 'letter', 'fr', 'Mise en demeure de payer', 'Madame, Monsieur,

Malgré nos relances, les factures ci-dessous demeurent impayées à ce jour :

{invoices.table}

Principal restant dû : {total.open}
Intérêts de retard (article L441-10 du Code de commerce) : {total.interest}
Indemnité forfaitaire pour frais de recouvrement (articles L441-10 et D441-5 du Code de commerce) : {total.fee}
Total dû : {total.due}

Par la présente, nous vous mettons en demeure de nous régler la somme de {total.due} dans un délai de huit jours à compter de la réception de ce courrier, par virement sur le compte IBAN {company.iban} (BIC {company.bic}) en rappelant la référence {payment.reference}.

À défaut de règlement dans ce délai, nous engagerons sans autre avis une procédure judiciaire de recouvrement, dont les frais resteront à votre charge.

La présente mise en demeure fait courir les intérêts de retard au taux légal majoré prévu par la loi.

Veuillez agréer, Madame, Monsieur, l''expression de nos salutations distinguées.

{collector.name}
{collector.signature}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
       ('formal_notice', 'Formal notice', 'letter', 'en', 'Formal notice to pay', 'Dear Sir or Madam,

Despite our reminders, the invoices below are still unpaid:

{invoices.table}

Principal outstanding: {total.open}
Late-payment interest (French Commercial Code, article L441-10): {total.interest}
Fixed recovery fee (articles L441-10 and D441-5): {total.fee}
Total due: {total.due}

We hereby give you formal notice to pay {total.due} within eight days of receiving this letter, by bank transfer to IBAN {company.iban} (BIC {company.bic}) quoting reference {payment.reference}.

Failing payment within this time, we will start legal recovery proceedings without further notice, at your expense.

Yours faithfully,

{collector.name}
{collector.signature}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- [holds] what pauses the chase besides a dispute: a promise to pay, a payment plan
-- (échéancier), a manual or legal stop. On listed invoices, or the whole client when none.
CREATE TABLE holds (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    kind              TEXT    NOT NULL CHECK (kind IN ('promise', 'plan', 'stop')),
    reason            TEXT    NOT NULL DEFAULT '' CHECK (length(reason) <= 500),
    amount_cents      INTEGER CHECK (amount_cents IS NULL OR amount_cents > 0), -- a promise's amount
    date              TEXT    CHECK (date IS NULL OR date(date) IS date),       -- a promise's date
    until             TEXT    CHECK (until IS NULL OR date(until) IS until),    -- a stop's end (NULL: until ended)
    starts_on         TEXT    NOT NULL CHECK (date(starts_on) IS starts_on),
    communication_id  INTEGER REFERENCES communications (id) ON DELETE SET NULL, -- the call that made it
    ended_at          TEXT,
    ended_by          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    broken_logged_at  TEXT, -- when the engine logged this promise or plan as broken
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        TEXT    NOT NULL,
    CHECK ((kind = 'promise') = (amount_cents IS NOT NULL AND date IS NOT NULL)),
    CHECK (kind = 'stop' OR until IS NULL)
);
CREATE INDEX holds_by_client ON holds (client_id, ended_at);
CREATE INDEX holds_open ON holds (client_id) WHERE ended_at IS NULL;

CREATE TABLE hold_invoices (
    hold_id     INTEGER NOT NULL REFERENCES holds (id) ON DELETE CASCADE,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    PRIMARY KEY (hold_id, invoice_id)
) WITHOUT ROWID;
CREATE INDEX hold_invoices_by_invoice ON hold_invoices (invoice_id);

CREATE TABLE hold_instalments (
    hold_id       INTEGER NOT NULL REFERENCES holds (id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL CHECK (seq >= 1),
    date          TEXT    NOT NULL CHECK (date(date) IS date),
    amount_cents  INTEGER NOT NULL CHECK (amount_cents > 0),
    PRIMARY KEY (hold_id, seq)
) WITHOUT ROWID;

-- [company_settings] one row: who sends the letters and where to pay
CREATE TABLE company_settings (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    legal_name  TEXT NOT NULL DEFAULT '' CHECK (length(legal_name) <= 200),
    address     TEXT NOT NULL DEFAULT '' CHECK (length(address) <= 500),
    siret       TEXT NOT NULL DEFAULT '' CHECK (length(siret) <= 14),
    vat_number  TEXT NOT NULL DEFAULT '' CHECK (length(vat_number) <= 20),
    phone       TEXT NOT NULL DEFAULT '' CHECK (length(phone) <= 32),
    email       TEXT NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    iban        TEXT NOT NULL DEFAULT '' CHECK (length(iban) <= 34),
    bic         TEXT NOT NULL DEFAULT '' CHECK (length(bic) <= 11),
    updated_at  TEXT
);
INSERT INTO company_settings (id) VALUES (1);

-- [ecb_rates] the ECB main refinancing rate in force on 1 January (half 1) and 1 July
-- (half 2), in basis points; late-payment interest is this plus 10 points
CREATE TABLE ecb_rates (
    year        INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    half        INTEGER NOT NULL CHECK (half IN (1, 2)),
    rate_bp     INTEGER NOT NULL CHECK (rate_bp BETWEEN -1000 AND 2000),
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (year, half)
) WITHOUT ROWID;
INSERT INTO ecb_rates (year, half, rate_bp, updated_at)
VALUES (2020, 1, 0, '2026-11-25T00:00:00Z'), (2020, 2, 0, '2026-11-25T00:00:00Z'),
       (2021, 1, 0, '2026-11-25T00:00:00Z'), (2021, 2, 0, '2026-11-25T00:00:00Z'),
       (2022, 1, 0, '2026-11-25T00:00:00Z'), (2022, 2, 0, '2026-11-25T00:00:00Z'),
       (2023, 1, 250, '2026-11-25T00:00:00Z'), (2023, 2, 400, '2026-11-25T00:00:00Z'),
       (2024, 1, 450, '2026-11-25T00:00:00Z'), (2024, 2, 425, '2026-11-25T00:00:00Z'),
       (2025, 1, 315, '2026-11-25T00:00:00Z'), (2025, 2, 215, '2026-11-25T00:00:00Z'),
       (2026, 1, 215, '2026-11-25T00:00:00Z');

-- [relance_actions] what relance.execute did: one per client and step (or per invoice),
-- with the rendered message and where it went; delivered when the user sends it
CREATE TABLE relance_actions (
    id                INTEGER PRIMARY KEY,
    plan_key          TEXT    NOT NULL,
    as_of             TEXT    NOT NULL CHECK (date(as_of) IS as_of),
    client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    step_id           INTEGER REFERENCES relance_steps (id) ON DELETE SET NULL,
    step_name         TEXT    NOT NULL,
    channel           TEXT    NOT NULL,
    currency          TEXT    NOT NULL,
    open_cents        INTEGER NOT NULL,
    interest_cents    INTEGER,          -- NULL: not computed (a rate is missing)
    fee_cents         INTEGER NOT NULL,
    subject           TEXT    NOT NULL DEFAULT '',
    body              TEXT    NOT NULL DEFAULT '',
    recipient         TEXT    NOT NULL DEFAULT '', -- e-mail address or phone number
    communication_id  INTEGER REFERENCES communications (id) ON DELETE SET NULL,
    document_id       INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    status            TEXT    NOT NULL DEFAULT 'to_send' CHECK (status IN ('to_send', 'sent', 'task')),
    sent_at           TEXT,
    created_by        INTEGER REFERENCES users (id) ON DELETE SET NULL,
    created_at        TEXT    NOT NULL
);
CREATE INDEX relance_actions_by_client ON relance_actions (client_id, as_of);
CREATE INDEX relance_actions_by_status ON relance_actions (status, as_of);

-- [relance_done] each (invoice, step) at most once, ever: the primary key says so
CREATE TABLE relance_done (
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id) ON DELETE CASCADE,
    step_id     INTEGER NOT NULL REFERENCES relance_steps (id) ON DELETE CASCADE,
    action_id   INTEGER NOT NULL REFERENCES relance_actions (id) ON DELETE CASCADE,
    done_on     TEXT    NOT NULL,
    PRIMARY KEY (invoice_id, step_id)
) WITHOUT ROWID;
CREATE INDEX relance_done_by_action ON relance_done (action_id);
CREATE INDEX relance_done_by_step ON relance_done (step_id);

-- [tasks] a collector's to-do: calls to make and files to hand over to litigation
CREATE TABLE tasks (
    id                INTEGER PRIMARY KEY,
    client_id         INTEGER NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id           INTEGER REFERENCES users (id) ON DELETE SET NULL, -- whose list (NULL: unassigned)
    kind              TEXT    NOT NULL CHECK (kind IN ('call', 'litigation')),
    title             TEXT    NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    due_on            TEXT    NOT NULL CHECK (date(due_on) IS due_on),
    action_id         INTEGER REFERENCES relance_actions (id) ON DELETE SET NULL,
    done_at           TEXT,
    outcome           TEXT,
    communication_id  INTEGER REFERENCES communications (id) ON DELETE SET NULL,
    created_at        TEXT    NOT NULL
);
CREATE INDEX tasks_open_by_user ON tasks (user_id, due_on) WHERE done_at IS NULL;
CREATE INDEX tasks_by_client ON tasks (client_id, due_on);

-- What a client-wide promise or plan has received since it began.
CREATE INDEX allocations_by_client ON payment_allocations (client_id, payment_date);
