// RelanceRunModel: what an execution writes — an action row read back with the invoices it
// was done for; an (invoice, step) pair done once only (the primary key refuses the second);
// actions listed by client and status; the stage moved forward, never back; tasks listed by
// user, client and state, following their client to its new collector, completed.
#include "core/model/relance_run_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("RelanceRunModel: actions, pairs done once, stage forward only, tasks that follow their client")
{
    test::World w;
    const auto c = w.client("C", w.agentId);
    const auto f1 = w.invoice(c, "F-1", 10000, "2026-10-01", "2026-09-01");
    const auto f2 = w.invoice(c, "F-2", 5000, "2026-10-15", "2026-09-01");
    model::RelanceRunModel m(*w.db);
    db::Statement anyStep(*w.db, "SELECT min(id) FROM relance_steps");
    REQUIRE(anyStep.step());
    const auto step = anyStep.getInt(0);

    model::ActionRow a;
    a.planKey = "k1";
    a.asOf = "2026-11-24";
    a.clientId = c;
    a.stepId = step;
    a.stepName = "Relance";
    a.channel = "email";
    a.currency = "EUR";
    a.openCents = 15000;
    a.createdBy = 1;
    a.createdAt = "2026-11-24T09:00:00Z";
    const auto actionId = m.insertAction(a);
    CHECK_FALSE(m.isDone(f1, step));
    CHECK(m.markDone(f1, step, actionId, "2026-11-24"));
    CHECK(m.markDone(f2, step, actionId, "2026-11-24"));
    CHECK_FALSE(m.markDone(f1, step, actionId, "2026-11-25")); // never twice
    CHECK(m.isDone(f1, step));
    const auto back = m.action(actionId);
    REQUIRE(back);
    CHECK(back->invoiceIds == std::vector<std::int64_t>{f1, f2});
    CHECK(back->interestCents == std::nullopt);
    CHECK(back->status == "to_send");
    m.setActionSent(actionId, "2026-11-24T10:00:00Z");
    std::int64_t total = 0;
    model::ActionQuery q;
    q.clientId = c;
    q.status = "sent";
    CHECK(m.actions(q, total).size() == 1);
    q.status = "to_send";
    CHECK(m.actions(q, total).empty());
    CHECK(total == 0);

    CHECK(m.advanceStage(c, "mise_en_demeure"));
    CHECK_FALSE(m.advanceStage(c, "relance")); // never back
    CHECK_FALSE(m.advanceStage(c, "mise_en_demeure"));

    model::TaskRow t;
    t.clientId = c;
    t.userId = w.agentId;
    t.kind = "call";
    t.title = "Appeler C";
    t.dueOn = "2026-11-24";
    t.createdAt = "2026-11-24T09:00:00Z";
    const auto taskId = m.insertTask(t);
    CHECK(m.tasks(w.agentId, 0, true).size() == 1);
    m.reassignOpenTasks(c, w.agent2Id); // the client changed collectors
    CHECK(m.tasks(w.agentId, 0, true).empty());
    CHECK(m.tasks(w.agent2Id, c, true).size() == 1);
    m.completeTask(taskId, "2026-11-24T11:00:00Z", "reached", 0);
    CHECK(m.tasks(w.agent2Id, c, true).empty());
    CHECK(m.task(taskId)->outcome == "reached");
    CHECK(m.tasks(std::nullopt, c, false).size() == 1);
}
