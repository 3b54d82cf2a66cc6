#include "core/service/client_service.hpp"
#include "core/service/validation.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace crm;
using api::json;
using service::ClientFields;
using service::ClientService;

namespace {
const service::Actor kAdmin{0, service::Role::Admin};
}

namespace {

ClientFields valid()
{
    ClientFields f;
    f.code = "C0001";
    f.name = "Boulangerie Lefèvre";
    f.email = "compta@lefevre.fr";
    f.phone = "+33 1 42 36 18 90";
    f.address = "12 rue de la Roquette\n75011 Paris";
    f.siret = "732 829 320 00074";
    return f;
}

// Expects a validation error on `field` with `reason`, and no row written.
void expectRefused(db::Database& db, const Result<model::Client>& r, const std::string& field,
    const std::string& reason, std::int64_t rowsBefore)
{
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::Validation);
    CHECK(r.error().field == field);
    CHECK(r.error().reason == reason);
    CHECK(test::rowCount(db, "clients") == rowsBefore);
}

} // namespace

TEST_CASE("create normalises and stores a valid client")
{
    auto db = test::memoryDb();
    service::Context ctx{*db, test::testClock()};
    ClientService s(ctx);
    auto r = s.create(kAdmin, valid());
    REQUIRE(r.ok());
    CHECK(r->id > 0);
    CHECK(r->siret == "73282932000074");
    CHECK(r->createdAt == "2026-11-24T09:00:00Z");
    auto again = s.get(kAdmin, r->id);
    REQUIRE(again.ok());
    CHECK(again->address == "12 rue de la Roquette\n75011 Paris");
}

TEST_CASE("bad input is refused, names the field, and writes nothing")
{
    auto db = test::memoryDb();
    service::Context ctx{*db, test::testClock()};
    ClientService s(ctx);
    REQUIRE(s.create(kAdmin, valid()).ok());
    const std::int64_t n = 1;

    struct Case {
        const char* what;
        void (*edit)(ClientFields&);
        const char* field;
        const char* reason;
    };
    const Case cases[] = {
        {"empty name", [](ClientFields& f) { f.name = "   "; }, "name", "required"},
        {"missing name", [](ClientFields& f) { f.name.reset(); }, "name", "required"},
        {"missing code", [](ClientFields& f) { f.code.reset(); }, "code", "required"},
        {"duplicate code", [](ClientFields& f) { f.code = "C0001"; }, "code", "duplicate"},
        {"duplicate code, other case", [](ClientFields& f) { f.code = "c0001"; }, "code", "duplicate"},
        {"code with spaces", [](ClientFields& f) { f.code = "C 1"; }, "code", "invalid_code"},
        {"over-long code", [](ClientFields& f) { f.code = std::string(33, 'A'); }, "code", "too_long"},
        {"over-long name", [](ClientFields& f) { f.name = std::string(201, 'n'); }, "name", "too_long"},
        {"control character in name", [](ClientFields& f) { f.name = "Bad\x07name"; }, "name", "invalid_characters"},
        {"malformed UTF-8 in name", [](ClientFields& f) { f.name = "Bad \xC3"; }, "name", "invalid_characters"},
        {"email without @", [](ClientFields& f) { f.email = "compta.lefevre.fr"; }, "email", "invalid_email"},
        {"email without domain dot", [](ClientFields& f) { f.email = "a@localhost"; }, "email", "invalid_email"},
        {"email with two @", [](ClientFields& f) { f.email = "a@b@c.fr"; }, "email", "invalid_email"},
        {"email with space", [](ClientFields& f) { f.email = "jean dupont@x.fr"; }, "email", "invalid_email"},
        {"over-long email", [](ClientFields& f) { f.email = std::string(250, 'a') + "@x.fr"; }, "email", "too_long"},
        {"phone with letters", [](ClientFields& f) { f.phone = "01 ABC"; }, "phone", "invalid_phone"},
        {"over-long phone", [](ClientFields& f) { f.phone = std::string(33, '1'); }, "phone", "too_long"},
        {"over-long address", [](ClientFields& f) { f.address = std::string(501, 'a'); }, "address", "too_long"},
        {"siret bad key", [](ClientFields& f) { f.siret = "73282932000075"; }, "siret", "invalid_siret"},
        {"siret too short", [](ClientFields& f) { f.siret = "7328293200007"; }, "siret", "invalid_siret"},
        {"siret with letters", [](ClientFields& f) { f.siret = "7328293200007A"; }, "siret", "invalid_siret"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.what);
        ClientFields f = valid();
        f.code = "C0002";
        c.edit(f);
        expectRefused(*db, s.create(kAdmin, f), c.field, c.reason, n);
    }
}

