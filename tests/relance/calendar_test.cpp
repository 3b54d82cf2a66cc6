// The French working calendar: Easter by the computus, the eleven public holidays,
// business days around them.
#include "core/relance/calendar.hpp"

#include <doctest/doctest.h>

using namespace crm::relance;

TEST_CASE("Easter Sunday, year by year")
{
    const std::pair<int, const char*> cases[] = {{2000, "2000-04-23"}, {2008, "2008-03-23"}, {2011, "2011-04-24"},
        {2019, "2019-04-21"}, {2024, "2024-03-31"}, {2025, "2025-04-20"}, {2026, "2026-04-05"}, {2027, "2027-03-28"},
        {2038, "2038-04-25"}, {2285, "2285-03-22"}};
    for (const auto& c : cases) {
        CAPTURE(c.first);
        CHECK(easterSunday(c.first) == c.second);
    }
}

TEST_CASE("the public holidays of 2026")
{
    CHECK(frenchPublicHolidays(2026)
        == std::vector<std::string>{"2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
            "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25"});
    CHECK(isFrenchPublicHoliday("2024-05-09"));       // Ascension 2024
    CHECK(isFrenchPublicHoliday("2027-03-29"));       // Easter Monday 2027
    CHECK_FALSE(isFrenchPublicHoliday("2026-04-05")); // Easter Sunday is a Sunday, not a listed holiday
    CHECK_FALSE(isFrenchPublicHoliday("2026-12-26"));
}

TEST_CASE("business days skip week-ends and holidays")
{
    const struct {
        const char* date;
        bool business;
    } days[] = {{"2026-11-24", true}, {"2026-11-28", false}, {"2026-11-29", false}, {"2026-07-14", false},
        {"2026-11-11", false}, {"2026-05-14", false}, {"2026-05-15", true}, {"2028-02-29", true}};
    for (const auto& d : days) {
        CAPTURE(d.date);
        CHECK(isBusinessDay(d.date) == d.business);
    }
    CHECK(onOrAfterBusinessDay("2026-11-24") == "2026-11-24");
    CHECK(onOrAfterBusinessDay("2026-11-28") == "2026-11-30");
    CHECK(onOrAfterBusinessDay("2026-12-25") == "2026-12-28");
    CHECK(addBusinessDays("2026-05-07", 1) == "2026-05-11");  // Friday 8 May is a holiday
    CHECK(addBusinessDays("2026-12-24", 1) == "2026-12-28");  // Christmas, then the week-end
    CHECK(addBusinessDays("2026-07-15", -1) == "2026-07-13"); // back over 14 July
    CHECK(addBusinessDays("2026-11-24", 0) == "2026-11-24");
    CHECK(addBusinessDays("2026-11-02", 10) == "2026-11-17"); // 11 November inside
}
