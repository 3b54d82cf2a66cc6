// JSON snapshots: export → import → export gives the same bytes on a portfolio with
// every kind of row; each kind of bad snapshot is refused with the JSON path of the
// problem and the database left exactly as it was.
#include "core/seed/generator.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

namespace {

// A world with one of every kind of row: generated clients, invoices, payments, credit
// notes; a document, communications, holds of each kind, executed relances, a task.
struct Portfolio : test::World {
    Portfolio()
    {
        seed::GeneratorOptions g;
        g.clients = 30;
        g.invoices = 400;
        g.asOf = "2026-11-24";
        g.hashCost = crypto::HashCost::Minimal;
        seed::Generation gen(*db, g, seed::Generation::Mode::EmptyPortfolio);
        while (!gen.step(100000)) { }
        call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, admin);
        const auto c = client("SNAP", agentId);
        const auto i1 = invoice(c, "S-1", 150000, "2026-11-09");
        invoice(c, "S-2", 50000, "2026-10-20");
        call("document.attach",
            {{"client_id", c}, {"name", "contrat.pdf"}, {"mime_type", "application/pdf"},
                {"content_base64", crypto::base64Encode(std::string("%PDF-1.4 \x01\x02\xff", 12))}},
            admin);
        call("hold.create",
            {{"kind", "plan"}, {"client_id", c}, {"invoice_ids", json::array({i1})},
                {"instalments", json::array({{{"date", "2026-12-31"}, {"amount_cents", 100000}}})}},
            admin);
        call("hold.create", {{"kind", "stop"}, {"client_id", c}, {"reason", "Procédure"}, {"until", "2027-01-31"}},
            admin);
        call("relance.execute", {{"keys", "all"}}, admin);
        call("communication.log",
            {{"client_id", c}, {"channel", "call"}, {"outcome", "promise"}, {"promise_date", "2026-12-05"}}, admin);
        call("payment.record",
            {{"client_id", c}, {"date", "2026-11-20"}, {"amount_cents", 20000}, {"method", "cheque"}}, admin);
    }
    std::string snapshot() { return snapshot::exportText(*db); }
};

json problems(const json& reply)
{
    return reply.value("details", json::array());
}

} // namespace

TEST_CASE("snapshot: export, import into an empty database, export again: the same bytes")
{
    Portfolio w;
    const std::string first = w.snapshot();
    for (const char* table : {"users", "clients", "invoices", "payments", "payment_allocations", "communications",
             "documents", "holds", "hold_instalments", "relance_actions", "relance_done", "tasks", "system_logs"}) {
        CAPTURE(table);
        CHECK(snapshot::counts(*w.db).at(table) > 0);
    }
    auto other = test::memoryDb();
    const auto r = snapshot::importText(*other, first, snapshot::plainImport(false, "2026-11-24"));
    REQUIRE_MESSAGE(r.ok(), r.problems.front().path << ": " << r.problems.front().message);
    CHECK(snapshot::exportText(*other) == first);
    // The imported database works: the balances, the search keys, sign-in.
    api::Dispatcher api(*other, test::testClock(), test::fastAuth());
    const json login = api.call("auth.login", {{"email", "admin@test.fr"}, {"password", test::kPassword}});
    REQUIRE(login.contains("token"));
    const std::string token = login["token"];
    CHECK(api.call("client.list", {{"search", "snap"}}, token)["total"] == 1);
    CHECK(api.call("report.aging", {{"as_of", "2026-11-24"}}, token)
        == w.call("report.aging", {{"as_of", "2026-11-24"}}, w.admin));
    CHECK(api.call("relance.plan", json::object(), token)["totals"]
        == w.call("relance.plan", json::object(), w.admin)["totals"]);
}

