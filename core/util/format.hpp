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
// Cents or basis points as a decimal number (see below).
std::string hundredths(std::int64_t value, bool english, bool grouped);

inline std::string date(const std::string& iso)
{
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// Hundredths as a decimal number: "-1 234,56" (grouped by narrow no-break spaces, or by ","
// in English with "." as the mark), or "-1234,56" ungrouped — the one writer behind money,
// percentages and the amounts of CSV files.
inline std::string hundredths(std::int64_t value, bool english, bool grouped)
{
    const bool negative = value < 0;
    // Work on the magnitude as unsigned so INT64_MIN does not overflow.
    const std::uint64_t magnitude
        = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    const std::string units = std::to_string(magnitude / 100);
    std::string out = negative ? "-" : "";
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (grouped && i > 0 && (units.size() - i) % 3 == 0)
            out += english ? "," : "\u202F"; // narrow no-break space
        out += units[i];
    }
    const unsigned rest = static_cast<unsigned>(magnitude % 100);
    return out + (english ? "." : ",") + (rest < 10 ? "0" : "") + std::to_string(rest);
}

inline std::string money(std::int64_t cents, const std::string& currency, const std::string& language)
{
    const bool english = language == "en";
    const std::string number = hundredths(cents, english, true);
    const std::string symbol = currency == "EUR" ? "€" : currency;
    if (english) // "-€1,234.56": the sign before the symbol
        return number[0] == '-' ? "-" + symbol + (currency == "EUR" ? "" : " ") + number.substr(1)
                                : symbol + (currency == "EUR" ? "" : " ") + number;
    return number + "\u00A0" + symbol;
}

inline std::string percent(std::int64_t basisPoints, const std::string& language)
{
    const bool english = language == "en";
    return hundredths(basisPoints, english, false) + (english ? "%" : "\u00A0%");
}

} // namespace crm::fmt
