#include "app/format.hpp"

#include <cstdlib>

namespace crm::app {

std::string formatDate(const std::string& iso)
{
    if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-')
        return iso;
    return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

std::string formatMoney(std::int64_t cents, const std::string& currency)
{
    const bool negative = cents < 0;
    // Work on the magnitude as unsigned so INT64_MIN does not overflow.
    const std::uint64_t magnitude
        = negative ? 0 - static_cast<std::uint64_t>(cents) : static_cast<std::uint64_t>(cents);
    const std::string units = std::to_string(magnitude / 100);
    std::string grouped;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (i > 0 && (units.size() - i) % 3 == 0)
            grouped += "\u202F"; // narrow no-break space
        grouped += units[i];
    }
    const unsigned rest = static_cast<unsigned>(magnitude % 100);
    std::string out = negative ? "-" : "";
    out += grouped + "," + (rest < 10 ? "0" : "") + std::to_string(rest);
    out += "\u00A0";
    out += currency == "EUR" ? "€" : currency;
    return out;
}

} // namespace crm::app
