// What the benchmark routines share: milliseconds, the median of a run's figures, and
// whether a database still waits for its generated portfolio.
#pragma once

#include "core/db/database.hpp"

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

// True when `db` holds no client yet. The statement is finished on return: the generator
// that follows changes the schema (it sets indexes aside), which SQLite refuses while a
// statement of the connection is still reading.
inline bool noClients(db::Database& db)
{
    db::Statement count(db, "SELECT count(*) FROM clients");
    count.step();
    return count.getInt(0) == 0;
}

} // namespace crm::bench
