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
    void day(const std::string& d)
    {
        *time.now = d + "T08:00:00Z";
        admin = login("admin@test.fr");
        manager = login("manager@test.fr");
        agent = login("agent@test.fr");
        agent2 = login("agent2@test.fr");
    }
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
    const auto notice = w.client("NOTICE", w.agentId);     // J+35 on the 24th: formal notice, to confirm
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

TEST_CASE("client.list: oldest owed due date, holds; filters by stage, risk, age bucket, hold; sort by oldest")
{
    Day w;
    w.day("2026-11-24");
    const auto fresh = w.client("FRESH", w.agentId); // owes, nothing overdue: not_due
    const auto month = w.client("MONTH", w.agentId); // 10 days late: 1_30
    const auto old = w.client("OLD", w.agentId);     // 100 days late: over_90
    w.client("CLEAN", w.agent2Id);                   // owes nothing
    w.invoice(fresh, "F-FRESH", 1000, "2026-12-10");
    w.invoice(month, "F-MONTH-1", 1000, "2026-11-14");
    w.invoice(month, "F-MONTH-2", 1000, "2026-12-14");
    const auto fOld = w.invoice(old, "F-OLD", 1000, "2026-08-16");
    w.call("client.update", {{"id", old}, {"risk_level", "high"}, {"stage", "contentieux"}}, w.admin);
    auto codes = [&](json params, const std::string& session) {
        params["limit"] = 100;
        const json page = w.call("client.list", params, session);
        REQUIRE_MESSAGE(page.contains("rows"), page.dump());
        std::vector<std::string> out;
        for (const auto& r : page["rows"])
            out.push_back(r["code"].get<std::string>());
        CHECK(page["total"] == out.size());
        return out;
    };
    using V = std::vector<std::string>;
    CHECK(codes({{"bucket", "not_due"}}, w.admin) == V{"FRESH"});
    CHECK(codes({{"bucket", "1_30"}}, w.admin) == V{"MONTH"});
    CHECK(codes({{"bucket", "61_90"}}, w.admin).empty());
    CHECK(codes({{"bucket", "over_90"}}, w.admin) == V{"OLD"});
    CHECK(codes({{"bucket", "over_90"}, {"as_of", "2026-09-01"}}, w.admin).empty()); // 16 days late then
    CHECK(codes({{"stage", "contentieux"}}, w.admin) == V{"OLD"});
    CHECK(codes({{"risk_level", "high"}}, w.admin) == V{"OLD"});
    CHECK(codes({{"sort", "oldest_due"}}, w.admin) == V{"OLD", "MONTH", "FRESH", "CLEAN"});
    CHECK(codes({{"sort", "oldest_due"}, {"desc", true}}, w.admin) == V{"FRESH", "MONTH", "OLD", "CLEAN"});
    CHECK(codes({{"collector_id", w.agent2Id}}, w.admin) == V{"CLEAN"});
    CHECK(codes({{"bucket", "1_30"}}, w.agent2).empty()); // an agent's own only
    // The row says how old the debt is and whether something holds it.
    const json rows = w.call("client.list", {{"search", "OLD"}}, w.admin)["rows"];
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]["oldest_due_date"] == "2026-08-16");
    CHECK(rows[0]["held"] == false);
    CHECK(rows[0]["days_overdue"] == 100);
    CHECK(w.call("client.list", {{"search", "CLEAN"}}, w.admin)["rows"][0]["oldest_due_date"].is_null());
    CHECK(codes({{"held", true}}, w.admin).empty());
    w.call("invoice.dispute", {{"id", fOld}, {"reason", "Contesté"}}, w.admin);
    w.call("hold.create", {{"kind", "stop"}, {"client_id", month}, {"reason", "Redressement"}}, w.admin);
    w.call(
        "hold.create", {{"kind", "stop"}, {"client_id", fresh}, {"reason", "Fini"}, {"until", "2026-11-24"}}, w.admin);
    CHECK(codes({{"held", true}}, w.admin) == V{"FRESH", "MONTH", "OLD"});
    // The invoices say it too: a whole-client stop holds each of them.
    CHECK(w.call("invoice.list", {{"number", "F-MONTH-1"}}, w.admin)["rows"][0]["held"] == true);
    CHECK(w.call("invoice.list", {{"number", "F-OLD"}}, w.admin)["rows"][0]["held"] == false); // a dispute is a status
    CHECK(codes({{"held", true}, {"as_of", "2026-11-25"}}, w.admin) == V{"MONTH", "OLD"});     // the stop is over
    // A later page of a long invoices list may skip the count.
    const json uncounted = w.call("invoice.list", {{"with_total", false}, {"limit", 2}}, w.admin);
    CHECK(uncounted["total"].is_null());
    CHECK(uncounted["rows"].size() == 2);
    CHECK(uncounted["rows"][0].contains("client_name"));
    CHECK(w.call("invoice.list", {{"limit", 2}}, w.admin)["total"] == 4);
    // By client, as client.list searches (case and accents folded, wildcards literal).
    w.call("client.update", {{"id", month}, {"name", "Menuiserie Lefèvre"}}, w.admin);
    const json byClient = w.call("invoice.list", {{"client", "LEFEVRE"}}, w.admin);
    CHECK(byClient["total"] == 2);
    CHECK(byClient["rows"][0]["client_name"] == "Menuiserie Lefèvre");
    CHECK(w.call("invoice.list", {{"client", "%"}}, w.admin)["total"] == 0);
    CHECK(w.call("invoice.list", {{"client", "lef"}}, w.agent2)["total"] == 0); // not the agent's
    // Unknown values name their field.
    CHECK(w.call("client.list", {{"bucket", "old"}}, w.admin)["field"] == "bucket");
    CHECK(w.call("client.list", {{"stage", "x"}}, w.admin)["field"] == "stage");
    CHECK(w.call("client.list", {{"risk_level", "x"}}, w.admin)["field"] == "risk_level");
}

