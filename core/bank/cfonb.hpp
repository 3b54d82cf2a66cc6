// CFONB 120: the French banks' statement file ("relevé de compte 120 caractères"), one
// record of 120 characters per line (some banks write them without line breaks):
//   01  the old balance of an account, on a date — opens a statement;
//   04  a movement: booking date (35–40), value date (43–48), wording (49–79), amount
//       (91–104), reference (105–120), operation code (33–34);
//   05  a complement of the movement before it: a qualifier (46–48) and 70 characters
//       (49–118) — NPY the payer's name, IPY/IBE the payer's identifier, LCC/LC2/LCS/RCN
//       the remittance text, anything else added to the wording;
//   07  the new balance — closes the statement.
// Every record carries the bank (3–7), branch (12–16), currency (17–19), number of
// decimals (20) and account (22–32). Dates are DDMMYY. Amounts are 14 characters whose
// last one carries the sign and the last digit: '{' and A–I are +0 and +1…+9, '}' and J–R
// are −0 and −1…−9 (a credit is positive, a balance in credit positive).
//
// Checked, each refusing the whole file with its line: length of 120, the record codes
// and their order (04/05 inside a 01…07 statement, 05 after a 04), the same account and
// currency within a statement, dates and amounts, and old balance + movements = new
// balance.
#pragma once

#include "core/bank/statement.hpp"

#include <string_view>

namespace crm::bank {

// `bytes`: the file as read (UTF-8, or Windows-1252 as the banks' software writes it).
StatementFile readCfonb120(std::string_view bytes);

// The amount of a 14-character CFONB field with `decimals` decimals, in cents; nullopt
// when it is not one (exposed for the tests).
std::optional<std::int64_t> cfonbAmount(std::string_view field, int decimals);

} // namespace crm::bank