TEST_CASE("snapshot: every bad input is refused with its path, and nothing changes")
{
    Portfolio w;
    const std::string good = w.snapshot();
    auto target = test::memoryDb();
    snapshot::importText(*target, good, snapshot::plainImport(false, "2026-11-24")); // a database with data to protect
    const std::string before = snapshot::exportText(*target);
    auto refuse = [&](const std::string& text, const std::string& path, const std::string& reason) {
        const auto r = snapshot::importText(*target, text, snapshot::plainImport(true, "2026-11-24"));
        CAPTURE(path);
        REQUIRE_FALSE(r.ok());
        bool found = false;
        for (const auto& p : r.problems)
            found = found || (p.path == path && p.reason == reason);
        CHECK_MESSAGE(
            found, r.problems.front().path << " " << r.problems.front().reason << ": " << r.problems.front().message);
        CHECK(snapshot::exportText(*target) == before); // untouched
    };
    json doc = json::parse(good);
    auto edited = [&](const std::function<void(json&)>& edit) {
        json d = doc;
        edit(d);
        return d.dump();
    };
    refuse(good.substr(0, good.size() / 2), "$", "invalid_json");
    refuse("[1, 2]", "$.format", "wrong_format");
    refuse(edited([](json& d) { d["version"] = 2; }), "$.version", "wrong_version");
    refuse(edited([](json& d) { d["schema_version"] = 99; }), "$.schema_version", "newer_schema");
    refuse(edited([](json& d) { d["tables"]["nope"] = json::array(); }), "$.tables.nope", "unknown_table");
    refuse(edited([](json& d) { d["tables"]["clients"][2]["colour"] = "red"; }), "$.tables.clients[2].colour",
        "unknown_column");
    refuse(edited([](json& d) { d["tables"]["invoices"][5]["amount_cents"] = "12,50"; }),
        "$.tables.invoices[5].amount_cents", "wrong_type");
    refuse(edited([](json& d) { d["tables"]["invoices"][5].erase("due_date"); }), "$.tables.invoices[5].due_date",
        "required");
    // A negative amount, a dangling reference, a duplicate number (once folded), a bad date.
    refuse(edited([](json& d) { d["tables"]["invoices"][7]["amount_cents"] = -100; }), "$.tables.invoices[7]",
        "constraint");
    refuse(edited([](json& d) { d["tables"]["invoices"][8]["client_id"] = 999999; }), "$.tables.invoices[8].client_id",
        "constraint");
    refuse(edited([](json& d) { d["tables"]["invoices"][6]["client_id"] = "C-1"; }), "$.tables.invoices[6].client_id",
        "wrong_type");
    refuse(edited([](json& d) { d["tables"]["payment_allocations"][2]["payment_id"] = -4; }),
        "$.tables.payment_allocations[2].payment_id", "constraint");
    refuse(edited([](json& d) { d["tables"]["clients"][0]["assigned_to"] = 4000000000LL; }),
        "$.tables.clients[0].assigned_to", "constraint");
    refuse(edited([](json& d) {
        d["tables"]["invoices"][9]["number"] = d["tables"]["invoices"][3]["number"].get<std::string>() + " ";
    }),
        "$.tables.invoices[9]", "constraint");
    refuse(edited([](json& d) { d["tables"]["payments"][1]["date"] = "2026-02-30"; }), "$.tables.payments[1].date",
        "invalid_date");
    // Sums that disagree with the allocations.
    refuse(edited([](json& d) {
        for (auto& i : d["tables"]["invoices"])
            if (i["paid_cents"].get<std::int64_t>() > 0) {
                i["paid_cents"] = i["paid_cents"].get<std::int64_t>() - 1;
                break;
            }
    }),
        "$.tables.invoices", "inconsistent_sum");
    refuse(edited([](json& d) {
        auto& p = d["tables"]["payments"][0];
        p["allocated_cents"] = p["allocated_cents"].get<std::int64_t>() > 0 ? 0 : 1;
    }),
        "$.tables.payments", "inconsistent_sum");
    // An allocation's copies of its payment's date and its invoice's due date.
    refuse(edited([](json& d) { d["tables"]["payment_allocations"][3]["payment_date"] = "2020-01-01"; }),
        "$.tables.payment_allocations", "inconsistent_sum");
    refuse(edited([](json& d) { d["tables"]["payment_allocations"][4]["invoice_due_date"] = "2020-01-01"; }),
        "$.tables.payment_allocations", "inconsistent_sum");
    // A value nested 90 000 levels deep (it took the stack: exit 139), beside the tables and
    // inside a row; 64 levels are still read.
    const auto nested = [](int levels) { return std::string(levels, '[') + std::string(levels, ']'); };
    refuse(good.substr(0, good.size() - 1) + ", \"extra\": " + nested(90000) + "}", "$", "invalid_json");
    std::string inRow = good;
    const auto row = inRow.find("\"tables\"");
    refuse(inRow.insert(inRow.find('{', inRow.find("\"clients\"", row) + 10) + 1, "\"deep\": " + nested(90000) + ", "),
        "$", "invalid_json");
}

