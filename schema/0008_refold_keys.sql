-- 0008: the folded keys again, by the folding of utf8proc (core/util/text.hpp).
--
-- crm_fold() now drops every default-ignorable code point (bidi controls such as U+200E,
-- U+202E, U+2066, U+061C were kept: two invoice numbers differing only by one of them were
-- accepted beside each other), folds the case of every script and strips the marks of all
-- of them. Each stored key is folded again. Rows whose keys are now the same — numbers
-- that the old folding told apart — cannot all keep it: the first (lowest id) does, each
-- other one gets its key followed by U+0001 and its id (no folded text holds a control
-- character, so no number can ever take that key), and the collision is written in the
-- system log (action fold.collision: which row, its number, the row it now equals), for
-- someone to rename one of them. Nothing is refused: the file opens.

CREATE TEMP TABLE refold (entity TEXT NOT NULL, id INTEGER NOT NULL, text TEXT NOT NULL, key TEXT NOT NULL,
    first INTEGER, PRIMARY KEY (entity, id)) WITHOUT ROWID;
INSERT INTO refold (entity, id, text, key) SELECT 'invoices', id, number, crm_fold(number) FROM invoices;
INSERT INTO refold (entity, id, text, key) SELECT 'clients', id, code, crm_fold(code) FROM clients;
INSERT INTO refold (entity, id, text, key)
    SELECT 'payments', id, number, crm_fold(number) FROM payments WHERE number IS NOT NULL;
CREATE INDEX temp.refold_by_key ON refold (entity, key, id);
UPDATE refold SET first = (SELECT min(o.id) FROM refold o WHERE o.entity = refold.entity AND o.key = refold.key);

INSERT INTO system_logs (at, user_id, action, entity, entity_id, before_json, after_json)
    SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, 'fold.collision', r.entity, r.id, NULL,
        json_object('text', r.text, 'key', r.key, 'same_as_id', r.first,
            'same_as_text', (SELECT f.text FROM refold f WHERE f.entity = r.entity AND f.id = r.first))
    FROM refold r WHERE r.id <> r.first ORDER BY r.entity, r.id;

-- The unique indexes go while the keys change (a row may take a key another row is about
-- to leave), and come back over the new keys.
DROP INDEX invoices_by_number_key;
DROP INDEX clients_by_code_key;
DROP INDEX payments_by_number_key;
UPDATE invoices SET number_key = (SELECT CASE WHEN r.id = r.first THEN r.key ELSE r.key || char(1) || r.id END
    FROM refold r WHERE r.entity = 'invoices' AND r.id = invoices.id);
UPDATE clients SET code_key = (SELECT CASE WHEN r.id = r.first THEN r.key ELSE r.key || char(1) || r.id END
    FROM refold r WHERE r.entity = 'clients' AND r.id = clients.id),
    search_key = crm_fold(code || ' ' || name), sort_name = crm_fold(name);
UPDATE payments SET number_key = (SELECT CASE WHEN r.id = r.first THEN r.key ELSE r.key || char(1) || r.id END
    FROM refold r WHERE r.entity = 'payments' AND r.id = payments.id) WHERE number IS NOT NULL;
CREATE UNIQUE INDEX invoices_by_number_key ON invoices (number_key);
CREATE UNIQUE INDEX clients_by_code_key ON clients (code_key);
CREATE UNIQUE INDEX payments_by_number_key ON payments (number_key);
DROP TABLE refold;
