// Commands: relance.plan / relance.execute / relance.actions / relance.deliver /
// relance.mark_sent — the relance engine at work; relance.compose / relance.send_now — a
// reminder written now from a template (the client page).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/util/crypto.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

// Built key by key (moved into place): a day's plan on a large portfolio holds tens of
// thousands of actions, and nlohmann's initializer lists copy every value.
json actionJson(const relance::Action& a, const service::PlanView& v)
{
    json out = json::object();
    auto& o = out.get_ref<json::object_t&>();
    json invoices = json::array();
    auto& list = invoices.get_ref<json::array_t&>();
    list.reserve(a.invoices.size());
    for (const auto& i : a.invoices) {
        json inv = json::object();
        auto& io = inv.get_ref<json::object_t&>();
        auto n = v.invoiceNumbers.find(i.invoiceId);
        io.emplace("invoice_id", i.invoiceId);
        io.emplace("number", n == v.invoiceNumbers.end() ? std::string() : n->second);
        io.emplace("due_date", i.dueDate);
        io.emplace("amount_cents", i.amountCents);
        io.emplace("open_cents", i.openCents);
        io.emplace("days_overdue", i.daysOverdue);
        io.emplace("interest_cents", i.interestCents ? json(*i.interestCents) : json());
        io.emplace("fee_cents", i.feeCents);
        list.push_back(std::move(inv));
    }
    auto name = v.clientNames.find(a.clientId);
    const auto& r = a.reason;
    o.emplace("key", a.key);
    o.emplace("client_id", a.clientId);
    o.emplace("client_name", name == v.clientNames.end() ? std::string() : name->second);
    o.emplace("collector_id", a.collectorId > 0 ? json(a.collectorId) : json());
    o.emplace("scenario_id", a.scenarioId);
    o.emplace("step_id", a.stepId);
    o.emplace("step", a.stepName);
    o.emplace("channel", a.channel);
    o.emplace("mode", a.mode);
    o.emplace("stage", nullOr(a.stage));
    o.emplace("currency", a.currency);
    o.emplace("invoices", std::move(invoices));
    o.emplace("open_cents", a.openCents);
    o.emplace("interest_cents", a.interestCents ? json(*a.interestCents) : json());
    o.emplace("fee_cents", a.feeCents);
    o.emplace("total_cents", a.openCents + a.interestCents.value_or(0) + a.feeCents);
    json reason = json::object();
    auto& ro = reason.get_ref<json::object_t&>();
    ro.emplace("text", r.text());
    ro.emplace("due_on", r.dueOn);
    ro.emplace("offset_days", r.offsetDays);
    ro.emplace("skipped", r.skipped);
    ro.emplace("next_step", nullOr(r.nextStep));
    ro.emplace("next_on", nullOr(r.nextOn));
    ro.emplace("missing_rates", r.missingRates);
    ro.emplace("broken_holds", r.brokenHolds);
    o.emplace("reason", std::move(reason));
    return out;
}

namespace {

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

json planJson(const service::PlanView& v)
{
    json actions = json::array(), withheld = json::array();
    for (const auto& a : v.plan.actions)
        actions.push_back(actionJson(a, v));
    for (const auto& w : v.plan.withheld) {
        auto name = v.clientNames.find(w.clientId);
        auto number = v.invoiceNumbers.find(w.invoiceId);
        withheld.push_back(
            {{"invoice_id", w.invoiceId}, {"number", number == v.invoiceNumbers.end() ? "" : number->second},
                {"client_id", w.clientId}, {"client_name", name == v.clientNames.end() ? "" : name->second},
                {"step_id", w.stepId}, {"step", w.stepName}, {"reason", w.reason},
                {"hold_id", w.holdId > 0 ? json(w.holdId) : json()}, {"detail", w.detail}});
    }
    json broken = json::array();
    for (const auto& b : v.plan.broken)
        broken.push_back(
            {{"hold_id", b.holdId}, {"client_id", b.clientId}, {"kind", b.kind}, {"missed_cents", b.missedCents}});
    const auto& t = v.totals;
    return {{"as_of", v.plan.asOf}, {"actions", actions}, {"withheld", withheld}, {"broken_holds", broken},
        {"totals",
            {{"actions", t.actions}, {"confirm", t.confirm}, {"withheld", t.withheld}, {"clients", t.clients},
                {"invoices", t.invoices}, {"open_cents", t.openCents}, {"interest_cents", t.interestCents},
                {"fee_cents", t.feeCents}, {"missing_rates", t.missingRates},
                {"withheld_for_rate", t.withheldForRate}}}};
}

service::PlanQuery planQuery(const json& p)
{
    service::PlanQuery q;
    q.asOf = str(p, "as_of");
    q.clientId = integer(p, "client_id");
    q.collectorId = idFilter(p, "collector_id");
    return q;
}

class ExecutionJob : public Job {
public:
    explicit ExecutionJob(std::unique_ptr<service::Execution> e) : m_e(std::move(e)) { total = m_e->total(); }
    std::optional<Outcome> step() override
    {
        const bool finished = m_e->step(kSlice);
        done = m_e->done();
        if (!finished)
            return std::nullopt;
        return Outcome(m_e->result());
    }

private:
    static constexpr std::int64_t kSlice = 200;
    std::unique_ptr<service::Execution> m_e;
};

} // namespace

