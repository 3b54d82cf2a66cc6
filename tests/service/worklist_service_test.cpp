// worklist.today through the command API: what a collector's Today screen lists — the
// plan's actions to confirm and the automatic ones, executed messages still to send,
// calls, promises due today and broken, missed instalments, disputes — scoped to the
// agent's own clients, a manager's filter by collector.
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <set>

using namespace crm;
using api::json;

namespace {

struct Day : test::World {
    std::set<std::string> names(const json& list, const char* key = "client_name")
    {
        std::set<std::string> out;
        for (const auto& e : list)
            out.insert(e[key].get<std::string>());
        return out;
    }
};

} // namespace

TEST_CASE("worklist.today: a collector's day, their own clients only; a manager's, by collector")
{
    Day w;
    w.day("2026-11-20");
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, w.admin); // letters compute interest
    const auto notice = w.client("NOTICE", w.agentId); // J+35 on the 24th: formal notice, to confirm
    w.letterhead();
    w.address(notice);
    const auto email = w.client("EMAIL", w.agentId);       // J+7: a friendly e-mail, automatic
    const auto calls = w.client("CALLS", w.agentId);       // J+15: an SMS and a call
    const auto promised = w.client("PROMISED", w.agentId); // promises to pay on the 24th
    const auto broken = w.client("BROKEN", w.agentId);     // promised the 21st, paid nothing
    const auto plan = w.client("PLAN", w.agentId);         // missed the 21 November instalment
    const auto disputed = w.client("DISPUTED", w.agentId);
    const auto other = w.client("OTHER", w.agent2Id); // another collector's dispute
    w.call("client.update", {{"id", email}, {"email", "compta@email.fr"}}, w.admin);
    w.call("client.update", {{"id", calls}, {"phone", "+33102030405"}}, w.admin);
    w.invoice(notice, "F-NOTICE", 150000, "2026-10-20");
    w.invoice(email, "F-EMAIL", 20000, "2026-11-17");
    w.invoice(calls, "F-CALLS", 30000, "2026-11-09");
    const auto fPromised = w.invoice(promised, "F-PROMISED", 40000, "2026-11-30");
    const auto fBroken = w.invoice(broken, "F-BROKEN", 50000, "2026-11-30");
    w.invoice(plan, "F-PLAN", 60000, "2026-11-30");
    const auto fDisputed = w.invoice(disputed, "F-DISPUTED", 70000, "2026-10-01");
    const auto fOther = w.invoice(other, "F-OTHER", 80000, "2026-10-01");
    REQUIRE(w.call("hold.create",
                 {{"kind", "promise"}, {"client_id", broken}, {"date", "2026-11-21"}, {"amount_cents", 50000},
                     {"invoice_ids", json::array({fBroken})}},
                 w.agent)
                .contains("id"));
    REQUIRE(w.call("hold.create",
                 {{"kind", "plan"}, {"client_id", plan},
                     {"instalments",
                         json::array({{{"date", "2026-11-21"}, {"amount_cents", 30000}},
                             {{"date", "2026-12-21"}, {"amount_cents", 30000}}})}},
                 w.agent)
                .contains("id"));
    w.call("invoice.dispute", {{"id", fDisputed}, {"reason", "Livraison incomplète"}}, w.agent);
    w.call("invoice.dispute", {{"id", fOther}, {"reason", "Prix contesté"}}, w.agent2);

    w.day("2026-11-24");
    REQUIRE(w.call("hold.create",
                 {{"kind", "promise"}, {"client_id", promised}, {"date", "2026-11-24"}, {"amount_cents", 40000},
                     {"invoice_ids", json::array({fPromised})}},
                 w.agent)
                .contains("id"));

    json day = w.call("worklist.today", json::object(), w.agent);
    REQUIRE_MESSAGE(day.contains("counts"), day.dump());
    CHECK(day["as_of"] == "2026-11-24");
    const json& n = day["counts"];
    CHECK(n["to_confirm"] == 1);
    CHECK(n["automatic"] == 3); // the e-mail, the SMS and the call
    CHECK(n["to_send"] == 0);
    CHECK(n["calls"] == 0);
    CHECK(n["promises_due"] == 1);
    CHECK(n["promises_broken"] == 1);
    CHECK(n["instalments_missed"] == 1);
    CHECK(n["disputes"] == 1);
    REQUIRE(day["to_confirm"].size() == 1);
    CHECK(day["to_confirm"][0]["client_name"] == "Client NOTICE");
    CHECK(day["to_confirm"][0]["channel"] == "formal_notice");
    CHECK(w.names(day["promises_due"]) == std::set<std::string>{"Client PROMISED"});
    CHECK(w.names(day["promises_broken"]) == std::set<std::string>{"Client BROKEN"});
    CHECK(w.names(day["instalments_missed"]) == std::set<std::string>{"Client PLAN"});
    CHECK(day["instalments_missed"][0]["missed_cents"] == 30000);
    CHECK(w.names(day["disputes"]) == std::set<std::string>{"Client DISPUTED"});

    // Executing the automatic actions: the e-mail and the SMS wait to be sent, the call is a task.
    const json run = w.call("relance.execute", {{"keys", "all"}}, w.agent);
    REQUIRE_MESSAGE(run.contains("executed"), run.dump());
    day = w.call("worklist.today", json::object(), w.agent);
    CHECK(day["counts"]["automatic"] == 0);
    CHECK(day["counts"]["to_confirm"] == 1);
    CHECK(day["counts"]["to_send"] == 2);
    CHECK(day["counts"]["calls"] == 1);
    REQUIRE(day["calls"].size() == 1);
    CHECK(day["calls"][0]["client_name"] == "Client CALLS");
    CHECK(day["calls"][0]["kind"] == "call");

    // The agent may not ask for another collector's day; the manager sees the team's, or one collector's.
    CHECK(w.call("worklist.today", {{"collector_id", w.agent2Id}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("worklist.today", json::object(), w.agent2)["counts"]["disputes"] == 1);
    const json team = w.call("worklist.today", json::object(), w.manager);
    CHECK(team["counts"]["disputes"] == 2);
    CHECK(team["counts"]["promises_broken"] == 1);
    const json second = w.call("worklist.today", {{"collector_id", w.agent2Id}}, w.manager);
    CHECK(second["counts"]["disputes"] == 1);
    CHECK(second["counts"]["promises_broken"] == 0);
    CHECK(second["counts"]["to_confirm"] == 0);
    CHECK(w.names(second["disputes"]) == std::set<std::string>{"Client OTHER"});
    CHECK(w.call("worklist.today", {{"collector_id", nullptr}}, w.manager)["counts"]["disputes"] == 0);
    // Bad input names its field.
    CHECK(w.call("worklist.today", {{"as_of", "2026-02-30"}}, w.manager)["field"] == "as_of");
    CHECK(w.call("worklist.today", {{"limit", 0}}, w.manager)["field"] == "limit");
    // relance.plan's mode filter keeps the day's totals.
    const json confirmOnly = w.call("relance.plan", {{"mode", "confirm"}}, w.agent);
    CHECK(confirmOnly["actions"].size() == 1);
    CHECK(confirmOnly["totals"]["confirm"] == 1);
    CHECK(w.call("relance.plan", {{"mode", "later"}}, w.agent)["field"] == "mode");
}

TEST_CASE("tasks follow their client: after client.assign the open call is the new collector's, and only theirs")
{
    Day w;
    w.day("2026-11-24");
    const auto calls = w.client("CALLS", w.agentId); // J+15: an SMS and a call
    w.call("client.update", {{"id", calls}, {"phone", "+33102030405"}}, w.admin);
    w.invoice(calls, "F-CALLS", 30000, "2026-11-09");
    REQUIRE(w.call("relance.execute", {{"keys", "all"}}, w.agent).contains("executed"));
    const json before = w.call("task.list", json::object(), w.agent)["rows"];
    REQUIRE(before.size() == 1);
    const auto task = before[0]["id"].get<std::int64_t>();
    CHECK(w.call("task.list", json::object(), w.agent2)["rows"].empty());

    REQUIRE(w.call("client.assign", {{"id", calls}, {"user_id", w.agent2Id}}, w.manager).contains("id"));
    // The old collector no longer sees the client's name and phone anywhere: list, day, export.
    CHECK(w.call("task.list", json::object(), w.agent)["rows"].empty());
    CHECK(w.call("worklist.today", json::object(), w.agent)["counts"]["calls"] == 0);
    const json csv = w.call("list.export_csv", {{"list", "task.list"}}, w.agent);
    CHECK(csv["rows"] == 0);
    CHECK(csv["content"].get<std::string>().find("CALLS") == std::string::npos);
    CHECK(w.call("task.done", {{"id", task}, {"outcome", "reached"}}, w.agent)["reason"] == "not_your_client");
    // ... nor asks for the new one's list.
    CHECK(w.call("task.list", {{"user_id", w.agent2Id}}, w.agent)["code"] == "forbidden");
    // The new collector has it on their day and does it.
    const json mine = w.call("task.list", json::object(), w.agent2)["rows"];
    REQUIRE(mine.size() == 1);
    CHECK(mine[0]["id"] == task);
    CHECK(mine[0]["user_id"] == w.agent2Id);
    CHECK(w.call("worklist.today", json::object(), w.agent2)["counts"]["calls"] == 1);
    CHECK(w.call("task.list", {{"user_id", w.agent2Id}}, w.manager)["rows"].size() == 1);
    // Unassigned, a client's open tasks are nobody's: the manager finds them under null.
    w.call("client.assign", {{"id", calls}, {"user_id", nullptr}}, w.manager);
    CHECK(w.call("task.list", json::object(), w.agent2)["rows"].empty());
    const json nobodys = w.call("task.list", {{"user_id", nullptr}}, w.manager)["rows"];
    REQUIRE(nobodys.size() == 1);
    CHECK(nobodys[0]["id"] == task);
    CHECK(nobodys[0]["user_id"].is_null());
    // Back to the second collector, who does it; a done task stays with whoever did it.
    w.call("client.assign", {{"id", calls}, {"user_id", w.agent2Id}}, w.manager);
    CHECK(w.call("task.done", {{"id", task}, {"outcome", "reached"}}, w.agent2).contains("done_at"));
    w.call("client.assign", {{"id", calls}, {"user_id", w.agentId}}, w.manager);
    CHECK(w.call("task.list", {{"open", false}}, w.manager)["rows"][0]["user_id"] == w.agent2Id);
}
