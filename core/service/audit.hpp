// The system log: every mutation writes who, what, which entity, when, and the
// before/after values (JSON), inside the mutation's own transaction — so a refused
// or failed change leaves no log line either.
#pragma once

#include "core/service/context.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crm::service {

// `actorId` 0 means "no user" (first-start set-up, the system itself).
void audit(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    std::int64_t entityId, const nlohmann::json& before, const nlohmann::json& after);
// Many creations of one kind at once (a batch of payments): a line per entity, its `after`.
void auditCreated(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    const std::vector<std::pair<std::int64_t, nlohmann::json>>& created);

} // namespace crm::service