TEST_CASE("snapshot: an import leaves the connection as it found it — references checked, the same cache")
{
    Portfolio w;
    const std::string good = w.snapshot();
    auto target = test::memoryDb();
    target->exec("PRAGMA cache_size = 2"); // pages (the index builds use a cache of their own)
    const auto cache = target->pragmaInt("cache_size");
    REQUIRE(target->pragmaInt("foreign_keys") == 1);
    json doc = json::parse(good);
    doc["tables"]["invoices"][1]["client_id"] = 999999;
    for (const std::string& text : {doc.dump(), good}) {
        snapshot::importText(*target, text, snapshot::plainImport(true, "2026-11-24"));
        CHECK(target->pragmaInt("foreign_keys") == 1);
        CHECK(target->pragmaInt("cache_size") == cache);
    }
    // SQLite refuses a dangling reference again once the import is over.
    CHECK_THROWS_AS(target->exec("INSERT INTO invoices (number, client_id, issue_date, due_date, amount_cents, "
                                 "created_at, updated_at) VALUES ('X-1', 999999, '2026-01-01', '2026-01-31', 100, "
                                 "'2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"),
        db::DbError);
    // Inside a caller's transaction the pragma cannot change: SQLite checks too, and the
    // import still names the row and column.
    db::Transaction tx(*target);
    const auto r = snapshot::importText(*target, doc.dump(), snapshot::plainImport(true, "2026-11-24"));
    REQUIRE_FALSE(r.ok());
    CHECK(r.problems.front().path == "$.tables.invoices[1].client_id");
}

TEST_CASE("snapshot: read as JSON, not as our writer's bytes: any order of tables and columns, any spacing")
{
    Portfolio w;
    const std::string good = w.snapshot();
    // nlohmann writes members sorted by name: "clients" before "users", "amount_cents"
    // before "id" — and pretty-printed, every row over several lines.
    for (const std::string& text : {json::parse(good).dump(), json::parse(good).dump(2)}) {
        auto other = test::memoryDb();
        const auto r = snapshot::importText(*other, text, snapshot::plainImport(false, "2026-11-24"));
        REQUIRE_MESSAGE(r.ok(), r.problems.front().path << ": " << r.problems.front().message);
        CHECK(snapshot::exportText(*other) == good);
    }
}

TEST_CASE("snapshot: what a tree parser would let through is refused too")
{
    Portfolio w;
    const std::string good = w.snapshot();
    auto target = test::memoryDb();
    auto reasons = [&](const std::string& text) {
        const auto r = snapshot::importText(*target, text, snapshot::plainImport(false, "2026-11-24"));
        std::string out;
        for (const auto& p : r.problems)
            out += p.path + " " + p.reason + "\n";
        CHECK(snapshot::isEmpty(*target));
        return out;
    };
    // A column given twice in a row, a table given twice (a tree keeps the last, silently).
    const auto at = good.find("{\"id\":", good.find("\"clients\":["));
    REQUIRE(at != std::string::npos);
    std::string twice = good;
    twice.insert(at + 1, "\"code\":\"X\",\"code\":\"Y\",");
    CHECK(reasons(twice).find("$.tables.clients[0].code duplicate_key") != std::string::npos);
    std::string table = good;
    table.insert(table.find("\"users\":["), "\"tasks\":[],");
    CHECK(reasons(table).find("$.tables.tasks duplicate_key") != std::string::npos);
    // A row that is not an object; text after the snapshot; a snapshot cut inside a row.
    std::string notRow = good;
    notRow.insert(notRow.find("[", notRow.find("\"tasks\":[")) + 1, "[1, 2],");
    CHECK(reasons(notRow).find("$.tables.tasks[0] wrong_type") != std::string::npos);
    CHECK(reasons(good + "{}") == "$ invalid_json\n");
    CHECK(reasons(good.substr(0, good.find("\"payments\":[") + 40)) == "$ invalid_json\n");
    CHECK(reasons("{\"format\": \"crm-recouvrement-snapshot\", \"version\": 1, \"schema_version\": 1}")
        == "$.tables wrong_type\n");
}

