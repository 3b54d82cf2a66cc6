-- 0012: the portfolio's money day by day, kept by triggers, so that the trends of the
-- Dashboard and the Reports (twelve month ends: receivables, overdue, invoiced, collected,
-- DSO) read a few thousand rows instead of every open invoice and every allocation of the
-- year (~125 ms on a million invoices; a few ms from here).
--
-- Per currency and day, what changes on that day:
--   owed_cents     — receivables (report.aging's definition: an invoice not cancelled is
--                    owed from its issue date; the part an allocation settled stops being
--                    owed on the later of its issue date and the payment's date);
--   overdue_cents  — the same, from the day after the due date;
--   invoiced_cents — invoices issued that day (not cancelled);
--   collected_cents — payments dated that day (not credit notes, not voided).
-- The first two are changes: what is owed on D is the sum of owed_cents over the days <= D.
-- Exactly what InvoiceModel::scanOwedSpans finds, one span per open part and allocation.
--
-- A cache like client_invoice_counts: never announced in `changed` events, read as the
-- tables it comes from, not in snapshots (the import, which loads without triggers,
-- fills it again from daily_totals_from_sources). Days whose changes add up to zero stay.
CREATE TABLE daily_totals (
    currency        TEXT    NOT NULL,
    day             TEXT    NOT NULL,
    owed_cents      INTEGER NOT NULL DEFAULT 0,
    overdue_cents   INTEGER NOT NULL DEFAULT 0,
    invoiced_cents  INTEGER NOT NULL DEFAULT 0,
    collected_cents INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (currency, day)
) WITHOUT ROWID;

-- The same figures computed from the tables: fills the cache here and after an import, and
-- lets a test compare the two.
CREATE VIEW daily_totals_from_sources AS
SELECT currency, day, sum(owed) AS owed_cents, sum(overdue) AS overdue_cents, sum(invoiced) AS invoiced_cents,
       sum(collected) AS collected_cents
FROM (
    SELECT currency, issue_date AS day, amount_cents - paid_cents AS owed, 0 AS overdue,
           amount_cents AS invoiced, 0 AS collected
        FROM invoices WHERE cancelled_at IS NULL
    UNION ALL
    SELECT currency, date(due_date, '+1 day'), 0, amount_cents - paid_cents, 0, 0
        FROM invoices WHERE cancelled_at IS NULL
    UNION ALL
    SELECT currency, invoice_issue_date, amount_cents, 0, 0, 0 FROM payment_allocations
    UNION ALL
    SELECT currency, max(invoice_issue_date, payment_date), -amount_cents, 0, 0, 0 FROM payment_allocations
    UNION ALL
    SELECT currency, date(invoice_due_date, '+1 day'), 0, amount_cents, 0, 0 FROM payment_allocations
    UNION ALL
    SELECT currency, max(date(invoice_due_date, '+1 day'), payment_date), 0, -amount_cents, 0, 0
        FROM payment_allocations
    UNION ALL
    SELECT currency, date, 0, 0, 0, amount_cents FROM payments WHERE kind = 'payment' AND voided_at IS NULL
) GROUP BY currency, day;

INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents)
    SELECT currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents FROM daily_totals_from_sources;

-- An invoice: its open part from the issue date (overdue from the day after the due date),
-- its amount invoiced on the issue date. An update takes the old row off and puts the new
-- one on (paid_cents moves with every allocation).
CREATE TRIGGER daily_totals_invoice_insert AFTER INSERT ON invoices WHEN NEW.cancelled_at IS NULL BEGIN
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents)
        VALUES (NEW.currency, NEW.issue_date, NEW.amount_cents - NEW.paid_cents, 0, NEW.amount_cents, 0),
               (NEW.currency, date(NEW.due_date, '+1 day'), 0, NEW.amount_cents - NEW.paid_cents, 0, 0)
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents,
            invoiced_cents = invoiced_cents + excluded.invoiced_cents;
END;
CREATE TRIGGER daily_totals_invoice_delete AFTER DELETE ON invoices WHEN OLD.cancelled_at IS NULL BEGIN
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents)
        VALUES (OLD.currency, OLD.issue_date, OLD.paid_cents - OLD.amount_cents, 0, -OLD.amount_cents, 0),
               (OLD.currency, date(OLD.due_date, '+1 day'), 0, OLD.paid_cents - OLD.amount_cents, 0, 0)
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents,
            invoiced_cents = invoiced_cents + excluded.invoiced_cents;
END;
CREATE TRIGGER daily_totals_invoice_update
AFTER UPDATE OF issue_date, due_date, amount_cents, paid_cents, currency, cancelled_at ON invoices
WHEN OLD.issue_date IS NOT NEW.issue_date OR OLD.due_date IS NOT NEW.due_date
  OR OLD.amount_cents IS NOT NEW.amount_cents OR OLD.paid_cents IS NOT NEW.paid_cents
  OR OLD.currency IS NOT NEW.currency OR OLD.cancelled_at IS NOT NEW.cancelled_at BEGIN
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents)
        SELECT * FROM (VALUES
            (OLD.currency, OLD.issue_date, OLD.paid_cents - OLD.amount_cents, 0, -OLD.amount_cents, 0),
            (OLD.currency, date(OLD.due_date, '+1 day'), 0, OLD.paid_cents - OLD.amount_cents, 0, 0))
        WHERE OLD.cancelled_at IS NULL
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents,
            invoiced_cents = invoiced_cents + excluded.invoiced_cents;
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents)
        SELECT * FROM (VALUES
            (NEW.currency, NEW.issue_date, NEW.amount_cents - NEW.paid_cents, 0, NEW.amount_cents, 0),
            (NEW.currency, date(NEW.due_date, '+1 day'), 0, NEW.amount_cents - NEW.paid_cents, 0, 0))
        WHERE NEW.cancelled_at IS NULL
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents,
            invoiced_cents = invoiced_cents + excluded.invoiced_cents;
