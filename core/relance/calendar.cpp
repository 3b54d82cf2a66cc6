#include "core/relance/calendar.hpp"

#include "core/util/time.hpp"

#include <algorithm>
#include <cstdio>

namespace crm::relance {

std::string easterSunday(int year)
{
    const int a = year % 19;
    const int b = year / 100;
    const int c = year % 100;
    const int d = b / 4;
    const int e = b % 4;
    const int f = (b + 8) / 25;
    const int g = (b - f + 1) / 3;
    const int h = (19 * a + b - d - g + 15) % 30;
    const int i = c / 4;
    const int k = c % 4;
    const int l = (32 + 2 * e + 2 * i - h - k) % 7;
    const int m = (a + 11 * h + 22 * l) / 451;
    const int month = (h + l - 7 * m + 114) / 31;
    const int day = (h + l - 7 * m + 114) % 31 + 1;
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
    return out;
}

std::vector<std::string> frenchPublicHolidays(int year)
{
    char y[16];
    std::snprintf(y, sizeof y, "%04d", year);
    const std::string easter = easterSunday(year);
    std::vector<std::string> days = {std::string(y) + "-01-01", timeutil::addDays(easter, 1), std::string(y) + "-05-01",
        std::string(y) + "-05-08", timeutil::addDays(easter, 39), timeutil::addDays(easter, 50),
        std::string(y) + "-07-14", std::string(y) + "-08-15", std::string(y) + "-11-01", std::string(y) + "-11-11",
        std::string(y) + "-12-25"};
    std::sort(days.begin(), days.end());
    return days;
}

bool isFrenchPublicHoliday(const std::string& date)
{
    const auto holidays = frenchPublicHolidays(std::stoi(date.substr(0, 4)));
    return std::binary_search(holidays.begin(), holidays.end(), date);
}

bool isBusinessDay(const std::string& date)
{
    const auto ymd = timeutil::parseDate(date);
    const date::weekday wd{date::sys_days{*ymd}};
    return wd != date::Saturday && wd != date::Sunday && !isFrenchPublicHoliday(date);
}

std::string onOrAfterBusinessDay(const std::string& date)
{
    std::string d = date;
    while (!isBusinessDay(d))
        d = timeutil::addDays(d, 1);
    return d;
}

std::string addBusinessDays(const std::string& date, long days)
{
    std::string d = date;
    const long step = days < 0 ? -1 : 1;
    for (long left = days < 0 ? -days : days; left > 0;) {
        d = timeutil::addDays(d, step);
        if (isBusinessDay(d))
            --left;
    }
    return d;
}

} // namespace crm::relance