TEST_CASE("snapshot: an older schema's snapshot is read, the columns added since take their defaults")
{
    Portfolio w;
    json doc = json::parse(w.snapshot());
    // Schema 4 had no clients.language nor clients.stage (0005_relance_engine.sql adds them).
    for (auto& c : doc["tables"]["clients"]) {
        c.erase("language");
        c.erase("stage");
    }
    auto target = test::memoryDb();
    const auto current = snapshot::importText(*target, doc.dump(), snapshot::plainImport(false, "2026-11-24"));
    REQUIRE_FALSE(current.ok()); // at the current schema_version, a missing column is missing
    CHECK(current.problems.front().reason == "required");
    doc["schema_version"] = 4;
    const auto older = snapshot::importText(*target, doc.dump(), snapshot::plainImport(false, "2026-11-24"));
    REQUIRE_MESSAGE(older.ok(), older.problems.front().path << ": " << older.problems.front().message);
    db::Statement st(*target, "SELECT count(*), sum(language = 'fr'), sum(stage = 'amiable') FROM clients");
    st.step();
    CHECK(st.getInt(0) == static_cast<std::int64_t>(doc["tables"]["clients"].size()));
    CHECK(st.getInt(1) == st.getInt(0));
    CHECK(st.getInt(2) == st.getInt(0));
}

TEST_CASE("snapshot through the API: administrators only, a database with data needs replace, sessions end")
{
    Portfolio w;
    const json exported = w.call("snapshot.export", json::object(), w.admin);
    REQUIRE(exported.contains("content"));
    CHECK(w.call("snapshot.export", json::object(), w.manager)["code"] == "forbidden");
    const json refused = w.call("snapshot.import", {{"content", exported["content"]}}, w.admin);
    CHECK(refused["code"] == "conflict");
    CHECK(refused["reason"] == "not_empty");
    const json bad = w.api
                         .handle(json{{"id", 1}, {"method", "snapshot.import"},
                             {"params", {{"content", "{\"format\": 1}"}, {"replace", true}}}, {"session", w.admin}})
                         .body["error"];
    CHECK(bad["reason"] == "invalid_snapshot");
    CHECK(problems(bad)[0]["path"] == "$.format");
    const json done = w.call("snapshot.import", {{"content", exported["content"]}, {"replace", true}}, w.admin);
    CHECK(done["imported"] == true);
    CHECK(done["rows"]["invoices"] == done["replaced"]["invoices"]);
    CHECK(w.call("auth.me", json::object(), w.admin)["code"] == "unauthenticated"); // sign in again
    // The import is in the log it brought: who, the text's SHA-256, the rows in and replaced.
    w.admin = w.login("admin@test.fr");
    const json lines = w.call("log.list", {{"action", "snapshot.import"}}, w.admin);
    REQUIRE_MESSAGE(lines["rows"].size() == 1, lines.dump());
    const json& line = lines["rows"][0];
    CHECK(line["user_id"] == 1);
    const json& after = line["after"];
    CHECK(after["by"] == "admin@test.fr");
    CHECK(after["sha256"] == crypto::sha256Hex(exported["content"].get<std::string>()));
    CHECK(after["rows"]["invoices"] == done["rows"]["invoices"]);
    CHECK(line["before"]["invoices"] == done["replaced"]["invoices"]);
    // Without that line (and the sign-in since), the database is the snapshot, byte for byte.
    w.db->exec("DELETE FROM system_logs WHERE action IN ('snapshot.import', 'user.login') AND id > "
               "(SELECT max(id) FROM system_logs WHERE action = 'payment.record'); DELETE FROM sessions");
    CHECK(snapshot::exportText(*w.db) == exported["content"].get<std::string>());
}

