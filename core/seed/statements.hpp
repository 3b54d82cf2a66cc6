// Bank statement files written from statements: what the generator of test statements
// (tools/bench's bank benchmark) and the tests hand to the readers, as a bank would.
#pragma once

#include "core/bank/statement.hpp"
#include "core/db/database.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crm::seed {

// A CAMT.053.001.02 document: one <Stmt> per statement (its account as the IBAN, the
// opening and closing balances, OPBD and CLBD), one booked <Ntry> per line with one
// <TxDtls> (the bank's reference, the payer or payee as Dbtr or Cdtr with the account,
// the remittance as <Ustrd>, the label as <AddtlNtryInf>). The closing balance is the
// opening one plus the lines.
std::string writeCamt053(const std::vector<bank::Statement>& statements);

// A statement for a generated portfolio (crm seed), with what each line truly is — the
// matcher's benchmark. Lines booked over the two weeks before `asOf`, drawn from the open
// invoices (each used once), as a bank writes them:
//   single  an invoice paid in full, its number in the text (with spaces, dashes, case
//           changed) — 55 %;
//   typo    the same, one character of the number wrong — 8 %;
//   noref   the same, no number («  VIREMENT », « PAIEMENT FACTURES ») — 10 %;
//   group   two or three of a client's oldest invoices in one transfer, numbers listed
//           (two times in three) or not — 10 %;
//   partial 30 to 70 % of an invoice, its number given — 7 %;
//   fee     a bank fee (a debit) — 4 %;
//   return  a transfer of this statement taken back (a debit, the same account, « REJET ») — 3 %;
//   stranger money from no client (a refund, a grant) — 3 %.
// The payer: the client's name in capitals, with or without its town, a legal form, cut to
// 24 characters, or someone else's name (an accountant paying for the client), and the
// client's own IBAN (85 % of lines).
struct StatementOptions {
    std::int64_t lines = 10000;
    std::uint64_t seed = 1;
    std::string asOf = "2026-11-24";
    std::string refPrefix = "GEN"; // the lines' bank references: PREFIX-000001...
};

struct LineTruth {
    std::string bankRef, kind;
    std::int64_t clientId = 0;                                      // 0: no client (fee, stranger)
    std::vector<std::pair<std::int64_t, std::int64_t>> allocations; // invoice id, cents
    std::string reverses;                                           // return: the bank reference taken back
};

struct GeneratedStatement {
    std::string bytes; // CAMT.053
    std::vector<LineTruth> truth;
};

GeneratedStatement generateStatement(db::Database& db, const StatementOptions& options);

} // namespace crm::seed