TEST_CASE("names count characters, not bytes: 200 accented letters fit")
{
    auto db = test::memoryDb();
    service::Context ctx{*db, test::testClock()};
    ClientService s(ctx);
    ClientFields f = valid();
    std::string name;
    for (int i = 0; i < 200; ++i)
        name += "é";
    f.name = name;
    CHECK(s.create(kAdmin, f).ok());
}

TEST_CASE("SIRET check digits, including La Poste's exception")
{
    CHECK(service::isValidSiret("73282932000074"));
    CHECK(service::isValidSiret("44306184100047"));
    CHECK_FALSE(service::isValidSiret("44306184100048"));
    CHECK(service::isValidSiret("35600000049837")); // La Poste: digit sum divisible by 5
    CHECK_FALSE(service::isValidSiret("35600000049838"));
}

TEST_CASE("update changes only the given fields and keeps codes unique")
{
    auto db = test::memoryDb();
    service::Context ctx{*db, test::testClock()};
    ClientService s(ctx);
    auto a = s.create(kAdmin, valid());
    ClientFields other = valid();
    other.code = "C0002";
    other.siret.reset();
    auto b = s.create(kAdmin, other);
    REQUIRE(a.ok());
    REQUIRE(b.ok());

    ClientFields change;
    change.phone = "05 56 44 19 73";
    auto r = s.update(kAdmin, a->id, change);
    REQUIRE(r.ok());
    CHECK(r->phone == "05 56 44 19 73");
    CHECK(r->name == "Boulangerie Lefèvre");

    ClientFields clash;
    clash.code = "C0002";
    clash.name = "Changed too";
    auto refused = s.update(kAdmin, a->id, clash);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().field == "code");
    CHECK(s.get(kAdmin, a->id)->name == "Boulangerie Lefèvre"); // nothing written

    ClientFields empty;
    empty.name = "";
    CHECK(s.update(kAdmin, a->id, empty).error().field == "name");
    CHECK(s.update(kAdmin, 999, change).error().code == ErrorCode::NotFound);
}

TEST_CASE("list validates paging and delete reports unknown ids")
{
    auto db = test::memoryDb();
    service::Context ctx{*db, test::testClock()};
    ClientService s(ctx);
    model::ClientQuery q;
    q.limit = 0;
    CHECK(s.list(kAdmin, q).error().field == "limit");
    q.limit = 1001;
    CHECK(s.list(kAdmin, q).error().field == "limit");
    q.limit = 10;
    q.offset = -1;
    CHECK(s.list(kAdmin, q).error().field == "offset");
    CHECK(s.remove(kAdmin, 42).error().code == ErrorCode::NotFound);
    auto c = s.create(kAdmin, valid());
    CHECK(s.remove(kAdmin, c->id).ok());
    CHECK(test::rowCount(*db, "clients") == 0);
}

