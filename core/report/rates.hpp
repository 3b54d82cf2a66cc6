// Ratios the reports share, rounded once, here.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

namespace crm::report {

// Promises kept of those that fell due (kept + broken), to three decimals; none when none fell due.
inline std::optional<double> keptRate(std::int64_t kept, std::int64_t broken)
{
    const std::int64_t due = kept + broken;
    if (due == 0)
        return std::nullopt;
    return std::round(1000.0 * static_cast<double>(kept) / static_cast<double>(due)) / 1000.0;
}

} // namespace crm::report
