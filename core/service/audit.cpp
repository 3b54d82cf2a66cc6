#include "core/service/audit.hpp"

#include "core/model/log_model.hpp"

namespace crm::service {

void audit(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    std::int64_t entityId, const nlohmann::json& before, const nlohmann::json& after)
{
    model::LogLine line;
    line.at = ctx.clock();
    line.userId = actorId;
    line.action = action;
    line.entity = entity;
    line.entityId = entityId;
    line.before = before;
    line.after = after;
    model::LogModel(ctx.db).insert(line);
}

void auditCreated(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    const std::vector<std::pair<std::int64_t, nlohmann::json>>& created)
{
    std::vector<model::LogLine> lines;
    lines.reserve(created.size());
    const std::string at = ctx.clock();
    for (const auto& [id, after] : created) {
        model::LogLine& line = lines.emplace_back();
        line.at = at;
        line.userId = actorId;
        line.action = action;
        line.entity = entity;
        line.entityId = id;
        line.after = after;
    }
    model::LogModel(ctx.db).insertMany(lines);
}

} // namespace crm::service
