// French-first formatting: amounts 1 234,56 €, dates 24/11/2026, dates typed either way.
#include "app/format.hpp"
#include "app/widgets/widgets.hpp"

#include <doctest/doctest.h>

#include <limits>

using namespace crm::app;

TEST_CASE("money reads the French way")
{
    const std::string nnbsp = "\u202F", nbsp = "\u00A0";
    CHECK(formatMoney(0) == "0,00" + nbsp + "€");
    CHECK(formatMoney(5) == "0,05" + nbsp + "€");
    CHECK(formatMoney(123456) == "1" + nnbsp + "234,56" + nbsp + "€");
    CHECK(formatMoney(-100000000) == "-1" + nnbsp + "000" + nnbsp + "000,00" + nbsp + "€");
    CHECK(formatMoney(99, "CHF") == "0,99" + nbsp + "CHF");
    CHECK(formatMoney(std::numeric_limits<std::int64_t>::min()).rfind("-92" + nnbsp + "233" + nnbsp, 0) == 0);
}

TEST_CASE("dates read the French way, and are typed either way")
{
    CHECK(formatDate("2026-11-24") == "24/11/2026");
    CHECK(formatDate("2026-11-24T09:00:00Z") == "24/11/2026");
    CHECK(formatDate("hier") == "hier");
    CHECK(widgets::parseDate("24/11/2026") == "2026-11-24");
    CHECK(widgets::parseDate("2026-11-24") == "2026-11-24");
    CHECK(widgets::parseDate("1/2/2027") == "2027-02-01");
    CHECK(widgets::parseDate("29/02/2028") == "2028-02-29");
    CHECK(widgets::parseDate("29/02/2027").empty());
    CHECK(widgets::parseDate("31/04/2026").empty());
    CHECK(widgets::parseDate("24/11/2026x").empty());
    CHECK(widgets::parseDate("").empty());
}

TEST_CASE("percentages from basis points, French and English")
{
    CHECK(crm::fmt::percent(215) == "2,15\u00A0%");
    CHECK(crm::fmt::percent(1215) == "12,15\u00A0%");
    CHECK(crm::fmt::percent(5) == "0,05\u00A0%");
    CHECK(crm::fmt::percent(-50) == "-0,50\u00A0%");
    CHECK(crm::fmt::percent(400, "en") == "4.00%");
}

TEST_CASE("amounts as a person types them: the same reader as the CSV import's")
{
    CHECK(widgets::parseAmount("1 234,56") == 123456);
    CHECK(widgets::parseAmount("1234.56") == 123456);
    CHECK(widgets::parseAmount("12.5") == 1250);
    CHECK(widgets::parseAmount("1.234,56 €") == 123456); // French thousands (was refused)
    CHECK(widgets::parseAmount("1.234") == 123400);      // a thousand, not 1,234
    CHECK(widgets::parseAmount("600,00") == 60000);
    CHECK(widgets::parseAmount("1\u202F500,00\u00A0€") == 150000);
    CHECK_FALSE(widgets::parseAmount("12,345"));
    CHECK_FALSE(widgets::parseAmount("douze"));
    CHECK_FALSE(widgets::parseAmount(""));
    CHECK(widgets::parseAmount("1 234,56") == crm::fmt::readAmount("1 234,56", ','));
}
