// The interface's query store against a fake transport: caching, invalidation from the
// tables each reply says it read, the values api.describe lists, the session events of the
// page, progress and cancel of long commands.
#include "app/store.hpp"
#include "tests/app/fake_transport.hpp"

#include <doctest/doctest.h>

using namespace crm;
using nlohmann::json;

namespace {

struct StoreFixture {
    test::FakeTransport t;
    app::Store store{t};
    StoreFixture()
    {
        t.push({{"event", "ready"}, {"session_lost_reasons", {"no_session", "session_expired", "inactive"}}});
        store.beginFrame();
        t.describe(json::array({{{"method", "payment.record"},
            {"params", json::array({{{"name", "method"}, {"values", {"transfer", "cheque"}}}})}}}));
        store.beginFrame();
        REQUIRE(store.describeLoaded());
    }
    // Answers the last request for `method`.
    void answer(const std::string& method, const json& body)
    {
        const auto requests = t.of(method);
        REQUIRE(!requests.empty());
        json m = body;
        m["id"] = requests.back()["id"];
        t.push(m);
        store.beginFrame();
    }
};

} // namespace

TEST_CASE("store: a query is sent once, cached, and re-fetched when a table it reads changes")
{
    StoreFixture f;
    const json params = {{"search", "x"}};
    const auto& e = f.store.query("client.list", params);
    CHECK(e.loading);
    f.store.query("client.list", params);
    CHECK(f.t.of("client.list").size() == 1);
    f.answer("client.list", {{"result", {{"total", 1}}}, {"reads", {"clients", "invoices"}}});
    const auto& got = f.store.query("client.list", params);
    CHECK(got.hasResult);
    CHECK(got.result["total"] == 1);
    CHECK(f.t.of("client.list").size() == 1);
    // A table it did not read: nothing; one its reply says it read: fetched again.
    f.t.push({{"event", "changed"}, {"tables", {"documents"}}});
    f.store.beginFrame();
    f.store.query("client.list", params);
    CHECK(f.t.of("client.list").size() == 1);
    f.t.push({{"event", "changed"}, {"tables", {"invoices", "system_logs"}}});
    f.store.beginFrame();
    const auto& stale = f.store.query("client.list", params);
    CHECK(f.t.of("client.list").size() == 2);
    CHECK(stale.hasResult); // the old result stays on screen meanwhile
}

// What a query depends on is what its own reply says it read: two queries of one method
// with other parameters may read other tables (the clients sorted by name read clients; by
// overdue amount, the figures computed from invoices and payments too).
TEST_CASE("store: each query is fetched again by the tables its own reply read, a refusal included")
{
    StoreFixture f;
    const json byName = {{"sort", "name"}}, byOverdue = {{"sort", "overdue"}};
    f.store.query("client.list", byName);
    f.answer("client.list", {{"result", {{"total", 1}}}, {"reads", {"clients"}}});
    f.store.query("client.list", byOverdue);
    f.answer("client.list", {{"result", {{"total", 1}}}, {"reads", {"clients", "invoices", "payments"}}});
    f.store.query("client.get", {{"id", 9}});
    f.answer("client.get", {{"error", {{"code", "not_found"}, {"reason", "not_found"}}}, {"reads", {"clients"}}});
    REQUIRE(f.t.of("client.list").size() == 2);
    f.t.push({{"event", "changed"}, {"tables", {"payments"}}});
    f.store.beginFrame();
    f.store.query("client.list", byName);
    f.store.query("client.list", byOverdue);
    CHECK(f.t.of("client.list").size() == 3); // the overdue sort only
    CHECK(f.t.of("client.list").back()["params"] == byOverdue);
    CHECK(f.store.query("client.get", {{"id", 9}}).error.is_object()); // the refusal holds
    CHECK(f.t.of("client.get").size() == 1);
    f.t.push({{"event", "changed"}, {"tables", {"clients"}}});
    f.store.beginFrame();
    CHECK(f.store.query("client.get", {{"id", 9}}).error.is_null()); // asked again: the client may exist now
    CHECK(f.t.of("client.get").size() == 2);
    // The values api.describe lists, in its order.
    CHECK(f.store.valuesOf("payment.record", "method") == std::vector<std::string>{"transfer", "cheque"});
    CHECK(f.store.valuesOf("payment.record", "nope").empty());
}

TEST_CASE("store: the storage requests are fetched again when the backups change (an automatic backup)")
{
    StoreFixture f;
    f.store.query("storage.backups", json::object());
    f.answer("storage.backups", {{"result", {{"backups", json::array()}}}});
    f.store.query("storage.backups", json::object());
    CHECK(f.t.of("storage.backups").size() == 1);
    f.t.push({{"event", "changed"}, {"tables", {"clients"}}});
    f.store.beginFrame();
    f.store.query("storage.backups", json::object());
    CHECK(f.t.of("storage.backups").size() == 1);
    f.t.push({{"event", "changed"}, {"tables", {"backups"}}});
    f.store.beginFrame();
    f.store.query("storage.backups", json::object());
    CHECK(f.t.of("storage.backups").size() == 2);
}

