#include "core/util/clock.hpp"

#include <chrono>
#include <date/date.h>

namespace crm {

Clock systemClock()
{
    return [] {
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        return date::format("%Y-%m-%dT%H:%M:%SZ", now);
    };
}

Clock fixedClock(std::string instant)
{
    return [instant = std::move(instant)] { return instant; };
}

} // namespace crm
