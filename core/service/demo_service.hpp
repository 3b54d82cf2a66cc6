// demoService: ways to try the product without one's own data.
//
//   loadDemo(actor, clients)  the demo clients (seeds/demo.json, decoded by the caller),
//                             created through ClientService in one transaction; refused
//                             (conflict, not_empty) once any client exists.
//   startGeneration(actor, clients, invoices, seed)
//                             the test-data generator (core/seed) over an empty portfolio,
//                             administrators only (database.admin): returns a Generation
//                             the caller steps through (progress, cancel). Errors:
//                             validation clients / invoices out_of_range; conflict not_empty.
#pragma once

#include "core/seed/generator.hpp"
#include "core/service/client_service.hpp"
#include "core/service/context.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/result.hpp"

#include <memory>
#include <vector>

namespace crm::service {

// The demo portfolio's administrator (its other users share the password).
constexpr const char* kDemoEmail = "admin@exemple.fr";
constexpr const char* kDemoPassword = "Demo-2026";

class DemoService {
public:
    DemoService(Context& ctx, ClientService& clients) : m_ctx(ctx), m_clients(clients) { }

    Result<std::int64_t> loadDemo(const Actor& actor, const std::vector<ClientFields>& clients);
    Result<std::unique_ptr<seed::Generation>> startGeneration(
        const Actor& actor, std::int64_t clients, std::int64_t invoices, std::uint64_t seed);
    // The demo portfolio (seeds/demo-portfolio.json) as a snapshot import, its dates moved
    // so that its latest invoice is issued today; only into a database nobody has set up
    // yet (no user: the portfolio brings its own). Error: conflict already_set_up.
    Result<std::unique_ptr<snapshot::Importer>> startPortfolio();

private:
    Context& m_ctx;
    ClientService& m_clients;
};

} // namespace crm::service
