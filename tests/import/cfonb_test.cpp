// CFONB 120 statements (core/bank/cfonb.hpp): records built field by field at the norm's
// positions; what a statement reads as, the amounts' sign letters, records without line
// breaks, Windows-1252 text, and each malformed file refused whole with its line.
#include "core/bank/cfonb.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace crm;

namespace {

// A 14-character CFONB amount of `cents` (2 decimals): the last digit as its sign letter.
std::string amountField(std::int64_t cents)
{
    const std::int64_t a = cents < 0 ? -cents : cents;
    std::string digits = std::to_string(a);
    digits.insert(0, 14 - digits.size(), '0');
    const int last = digits.back() - '0';
    digits.back() = cents < 0 ? (last == 0 ? '}' : static_cast<char>('J' + last - 1))
                              : (last == 0 ? '{' : static_cast<char>('A' + last - 1));
    return digits;
}

struct Field {
    std::size_t at; // 1-based position of the norm
    std::string text;
};

// One record: the account's fields every record repeats, then `fields`.
std::string record(const std::string& code, std::vector<Field> fields, const std::string& account = "00012345678")
{
    std::string r(120, ' ');
    auto put = [&](std::size_t at, const std::string& t) { r.replace(at - 1, t.size(), t); };
    put(1, code);
    put(3, "30004");
    put(12, "00123");
    put(17, "EUR");
    put(20, "2");
    put(22, account);
    for (const auto& f : fields)
        put(f.at, f.text);
    return r;
}

std::string balance(
    const std::string& code, const std::string& ddmmyy, std::int64_t cents, const std::string& account = "00012345678")
{
    return record(code, {{35, ddmmyy}, {91, amountField(cents)}}, account);
}

std::string movement(const std::string& ddmmyy, std::int64_t cents, const std::string& label, const std::string& ref,
    const std::string& account = "00012345678")
{
    return record("04",
        {{8, "0568"}, {33, cents > 0 ? "05" : "11"}, {35, ddmmyy}, {43, ddmmyy}, {49, label}, {91, amountField(cents)},
            {105, ref}},
        account);
}

std::string complement(const std::string& qualifier, const std::string& text)
{
    return record("05", {{46, qualifier}, {49, text}});
}

std::string lines(const std::vector<std::string>& records, const char* eol = "\r\n")
{
    std::string out;
    for (const auto& r : records)
        out += r + eol;
    return out;
}

const std::vector<std::string> kStatement = {
    balance("01", "011226", 100000),
    movement("021226", 123456, "VIR SEPA SARL DUPONT", "REF0000000000042"),
    complement("NPY", "SARL DUPONT ET FILS"),
    complement("IPY", "FR7630004001230001234567890"),
    complement("LCC", "FACTURE F-2026-0042"),
    movement("021226", -1250, "FRAIS TENUE DE COMPTE", ""),
    complement("LIB", "DECEMBRE"),
    balance("07", "021226", 100000 + 123456 - 1250),
};

} // namespace

TEST_CASE("CFONB 120: amounts carry their sign and last digit in one letter")
{
    CHECK(bank::cfonbAmount("0000000012345{", 2) == 123450);
    CHECK(bank::cfonbAmount("0000000012345A", 2) == 123451);
    CHECK(bank::cfonbAmount("0000000012345I", 2) == 123459);
    CHECK(bank::cfonbAmount("0000000012345J", 2) == -123451);
    CHECK(bank::cfonbAmount("0000000012345R", 2) == -123459);
    CHECK(bank::cfonbAmount("0000000000000}", 2) == 0);
    CHECK(bank::cfonbAmount("0000000000001E", 0) == 1500); // 15 in a currency without decimals
    CHECK(bank::cfonbAmount("0000000001234{", 3) == 1234); // 12.340
    CHECK_FALSE(bank::cfonbAmount("0000000001234A", 3));   // 12.341: a tenth of a cent
    CHECK_FALSE(bank::cfonbAmount("0000000012345S", 2));
    CHECK_FALSE(bank::cfonbAmount("00000000123 5A", 2));
    CHECK_FALSE(bank::cfonbAmount("000000012345A", 2)); // 13 characters
    CHECK(amountField(-1250) == "0000000000125}");
}

