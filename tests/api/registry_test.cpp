// The command table: names registered once, facts declared once (permission -> roles,
// reads), long commands with progress and cancel.
#include "core/api/registry.hpp"
#include "core/seed/generator.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <algorithm>

#include <atomic>
#include <set>
#include <stdexcept>

using namespace crm;
using api::json;

TEST_CASE("a command name registered twice is refused at start-up")
{
    api::Registry r;
    auto ok = [](const api::Call&) -> api::Outcome { return json::object(); };
    r.add({"x.get", "", {}, std::nullopt, {}, ok});
    CHECK_THROWS_AS(r.add({"x.get", "", {}, std::nullopt, {}, ok}), std::logic_error);
    CHECK_THROWS_AS(r.add({"x.none", "", {}, std::nullopt, {}, nullptr}), std::logic_error);
    CHECK(r.all().size() == 1);
}

TEST_CASE("command groups are registered when first needed, in order, and a command found stays put")
{
    api::Registry r;
    auto ok = [](const api::Call&) -> api::Outcome { return json::object(); };
    std::vector<std::string> ran;
    r.addGroup([&](api::Registry& g) {
        ran.push_back("auth");
        g.add({"auth.status", "", {}, std::nullopt, {}, ok});
    });
    r.addGroup([&](api::Registry& g) {
        ran.push_back("client");
        for (int k = 0; k < 100; ++k)
            g.add({"client.c" + std::to_string(k), "", {}, std::nullopt, {}, ok});
    });
    r.addGroup([&](api::Registry& g) {
        ran.push_back("clash");
        g.add({"auth.status", "", {}, std::nullopt, {}, ok});
    });
    CHECK(ran.empty());
    const api::Command* status = r.find("auth.status");
    REQUIRE(status != nullptr);
    CHECK(ran == std::vector<std::string>{"auth"});
    // A method of a later group registers the groups before it, and no more.
    REQUIRE(r.find("client.c99") != nullptr);
    CHECK(ran == std::vector<std::string>{"auth", "client"});
    CHECK(status == r.find("auth.status"));
    CHECK(status->method == "auth.status");
    // Listing the table registers every group: a name taken twice is refused then.
    CHECK_THROWS_AS(r.all(), std::logic_error);
    CHECK(ran == std::vector<std::string>{"auth", "client", "clash"});
    CHECK(r.find("nothing.here") == nullptr);
    CHECK(r.all().size() == 101);
}

TEST_CASE("every group of the dispatcher registers: an unknown method is refused after all were tried")
{
    test::World w;
    const json unknown = w.api.call("nothing.here", json::object());
    CHECK(unknown["reason"] == "unknown_method");
    CHECK(w.api.describe()["methods"].size() >= 84);
}

TEST_CASE("api.describe derives roles from the permission table")
{
    test::World w;
    const json d = w.api.describe();
    CHECK(d["session_lost_reasons"] == json::array({"no_session", "session_expired", "inactive"}));
    std::set<std::string> names;
    for (const auto& m : d["methods"]) {
        const std::string name = m["method"];
        CAPTURE(name);
        CHECK(names.insert(name).second);
        if (!m["session"].get<bool>()) {
            CHECK(m["roles"].empty());
            continue;
        }
        // Roles are exactly those the permission table gives the command's permission.
        const std::string perm = m["permission"];
        json expected = json::array();
        for (auto role : {service::Role::Admin, service::Role::Manager, service::Role::Agent}) {
            const auto caps = service::capabilities(role);
            if (std::find(caps.begin(), caps.end(), perm) != caps.end())
                expected.push_back(service::roleName(role));
        }
        CHECK(m["roles"] == expected);
        CHECK_FALSE(m.contains("reads")); // observed, not declared: see below
    }
    CHECK(names.count("demo.generate") == 1);
}

// What a call read is observed (SQLite's authorizer) and comes with its reply: the
// interface's store asks again when a `changed` event names one of those tables. A cache
// (client_stats, money_totals) reads as the tables it mirrors.
TEST_CASE("a reply says which tables its result was read from, as observed")
{
    test::World w;
    const auto c = w.client("READS", w.agentId);
    w.invoice(c, "F-READS", 1000, "2026-11-01");
    auto readsOf = [&](const std::string& method, const json& params) {
        const api::Reply r
            = w.api.handle(json{{"id", 1}, {"method", method}, {"params", params}, {"session", w.admin}});
        REQUIRE_MESSAGE(!r.isError(), r.body.dump());
        std::set<std::string> out;
        for (const auto& t : r.body["reads"])
            out.insert(t.get<std::string>());
        return out;
    };
    auto holds = [](const std::set<std::string>& reads, std::initializer_list<const char*> tables) {
        return std::all_of(tables.begin(), tables.end(), [&](const char* t) { return reads.count(t) == 1; });
    };
    // The clients list reads client_stats, so it depends on invoices, payments and holds too.
    const auto clients = readsOf("client.list", {{"sort", "overdue"}});
    CAPTURE(json(clients).dump());
    CHECK(holds(clients, {"clients", "invoices", "payments", "payment_allocations", "holds"}));
    CHECK(clients.count("client_stats") == 0);
    CHECK(clients.count("sessions") == 0); // the sign-in check is not the command's
    CHECK(holds(readsOf("invoice.list", json::object()), {"invoices", "clients"}));
    CHECK(holds(readsOf("client.get", {{"id", c}}), {"clients"}));
    CHECK(holds(readsOf("relance.plan", json::object()), {"relance_scenarios", "relance_steps", "ecb_rates", "holds"}));
    CHECK(holds(readsOf("report.aging", json::object()), {"invoices"}));
    // A statement taken from the connection's cache the second time says the same.
    CHECK(readsOf("client.list", {{"sort", "overdue"}}) == clients);
    CHECK(readsOf("api.describe", json::object()).empty());
    CHECK(holds(readsOf("auth.status", json::object()), {"users"})); // a count(*) reads its table too
    // A refusal says what it read too ("no such client" may hold no more once clients change);
    // one refused before the command ran (a parameter) read nothing.
    const api::Reply refused
        = w.api.handle(json{{"id", 2}, {"method", "client.get"}, {"params", {{"id", 999}}}, {"session", w.admin}});
    CHECK(refused.body["reads"] == json::array({"clients"}));
    const api::Reply bad
        = w.api.handle(json{{"id", 3}, {"method", "client.get"}, {"params", {{"id", "x"}}}, {"session", w.admin}});
    CHECK_FALSE(bad.body.contains("reads"));
}

