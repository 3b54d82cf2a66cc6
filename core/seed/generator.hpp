// A deterministic portfolio generator for tests and benchmarks (crm seed --clients N
// --invoices M --seed S): French-looking companies, collectors, invoices over the three
// years before `asOf`, full and partial payments, credit notes, disputes and
// cancellations. The same options always give the same database.
//
// It writes in bulk through SQL of its own (one transaction, one system_logs line
// "seed.generate") rather than call by call, and keeps every invariant the services
// keep: allocations sum to paid_cents and allocated_cents, nothing is over-allocated.
// It refuses a database that already holds clients or users.
#pragma once

#include "core/db/database.hpp"
#include "core/util/crypto.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace crm::seed {

struct GeneratorOptions {
    std::int64_t clients = 1000;
    std::int64_t invoices = 10000;
    std::uint64_t seed = 1;
    std::string asOf = "2026-11-24";
    int collectors = 8;
    std::string password = "Recouvrement-2026"; // of every generated user (test data only)
    crypto::HashCost hashCost = crypto::HashCost::Interactive;
};

// Returns counts of what was written; throws std::runtime_error on a non-empty database.
nlohmann::json generate(db::Database& db, const GeneratorOptions& options);

// The generator's company names, also used by the benchmarks.
std::string companyName(std::uint64_t i);

} // namespace crm::seed
