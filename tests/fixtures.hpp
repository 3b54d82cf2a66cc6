// Test fixtures: an in-memory database with every migration applied, a fixed clock.
#pragma once

#include "core/api/dispatcher.hpp"
#include "core/db/database.hpp"
#include "core/util/clock.hpp"

#include <memory>

namespace crm::test {

inline std::unique_ptr<db::Database> memoryDb()
{
    return db::Database::open(":memory:");
}

inline Clock testClock()
{
    return fixedClock("2026-11-24T09:00:00Z");
}

// Counts the rows of a table (tests only: the name is ours, never user input).
inline std::int64_t rowCount(db::Database& db, const std::string& table)
{
    db::Statement st(db, "SELECT count(*) FROM " + table);
    st.step();
    return st.getInt(0);
}

} // namespace crm::test
