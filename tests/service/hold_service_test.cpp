// HoldService through the command API: a call's promise holds the chase, then breaks and is
// logged; a payment plan; a stop — and what the engine makes of each.
#include "tests/service/engine_world.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;
using test::Engine;

TEST_CASE("holds through the API: a call's promise holds, then breaks and is logged; a plan; a stop")
{
    Engine w;
    const auto f1 = w.invoice(w.acme, "F-1", 100000, "2026-11-17");
    // The collector calls; the client promises to pay on 1 December.
    w.call("communication.log",
        {{"client_id", w.acme}, {"channel", "call"}, {"outcome", "promise"}, {"promise_date", "2026-12-01"},
            {"invoice_ids", json::array({f1})}},
        w.agent);
    json holds = w.call("hold.list", {{"client_id", w.acme}}, w.agent);
    REQUIRE(holds["rows"].size() == 1);
    CHECK(holds["rows"][0]["kind"] == "promise");
    CHECK(holds["rows"][0]["status"] == "active");
    CHECK(holds["rows"][0]["amount_cents"] == 100000); // what the invoice owes
    json plan = w.plan(w.agent);
    CHECK(plan["actions"].empty());
    REQUIRE(plan["withheld"].size() == 1);
    CHECK(plan["withheld"][0]["reason"] == "promise");
    CHECK(plan["withheld"][0]["hold_id"] == holds["rows"][0]["id"]);

    // 2 December, nothing paid: broken; the chase resumes where it stood (J+15).
    w.day("2026-12-02");
    holds = w.call("hold.list", {{"client_id", w.acme}}, w.agent);
    CHECK(holds["rows"][0]["status"] == "broken");
    plan = w.plan(w.agent);
    REQUIRE(plan["broken_holds"].size() == 1);
    REQUIRE(plan["actions"].size() == 2); // SMS and call
    CHECK(plan["actions"][0]["reason"]["broken_holds"].size() == 1);
    const json r = w.execute("all", w.agent);
    CHECK(r["broken_holds_logged"] == 1);
    CHECK(w.call("log.list", {{"action", "hold.broken"}}, w.admin)["rows"].size() == 1);
    CHECK(w.execute("all", w.agent)["broken_holds_logged"] == 0); // logged once

    // The call task: done with another promise, which holds the chase again.
    const json tasks = w.call("task.list", json::object(), w.agent);
    REQUIRE(tasks["rows"].size() == 1);
    CHECK(tasks["rows"][0]["kind"] == "call");
    const json tel = w.call("relance.deliver", {{"id", tasks["rows"][0]["action_id"]}, {"format", "link"}}, w.agent);
    CHECK(tel["url"] == "tel:%2B33102030405");
    const json done = w.call("task.done",
        {{"id", tasks["rows"][0]["id"]}, {"outcome", "promise"}, {"promise_date", "2026-12-10"},
            {"promise_amount_cents", 50000}},
        w.agent);
    CHECK(done["outcome"] == "promise");
    CHECK(w.call("task.done", {{"id", tasks["rows"][0]["id"]}, {"outcome", "reached"}}, w.agent)["reason"]
        == "already_done");
    CHECK(w.call("hold.list", {{"client_id", w.acme}, {"active", true}}, w.agent)["rows"].size() == 1);

    // A payment plan on the whole client replaces it: the promise is ended by hand.
    const auto promiseId = w.call("hold.list", {{"active", true}}, w.agent)["rows"][0]["id"];
    CHECK(w.call("hold.end", {{"id", promiseId}}, w.agent)["status"] == "ended");
    CHECK(w.call("hold.end", {{"id", promiseId}}, w.agent)["reason"] == "already_ended");
    const json bad = w.call("hold.create",
        {{"kind", "plan"}, {"client_id", w.acme},
            {"instalments",
                json::array({{{"date", "2026-12-31"}, {"amount_cents", 60000}},
                    {{"date", "2027-01-31"}, {"amount_cents", 60000}}})}},
        w.agent);
    CHECK(bad["reason"] == "exceeds_balance");
    const json planHold = w.call("hold.create",
        {{"kind", "plan"}, {"client_id", w.acme},
            {"instalments",
                json::array({{{"date", "2026-12-31"}, {"amount_cents", 50000}},
                    {{"date", "2027-01-31"}, {"amount_cents", 50000}}})}},
        w.agent);
    REQUIRE(planHold["status"] == "active");
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, w.admin);
    w.call("rate.set", {{"year", 2027}, {"half", 1}, {"rate_bp", 215}}, w.admin);
    w.day("2027-01-02"); // the December instalment was missed
    CHECK(w.call("hold.list", {{"client_id", w.acme}}, w.agent)["rows"][0]["missed_cents"] == 50000);
    CHECK_FALSE(w.plan(w.agent)["actions"].empty());
    w.call("payment.record",
        {{"client_id", w.acme}, {"date", "2027-01-02"}, {"amount_cents", 50000}, {"method", "transfer"},
            {"allocations", json::array({{{"invoice_id", f1}, {"amount_cents", 50000}}})}},
        w.admin);
    CHECK(w.plan(w.agent)["actions"].empty()); // caught up: held again
    // A stop with a reason and an end date; validation of each kind.
    CHECK(w.call("hold.create", {{"kind", "stop"}, {"client_id", w.acme}}, w.agent)["field"] == "reason");
    CHECK(
        w.call("hold.create", {{"kind", "promise"}, {"client_id", w.acme}, {"date", "2026-01-01"}, {"amount_cents", 5}},
            w.agent)["reason"]
        == "in_past");
    CHECK(w.call("hold.create", {{"kind", "pause"}, {"client_id", w.acme}}, w.agent)["reason"] == "unknown_value");
    const json stop = w.call("hold.create",
        {{"kind", "stop"}, {"client_id", w.acme}, {"reason", "Procédure collective"}, {"until", "2027-03-31"}},
        w.agent);
    CHECK(stop["status"] == "active");
    CHECK(stop["until"] == "2027-03-31");
}
