// Benchmark routines for clients, shared by the native crm-bench and the browser's
// bench worker (crm_db_bench.js), so both measure the same code on their storage.
// They print nothing and assert nothing: they return figures (milliseconds, medians).
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

namespace crm::bench {

// params: {"n": 100000, "runs": 3, "page": 50}
// Each run empties the clients table, inserts n generated clients through
// ClientService inside one transaction, then pages through them sorted by name.
nlohmann::json runClientsBench(db::Database& db, const nlohmann::json& params);

} // namespace crm::bench
