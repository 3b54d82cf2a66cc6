// Formatting for the French-first interface: dates read 24/11/2026, amounts 1 234,56 €.
#pragma once

#include <cstdint>
#include <string>

namespace crm::app {

// "2026-11-24" or "2026-11-24T09:00:00Z" -> "24/11/2026"; anything else is returned unchanged.
std::string formatDate(const std::string& iso);
// Integer cents -> "1 234,56 €" (narrow no-break space between thousands, no-break before €).
std::string formatMoney(std::int64_t cents, const std::string& currency = "EUR");

} // namespace crm::app
