#include "core/service/snapshot_service.hpp"

#include "core/service/permissions.hpp"

#include <nlohmann/json.hpp>

namespace crm::service {

Result<std::string> SnapshotService::exportText(const Actor& actor)
{
    if (auto e = require(actor, Perm::DatabaseAdmin))
        return *e;
    return snapshot::exportText(m_ctx.db);
}

Result<snapshot::ImportReport> SnapshotService::importText(const Actor& actor, const std::string& text, bool replace)
{
    if (auto e = require(actor, Perm::DatabaseAdmin))
        return *e;
    return outcome(snapshot::importText(m_ctx.db, text, replace, m_ctx.today()));
}

Result<std::unique_ptr<snapshot::Importer>> SnapshotService::startImport(
    const Actor& actor, std::string text, bool replace)
{
    if (auto e = require(actor, Perm::DatabaseAdmin))
        return *e;
    return std::make_unique<snapshot::Importer>(m_ctx.db, std::move(text), replace, m_ctx.today());
}

Result<snapshot::ImportReport> SnapshotService::outcome(const snapshot::ImportReport& r)
{
    if (r.ok())
        return r;
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems)
        problems.push_back({{"path", p.path}, {"reason", p.reason}, {"message", p.message}});
    if (r.problems.size() == 1 && r.problems[0].reason == "not_empty") {
        Error e = Error::conflict("not_empty",
            "the database holds data: import with replace: true to replace it (details: what it holds)", "replace");
        e.details = nlohmann::json(r.replaced).dump();
        return e;
    }
    Error e = Error::validation("content", "invalid_snapshot",
        "the snapshot was refused (" + std::to_string(r.problems.size()) + " problems; first: " + r.problems[0].path
            + ": " + r.problems[0].message + "); nothing was changed");
    e.details = problems.dump();
    return e;
}

} // namespace crm::service
