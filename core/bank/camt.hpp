// ISO 20022 CAMT.053 (BankToCustomerStatement), versions .001.02 to .001.08: one or
// several statements (Stmt), each of one account (IBAN, or another identifier) with its
// balances (Bal: the opening OPBD or PRCD, the closing CLBD) and its entries (Ntry: amount
// and currency, CRDT/DBIT, booking and value dates, the bank's reference). An entry may
// batch several transactions (NtryDtls/TxDtls), each its own line: its amount, the
// counterparty (RltdPties: Dbtr/DbtrAcct for a credit, Cdtr/CdtrAcct for a debit; the
// version 08 nests the name in Pty), its remittance information (RmtInf: Ustrd texts and
// the structured creditor reference). Entries not booked (Sts other than BOOK) are left out.
//
// Read with expat (core/bank/xml.hpp). Refused whole, naming the element path
// (Document/BkToCstmrStmt/Stmt[2]/Ntry[5]/Amt): another namespace or version, a missing or
// malformed amount, currency, date or indicator, a batch whose transactions do not add up
// to its entry, balances in another currency, and opening + entries ≠ closing.
#pragma once

#include "core/bank/statement.hpp"

#include <string_view>

namespace crm::bank {

StatementFile readCamt053(std::string_view bytes);

} // namespace crm::bank
