// Commands: worklist.today — a collector's day in one reply (the Today screen);
// relance.compose / relance.send_now — a reminder written now from a template (the client page).
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
                {"instalments_missed", c.instalmentsMissed}, {"disputes", c.disputes}}},
        {"to_confirm", confirm}, {"to_send", toSend}, {"calls", calls}, {"promises_due", holds(w.promisesDue)},
        {"promises_broken", holds(w.promisesBroken)}, {"instalments_missed", holds(w.instalmentsMissed)},
        {"disputes", disputes}};
}

json composedJson(const service::Composed& c)
{
    json invoices = json::array();
    for (const auto& i : c.action.invoices) {
        auto n = c.invoiceNumbers.find(i.invoiceId);
        invoices.push_back({{"invoice_id", i.invoiceId}, {"number", n == c.invoiceNumbers.end() ? "" : n->second},
            {"due_date", i.dueDate}, {"open_cents", i.openCents}, {"days_overdue", i.daysOverdue},
            {"interest_cents", i.interestCents ? json(*i.interestCents) : json()}, {"fee_cents", i.feeCents}});
    }
    const auto& a = c.action;
    return {{"template_code", c.templateCode}, {"channel", c.channel}, {"language", c.language}, {"subject", c.subject},
        {"body", c.body}, {"recipient", c.recipient}, {"url", c.url}, {"currency", a.currency}, {"invoices", invoices},
        {"open_cents", a.openCents}, {"interest_cents", a.interestCents ? json(*a.interestCents) : json()},
        {"fee_cents", a.feeCents}, {"total_cents", a.openCents + a.interestCents.value_or(0) + a.feeCents},
        {"missing_rates", a.reason.missingRates},
        {"communication_id", c.communicationId > 0 ? json(c.communicationId) : json()}};
}

} // namespace

void addWorklist(Registry& r, Services& s)
{
    const std::vector<ParamSpec> composeParams = {{"client_id", PT::Integer, true, ""},
        {"template_code", PT::String, true, "a relance template's code (in the client's language)"}};
    r.add({"relance.compose",
        "A reminder written now: the template rendered over what the client owes past due (each invoice with its "
        "interest and fee), the recipient and the mailto:/sms: link. Writes nothing.",
        concat(composeParams, std::vector<ParamSpec>{asOfParam()}), Perm::RelanceRead, {}, [&s](const Call& c) {
            return map(
                s.engine.compose(c.actor, integer(c.p, "client_id"), str(c.p, "template_code"), str(c.p, "as_of")),
                [](const service::Composed& x) { return composedJson(x); });
        }});
    r.add({"relance.send_now",
        "Send a reminder now (e-mail or SMS template): logged as a communication about the overdue invoices; "
        "returns the link that opens the user's mail or SMS application.",
        composeParams, Perm::RelanceExecute, {"communications", "communication_invoices", "system_logs"},
        [&s](const Call& c) {
            return map(s.engine.sendNow(c.actor, integer(c.p, "client_id"), str(c.p, "template_code")),
                [](const service::Composed& x) { return composedJson(x); });
        }});

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
