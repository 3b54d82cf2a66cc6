#include "core/util/time.hpp"

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string_view>

namespace crm::timeutil {

namespace {

bool digits(std::string_view s, std::size_t from, std::size_t n)
{
    for (std::size_t i = from; i < from + n; ++i)
        if (i >= s.size() || s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

// The value of n digits (checked already) from `from`.
int number(std::string_view s, std::size_t from, std::size_t n)
{
    int v = 0;
    for (std::size_t i = from; i < from + n; ++i)
        v = v * 10 + (s[i] - '0');
    return v;
}

// Exactly YYYY-MM-DD, a real day of 1900 to 2999. (Read without copies: an import checks
// millions of them.)
std::optional<date::year_month_day> dateIn(std::string_view iso)
{
    if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-' || !digits(iso, 0, 4) || !digits(iso, 5, 2)
        || !digits(iso, 8, 2))
        return std::nullopt;
    const int y = number(iso, 0, 4);
    const date::year_month_day d{date::year(y), date::month(static_cast<unsigned>(number(iso, 5, 2))),
        date::day(static_cast<unsigned>(number(iso, 8, 2)))};
    if (!d.ok() || y < 1900 || y > 2999)
        return std::nullopt;
    return d;
}

std::optional<std::chrono::sys_seconds> parseInstant(const std::string& iso)
{
    // Exactly YYYY-MM-DDTHH:MM:SSZ
    if (iso.size() != 20 || iso[10] != 'T' || iso[13] != ':' || iso[16] != ':' || iso[19] != 'Z')
        return std::nullopt;
    const auto day = dateIn(std::string_view(iso).substr(0, 10));
    if (!day || !digits(iso, 11, 2) || !digits(iso, 14, 2) || !digits(iso, 17, 2))
        return std::nullopt;
    const int h = number(iso, 11, 2);
    const int m = number(iso, 14, 2);
    const int s = number(iso, 17, 2);
    if (h > 23 || m > 59 || s > 59)
        return std::nullopt;
    return date::sys_days(*day) + std::chrono::hours(h) + std::chrono::minutes(m) + std::chrono::seconds(s);
}

} // namespace

std::optional<date::year_month_day> parseDate(const std::string& iso)
{
    return dateIn(iso);
}

std::string formatDate(date::year_month_day d)
{
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
        static_cast<unsigned>(d.day()));
    return buf;
}

bool isValidDate(const std::string& iso)
{
    return parseDate(iso).has_value();
}

long daysBetween(const std::string& from, const std::string& to)
{
    const auto a = parseDate(from);
    const auto b = parseDate(to);
    if (!a || !b)
        return 0;
    return static_cast<long>((date::sys_days(*b) - date::sys_days(*a)).count());
}

long dayNumber(std::string_view iso)
{
    const auto d = dateIn(iso);
    return d ? static_cast<long>(date::sys_days(*d).time_since_epoch().count()) : kNoDay;
}

std::string dateOfDayNumber(long n)
{
    return formatDate(date::year_month_day{date::sys_days{date::days{n}}});
}

std::string addDays(const std::string& isoDate, long days)
{
    const auto d = parseDate(isoDate);
    if (!d)
        return isoDate;
    return formatDate(date::year_month_day(date::sys_days(*d) + date::days(days)));
}

std::string addMonths(const std::string& isoDate, int months)
{
    const auto d = parseDate(isoDate);
    if (!d)
        return isoDate;
    const date::year_month ym = d->year() / d->month() + date::months(months);
    const date::year_month_day last = ym / date::last;
    return formatDate(ym / (d->day() > last.day() ? last.day() : d->day()));
}

bool isValidInstant(const std::string& iso)
{
    return parseInstant(iso).has_value();
}

std::string addSeconds(const std::string& instant, long long seconds)
{
    const auto t = parseInstant(instant);
    if (!t)
        return instant;
    return date::format("%Y-%m-%dT%H:%M:%SZ", *t + std::chrono::seconds(seconds));
}

std::string dateOf(const std::string& instant)
{
    return instant.substr(0, 10);
}

} // namespace crm::timeutil
