// The French working calendar, for scenarios that count business days only.
//
// Public holidays (jours fériés, Code du travail L3133-1), computed for any year:
// 1 January, Easter Monday, 1 May, 8 May, Ascension Thursday (Easter + 39 days),
// Whit Monday (Easter + 50 days), 14 July, 15 August, 1 November, 11 November,
// 25 December. Easter Sunday by the Gregorian computus (Meeus/Jones/Butcher). Alsace-
// Moselle's two extra days (Good Friday, 26 December) are not included. Dates are ISO
// text; every function expects a valid date (timeutil::isValidDate).
#pragma once

#include <string>
#include <vector>

namespace crm::relance {

// Easter Sunday of `year` (1583 onwards), as YYYY-MM-DD.
std::string easterSunday(int year);
// The eleven public holidays of `year`, in date order.
std::vector<std::string> frenchPublicHolidays(int year);
bool isFrenchPublicHoliday(const std::string& date);
// Monday to Friday and not a public holiday.
bool isBusinessDay(const std::string& date);
// `date` itself when it is a business day, else the next one.
std::string onOrAfterBusinessDay(const std::string& date);
// `days` business days after `date` (before it when negative); 0 gives `date`.
std::string addBusinessDays(const std::string& date, long days);

} // namespace crm::relance
