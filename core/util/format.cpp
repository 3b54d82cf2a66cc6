#include "core/util/format.hpp"

namespace crm::fmt {

std::string date(const std::string& iso)
{
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string money(std::int64_t cents, const std::string& currency, const std::string& language)
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

} // namespace crm::fmt
