// OFX bank statements: version 2.x (XML, read with expat) and 1.x (SGML: a header of
// KEY:VALUE lines, then tags whose leaf elements are usually not closed — <TRNAMT>12.50 —
// and aggregates that are). A 1.x body is made XML first: each leaf closed where its text
// ends, aggregates left open closed at their parent's end (the line breaks kept, so lines
// still name the file's), text decoded from its charset (Windows-1252 when not UTF-8).
//
// Read: each statement response (BANKMSGSRSV1/STMTTRNRS/STMTRS): its currency (CURDEF),
// account (BANKID BRANCHID ACCTID), transactions (STMTTRN: DTPOSTED, DTUSER, TRNAMT signed,
// FITID the bank's reference, NAME or PAYEE/NAME, MEMO, TRNTYPE) and closing balance
// (LEDGERBAL: BALAMT, DTASOF). OFX states no opening balance: it is the closing one less
// the transactions. Amounts take '.' or ',' as their decimal mark (French banks write both).
// Refused whole, with the line and the element path, on a missing or malformed amount or
// date, a statement without currency or account, or a file with no bank statement.
#pragma once

#include "core/bank/statement.hpp"

#include <string>
#include <string_view>

namespace crm::bank {

StatementFile readOfx(std::string_view bytes);

// A 1.x (SGML) body as XML, line breaks kept (exposed for the tests).
std::string ofxSgmlToXml(std::string_view body);

} // namespace crm::bank