// Issue 23, finding 6 (2026-12-07): snapshot.import took what the API refuses. Each edit
// below went in; now each is refused with its JSON path and the rule's reason, and the
// database is left as it was.
TEST_CASE("snapshot.import applies the commands' rules to every row")
{
    Portfolio w;
    const std::string good = w.snapshot();
    const json doc = json::parse(good);
    auto refused = [&](const std::function<void(json&)>& edit, const std::string& path, const std::string& reason) {
        json d = doc;
        edit(d);
        CAPTURE(path);
        const json r = w.call("snapshot.import", {{"content", d.dump()}, {"replace", true}}, w.admin);
        REQUIRE_MESSAGE(r.contains("code"), r.dump().substr(0, 300));
        bool found = false;
        for (const auto& p : problems(r))
            found = found || (p["path"] == path && p["reason"] == reason);
        CHECK_MESSAGE(found, problems(r).dump().substr(0, 400));
        CHECK(w.snapshot() == good); // unchanged (the admin's session too: still signed in)
    };
    auto row = [](json& d, const char* table, const std::string& code) -> json& {
        for (auto& r : d["tables"][table])
            if (r.value("code", "") == code || r.value("number", "") == code || r.value("name", "") == code)
                return r;
        return d["tables"][table][0];
    };
    const std::int64_t big = std::int64_t{1} << 53;
    // Ids: none below 1, none past 2^53 - 1 (the browser could not name the next one).
    refused([&](json& d) { d["tables"]["clients"][0]["id"] = big; }, "$.tables.clients[0].id", "invalid_id");
    refused([&](json& d) { d["tables"]["users"][0]["id"] = 0; }, "$.tables.users[0].id", "invalid_id");
    refused([&](json& d) { d["tables"]["holds"][0]["id"] = -3; }, "$.tables.holds[0].id", "invalid_id");
    // Money: one amount past the API's limit, or enough to take the total past 2^53 - 1.
    refused([&](json& d) { row(d, "invoices", "S-1")["amount_cents"] = big; }, "$.tables.invoices[400].amount_cents",
        "too_large");
    refused(
        [&](json& d) {
            for (int k = 0; k < 100; ++k)
                d["tables"]["invoices"][k]["amount_cents"] = 99'000'000'000'000LL;
        },
        "$.tables.invoices[90].amount_cents", "total_too_large");
    refused([&](json& d) { row(d, "invoices", "S-2")["currency"] = "XXX"; }, "$.tables.invoices[401].currency",
        "invalid_currency");
    refused([&](json& d) { row(d, "invoices", "S-2")["issue_date"] = "2999-01-01"; },
        "$.tables.invoices[401].issue_date", "far_future");
    // Templates whose placeholders the renderer would drop.
    refused([&](json& d) { d["tables"]["relance_templates"][0]["body"] = "Bonjour {client.name, réglez {total.due}"; },
        "$.tables.relance_templates[0].body", "unknown_placeholder");
    refused([&](json& d) { d["tables"]["relance_templates"][1]["body"] = "Bonjour {client.name"; },
        "$.tables.relance_templates[1].body", "unclosed_placeholder");
    refused([&](json& d) { d["tables"]["relance_templates"][0]["subject"] = "{nope}"; },
        "$.tables.relance_templates[0].subject", "unknown_placeholder");
    // A lock-out that never ends (locked the administrator out).
    refused([&](json& d) { d["tables"]["users"][0]["locked_until"] = "tomorrow"; }, "$.tables.users[0].locked_until",
        "invalid_date");
    // Names, addresses and identifiers as the commands check them.
    refused([&](json& d) { row(d, "clients", "SNAP")["name"] = "Client\u0007SNAP"; }, "$.tables.clients[30].name",
        "invalid_characters");
    refused([&](json& d) { row(d, "clients", "SNAP")["name"] = std::string("Bell\a"); }, "$.tables.clients[30].name",
        "invalid_characters");
    refused([&](json& d) { row(d, "clients", "SNAP")["email"] = "pas une adresse"; }, "$.tables.clients[30].email",
        "invalid_email");
    refused([&](json& d) { row(d, "clients", "SNAP")["siret"] = "12345678901234"; }, "$.tables.clients[30].siret",
        "invalid_siret");
    refused([&](json& d) { d["tables"]["users"][1]["email"] = "manager-at-test"; }, "$.tables.users[1].email",
        "invalid_email");
    refused([&](json& d) { d["tables"]["company_settings"][0]["iban"] = "FR7630006000011234567890188"; },
        "$.tables.company_settings[0].iban", "invalid_iban");
    // A document whose hash or size lies about its content, or named as a path.
    refused([&](json& d) { d["tables"]["documents"][0]["sha256"] = std::string(64, 'a'); },
        "$.tables.documents[0].sha256", "inconsistent");
    refused([&](json& d) { d["tables"]["documents"][0]["size_bytes"] = 11; }, "$.tables.documents[0].size_bytes",
        "inconsistent");
    refused([&](json& d) { d["tables"]["documents"][0]["name"] = "../../etc/passwd"; }, "$.tables.documents[0].name",
        "invalid_characters");
    // The snapshot's shape: no unknown key beside the tables, no table of its version left out.
    refused([&](json& d) { d["comment"] = "hello"; }, "$.comment", "unknown_key");
    refused([&](json& d) { d["tables"].erase("holds"); }, "$.tables.holds", "missing_table");
    // And the good snapshot still goes in whole.
    CHECK(w.call("snapshot.import", {{"content", good}, {"replace", true}}, w.admin)["imported"] == true);
}

