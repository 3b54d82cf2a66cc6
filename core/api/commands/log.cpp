// Commands: log.list — the system log: who changed what, when, before and after.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addLog(Registry& r, Services& s)
{
    r.add({"log.list", "The system log, newest first.",
        {{"user_id", PT::Integer, false, ""}, {"entity", PT::String, false, "table name"},
            {"entity_id", PT::Integer, false, ""}, {"action", PT::String, false, "e.g. payment.record"},
            {"from", PT::String, false, "YYYY-MM-DD"}, {"to", PT::String, false, "YYYY-MM-DD"}, offsetParam(),
            limitParam()},
        Perm::LogRead, {}, [&s](const Call& c) {
            model::LogQuery q;
            q.userId = optInt(c.p, "user_id");
            q.entity = str(c.p, "entity");
            q.entityId = optInt(c.p, "entity_id");
            q.action = str(c.p, "action");
            q.from = str(c.p, "from");
            q.to = str(c.p, "to");
            q.offset = integer(c.p, "offset", 0);
            q.limit = integer(c.p, "limit", 50);
            return pageJson(s.reports.logs(c.actor, q));
        }});
}

} // namespace crm::api::commands
