#include "core/service/snapshot_service.hpp"

#include "core/model/user_model.hpp"
#include "core/service/audit.hpp"
#include "core/service/permissions.hpp"
#include "core/util/crypto.hpp"

#include <nlohmann/json.hpp>

namespace crm::service {

snapshot::ImportOptions importOptions(Context& ctx, std::int64_t actorId, const std::string& text, bool replace)
{
    snapshot::ImportOptions o;
    o.replace = replace;
    o.today = ctx.today();
    o.rules = snapshotRules(o.today);
    const auto who = actorId > 0 ? model::UserModel(ctx.db).get(actorId) : std::nullopt;
    const std::string email = who ? who->email : "";
    o.beforeCommit
        = [&ctx, email, sha256 = crypto::sha256Hex(text), bytes = text.size()](const snapshot::ImportReport& report) {
              // The author as the imported users know them (the same e-mail), if they do.
              const auto author = email.empty() ? std::nullopt : model::UserModel(ctx.db).findByEmail(email);
              audit(ctx, author ? author->id : 0, "snapshot.import", "database", 0, report.replaced,
                  {{"by", email.empty() ? nlohmann::json("command line") : nlohmann::json(email)}, {"sha256", sha256},
                      {"size_bytes", bytes}, {"rows", report.rows}});
          };
    return o;
}

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
    return outcome(snapshot::importText(m_ctx.db, text, importOptions(m_ctx, actor.userId, text, replace)));
}

Result<std::unique_ptr<snapshot::Importer>> SnapshotService::startImport(
    const Actor& actor, std::string text, bool replace)
{
    if (auto e = require(actor, Perm::DatabaseAdmin))
        return *e;
    auto options = importOptions(m_ctx, actor.userId, text, replace);
    return std::make_unique<snapshot::Importer>(m_ctx.db, std::move(text), std::move(options));
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
