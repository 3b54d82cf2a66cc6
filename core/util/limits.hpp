// Numbers every layer agrees on.
#pragma once

#include <cstdint>

namespace crm {

// The largest integer a JavaScript number holds exactly (2^53 - 1): no id and no sum of
// money may pass it, since the browser's interface reads them as numbers.
constexpr std::int64_t kMaxExactInteger = 9'007'199'254'740'991;

} // namespace crm