TEST_CASE("demo.portfolio: the demo portfolio through the snapshot import, dated as of today")
{
    auto db = test::memoryDb();
    test::MovableClock time;
    *time.now = "2027-03-15T10:00:00Z"; // a day months after the portfolio was built
    api::Dispatcher api{*db, time.clock(), test::fastAuth()};
    const json r = api.call("demo.portfolio", json::object());
    REQUIRE_MESSAGE(r.contains("email"), r.dump());
    CHECK(r["rows"]["clients"].get<int>() >= 200);
    CHECK(r["rows"]["invoices"].get<int>() >= 3000);
    auto one = [&](const std::string& sql) {
        db::Statement st(*db, sql);
        st.step();
        return st.getText(0);
    };
    // 18 months of invoices ending today; the payments, promises and logs moved alike.
    CHECK(one("SELECT max(issue_date) FROM invoices") == "2027-03-15");
    CHECK(one("SELECT min(issue_date) >= '2025-09-01' FROM invoices") == "1");
    CHECK(one("SELECT max(date) <= '2027-03-15' FROM payments") == "1");
    CHECK(one("SELECT count(*) > 0 FROM invoices WHERE status = 'partially_paid'") == "1");
    CHECK(one("SELECT count(*) > 0 FROM invoices WHERE status = 'disputed'") == "1");
    CHECK(one("SELECT count(*) > 0 FROM payments p JOIN payment_allocations a ON a.payment_id = p.id "
              "JOIN invoices i ON i.id = a.invoice_id WHERE p.date > i.due_date")
        == "1");
    CHECK(one("SELECT count(*) > 0 FROM payments WHERE kind = 'credit_note'") == "1");
    CHECK(one("SELECT count(*) FROM holds WHERE kind = 'promise' AND date BETWEEN '2027-03-11' AND '2027-03-24'")
        == "14");
    CHECK(one("SELECT count(DISTINCT channel) >= 4 FROM communications") == "1");
    CHECK(one("SELECT count(*) > 0 FROM documents") == "1");
    // Its administrator signs in with what the command said; the worklist has work.
    const json login = api.call("auth.login", {{"email", r["email"]}, {"password", r["password"]}});
    REQUIRE(login.contains("token"));
    const json today = api.call("worklist.today", json::object(), login["token"]);
    REQUIRE_MESSAGE(today.contains("counts"), today.dump().substr(0, 500));
    // Only into a database nobody has set up.
    CHECK(api.call("demo.portfolio", json::object())["reason"] == "already_set_up");
}
