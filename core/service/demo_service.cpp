#include "core/service/demo_service.hpp"

#include "core/service/snapshot_service.hpp"

#include "core/db/embedded.hpp"
#include "core/model/client_model.hpp"
#include "core/model/user_model.hpp"
#include "core/service/permissions.hpp"
#include "core/util/time.hpp"

#include <stdexcept>

namespace crm::service {

Result<std::int64_t> DemoService::loadDemo(const Actor& actor, const std::vector<ClientFields>& clients)
{
    if (auto e = require(actor, Perm::ClientCreate))
        return *e;
    db::Transaction tx(m_ctx.db);
    if (model::ClientModel(m_ctx.db).count() > 0)
        return Error::conflict("not_empty", "demo data loads only into a database without clients");
    std::int64_t created = 0;
    for (const auto& f : clients) {
        auto r = m_clients.create(actor, f);
        if (!r.ok())
            return r.error(); // rolls back: nothing half-loaded
        ++created;
    }
    tx.commit();
    return created;
}

Result<std::unique_ptr<seed::Generation>> DemoService::startGeneration(
    const Actor& actor, std::int64_t clients, std::int64_t invoices, std::uint64_t seed)
{
    if (auto e = require(actor, Perm::DatabaseAdmin))
        return *e;
    if (clients < 1 || clients > 1000000)
        return Error::validation("clients", "out_of_range", "clients is 1 to 1 000 000");
    if (invoices < 0 || invoices > 10000000)
        return Error::validation("invoices", "out_of_range", "invoices is 0 to 10 000 000");
    if (!model::ClientModel(m_ctx.db).portfolioEmpty())
        return Error::conflict("not_empty", "test data is generated only into an empty portfolio");
    seed::GeneratorOptions o;
    o.clients = clients;
    o.invoices = invoices;
    o.seed = seed;
    o.asOf = m_ctx.today();
    return std::make_unique<seed::Generation>(m_ctx.db, o, seed::Generation::Mode::EmptyPortfolio);
}

Result<std::unique_ptr<snapshot::Importer>> DemoService::startPortfolio()
{
    if (model::UserModel(m_ctx.db).count() > 0)
        return Error::conflict("already_set_up", "this database is already set up: the demo loads only into a new one");
    const std::string text = embedded::demoPortfolio();
    if (text.empty()) // the browser's module gets the file from its worker (web/crm_db_main.cpp)
        return Error::storage("unavailable", "the demo portfolio is not available here");
    const std::string latest = snapshot::latestIssueDate(text);
    const long days = latest.empty() ? 0 : timeutil::daysBetween(latest, m_ctx.today());
    snapshot::ImportOptions options;
    options.today = m_ctx.today();
    options.rules = snapshotRules(options.today);
    return std::make_unique<snapshot::Importer>(m_ctx.db, snapshot::shiftDates(text, days), std::move(options));
}

} // namespace crm::service
