#include "core/service/audit.hpp"

#include "core/model/log_model.hpp"

namespace crm::service {

namespace {

model::LogLine logLine(const std::string& at, std::int64_t actorId, const std::string& action,
    const std::string& entity, std::int64_t entityId, const nlohmann::json& before, const nlohmann::json& after)
{
    model::LogLine line;
    line.at = at;
    line.userId = actorId;
    line.action = action;
    line.entity = entity;
    line.entityId = entityId;
    line.before = before;
    line.after = after;
    return line;
}

} // namespace

void audit(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    std::int64_t entityId, const nlohmann::json& before, const nlohmann::json& after)
{
    model::LogModel(ctx.db).insert(logLine(ctx.clock(), actorId, action, entity, entityId, before, after));
}

void auditCreated(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    const std::vector<std::pair<std::int64_t, nlohmann::json>>& created)
{
    std::vector<model::LogLine> lines;
    lines.reserve(created.size());
    const std::string at = ctx.clock();
    for (const auto& [id, after] : created)
        lines.push_back(logLine(at, actorId, action, entity, id, nullptr, after));
    model::LogModel(ctx.db).insertMany(lines);
}

} // namespace crm::service