// The lists sort and filter by the balance cache (client_stats, 0009): each client's amounts
// and oldest owed due date, computed for the list's day.
TEST_CASE("client.list by oldest owed due date and by age bucket follows every change, new clients included")
{
    crm::test::World w;
    auto codes = [&](const api::json& params) {
        api::json p = params;
        p["as_of"] = "2026-11-24";
        const auto r = w.call("client.list", p, w.admin);
        REQUIRE_MESSAGE(r.contains("rows"), r.dump());
        std::vector<std::string> out;
        for (const auto& row : r["rows"])
            out.push_back(row["code"]);
        return out;
    };
    const auto a = w.client("A"), b = w.client("B"), c = w.client("C");
    w.invoice(a, "FA-1", 1000, "2026-10-01");
    const auto b1 = w.invoice(b, "FB-1", 1000, "2026-06-01");
    w.invoice(b, "FB-2", 1000, "2026-11-20");
    CHECK(codes({{"sort", "oldest_due"}}) == std::vector<std::string>{"B", "A", "C"});
    CHECK(codes({{"sort", "oldest_due"}, {"desc", true}})
        == std::vector<std::string>{"A", "B", "C"}); // nothing owed last
    CHECK(codes({{"bucket", "over_90"}}) == std::vector<std::string>{"B"});
    // B's oldest invoice paid: its oldest owed is now FB-2 (4 days late).
    REQUIRE(w.call("payment.record",
                 {{"client_id", b}, {"date", "2026-11-24"}, {"amount_cents", 1000}, {"method", "transfer"},
                     {"allocations", {{{"invoice_id", b1}, {"amount_cents", 1000}}}}},
                 w.admin)
                .contains("id"));
    CHECK(codes({{"sort", "oldest_due"}}) == std::vector<std::string>{"A", "B", "C"});
    CHECK(codes({{"bucket", "over_90"}}).empty());
    CHECK(codes({{"bucket", "1_30"}}) == std::vector<std::string>{"B"});
    const auto rows = w.call("client.list", {{"sort", "oldest_due"}, {"as_of", "2026-11-24"}}, w.admin)["rows"];
    CHECK(rows[1]["oldest_due_date"] == "2026-11-20");
    CHECK(rows[1]["days_overdue"] == 4);
    // A client created after the cache was computed is in the lists sorted by the cache.
    const auto d = w.client("D");
    CHECK(codes({{"sort", "open"}}).size() == 4);
    w.invoice(d, "FD-1", 500, "2026-01-15");
    CHECK(codes({{"sort", "oldest_due"}}).front() == "D");
    CHECK(codes({{"sort", "overdue"}, {"desc", true}})
        == std::vector<std::string>{"B", "A", "D", "C"}); // 1 000, 1 000, 500
    // A list as of another day, then a change today: the cache is computed again, not left stale.
    CHECK(w.call("client.list", {{"sort", "oldest_due"}, {"as_of", "2026-01-01"}}, w.admin)["rows"][0]["code"] == "D");
    w.invoice(c, "FC-1", 700, "2025-12-01", "2025-11-01");
    CHECK(w.call("client.list", {{"sort", "oldest_due"}, {"as_of", "2026-01-01"}}, w.admin)["rows"][0]["code"] == "C");
    CHECK(codes({{"sort", "oldest_due"}}).front() == "C");
}

TEST_CASE("invoice.list's total without a filter is the count kept by triggers, through inserts and deletes")
{
    crm::test::World w;
    const auto a = w.client("A");
    auto total = [&](const api::json& p) { return w.call("invoice.list", p, w.admin)["total"].get<std::int64_t>(); };
    CHECK(total(api::json::object()) == 0);
    for (int k = 0; k < 5; ++k)
        w.invoice(a, "F-" + std::to_string(k), 100, "2026-11-01");
    CHECK(total(api::json::object()) == 5);
    CHECK(total({{"status", "open"}}) == 5);
    db::Statement st(*w.db, "SELECT cents FROM money_totals WHERE name = 'invoices.count'");
    REQUIRE(st.step());
    CHECK(st.getInt(0) == 5);
    w.db->exec("DELETE FROM invoices WHERE number = 'F-0'"); // a deletion the services never make, still counted
    CHECK(total(api::json::object()) == 4);
    CHECK(total(api::json::object()) == test::rowCount(*w.db, "invoices"));
}

