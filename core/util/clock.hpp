// Clock: where "now" comes from. Only the outermost layer (CLI, worker, desktop main)
// hands systemClock() to the core; tests hand a fixed clock, so every run is reproducible.
#pragma once

#include <functional>
#include <string>

namespace crm {

// Returns the current instant as ISO 8601 UTC, e.g. "2026-11-24T09:30:00Z".
using Clock = std::function<std::string()>;

Clock systemClock();
Clock fixedClock(std::string instant);

} // namespace crm
