-- 0011: what a letter needs that the company settings did not hold — who signs it (name
-- and title, on the letter under the closing) — and the currency an invoice gets when
-- none is given.
ALTER TABLE company_settings ADD COLUMN signatory TEXT NOT NULL DEFAULT ''
    CHECK (length(signatory) <= 300);
ALTER TABLE company_settings ADD COLUMN default_currency TEXT NOT NULL DEFAULT 'EUR'
    CHECK (length(default_currency) = 3 AND default_currency NOT GLOB '*[^A-Z]*');