TEST_CASE("CFONB 120: a statement with its movements, complements and balances")
{
    const auto f = bank::readCfonb120(lines(kStatement));
    REQUIRE_FALSE(f.problem);
    CHECK(f.format == "cfonb120");
    REQUIRE(f.statements.size() == 1);
    const auto& s = f.statements[0];
    CHECK(s.account == "30004 00123 00012345678");
    CHECK(s.currency == "EUR");
    CHECK(s.openingDate == "2026-12-01");
    CHECK(s.closingDate == "2026-12-02");
    CHECK(s.openingCents == 100000);
    CHECK(s.closingCents == 222206);
    REQUIRE(s.lines.size() == 2);
    const auto& in = s.lines[0];
    CHECK(in.amountCents == 123456);
    CHECK(in.bookingDate == "2026-12-02");
    CHECK(in.valueDate == "2026-12-02");
    CHECK(in.label == "VIR SEPA SARL DUPONT");
    CHECK(in.reference == "REF0000000000042");
    CHECK(in.payerName == "SARL DUPONT ET FILS");
    CHECK(in.payerAccount == "FR7630004001230001234567890");
    CHECK(in.remittance == "FACTURE F-2026-0042");
    CHECK(in.operationCode == "05");
    CHECK(in.sourceLine == 2);
    const auto& fee = s.lines[1];
    CHECK(fee.amountCents == -1250);
    CHECK(fee.label == "FRAIS TENUE DE COMPTE DECEMBRE");
    CHECK(fee.payerName.empty());
    CHECK(fee.sourceLine == 6);

    // The same records back to back, without line breaks, read alike.
    std::string packed;
    for (const auto& r : kStatement)
        packed += r;
    const auto p = bank::readCfonb120(packed);
    REQUIRE_FALSE(p.problem);
    REQUIRE(p.statements.size() == 1);
    CHECK(p.statements[0].lines.size() == 2);
    CHECK(p.statements[0].lines[0].remittance == "FACTURE F-2026-0042");

    // Two accounts in one file; a Windows-1252 wording read as UTF-8.
    auto records = kStatement;
    records.push_back(balance("01", "011226", -5000, "00098765432"));
    std::string accented = movement("031226", 5000, "REMISE CHEQUE DUPR\xC9", "", "00098765432");
    records.push_back(accented);
    records.push_back(balance("07", "031226", 0, "00098765432"));
    const auto two = bank::readCfonb120(lines(records, "\n"));
    REQUIRE_MESSAGE(!two.problem, (two.problem ? two.problem->message : std::string()));
    REQUIRE(two.statements.size() == 2);
    CHECK(two.encoding == "windows-1252");
    CHECK(two.statements[1].account == "30004 00123 00098765432");
    CHECK(two.statements[1].openingCents == -5000);
    CHECK(two.statements[1].lines[0].label == "REMISE CHEQUE DUPR\xC3\x89");
}

TEST_CASE("CFONB 120: a malformed file is refused whole, with its line and the reason")
{
    auto refused = [](std::vector<std::string> records, std::int64_t line, const std::string& reason) {
        const auto f = bank::readCfonb120(lines(records));
        REQUIRE(f.problem);
        CHECK(f.problem->line == line);
        CHECK(f.problem->reason == reason);
        CHECK(f.problem->message.rfind("line " + std::to_string(line) + ": ", 0) == 0);
        CHECK(f.statements.empty()); // nothing of it
        return f.problem->message;
    };
    auto r = kStatement;
    r[7] = balance("07", "021226", 222207); // one cent off
    const std::string msg = refused(r, 8, "balance");
    CHECK(msg.find("2222.07") != std::string::npos);
    CHECK(msg.find("2222.06 expected") != std::string::npos);

    r = kStatement;
    r[3] += " "; // 121 characters
    refused(r, 4, "line_length");
    r = kStatement;
    r[1].replace(0, 2, "03");
    refused(r, 2, "record_code");
    r = kStatement;
    r[1].replace(34, 6, "320126"); // the 32nd of January
    CHECK(refused(r, 2, "date").find("320126") != std::string::npos);
    r = kStatement;
    r[1].replace(103, 1, "S");
    refused(r, 2, "amount");
    r = kStatement;
    r.insert(r.begin() + 1, complement("NPY", "NOBODY")); // a complement before any movement
    refused(r, 2, "order");
    r = kStatement;
    r.erase(r.begin()); // movements without an old balance
    refused(r, 1, "order");
    r = kStatement;
    r.pop_back(); // no new balance
    refused(r, 7, "unterminated");
    r = kStatement;
    r[5] = record("04", {{35, "021226"}, {91, amountField(-1250)}}, "00099999999");
    refused(r, 6, "account");
    r = kStatement;
    r.insert(r.begin() + 2, balance("01", "011226", 0)); // a statement inside a statement
    refused(r, 3, "order");
    const auto empty = bank::readCfonb120("\r\n\r\n");
    REQUIRE(empty.problem);
    CHECK(empty.problem->reason == "empty");
}
