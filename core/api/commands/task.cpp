// Commands: task.list / task.done — the calls to make and the files to hand over that
// executed reminders left.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

void addTasks(Registry& r, Services& s)
{
    r.add({"task.list", "Calls to make and files to hand over (a collector's own; managers: anyone's).",
        {ParamSpec{"user_id", PT::Integer, false, "whose list; null: unassigned; absent: everyone's"}.orNull(),
            {"client_id", PT::Integer, false, ""}, {"open", PT::Boolean, false, "only tasks not done (default true)"}},
        Perm::RelanceRead, {}, [&s](const Call& c) {
            std::optional<std::int64_t> user;
            if (c.p.contains("user_id")) // null: unassigned
                user = c.p["user_id"].is_null() ? 0 : c.p["user_id"].get<std::int64_t>();
            return listJson(s.engine.tasks(c.actor, user, integer(c.p, "client_id"), boolean(c.p, "open", true)));
        }});
    r.add({"task.done",
        "Do a task: a call with its outcome (a promise holds the chase until its date), or a hand-over to "
        "litigation (outcome handed_over).",
        {idParam(),
            {"outcome", PT::String, true, "reached | voicemail | promise | refusal | wrong_number | handed_over"},
            {"note", PT::String, false, ""}, {"promise_date", PT::String, false, "for a promise"},
            {"promise_amount_cents", PT::Integer, false, "for a promise (default: what is owed)"}},
        Perm::RelanceExecute,
        {"tasks", "communications", "communication_invoices", "holds", "hold_invoices", "system_logs"},
        [&s](const Call& c) {
            service::TaskDone d{
                str(c.p, "outcome"), str(c.p, "note"), str(c.p, "promise_date"), optInt(c.p, "promise_amount_cents")};
            return asJson(s.engine.completeTask(c.actor, integer(c.p, "id"), d));
        }});
}

} // namespace crm::api::commands
