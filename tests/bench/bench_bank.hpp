// Benchmark of the bank statements: a generated portfolio (core/seed/generator), statements
// generated for it with the truth known (core/seed/statements), imported and matched by
// BankService as bank.import does. Prints; asserts nothing.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

namespace crm::bench {

// params: {"clients": 10000, "invoices": 1000000, "lines": 10000, "runs": 3, "warm": 3000}
// Generates the portfolio when the database has no clients; imports a first statement of
// `warm` lines (what a first month teaches: payers' IBANs), then `runs` statements of
// `lines` lines, each on invoices still open. Figures: the import-and-match time (median),
// and over every run's lines: the precision of the automatic matches (right client and
// allocations), the share of customer payments matched automatically, the share whose
// first proposal is right, returns proposed as the right void, fees left aside; the first
// statement's automatic share too (nothing learned yet).
nlohmann::json runBankBench(db::Database& db, const nlohmann::json& params);

} // namespace crm::bench
