// Formatting for the French-first interface: dates read 24/11/2026, amounts 1 234,56 €.
// The same functions the core uses for letters (core/util/format.hpp).
#pragma once

#include "core/util/format.hpp"

#include <cstdint>
#include <string>

namespace crm::app {

// "2026-11-24" or "2026-11-24T09:00:00Z" -> "24/11/2026"; anything else is returned unchanged.
inline std::string formatDate(const std::string& iso)
{
    return fmt::date(iso);
}
// Integer cents -> "1 234,56 €" (narrow no-break space between thousands, no-break before €).
inline std::string formatMoney(std::int64_t cents, const std::string& currency = "EUR")
{
    return fmt::money(cents, currency);
}

// Basis points -> "2,15 %" (no-break space before %).
inline std::string formatPercent(std::int64_t basisPoints)
{
    return fmt::percent(basisPoints);
}

} // namespace crm::app
