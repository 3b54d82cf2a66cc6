// Benchmark on a generated portfolio (core/seed/generator): through the command API,
// as the interface calls it. Figures in milliseconds (medians); asserts nothing.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

namespace crm::bench {

// params: {"clients": 10000, "invoices": 1000000, "runs": 5, "seed": 1}
// Generates the portfolio when the database has no clients, then measures: aging as of
// today and as of an earlier date, DSO, the clients page sorted by overdue amount, the
// invoices page filtered by collector and bucket, recording one payment with allocation.
nlohmann::json runPortfolioBench(db::Database& db, const nlohmann::json& params);

} // namespace crm::bench
