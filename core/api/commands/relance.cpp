// Commands: relance.plan / relance.execute / relance.actions / relance.deliver /
// relance.mark_sent — the relance engine at work; relance.compose / relance.send_now — a
// reminder written now from a template (the client page).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/api/json_text.hpp"
#include "core/util/crypto.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

// The text of `id` in a plan's names or numbers ("" when it has none).
std::string_view textOf(const std::unordered_map<std::int64_t, std::string>& texts, std::int64_t id)
{
    const auto found = texts.find(id);
    return found == texts.end() ? std::string_view() : std::string_view(found->second);
}

// An action as JSON text, keys in sorted order (JsonText): a day's plan on a large
// portfolio holds tens of thousands of actions.
void writeAction(JsonText& w, const relance::Action& a, const service::PlanView& v)
{
    const auto& r = a.reason;
    w.beginObject();
    w.key("channel").value(a.channel);
    w.key("client_id").value(a.clientId);
    w.key("client_name").value(textOf(v.clientNames, a.clientId));
    w.key("collector_id");
    a.collectorId > 0 ? w.value(a.collectorId) : w.null();
    w.key("currency").value(a.currency);
    w.key("fee_cents").value(a.feeCents);
    w.key("interest_cents").valueOrNull(a.interestCents);
    w.key("invoices").beginArray();
    for (const auto& i : a.invoices) {
        w.beginObject();
        w.key("amount_cents").value(i.amountCents);
        w.key("days_overdue").value(i.daysOverdue);
        w.key("due_date").value(i.dueDate);
        w.key("fee_cents").value(i.feeCents);
        w.key("interest_cents").valueOrNull(i.interestCents);
        w.key("invoice_id").value(i.invoiceId);
        w.key("number").value(textOf(v.invoiceNumbers, i.invoiceId));
        w.key("open_cents").value(i.openCents);
        w.endObject();
    }
    w.endArray();
    w.key("key").value(a.key);
    w.key("mode").value(a.mode);
    w.key("open_cents").value(a.openCents);
    w.key("reason").beginObject();
    w.key("broken_holds").values(r.brokenHolds);
    w.key("due_on").value(r.dueOn);
    w.key("missing_rates").values(r.missingRates);
    w.key("next_on").valueOrNull(r.nextOn);
    w.key("next_step").valueOrNull(r.nextStep);
    w.key("offset_days").value(r.offsetDays);
    w.key("skipped").values(r.skipped);
    w.key("text").value(r.text());
    w.endObject();
    w.key("scenario_id").value(a.scenarioId);
    w.key("stage").valueOrNull(a.stage);
    w.key("step").value(a.stepName);
    w.key("step_id").value(a.stepId);
    w.key("total_cents").value(a.openCents + a.interestCents.value_or(0) + a.feeCents);
    w.endObject();
}

