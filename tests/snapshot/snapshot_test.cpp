// JSON snapshots (core/snapshot/): export → import → export gives the same bytes on a
// portfolio with every kind of row; each kind of bad snapshot is refused with the JSON path
// of the problem and the database left exactly as it was.
#include "tests/snapshot/portfolio.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::test;
using api::json;

namespace {

// The rows of daily_totals (or of the view computing it) that are not all zero, as text.
std::vector<std::string> dailyRows(db::Database& db, const char* table)
{
    db::Statement st(db,
        std::string("SELECT currency || ' ' || day || ' ' || owed_cents || ' ' || overdue_cents || ' ' || "
                    "invoiced_cents || ' ' || collected_cents FROM ")
            + table
            + " WHERE owed_cents <> 0 OR overdue_cents <> 0 OR invoiced_cents <> 0 OR collected_cents <> 0 "
              "ORDER BY currency, day");
    std::vector<std::string> out;
    while (st.step())
        out.push_back(st.getText(0));
    return out;
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
    // The money day by day: the import's tally, the source's triggers and the view agree.
    const auto daily = dailyRows(*w.db, "daily_totals");
    CHECK(daily.size() > 5);
    CHECK(daily == dailyRows(*w.db, "daily_totals_from_sources"));
    CHECK(dailyRows(*other, "daily_totals") == daily);
    CHECK(api.call("report.trend", {{"months", 12}, {"as_of", "2026-11-24"}}, token)
        == w.call("report.trend", {{"months", 12}, {"as_of", "2026-11-24"}}, w.admin));
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
