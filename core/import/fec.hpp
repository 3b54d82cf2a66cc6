// The Fichier des Écritures Comptables (FEC, article A47 A-1 of the Livre des procédures
// fiscales): every accounting entry of a year, one line per entry line, tab- or
// pipe-separated, the 18 standard columns named on the first line — JournalCode,
// JournalLib, EcritureNum, EcritureDate, CompteNum, CompteLib, CompAuxNum, CompAuxLib,
// PieceRef, PieceDate, EcritureLib, Debit, Credit, EcritureLet, DateLet, ValidDate,
// Montantdevise, Idevise (Debit and Credit may be given as Montant and Sens D/C).
//
// What becomes what: only the lines on receivable accounts (CompteNum 411…) are read.
// Their client is the auxiliary account (CompAuxNum, named CompAuxLib), or the 411
// sub-account itself when the package keeps no auxiliary ledger. A debit is an invoice
// (number PieceRef, issued PieceDate or EcritureDate; debits of one piece and client
// add up). A credit is a payment when the entry's other side is a bank or cash account
// (class 5: 5112/5113 cheques, 53 cash, else transfer), and otherwise a credit note (the
// other side is sales, VAT, a write-off or a discount); its reference is its journal and
// entry number. Lettering (EcritureLet) tells what settles what: the credits of one
// letter are allocated to the invoices of the same letter and client, oldest first;
// credits without a letter stay on the client's account, unallocated.
//
// Checked: the 18 columns are there, dates are real YYYYMMDD dates, amounts are
// amounts, each entry balances (debits = credits). A line that fails is reported with
// its line and column and left out with its whole entry.
#pragma once

#include "core/import/sheet.hpp"

#include <string>
#include <vector>

namespace crm::dataimport {

struct Fec {
    Settings settings;
    std::vector<Row> clients, invoices, payments;
    std::vector<Row> badLines; // lines (and entries) refused, with their errors
    std::optional<RowError> fileError;
    std::int64_t fileErrorLine = 0;
    std::int64_t lines = 0;       // entry lines read
    std::int64_t receivables = 0; // of which on 411 accounts
};

Fec readFec(const std::string& bytes, const std::string& encoding = {});

} // namespace crm::dataimport
