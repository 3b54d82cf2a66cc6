// Bank statement files written from statements: what the generator of test statements
// (tools/bench's bank benchmark) and the tests hand to the readers, as a bank would.
#pragma once

#include "core/bank/statement.hpp"

#include <string>
#include <vector>

namespace crm::seed {

// A CAMT.053.001.02 document: one <Stmt> per statement (its account as the IBAN, the
// opening and closing balances, OPBD and CLBD), one booked <Ntry> per line with one
// <TxDtls> (the bank's reference, the payer or payee as Dbtr or Cdtr with the account,
// the remittance as <Ustrd>, the label as <AddtlNtryInf>). The closing balance is the
// opening one plus the lines.
std::string writeCamt053(const std::vector<bank::Statement>& statements);

} // namespace crm::seed
