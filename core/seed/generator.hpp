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

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <string>

namespace crm::seed {

struct GeneratorOptions {
    std::int64_t clients = 1000;
    std::int64_t invoices = 10000;
    std::uint64_t seed = 1;
    std::string asOf = "2026-11-24";
    int collectors = 8;
    long spanDays = 3 * 365;                    // invoices are issued over the days before asOf
    std::string password = "Recouvrement-2026"; // of every generated user (test data only)
    crypto::HashCost hashCost = crypto::HashCost::Interactive;
};

// A generation done a slice at a time (for progress and cancel): the constructor
// checks the database and creates the users, each step() writes up to `budget` clients
// and invoices, the last one commits. Everything happens in one transaction, which
// rolls back if the Generation is destroyed unfinished.
//   EmptyDatabase   no users, no clients (crm seed): creates admin, manager, collectors.
//   EmptyPortfolio  users may exist (demo.generate from a signed-in administrator), but
//                   no clients, invoices or payments: creates the manager and collectors
//                   whose addresses are free, reuses the others.
// Throws std::runtime_error when the database does not qualify; DbError from SQLite.
class Generation {
public:
    enum class Mode { EmptyDatabase, EmptyPortfolio };
    Generation(db::Database& db, const GeneratorOptions& options, Mode mode);
    ~Generation();
    Generation(const Generation&) = delete;
    Generation& operator=(const Generation&) = delete;
    bool step(std::int64_t budget); // true once finished and committed
    std::int64_t done() const;
    std::int64_t total() const;
    nlohmann::json counts() const; // what was written (so far)

private:
    struct State;
    std::unique_ptr<State> m;
};

// The whole generation at once; returns counts of what was written.
nlohmann::json generate(db::Database& db, const GeneratorOptions& options);

// The generator's company names, also used by the benchmarks.
std::string companyName(std::uint64_t i);

} // namespace crm::seed