// The total of a list filtered on the client alone (a client, a collector, a search on the
// client's name) adds up each client's invoice count, kept by triggers (0010): it must be
// the count of the rows through every way an invoice comes, goes or moves.
TEST_CASE("invoice.list's total filtered on the client alone is the clients' invoice counts, kept exact")
{
    crm::test::World w;
    const auto d1 = w.client("DUPONT-1", w.agentId);
    const auto d2 = w.client("DUPONT-2", w.agent2Id);
    const auto m = w.client("MARTIN", w.agentId);
    for (int k = 0; k < 3; ++k)
        w.invoice(d1, "D1-" + std::to_string(k), 100, "2026-11-01");
    for (int k = 0; k < 2; ++k)
        w.invoice(d2, "D2-" + std::to_string(k), 100, "2026-11-01");
    for (int k = 0; k < 4; ++k)
        w.invoice(m, "M-" + std::to_string(k), 100, "2026-11-01");
    auto total = [&](const api::json& p, const std::string& session) {
        const api::json r = w.call("invoice.list", p, session);
        REQUIRE_MESSAGE(r.contains("total"), r.dump());
        return r["total"].get<std::int64_t>();
    };
    // Each total against the rows the same filter lists (the page holds them all).
    auto check = [&](const api::json& p, const std::string& session, std::int64_t expected) {
        CAPTURE(p.dump());
        api::json all = p;
        all["limit"] = 1000;
        CHECK(total(p, session) == expected);
        CHECK(w.call("invoice.list", all, session)["rows"].size() == static_cast<std::size_t>(expected));
    };
    check({{"client", "dupont"}}, w.admin, 5);
    check({{"client", "DUPONT-2"}}, w.admin, 2);
    check({{"client", "nobody"}}, w.admin, 0);
    check({{"client_id", m}}, w.admin, 4);
    check({{"collector_id", w.agentId}}, w.manager, 7);
    check({{"collector_id", w.agentId}, {"client", "dupont"}}, w.manager, 3);
    check(api::json::object(), w.agent, 7);                        // an agent's own portfolio
    check({{"client", "dupont"}}, w.agent2, 2);                    // a search inside it
    check({{"client", "dupont"}, {"status", "open"}}, w.admin, 5); // another filter: counted
    // Gone and moved by hand (not the services' ways): the triggers still follow.
    w.db->exec("DELETE FROM invoices WHERE number = 'D1-0'");
    w.db->exec("UPDATE invoices SET client_id = " + std::to_string(m) + " WHERE number = 'D2-0'");
    check({{"client", "dupont"}}, w.admin, 3);
    check({{"client_id", m}}, w.admin, 5);
    check({{"collector_id", w.agent2Id}}, w.manager, 1);
    // A snapshot goes in without triggers: the counts are made again.
    const api::json exported = w.call("snapshot.export", api::json::object(), w.admin);
    REQUIRE(exported.contains("content"));
    w.db->exec("UPDATE client_invoice_counts SET n = n + 7"); // wrong on purpose: the import recounts
    REQUIRE(
        w.call("snapshot.import", {{"content", exported["content"]}, {"replace", true}}, w.admin)["imported"] == true);
    w.admin = w.login("admin@test.fr");
    check({{"client", "dupont"}}, w.admin, 3);
    check({{"client_id", m}}, w.admin, 5);
    db::Statement wrong(*w.db,
        "SELECT count(*) FROM clients c LEFT JOIN client_invoice_counts k ON k.client_id = c.id "
        "WHERE coalesce(k.n, 0) <> (SELECT count(*) FROM invoices i WHERE i.client_id = c.id)");
    REQUIRE(wrong.step());
    CHECK(wrong.getInt(0) == 0);
}