TEST_CASE("relance.compose and relance.send_now: a reminder written now from a template, previewed, then logged")
{
    Day w;
    w.day("2026-11-24");
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, w.admin);
    const auto acme = w.client("ACME", w.agentId);
    const auto other = w.client("OTHER", w.agent2Id);
    w.call("client.update", {{"id", acme}, {"name", "ACME Industries"}, {"email", "compta@acme.fr"}}, w.admin);
    const auto f1 = w.invoice(acme, "F-OLD", 100000, "2026-10-25"); // 30 days late
    w.invoice(acme, "F-NEW", 50000, "2026-12-10");                  // not due: left out
    const auto f3 = w.invoice(acme, "F-DISP", 20000, "2026-10-01");
    w.call("invoice.dispute", {{"id", f3}, {"reason", "Contesté"}}, w.admin); // disputed: left out

    const json preview = w.call("relance.compose", {{"client_id", acme}, {"template_code", "reminder"}}, w.agent);
    REQUIRE_MESSAGE(preview.contains("body"), preview.dump());
    CHECK(preview["channel"] == "email");
    CHECK(preview["recipient"] == "compta@acme.fr");
    REQUIRE(preview["invoices"].size() == 1);
    CHECK(preview["invoices"][0]["invoice_id"] == f1);
    CHECK(preview["invoices"][0]["number"] == "F-OLD");
    CHECK(preview["invoices"][0]["days_overdue"] == 30);
    CHECK(preview["open_cents"] == 100000);
    CHECK(preview["fee_cents"] == 4000); // the 40 € recovery fee
    // 1 000 € for 30 days at ECB 2.15 % + 10 points = 12.15 %: 1000 × 0.1215 × 30 / 365 = 9.99 €.
    CHECK(preview["interest_cents"] == 999);
    CHECK(preview["total_cents"] == 100000 + 999 + 4000);
    CHECK(preview["body"].get<std::string>().find("F-OLD") != std::string::npos);
    CHECK(preview["body"].get<std::string>().find("F-NEW") == std::string::npos);
    CHECK(preview["url"].get<std::string>().rfind("mailto:compta@acme.fr?subject=", 0) == 0);
    CHECK(w.call("log.list", {{"action", "relance.send_now"}}, w.admin)["rows"].empty()); // a preview writes nothing

    const json sent = w.call("relance.send_now", {{"client_id", acme}, {"template_code", "reminder"}}, w.agent);
    REQUIRE_MESSAGE(sent["communication_id"].is_number_integer(), sent.dump());
    CHECK(sent["url"] == preview["url"]);
    const json comms = w.call("communication.list", {{"client_id", acme}}, w.agent);
    REQUIRE(comms["rows"].size() == 1);
    CHECK(comms["rows"][0]["channel"] == "email");
    CHECK(comms["rows"][0]["subject"] == preview["subject"]);
    CHECK(comms["rows"][0]["invoice_ids"] == json::array({f1}));
    CHECK(w.call("log.list", {{"action", "relance.send_now"}}, w.admin)["rows"].size() == 1);

    // What is refused, and why.
    CHECK(w.call("relance.compose", {{"client_id", acme}, {"template_code", "nope"}}, w.agent)["reason"]
        == "unknown_template");
    CHECK(w.call("relance.send_now", {{"client_id", acme}, {"template_code", "formal_notice"}}, w.agent)["reason"]
        == "wrong_channel");
    CHECK(w.call("relance.send_now", {{"client_id", acme}, {"template_code", "sms_reminder"}}, w.agent)["reason"]
        == "no_recipient");
    CHECK(w.call("relance.compose", {{"client_id", other}, {"template_code", "reminder"}}, w.agent)["code"]
        == "forbidden");
    CHECK(w.call("relance.compose", {{"client_id", other}, {"template_code", "reminder"}}, w.agent2)["reason"]
        == "nothing_overdue");
    const json missing = w.call("relance.compose", {{"client_id", 9999}, {"template_code", "reminder"}}, w.admin);
    CHECK(missing["reason"] == "unknown_client");
    CHECK(missing["field"] == "client_id");
}