TEST_CASE("store: refresh asks again and keeps the result meanwhile; invalidate forgets it")
{
    StoreFixture f;
    f.store.query("storage.info", json::object());
    f.answer("storage.info", {{"result", {{"schema", 7}}}});
    f.store.refresh("storage.info");
    const auto& kept = f.store.query("storage.info", json::object());
    CHECK(kept.hasResult);
    CHECK(kept.result["schema"] == 7);
    CHECK(f.t.of("storage.info").size() == 2);
    f.answer("storage.info", {{"result", {{"schema", 8}}}});
    CHECK(f.store.query("storage.info", json::object()).result["schema"] == 8);
    f.store.invalidate("storage.info");
    CHECK(!f.store.query("storage.info", json::object()).hasResult);
}

TEST_CASE("store: a change that arrives while a query is in flight fetches it again (even after an error)")
{
    StoreFixture f;
    f.store.query("auth.me", json::object());
    f.t.push({{"event", "changed"}, {"tables", {"sessions"}}}); // e.g. a sign-in through the page
    f.store.beginFrame();
    f.answer("auth.me", {{"error", {{"code", "unauthenticated"}, {"reason", "no_session"}}}});
    const auto& e = f.store.query("auth.me", json::object());
    CHECK(f.t.of("auth.me").size() == 2);
    CHECK(e.error.is_null());
}

TEST_CASE("store: errors are not retried in a loop, but a new session retries them")
{
    StoreFixture f;
    f.store.query("auth.me", json::object());
    f.answer("auth.me", {{"error", {{"code", "unauthenticated"}, {"reason", "no_session"}}}});
    f.store.takeSessionLost();
    for (int k = 0; k < 5; ++k) {
        f.store.beginFrame();
        f.store.query("auth.me", json::object());
    }
    CHECK(f.t.of("auth.me").size() == 1);
    f.t.push({{"event", "session"}, {"signed_in", true}});
    f.store.beginFrame();
    f.store.query("auth.me", json::object());
    CHECK(f.t.of("auth.me").size() == 2);
    CHECK(f.store.signedIn());
    CHECK_FALSE(f.store.takeSessionLost());
    f.t.push({{"event", "session"}, {"signed_in", false}});
    f.store.beginFrame();
    CHECK(f.store.takeSessionLost());
    CHECK_FALSE(f.store.takeSessionLost());
}

TEST_CASE("store: the session-lost reasons come from the core's ready event")
{
    StoreFixture f;
    bool called = false;
    f.store.command("client.create", json::object(), [&](const json&) { called = true; });
    f.answer("client.create", {{"error", {{"code", "unauthenticated"}, {"reason", "wrong_credentials"}}}});
    CHECK(called);
    CHECK_FALSE(f.store.takeSessionLost()); // a wrong password is not a lost session
    f.store.command("client.create", json::object(), nullptr);
    f.answer("client.create", {{"error", {{"code", "unauthenticated"}, {"reason", "session_expired"}}}});
    CHECK(f.store.takeSessionLost());
}

TEST_CASE("store: progress of a long command, and cancel")
{
    StoreFixture f;
    json reply;
    const auto id
        = f.store.command("demo.generate", {{"clients", 1}, {"invoices", 10}}, [&](const json& r) { reply = r; });
    CHECK(f.store.progress(id) == std::pair<std::int64_t, std::int64_t>{0, 0});
    f.t.push({{"event", "progress"}, {"id", id}, {"done", 40}, {"total", 100}});
    f.store.beginFrame();
    CHECK(f.store.progress(id) == std::pair<std::int64_t, std::int64_t>{40, 100});
    f.store.cancel(id);
    CHECK(f.t.cancelled == std::vector<std::int64_t>{id});
    f.answer("demo.generate", {{"error", {{"code", "cancelled"}, {"reason", "cancelled"}}}});
    CHECK(reply["error"]["code"] == "cancelled");
    CHECK(f.store.progress(id) == std::pair<std::int64_t, std::int64_t>{0, 0});
    f.store.cancel(id); // no longer running: nothing sent
    CHECK(f.t.cancelled.size() == 1);
}

TEST_CASE("store: queries nobody asks for are dropped after 600 frames")
{
    StoreFixture f;
    f.store.query("client.list", json::object());
    f.answer("client.list", {{"result", {{"total", 0}}}});
    for (int k = 0; k < 605; ++k)
        f.store.beginFrame();
    f.store.query("client.list", json::object());
    CHECK(f.t.of("client.list").size() == 2);
}

TEST_CASE("store: nothing is sent before the database is ready, nor while another tab holds it")
{
    test::FakeTransport t;
    app::Store store(t);
    store.query("auth.status", json::object());
    CHECK(t.sent.empty());
    t.push({{"event", "locked"}});
    store.beginFrame();
    store.query("auth.status", json::object());
    CHECK(t.sent.empty());
    CHECK(store.status() == app::BackendStatus::Locked);
}

// A button greys while its command is on its way (the CSV export of one list, not another's).
TEST_CASE("store: which commands are on their way, matched on their parameters")
{
    StoreFixture f;
    CHECK_FALSE(f.store.sending("list.export_csv"));
    bool replied = false;
    f.store.command(
        "list.export_csv", {{"list", "client.list"}, {"params", json::object()}}, [&](const json&) { replied = true; });
    CHECK(f.store.sending("list.export_csv"));
    CHECK(f.store.sending("list.export_csv", {{"list", "client.list"}}));
    CHECK_FALSE(f.store.sending("list.export_csv", {{"list", "invoice.list"}}));
    CHECK_FALSE(f.store.sending("client.list"));
    f.answer("list.export_csv", {{"result", {{"content", ""}, {"rows", 0}}}});
    CHECK(replied);
    CHECK_FALSE(f.store.sending("list.export_csv", {{"list", "client.list"}}));
}