TEST_CASE("client.list: oldest owed due date, holds; filters by stage, risk, age bucket, hold; sort by oldest")
{
    test::World w;
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

// A collector leaves: their whole portfolio goes to another in one command, a log line
// per client, tasks following; nothing else moves. Cancelled half-way, nothing moved.
TEST_CASE("client.move_portfolio hands one collector's clients to another, all or nothing")
{
    test::World w;
    const auto a1 = w.client("A1", w.agentId);
    const auto a2 = w.client("A2", w.agentId);
    const auto b1 = w.client("B1", w.agent2Id);
    const auto u = w.client("U");
    auto owner = [&](std::int64_t id) {
        const json c = w.call("client.get", {{"id", id}}, w.admin);
        return c["assigned_to"].is_null() ? std::int64_t{0} : c["assigned_to"].get<std::int64_t>();
    };
    const json moved
        = w.call("client.move_portfolio", {{"from_user_id", w.agentId}, {"to_user_id", w.agent2Id}}, w.manager);
    REQUIRE_MESSAGE(moved.contains("moved"), moved.dump());
    CHECK(moved["moved"] == 2);
    CHECK(owner(a1) == w.agent2Id);
    CHECK(owner(a2) == w.agent2Id);
    CHECK(owner(b1) == w.agent2Id);
    CHECK(owner(u) == 0);
    CHECK(w.call("client.list", json::object(), w.agent)["total"] == 0);
    CHECK(w.call("log.list", {{"action", "client.assign"}}, w.admin)["total"] == 2);
    // The unassigned clients to someone.
    CHECK(w.call("client.move_portfolio", {{"from_user_id", nullptr}, {"to_user_id", w.agentId}}, w.manager)["moved"]
        == 1);
    CHECK(owner(u) == w.agentId);
    // Refused: the same user on both sides, an unknown one, a deactivated one, an agent.
    CHECK(w.call("client.move_portfolio", {{"from_user_id", w.agentId}, {"to_user_id", w.agentId}}, w.manager)["reason"]
        == "same_user");
    CHECK(w.call("client.move_portfolio", {{"from_user_id", 999}, {"to_user_id", w.agentId}}, w.manager)["field"]
        == "from_user_id");
    REQUIRE(w.call("user.set_active", {{"id", w.agent2Id}, {"active", false}}, w.admin).contains("id"));
    const json inactive
        = w.call("client.move_portfolio", {{"from_user_id", w.agentId}, {"to_user_id", w.agent2Id}}, w.manager);
    CHECK(inactive["field"] == "to_user_id");
    CHECK(inactive["reason"] == "inactive_user");
    CHECK(w.call("client.move_portfolio", {{"from_user_id", w.agentId}, {"to_user_id", nullptr}}, w.agent)["code"]
        == "forbidden");
    // 450 clients: several slices with progress; cancelled after the first, none moved.
    for (int k = 0; k < 450; ++k)
        w.client("BULK-" + std::to_string(k), w.agentId);
    REQUIRE_FALSE(w.api
                      .begin(json{{"id", 7}, {"method", "client.move_portfolio"},
                          {"params", {{"from_user_id", w.agentId}, {"to_user_id", nullptr}}}, {"session", w.manager}}
                                 .dump())
                      .has_value());
    CHECK_FALSE(w.api.step(false).has_value());
    CHECK(w.api.progressDone() == 200);
    CHECK(w.api.progressTotal() == 451);
    const auto cancelled = w.api.step(true);
    REQUIRE(cancelled.has_value());
    CHECK(cancelled->body["error"]["code"] == "cancelled");
    CHECK(w.call("client.list", {{"collector_id", w.agentId}}, w.manager)["total"] == 451);
}

// The Clients list's selection assigned at once: a log line each, all or none.
TEST_CASE("client.assign_many assigns a selection, all or none, naming the client that cannot be")
{
    test::World w;
    const auto a = w.client("SEL-A");
    const auto b = w.client("SEL-B");
    const auto c = w.client("SEL-C", w.agent2Id);
    const json done = w.call("client.assign_many", {{"ids", {a, b}}, {"user_id", w.agentId}}, w.manager);
    REQUIRE_MESSAGE(done.contains("assigned"), done.dump());
    CHECK(done["assigned"] == 2);
    CHECK(w.call("client.list", json::object(), w.agent)["total"] == 2);
    CHECK(w.call("log.list", {{"action", "client.assign"}}, w.admin)["total"] == 2);
    // One unknown id: nothing moves, and the error says which.
    const json refused = w.call("client.assign_many", {{"ids", {c, 999}}, {"user_id", w.agentId}}, w.manager);
    CHECK(refused["field"] == "ids[1]");
    CHECK(w.call("client.get", {{"id", c}}, w.admin)["assigned_to"] == w.agent2Id);
    // Back to nobody; limits; agents may not.
    CHECK(w.call("client.assign_many", {{"ids", {a}}, {"user_id", nullptr}}, w.manager)["assigned"] == 1);
    CHECK(w.call("client.get", {{"id", a}}, w.admin)["assigned_to"].is_null());
    CHECK(w.call("client.assign_many", {{"ids", json::array()}, {"user_id", nullptr}}, w.manager)["field"] == "ids");
    CHECK(w.call("client.assign_many", {{"ids", {b}}, {"user_id", w.agent2Id}}, w.agent)["code"] == "forbidden");
}

TEST_CASE("user.list says how many clients each user follows, and follows the moves")
{
    test::World w;
    for (const char* code : {"N-1", "N-2", "N-3"})
        w.client(code, w.agentId);
    const auto other = w.client("N-4", w.agent2Id);
    w.client("N-5"); // nobody's
    auto count = [&](std::int64_t user) {
        const json all = w.call("user.list", json::object(), w.manager);
        for (const auto& u : all["rows"])
            if (u["id"] == user)
                return u["clients"].get<std::int64_t>();
        return std::int64_t{-1};
    };
    CHECK(count(w.agentId) == 3);
    CHECK(count(w.agent2Id) == 1);
    CHECK(count(w.managerId) == 0);
    REQUIRE(w.call("client.assign", {{"id", other}, {"user_id", w.agentId}}, w.manager).contains("id"));
    CHECK(count(w.agentId) == 4);
    CHECK(count(w.agent2Id) == 0);
    CHECK(w.call("user.list", json::object(), w.agent)["code"] == "forbidden");
}
