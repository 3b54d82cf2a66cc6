-- 0004: uniqueness compares folded text, and the portfolio's money totals are bounded.
--
-- Invoice numbers, client codes and credit-note numbers are unique once folded the way
-- search folds text (core/util/text.hpp: Unicode case folding, accents and decomposed
-- accents removed, no-break and full-width forms made plain, white space runs collapsed):
-- `FÉ-1`, `Fé-1`, `FE-1`, `F` + combining accent and `Ｆé-1` are one number. The key
-- columns are written by the models with crm_fold(), the function the database
-- registers on open.
ALTER TABLE invoices ADD COLUMN number_key TEXT;
UPDATE invoices SET number_key = crm_fold(number);
CREATE UNIQUE INDEX invoices_by_number_key ON invoices (number_key);

ALTER TABLE clients ADD COLUMN code_key TEXT;
UPDATE clients SET code_key = crm_fold(code);
CREATE UNIQUE INDEX clients_by_code_key ON clients (code_key);

ALTER TABLE payments ADD COLUMN number_key TEXT;
UPDATE payments SET number_key = crm_fold(number);
CREATE UNIQUE INDEX payments_by_number_key ON payments (number_key);

-- Whether an invoice has communications (an invoice keeps its history with its client).
CREATE INDEX communication_invoices_by_invoice ON communication_invoices (invoice_id);

-- The sum of every invoice's amount and of every payment's (cancelled and voided ones
-- included), kept by triggers. The services refuse a write that would take either past
-- 2^53 - 1 cents, so no report total can overflow, and every amount stays exact in
-- JavaScript numbers. A cache: never announced in `changed` events.
CREATE TABLE money_totals (
    name   TEXT    PRIMARY KEY,
    cents  INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO money_totals (name, cents) VALUES
    ('invoices', (SELECT coalesce(sum(amount_cents), 0) FROM invoices)),
    ('payments', (SELECT coalesce(sum(amount_cents), 0) FROM payments));

CREATE TRIGGER invoices_total_insert AFTER INSERT ON invoices BEGIN
    UPDATE money_totals SET cents = cents + NEW.amount_cents WHERE name = 'invoices';
END;
CREATE TRIGGER invoices_total_delete AFTER DELETE ON invoices BEGIN
    UPDATE money_totals SET cents = cents - OLD.amount_cents WHERE name = 'invoices';
END;
CREATE TRIGGER invoices_total_update AFTER UPDATE OF amount_cents ON invoices BEGIN
    UPDATE money_totals SET cents = cents - OLD.amount_cents + NEW.amount_cents WHERE name = 'invoices';
END;
CREATE TRIGGER payments_total_insert AFTER INSERT ON payments BEGIN
    UPDATE money_totals SET cents = cents + NEW.amount_cents WHERE name = 'payments';
END;
CREATE TRIGGER payments_total_delete AFTER DELETE ON payments BEGIN
    UPDATE money_totals SET cents = cents - OLD.amount_cents WHERE name = 'payments';
END;
CREATE TRIGGER payments_total_update AFTER UPDATE OF amount_cents ON payments BEGIN
    UPDATE money_totals SET cents = cents - OLD.amount_cents + NEW.amount_cents WHERE name = 'payments';
END;

-- Balances count an invoice once issued (issue_date <= the day), and the owed-as-of
-- scan names the invoice of each allocation: both indexes gain the column those
-- queries read, so they stay index-only.
DROP INDEX invoices_open_by_client;
CREATE INDEX invoices_open_by_client ON invoices (client_id, due_date, issue_date, amount_cents, paid_cents, currency)
    WHERE cancelled_at IS NULL AND paid_cents < amount_cents;
DROP INDEX allocations_by_payment_date;
CREATE INDEX allocations_by_payment_date ON payment_allocations
    (payment_date, currency, invoice_issue_date, client_id, invoice_due_date, amount_cents, invoice_id);