json actionJson(const relance::Action& a, const service::PlanView& v)
{
    JsonText w;
    writeAction(w, a, v);
    return json::parse(std::move(w).text());
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

// The plan straight to text (json_text.hpp): 48 MB for a never-chased million-invoice
// portfolio, twice as fast as through nlohmann's tree.
json planJson(const service::PlanView& v)
{
    JsonText w;
    w.reserve(256 + v.plan.actions.size() * 700 + v.plan.withheld.size() * 200);
    w.beginObject();
    w.key("actions").beginArray();
    for (const auto& a : v.plan.actions)
        writeAction(w, a, v);
    w.endArray();
    w.key("as_of").value(v.plan.asOf);
    w.key("broken_holds").beginArray();
    for (const auto& b : v.plan.broken) {
        w.beginObject();
        w.key("client_id").value(b.clientId);
        w.key("hold_id").value(b.holdId);
        w.key("kind").value(b.kind);
        w.key("missed_cents").value(b.missedCents);
        w.endObject();
    }
    w.endArray();
    const auto& t = v.totals;
    w.key("by_step").beginArray();
    for (const auto& st : t.bySteps) {
        w.beginObject();
        w.key("actions").value(st.actions);
        w.key("channel").value(st.channel);
        w.key("clients").value(st.clients);
        w.key("fee_cents").value(st.feeCents);
        w.key("interest_cents").value(st.interestCents);
        w.key("invoices").value(st.invoices);
        w.key("mode").value(st.mode);
        w.key("offset_days").value(static_cast<std::int64_t>(st.offsetDays));
        w.key("open_cents").value(st.openCents);
        w.key("scenario_id").value(st.scenarioId);
        w.key("step").value(st.step);
        w.key("step_id");
        st.stepId > 0 ? w.value(st.stepId) : w.null();
        w.endObject();
    }
    w.endArray();
    w.key("totals").beginObject();
    w.key("actions").value(t.actions);
    w.key("clients").value(t.clients);
    w.key("confirm").value(t.confirm);
    w.key("fee_cents").value(t.feeCents);
    w.key("interest_cents").value(t.interestCents);
    w.key("invoices").value(t.invoices);
    w.key("missing_rates").values(t.missingRates);
    w.key("open_cents").value(t.openCents);
    w.key("withheld").value(t.withheld);
    w.key("withheld_by_reason").beginObject();
    for (const auto& [reason, n] : t.withheldFor)
        w.key(reason).value(n);
    w.endObject();
    w.key("withheld_for_rate").value(t.withheldForRate);
    w.endObject();
    w.key("withheld").beginArray();
    for (const auto& h : v.plan.withheld) {
        w.beginObject();
        w.key("client_id").value(h.clientId);
        w.key("client_name").value(textOf(v.clientNames, h.clientId));
        w.key("detail").value(h.detail);
        w.key("hold_id");
        h.holdId > 0 ? w.value(h.holdId) : w.null();
        w.key("invoice_id").value(h.invoiceId);
        w.key("number").value(textOf(v.invoiceNumbers, h.invoiceId));
        w.key("reason").value(h.reason);
        w.key("step").value(h.stepName);
        w.key("step_id").value(h.stepId);
        w.endObject();
    }
    w.endArray();
    w.endObject();
    return rawResult(std::move(w).text());
}

service::PlanQuery planQuery(const json& p)
{
    service::PlanQuery q;
    q.asOf = str(p, "as_of");
    q.clientId = integer(p, "client_id");
    q.collectorId = idFilter(p, "collector_id");
    if (has(p, "bank_age_confirmed"))
        q.bankAgeConfirmed = integer(p, "bank_age_confirmed");
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
                {"mode", PT::String, false, "auto | confirm: only the actions of that mode (totals stay the day's)"},
                ParamSpec{"draft_step", PT::Object, false,
                    "a step being edited, planned in place of its saved form (id) or added (no id), before saving "
                    "(relance.manage); its fields as step.create's"}
                    .of(concat({ParamSpec{"id", PT::Integer, false, "the step being edited; absent: a new step"}},
                        stepSpecs(false)))}),
        Perm::RelanceRead, {}, [&s](const Call& c) -> Result<json> {
            const service::PlanPage page{integer(c.p, "offset"), integer(c.p, "limit"), integer(c.p, "withheld_offset"),
                integer(c.p, "withheld_limit"), str(c.p, "mode")};
            service::PlanQuery q = planQuery(c.p);
            if (has(c.p, "draft_step")) {
                const json& d = c.p["draft_step"];
                auto draft = s.relances.draftStep(c.actor, integer(d, "id"), stepFields(d));
                if (!draft.ok()) {
                    Error e = draft.error();
                    if (!e.field.empty())
                        e.field = "draft_step." + e.field;
                    return e;
                }
                q.draftStep = std::move(draft.value());
            }
            return map(s.engine.plan(c.actor, q, page), [](const service::PlanView& v) { return planJson(v); });
        }});
    Command execute{"relance.execute",
        "Re-plan for as_of (today or earlier) and execute the listed actions (\"all\": every automatic one): a "
        "communication per action, letters as PDF documents, call tasks, stages, the log. Long: reports progress.",
        concat(scope,
            std::vector<ParamSpec>{ParamSpec{"keys", PT::Array, true, "plan keys, or \"all\" (every automatic action)"}
                                       .ofType(PT::String)
                                       .orWord("all"),
                {"bank_age_confirmed", PT::Integer, false,
                    "all while the bank data is stale (bank.status): its age in business days, as the user confirmed "
                    "it; without it (or below the age) the execution is refused with conflict stale_bank"}}),
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
