// Human formats shared by the interface and the documents the core writes (reminder
// texts, letters): dates read 24/11/2026, amounts 1 234,56 € in French; English texts
// read 24/11/2026 and €1,234.56.
#pragma once

#include <cstdint>
#include <string>

namespace crm::fmt {

// "2026-11-24" or "2026-11-24T09:00:00Z" -> "24/11/2026"; anything else is returned unchanged.
std::string date(const std::string& iso);
// Integer cents -> "1 234,56 €" (narrow no-break space between thousands, no-break
// space before the currency); language "en" -> "€1,234.56" ("USD 1,234.56").
std::string money(std::int64_t cents, const std::string& currency = "EUR", const std::string& language = "fr");

} // namespace crm::fmt
