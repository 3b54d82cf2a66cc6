// Calendar dates ("2026-11-24") and instants ("2026-11-24T09:30:00Z", UTC).
//
// Both are stored as ISO text, so text order is time order. Parsing is strict:
// parseDate refuses "2026-02-30", "2026-2-3" and trailing text; it returns nullopt
// instead of throwing. Arithmetic uses Howard Hinnant's date library.
#pragma once

#include <date/date.h>

#include <optional>
#include <string>
#include <string_view>

namespace crm::timeutil {

std::optional<date::year_month_day> parseDate(const std::string& iso);
std::string formatDate(date::year_month_day d);
bool isValidDate(const std::string& iso);

// Days from `from` to `to` (negative when `to` is earlier). Both must be valid dates.
long daysBetween(const std::string& from, const std::string& to);
std::string addDays(const std::string& isoDate, long days);
// A date as a number of days since 1970-01-01, and back (kNoDay for an invalid one): for
// tallies over millions of rows, where the day after or the later of two is arithmetic.
constexpr long kNoDay = -(1L << 30);
long dayNumber(std::string_view iso);
std::string dateOfDayNumber(long n);
// Calendar months; the day is clamped to the month's end (2026-03-31 - 1 month = 2026-02-28).
std::string addMonths(const std::string& isoDate, int months);

// Instants.
bool isValidInstant(const std::string& iso);
std::string addSeconds(const std::string& instant, long long seconds);
// The calendar date (UTC) of an instant.
std::string dateOf(const std::string& instant);

} // namespace crm::timeutil
