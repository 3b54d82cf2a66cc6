// Benchmark of the snapshot path on a generated portfolio, natively and in the browser
// (the same routine): export of the whole database as JSON, then import of that text
// into a new database. Figures in milliseconds (medians), bytes and rows; asserts nothing.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>

namespace crm::bench {

// Opens a new, empty database named `name` next to the benchmark's (a file natively,
// an OPFS file in the browser).
using OpenScratch = std::function<std::unique_ptr<db::Database>(const std::string& name)>;

// params: {"clients": 1000, "invoices": 100000, "runs": 3, "seed": 1}
// Generates the portfolio when the database has no clients.
nlohmann::json runDataBench(db::Database& db, const nlohmann::json& params, const OpenScratch& openScratch);

} // namespace crm::bench
