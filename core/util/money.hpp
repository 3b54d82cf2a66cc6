// Money rounding: the one function that turns an exact amount into cents.
//
// Amounts are integer cents; computations that divide (late-payment interest) keep an
// exact numerator and denominator in 128-bit integers and round once, at the end, with
// roundHalfUp: halves go away from zero (0,5 c -> 1 c; -0,5 c -> -1 c), the rule French
// invoices and the tax administration use. Never a double on the way.
#pragma once

#include <cstdint>

namespace crm::money {

__extension__ typedef __int128 Wide; // __extension__: -Wpedantic knows no __int128

// numerator / denominator rounded to the nearest integer, halves away from zero.
// `denominator` must be positive.
inline std::int64_t roundHalfUp(Wide numerator, Wide denominator)
{
    const bool negative = numerator < 0;
    const Wide n = negative ? -numerator : numerator;
    const Wide q = (2 * n + denominator) / (2 * denominator);
    return static_cast<std::int64_t>(negative ? -q : q);
}

} // namespace crm::money