void addRelance(Registry& r, Services& s)
{
    const std::vector<ParamSpec> scope = {asOfParam(), {"client_id", PT::Integer, false, "one client"},
        ParamSpec{"collector_id", PT::Integer, false, "one collector's clients; null: unassigned ones"}.orNull()};
    r.add({"relance.plan",
        "What the engine would send on a day, to whom and why (actions), and what it holds back (withheld), with "
        "the day's totals. Writes nothing. Both lists may be paged (limit 0 or absent: all).",
        concat(scope,
            std::vector<ParamSpec>{{"offset", PT::Integer, false, "first action (default 0)"},
                {"limit", PT::Integer, false, "actions returned (default: all)"},
                {"withheld_offset", PT::Integer, false, "first withheld entry (default 0)"},
                {"withheld_limit", PT::Integer, false, "withheld entries returned (default: all)"},
                {"mode", PT::String, false, "auto | confirm: only the actions of that mode (totals stay the day's)"}}),
        Perm::RelanceRead, {}, [&s](const Call& c) {
            const service::PlanPage page{integer(c.p, "offset"), integer(c.p, "limit"), integer(c.p, "withheld_offset"),
                integer(c.p, "withheld_limit"), str(c.p, "mode")};
            return map(
                s.engine.plan(c.actor, planQuery(c.p), page), [](const service::PlanView& v) { return planJson(v); });
        }});
    Command execute{"relance.execute",
        "Re-plan for as_of (today or earlier) and execute the listed actions (\"all\": every automatic one): a "
        "communication per action, letters as PDF documents, call tasks, stages, the log. Long: reports progress.",
        concat(scope,
            std::vector<ParamSpec>{ParamSpec{"keys", PT::Array, true, "plan keys, or \"all\" (every automatic action)"}
                                       .ofType(PT::String)
                                       .orWord("all")}),
        Perm::RelanceExecute,
        {"relance_actions", "relance_done", "communications", "communication_invoices", "documents", "tasks", "clients",
            "holds", "system_logs"},
        nullptr};
    execute.start = [&s](const Call& c) -> Result<std::unique_ptr<Job>> {
        const bool all = c.p["keys"].is_string();
        std::vector<std::string> keys;
        if (!all)
            for (const auto& k : c.p["keys"])
                keys.push_back(k.get<std::string>());
        auto e = s.engine.startExecution(c.actor, planQuery(c.p), keys, all);
        if (!e.ok())
            return e.error();
        return std::unique_ptr<Job>(std::make_unique<ExecutionJob>(std::move(e.value())));
    };
    r.add(std::move(execute));

    r.add({"relance.actions", "Executed actions, newest first, with their delivery status.",
        {{"client_id", PT::Integer, false, ""}, {"status", PT::String, false, "to_send | sent | task"},
            {"as_of", PT::String, false, "the day they were executed for"}, offsetParam(), limitParam()},
        Perm::RelanceRead, {}, [&s](const Call& c) {
            model::ActionQuery q;
            q.clientId = integer(c.p, "client_id");
            q.status = str(c.p, "status");
            q.asOf = str(c.p, "as_of");
            q.offset = integer(c.p, "offset");
            q.limit = integer(c.p, "limit", 100);
            std::int64_t total = 0;
            return map(s.engine.actions(c.actor, q, total), [&](const std::vector<model::ActionRow>& rows) {
                json out = json::array();
                for (const auto& a : rows)
                    out.push_back(model::toJson(a));
                return json{{"rows", out}, {"total", total}};
            });
        }});
    r.add({"relance.deliver",
        "How to send an executed action offline: a link (mailto:, sms:, tel:) or a file (.eml, the letter's PDF); "
        "a file marks the action sent.",
        {idParam(), {"format", PT::String, true, "link | file"}}, Perm::RelanceExecute,
        {"relance_actions", "system_logs"}, [&s](const Call& c) {
            return map(
                s.engine.deliver(c.actor, integer(c.p, "id"), str(c.p, "format")), [](const service::Delivery& d) {
                    if (d.kind == "link")
                        return json{{"kind", "link"}, {"url", d.url}};
                    return json{{"kind", "file"}, {"name", d.name}, {"mime_type", d.mimeType},
                        {"size_bytes", d.content.size()}, {"content_base64", crypto::base64Encode(d.content)}};
                });
        }});
    r.add({"relance.mark_sent", "Mark an executed action as sent (after opening its link).", {idParam()},
        Perm::RelanceExecute, {"relance_actions", "system_logs"},
        [&s](const Call& c) { return asJson(s.engine.markSent(c.actor, integer(c.p, "id"))); }});
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
}

} // namespace crm::api::commands
