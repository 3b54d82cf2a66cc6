// Commands: worklist.today — a collector's day in one reply (the Today screen).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

json worklistJson(const service::Worklist& w)
{
    auto name = [&](std::int64_t id) {
        auto n = w.clientNames.find(id);
        return n == w.clientNames.end() ? std::string() : n->second;
    };
    json confirm = json::array();
    for (const auto& a : w.confirm.plan.actions)
        confirm.push_back(actionJson(a, w.confirm));
    json toSend = json::array();
    for (const auto& a : w.toSend)
        toSend.push_back(model::toJson(a));
    json calls = json::array();
    for (const auto& t : w.calls)
        calls.push_back(model::toJson(t));
    auto holds = [&](const std::vector<service::HoldView>& list) {
        json out = json::array();
        for (const auto& h : list) {
            json j = holdJson(h);
            j["client_name"] = name(h.hold.clientId);
            out.push_back(std::move(j));
        }
        return out;
    };
    json disputes = json::array();
    for (const auto& i : w.disputes) {
        json j = model::toJson(i);
        j["client_name"] = name(i.clientId);
        disputes.push_back(std::move(j));
    }
    const auto& c = w.counts;
    return {{"as_of", w.asOf},
        {"counts",
            {{"to_confirm", c.toConfirm}, {"automatic", c.automatic}, {"to_send", c.toSend}, {"calls", c.calls},
                {"promises_due", c.promisesDue}, {"promises_broken", c.promisesBroken},
                {"instalments_missed", c.instalmentsMissed}, {"disputes", c.disputes},
                {"letters_withheld", c.lettersWithheld}}},
        {"to_confirm", confirm}, {"to_send", toSend}, {"calls", calls}, {"promises_due", holds(w.promisesDue)},
        {"promises_broken", holds(w.promisesBroken)}, {"instalments_missed", holds(w.instalmentsMissed)},
        {"disputes", disputes}};
}

} // namespace

void addWorklist(Registry& r, Services& s)
{
    r.add({"worklist.today",
        "A collector's day: actions to confirm and to send, calls, promises due and broken, missed instalments, "
        "disputes — with the day's counts. Agents get their own; managers everyone's or one collector's.",
        {asOfParam(),
            ParamSpec{"collector_id", PT::Integer, false, "one collector's clients; null: the unassigned ones"}
                .orNull(),
            {"limit", PT::Integer, false, "entries per list, 1 to 500 (default 50)"}},
        Perm::RelanceRead, {}, [&s](const Call& c) {
            service::WorklistQuery q;
            q.asOf = str(c.p, "as_of");
            q.collectorId = idFilter(c.p, "collector_id");
            q.limit = integer(c.p, "limit", 50);
            return map(s.worklist.today(c.actor, q), [](const service::Worklist& w) { return worklistJson(w); });
        }});
}

} // namespace crm::api::commands
