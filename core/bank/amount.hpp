// A bank file's decimal amount in cents (CAMT's "1234.56", OFX's "-1234,56"): digits with
// at most one decimal mark among `marks`, a leading sign when `sign` allows it, at most two
// decimals that are not zeros ("12.500" is 12.50, "12.505" a fraction of a cent), at most a
// thousand billion.
#pragma once

#include <cstdint>
#include <string_view>

namespace crm::bank {

enum class AmountProblem { None, NotDecimal, FractionOfCent, TooLarge };

struct DecimalAmount {
    std::int64_t cents = 0;
    AmountProblem problem = AmountProblem::None;
};

inline DecimalAmount decimalCents(std::string_view t, std::string_view marks, bool sign)
{
    std::size_t i = 0;
    bool negative = false;
    if (sign && i < t.size() && (t[i] == '-' || t[i] == '+'))
        negative = t[i++] == '-';
    std::int64_t whole = 0, frac = 0;
    int decimals = 0;
    bool mark = false, digits = false;
    for (; i < t.size(); ++i) {
        const char c = t[i];
        if (!mark && marks.find(c) != std::string_view::npos)
            mark = true;
        else if (c >= '0' && c <= '9') {
            digits = true;
            if (!mark) {
                if (whole > 100000000000000LL)
                    return {0, AmountProblem::TooLarge};
                whole = whole * 10 + (c - '0');
            } else if (decimals < 2) {
                frac = frac * 10 + (c - '0');
                ++decimals;
            } else if (c != '0')
                return {0, AmountProblem::FractionOfCent};
        } else
            return {0, AmountProblem::NotDecimal};
    }
    if (!digits)
        return {0, AmountProblem::NotDecimal};
    for (; decimals < 2; ++decimals)
        frac *= 10;
    const std::int64_t v = whole * 100 + frac;
    return {negative ? -v : v, AmountProblem::None};
}

} // namespace crm::bank
