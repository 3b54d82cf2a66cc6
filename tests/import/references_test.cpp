// Invoice numbers found in remittance texts (core/bank/references.hpp): spaces, dashes,
// slashes, case and accents tolerated; the longest known run of words wins.
#include "core/bank/references.hpp"

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

using namespace crm;

TEST_CASE("remittance texts: invoice numbers found whatever their spacing, dashes and case")
{
    CHECK(bank::referenceKey("F-2026-0042") == "F20260042");
    CHECK(bank::referenceKey(" f 2026/0042 ") == "F20260042");
    CHECK(bank::referenceKey("FÉ-1") == "FE1");
    CHECK(bank::referenceKey("--").empty());

    const std::set<std::string> numbers = {bank::referenceKey("F-2026-0042"), bank::referenceKey("F-2026-0043"),
        bank::referenceKey("2026-0042"), bank::referenceKey("AV-7"), bank::referenceKey("0042")};
    auto known = [&](const std::string& k) { return numbers.count(k) > 0; };
    auto find = [&](const char* text) { return bank::findReferences(text, known); };
    CHECK(find("Règlement fact. F 2026-0042 et f2026/0043") == std::vector<std::string>{"F20260042", "F20260043"});
    // The longest run wins: F 2026 0042 is F-2026-0042, not also 2026-0042 nor 0042.
    CHECK(find("VIR SEPA F 2026 0042") == std::vector<std::string>{"F20260042"});
    CHECK(find("facture 2026-0042") == std::vector<std::string>{"20260042"});
    // Each once, in the text's order.
    CHECK(find("F20260043 F-2026-0043 av 7") == std::vector<std::string>{"F20260043", "AV7"});
    CHECK(find("nothing to see 2025").empty());
    CHECK(find("").empty());
    // Runs longer than maxWords are not read: F / 2026 / 00 / 42 is four words, found; with three, not.
    CHECK(find("F 2026 00 42") == std::vector<std::string>{"F20260042"});
    CHECK(bank::findReferences("F 2026 00 42", [](const std::string& k) { return k == "F20260042"; })
        == std::vector<std::string>{"F20260042"});
    CHECK(bank::findReferences(
        "F 2026 00 42", [](const std::string& k) { return k == "F20260042"; }, 3)
              .empty());
}
