-- 0006: the Invoices screen lists every invoice by due date (the default order) a page
-- at a time; without an index each page sorted the whole table (2 s for a page deep in
-- a million invoices). With (due_date, id) a page walks the index instead.
CREATE INDEX invoices_by_due ON invoices (due_date, id);
