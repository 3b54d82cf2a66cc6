// Bank statements as the three readers give them (CFONB 120, CAMT.053, OFX): the
// movements of one account over a period, with the opening and closing balances the bank
// states. Amounts in cents of the statement's currency, a credit (money received)
// positive and a debit negative; dates ISO. A reader refuses a whole file on the first
// problem, naming where it is (a line, or an element path) and why: nothing of a
// malformed file is imported.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::bank {

struct StatementLine {
    std::string bookingDate, valueDate;
    std::int64_t amountCents = 0; // > 0 credit, < 0 debit
    std::string label;            // the bank's wording, complements appended
    std::string reference;        // the bank's own reference of the movement (may be empty)
    std::string payerName;        // who paid (a credit) or was paid (a debit), when the bank says
    std::string payerAccount;     // their IBAN or account identifier, when the bank says
    std::string remittance;       // the remittance information (libellé client, structured reference)
    std::string operationCode;    // the bank's code of the operation (CFONB: 2 characters)
    std::int64_t sourceLine = 0;  // where it starts in the file (1-based; 0 when not line-based)
};

struct Statement {
    std::string account;  // the account as the file names it (CFONB: bank, branch, number)
    std::string currency; // ISO 4217
    std::string openingDate, closingDate;
    std::int64_t openingCents = 0, closingCents = 0; // > 0: in credit
    std::vector<StatementLine> lines;
};

struct FileProblem {
    std::int64_t line = 0; // 1-based, 0 when the place is a path
    std::string path;      // CAMT: the element path
    std::string reason;    // a code: line_length, record_code, amount, date, order, balance…
    std::string message;   // in English, naming the values at fault
};

struct StatementFile {
    std::string format; // cfonb120 | camt053 | ofx
    std::string encoding;
    std::vector<Statement> statements;
    std::optional<FileProblem> problem; // set: the file is refused whole (statements empty)
};

} // namespace crm::bank
