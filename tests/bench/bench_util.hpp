// What the benchmark routines share: milliseconds, and the median of a run's figures.
#pragma once

#include <algorithm>
#include <chrono>
#include <vector>

namespace crm::bench {

using Ms = std::chrono::duration<double, std::milli>;

// The median (the mean of the two middle values for an even count); 0 when empty.
inline double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n == 0 ? 0.0 : (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0);
}

} // namespace crm::bench
