#include "core/service/worklist_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/relance_run_model.hpp"
#include "core/service/permissions.hpp"
#include "core/util/time.hpp"

#include <set>

namespace crm::service {

namespace {

template <typename T> void cutTo(std::vector<T>& list, std::int64_t limit)
{
    if (static_cast<std::int64_t>(list.size()) > limit)
        list.resize(static_cast<std::size_t>(limit));
}

} // namespace

Result<Worklist> WorklistService::today(const Actor& actor, WorklistQuery q)
{
    if (auto e = require(actor, Perm::RelanceRead))
        return *e;
    if (q.asOf.empty())
        q.asOf = m_ctx.today();
    if (!timeutil::isValidDate(q.asOf))
        return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
    if (q.limit < 1 || q.limit > 500)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and 500");
    if (auto e = ownPortfolio(actor, q.collectorId))
        return *e;
    Worklist w;
    w.asOf = q.asOf;

    // The engine's plan for the day: counts of every action, the ones to confirm listed.
    PlanQuery pq;
    pq.asOf = q.asOf;
    pq.collectorId = q.collectorId;
    PlanPage page;
    page.limit = q.limit;
    page.withheldLimit = 1; // the withheld list is the Relances screen's
    page.mode = "confirm";
    auto plan = m_engine.plan(actor, pq, page);
    if (!plan.ok())
        return plan.error();
    w.confirm = std::move(plan.value());
    w.counts.toConfirm = w.confirm.totals.confirm;
    w.counts.automatic = w.confirm.totals.actions - w.confirm.totals.confirm;
    for (const char* reason : {"no_company_details", "no_address", "no_rate"})
        if (auto it = w.confirm.totals.withheldFor.find(reason); it != w.confirm.totals.withheldFor.end())
            w.counts.lettersWithheld[reason] = it->second;
    w.confirm.plan.withheld.clear();

    // Executed, not sent yet (any day: a letter printed yesterday and not posted is still due).
    model::ActionQuery aq;
    aq.collectorId = q.collectorId;
    aq.status = "to_send";
    aq.limit = q.limit;
    auto sent = m_engine.actions(actor, aq, w.counts.toSend);
    if (!sent.ok())
        return sent.error();
    w.toSend = std::move(sent.value());

    // Open tasks due by the day.
    auto tasks = m_engine.tasks(actor, q.collectorId, 0, true);
    if (!tasks.ok())
        return tasks.error();
    for (auto& t : tasks.value())
        if (t.dueOn.empty() || t.dueOn <= q.asOf)
            w.calls.push_back(std::move(t));
    w.counts.calls = static_cast<std::int64_t>(w.calls.size());
    cutTo(w.calls, q.limit);

    // Holds: promises due that day, broken promises, plans with a missed instalment.
    auto holds = m_holds.list(actor, 0, false, q.asOf);
    if (!holds.ok())
        return holds.error();
    model::ClientModel clients(m_ctx.db);
    std::set<std::int64_t> named;
    for (auto& h : holds.value()) {
        if (!h.hold.endedAt.empty())
            continue;
        if (q.collectorId && clients.collectorOf(h.hold.clientId).value_or(0) != *q.collectorId)
            continue;
        std::vector<HoldView>* list = nullptr;
        if (h.hold.kind == "promise" && h.status == "active" && h.hold.date == q.asOf)
            list = &w.promisesDue;
        else if (h.hold.kind == "promise" && h.status == "broken")
            list = &w.promisesBroken;
        else if (h.hold.kind == "plan" && (h.status == "broken" || h.missedCents > 0))
            list = &w.instalmentsMissed;
        if (list) {
            named.insert(h.hold.clientId);
            list->push_back(std::move(h));
        }
    }
    w.counts.promisesDue = static_cast<std::int64_t>(w.promisesDue.size());
    w.counts.promisesBroken = static_cast<std::int64_t>(w.promisesBroken.size());
    w.counts.instalmentsMissed = static_cast<std::int64_t>(w.instalmentsMissed.size());
    cutTo(w.promisesDue, q.limit);
    cutTo(w.promisesBroken, q.limit);
    cutTo(w.instalmentsMissed, q.limit);

    // Invoices in dispute, the oldest due first.
    model::InvoiceQuery iq;
    iq.collector = q.collectorId;
    iq.status = "disputed";
    iq.limit = q.limit;
    auto disputes = m_invoices.list(actor, iq);
    if (!disputes.ok())
        return disputes.error();
    w.counts.disputes = disputes.value().total;
    w.disputes = std::move(disputes.value().rows);
    for (const auto& i : w.disputes)
        named.insert(i.clientId);

    model::RelanceRunModel run(m_ctx.db);
    w.clientNames = run.clientNames({named.begin(), named.end()});
    return w;
}

} // namespace crm::service
