-- 0010: each client's number of invoices, kept by triggers, so that the Invoices list's
-- total costs a lookup per client when its filters choose clients only (a client, a
-- collector's portfolio, a search on the client's name): a search naming 600 clients of a
-- million-invoice portfolio counted their 60 000 invoices (~3 ms) at every page.
--
-- A cache like money_totals: never announced in `changed` events, read as `invoices`,
-- not in snapshots (the import, which loads without triggers, counts again). A client's
-- row stays at 0 when its last invoice goes.
CREATE TABLE client_invoice_counts (
    client_id  INTEGER PRIMARY KEY,
    n          INTEGER NOT NULL CHECK (n >= 0)
);
INSERT INTO client_invoice_counts (client_id, n) SELECT client_id, count(*) FROM invoices GROUP BY client_id;

CREATE TRIGGER client_invoice_counts_insert AFTER INSERT ON invoices BEGIN
    INSERT INTO client_invoice_counts (client_id, n) VALUES (NEW.client_id, 1)
        ON CONFLICT (client_id) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER client_invoice_counts_delete AFTER DELETE ON invoices BEGIN
    UPDATE client_invoice_counts SET n = n - 1 WHERE client_id = OLD.client_id;
END;
CREATE TRIGGER client_invoice_counts_move AFTER UPDATE OF client_id ON invoices
WHEN OLD.client_id IS NOT NEW.client_id BEGIN
    UPDATE client_invoice_counts SET n = n - 1 WHERE client_id = OLD.client_id;
    INSERT INTO client_invoice_counts (client_id, n) VALUES (NEW.client_id, 1)
        ON CONFLICT (client_id) DO UPDATE SET n = n + 1;
END;