TEST_CASE("auth.me carries the user's capabilities")
{
    test::World w;
    const json admin = w.call("auth.me", json::object(), w.admin)["capabilities"];
    const json agent = w.call("auth.me", json::object(), w.agent)["capabilities"];
    auto has = [](const json& caps, const char* c) { return std::find(caps.begin(), caps.end(), c) != caps.end(); };
    CHECK(has(admin, "user.manage"));
    CHECK(has(admin, "database.admin"));
    CHECK(has(agent, "client.read"));
    CHECK_FALSE(has(agent, "client.create"));
    CHECK_FALSE(has(agent, "user.manage"));
    CHECK_FALSE(has(w.call("auth.me", json::object(), w.manager)["capabilities"], "user.manage"));
}

TEST_CASE("demo.generate: progress, cancel half-way (nothing written), then a full run")
{
    test::World w;
    const json request = {{"id", 9}, {"method", "demo.generate"},
        {"params", {{"clients", 200}, {"invoices", 40000}, {"seed", 3}}}, {"session", w.admin}};
    std::atomic<bool> cancel{false};
    std::vector<std::pair<std::int64_t, std::int64_t>> seen;
    api::CallOptions options;
    options.cancel = &cancel;
    options.onProgress = [&](std::int64_t done, std::int64_t total) {
        seen.push_back({done, total});
        if (done >= total / 2)
            cancel = true;
    };
    const std::int64_t usersBefore = test::rowCount(*w.db, "users");
    CHECK(w.call("client.list", json::object(), w.admin)["total"] == 0); // computes today's balance cache
    const api::Reply cancelled = w.api.handle(request, options);
    CHECK(cancelled.body["id"] == 9);
    CHECK(cancelled.body["error"]["code"] == "cancelled");
    CHECK(cancelled.changed.empty());
    REQUIRE(seen.size() >= 3);
    CHECK(seen.back().second == 40200);
    CHECK(seen.back().first < 40200);
    for (const char* t : {"clients", "invoices", "payments", "payment_allocations"})
        CHECK(test::rowCount(*w.db, t) == 0);
    CHECK(test::rowCount(*w.db, "users") == usersBefore);
    // Then for real: the same call, run to the end.
    seen.clear();
    cancel = false;
    options.onProgress = [&](std::int64_t done, std::int64_t total) { seen.push_back({done, total}); };
    const api::Reply done = w.api.handle(request, options);
    REQUIRE_MESSAGE(!done.isError(), done.body.dump());
    CHECK(done.body["result"]["invoices"] == 40000);
    CHECK(seen.back() == std::pair<std::int64_t, std::int64_t>{40200, 40200});
    CHECK(test::rowCount(*w.db, "invoices") == 40000);
    CHECK(std::find(done.changed.begin(), done.changed.end(), "invoices") != done.changed.end());
    // Regression (2026-11-25): the clients list showed 0,00 € everywhere after a generation
    // into a database whose balance cache was already computed for the day.
    const json top = w.call("client.list", {{"sort", "open"}, {"desc", true}, {"limit", 1}}, w.admin)["rows"][0];
    const json aging = w.call("report.aging", {{"by_client", true}, {"limit", 1}}, w.admin)["clients"][0];
    CHECK(top["open_cents"].get<std::int64_t>() > 0);
    CHECK(top["open_cents"] == aging["total"]);
    // Only into an empty portfolio, and only for administrators.
    CHECK(w.call("demo.generate", {{"clients", 1}, {"invoices", 1}}, w.admin)["reason"] == "not_empty");
    CHECK(w.call("demo.generate", {{"clients", 1}, {"invoices", 1}}, w.manager)["code"] == "forbidden");
}

TEST_CASE("stepwise running (the worker's way): begin, step, cancel, and other requests wait")
{
    test::World w;
    const std::string text = R"({"id": 4, "method": "demo.generate", "session": ")" + w.admin
        + R"(", "params": {"clients": 10, "invoices": 20000}})";
    auto first = w.api.begin(text);
    REQUIRE_FALSE(first.has_value());
    CHECK(w.api.running());
    CHECK(w.api.progressTotal() == 20010);
    const auto busy = w.api.begin(R"({"id": 5, "method": "auth.status"})");
    REQUIRE(busy.has_value());
    CHECK(busy->body["error"]["reason"] == "busy");
    CHECK_FALSE(w.api.step(false).has_value());
    const auto stopped = w.api.step(true);
    REQUIRE(stopped.has_value());
    CHECK(stopped->body["id"] == 4);
    CHECK(stopped->body["error"]["code"] == "cancelled");
    CHECK_FALSE(w.api.running());
    CHECK(test::rowCount(*w.db, "invoices") == 0);
    CHECK(w.api.handleText(R"({"id": 6, "method": "auth.status"})").body["result"]["needs_setup"] == false);
}