END;

-- An allocation: the part it settled owed from the invoice's issue date (overdue from the
-- day after its due date) until the payment's date.
CREATE TRIGGER daily_totals_allocation_insert AFTER INSERT ON payment_allocations BEGIN
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents)
        VALUES (NEW.currency, NEW.invoice_issue_date, NEW.amount_cents, 0),
               (NEW.currency, max(NEW.invoice_issue_date, NEW.payment_date), -NEW.amount_cents, 0),
               (NEW.currency, date(NEW.invoice_due_date, '+1 day'), 0, NEW.amount_cents),
               (NEW.currency, max(date(NEW.invoice_due_date, '+1 day'), NEW.payment_date), 0, -NEW.amount_cents)
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents;
END;
CREATE TRIGGER daily_totals_allocation_delete AFTER DELETE ON payment_allocations BEGIN
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents)
        VALUES (OLD.currency, OLD.invoice_issue_date, -OLD.amount_cents, 0),
               (OLD.currency, max(OLD.invoice_issue_date, OLD.payment_date), OLD.amount_cents, 0),
               (OLD.currency, date(OLD.invoice_due_date, '+1 day'), 0, -OLD.amount_cents),
               (OLD.currency, max(date(OLD.invoice_due_date, '+1 day'), OLD.payment_date), 0, OLD.amount_cents)
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents;
END;
CREATE TRIGGER daily_totals_allocation_update
AFTER UPDATE OF payment_date, invoice_issue_date, invoice_due_date, amount_cents, currency ON payment_allocations
WHEN OLD.payment_date IS NOT NEW.payment_date OR OLD.invoice_issue_date IS NOT NEW.invoice_issue_date
  OR OLD.invoice_due_date IS NOT NEW.invoice_due_date OR OLD.amount_cents IS NOT NEW.amount_cents
  OR OLD.currency IS NOT NEW.currency BEGIN
    INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents)
        VALUES (OLD.currency, OLD.invoice_issue_date, -OLD.amount_cents, 0),
               (OLD.currency, max(OLD.invoice_issue_date, OLD.payment_date), OLD.amount_cents, 0),
               (OLD.currency, date(OLD.invoice_due_date, '+1 day'), 0, -OLD.amount_cents),
               (OLD.currency, max(date(OLD.invoice_due_date, '+1 day'), OLD.payment_date), 0, OLD.amount_cents),
               (NEW.currency, NEW.invoice_issue_date, NEW.amount_cents, 0),
               (NEW.currency, max(NEW.invoice_issue_date, NEW.payment_date), -NEW.amount_cents, 0),
               (NEW.currency, date(NEW.invoice_due_date, '+1 day'), 0, NEW.amount_cents),
               (NEW.currency, max(date(NEW.invoice_due_date, '+1 day'), NEW.payment_date), 0, -NEW.amount_cents)
        ON CONFLICT (currency, day) DO UPDATE SET owed_cents = owed_cents + excluded.owed_cents,
            overdue_cents = overdue_cents + excluded.overdue_cents;
END;

-- A payment (not a credit note, not voided): collected on its date.
CREATE TRIGGER daily_totals_payment_insert AFTER INSERT ON payments
WHEN NEW.kind = 'payment' AND NEW.voided_at IS NULL BEGIN
    INSERT INTO daily_totals (currency, day, collected_cents) VALUES (NEW.currency, NEW.date, NEW.amount_cents)
        ON CONFLICT (currency, day) DO UPDATE SET collected_cents = collected_cents + excluded.collected_cents;
END;
CREATE TRIGGER daily_totals_payment_delete AFTER DELETE ON payments
WHEN OLD.kind = 'payment' AND OLD.voided_at IS NULL BEGIN
    INSERT INTO daily_totals (currency, day, collected_cents) VALUES (OLD.currency, OLD.date, -OLD.amount_cents)
        ON CONFLICT (currency, day) DO UPDATE SET collected_cents = collected_cents + excluded.collected_cents;
END;
CREATE TRIGGER daily_totals_payment_update AFTER UPDATE OF kind, date, amount_cents, currency, voided_at ON payments
WHEN OLD.kind IS NOT NEW.kind OR OLD.date IS NOT NEW.date OR OLD.amount_cents IS NOT NEW.amount_cents
  OR OLD.currency IS NOT NEW.currency OR OLD.voided_at IS NOT NEW.voided_at BEGIN
    INSERT INTO daily_totals (currency, day, collected_cents)
        SELECT OLD.currency, OLD.date, -OLD.amount_cents WHERE OLD.kind = 'payment' AND OLD.voided_at IS NULL
        ON CONFLICT (currency, day) DO UPDATE SET collected_cents = collected_cents + excluded.collected_cents;
    INSERT INTO daily_totals (currency, day, collected_cents)
        SELECT NEW.currency, NEW.date, NEW.amount_cents WHERE NEW.kind = 'payment' AND NEW.voided_at IS NULL
        ON CONFLICT (currency, day) DO UPDATE SET collected_cents = collected_cents + excluded.collected_cents;
END;
