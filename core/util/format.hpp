// Header-only: the browser's interface module links no core code.
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

// Basis points as a percentage: 215 -> "2,15 %" ("2.15%" in English).
std::string percent(std::int64_t basisPoints, const std::string& language = "fr");

inline std::string date(const std::string& iso)
{
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

inline std::string money(std::int64_t cents, const std::string& currency, const std::string& language)
{
    const bool english = language == "en";
    const bool negative = cents < 0;
    // Work on the magnitude as unsigned so INT64_MIN does not overflow.
    const std::uint64_t magnitude
        = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    const std::string units = std::to_string(magnitude / 100);
    std::string grouped;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (i > 0 && (units.size() - i) % 3 == 0)
            grouped += english ? "," : "\u202F"; // narrow no-break space
        grouped += units[i];
    }
    const unsigned rest = static_cast<unsigned>(magnitude % 100);
    const std::string number = grouped + (english ? "." : ",") + (rest < 10 ? "0" : "") + std::to_string(rest);
    const std::string symbol = currency == "EUR" ? "€" : currency;
    if (english)
        return std::string(negative ? "-" : "") + symbol + (currency == "EUR" ? "" : " ") + number;
    return std::string(negative ? "-" : "") + number + "\u00A0" + symbol;
}

inline std::string percent(std::int64_t basisPoints, const std::string& language)
{
    const bool negative = basisPoints < 0;
    const std::uint64_t magnitude
        = negative ? 0 - static_cast<std::uint64_t>(basisPoints) : static_cast<std::uint64_t>(basisPoints);
    const unsigned rest = static_cast<unsigned>(magnitude % 100);
    const std::string number = std::string(negative ? "-" : "") + std::to_string(magnitude / 100)
        + (language == "en" ? "." : ",") + (rest < 10 ? "0" : "") + std::to_string(rest);
    return language == "en" ? number + "%" : number + "\u00A0%";
}

} // namespace crm::fmt
