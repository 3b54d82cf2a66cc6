// DemoService through the command API: the demo portfolio, dated as of today.
#include "tests/snapshot/portfolio.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::test;
using api::json;

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

// The generator sets the Invoices list's indexes aside while the rows go in (schema/0009):
// they are there again once it has finished, and after a generation stopped half-way.
TEST_CASE("the generated portfolio keeps every index of the Invoices list and the daily totals' triggers, finished "
          "or stopped half-way")
{
    auto triggers = [](db::Database& db) {
        return test::queryInt(
            db, "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name GLOB 'daily_totals_*'");
    };
    const std::vector<std::string> listIndexes
        = {"invoices_by_amount", "invoices_by_issue", "invoices_by_open_amount", "invoices_by_status"};
    auto present = [](db::Database& db) {
        std::vector<std::string> out;
        db::Statement st(db,
            "SELECT name FROM sqlite_schema WHERE type = 'index' AND name IN ('invoices_by_amount', "
            "'invoices_by_open_amount', 'invoices_by_issue', 'invoices_by_status') ORDER BY name");
        while (st.step())
            out.push_back(st.getText(0));
        return out;
    };
    seed::GeneratorOptions g;
    g.clients = 20;
    g.invoices = 3000;
    g.asOf = "2026-11-24";
    g.hashCost = crypto::HashCost::Minimal;
    {
        auto db = test::memoryDb();
        seed::generate(*db, g);
        CHECK(present(*db) == listIndexes);
        db::Statement plan(*db, "EXPLAIN QUERY PLAN SELECT id FROM invoices ORDER BY amount_cents, id LIMIT 5");
        std::string how;
        while (plan.step())
            how += plan.getText(3);
        CHECK(how.find("invoices_by_amount") != std::string::npos);
        // The money day by day, tallied while the triggers were set aside: what the view
        // computes from the rows; the triggers back and at work.
        CHECK(triggers(*db) == 9);
        const std::string nonZero
            = " WHERE owed_cents <> 0 OR overdue_cents <> 0 OR invoiced_cents <> 0 OR collected_cents <> 0";
        const std::string differ = "SELECT (SELECT count(*) FROM (SELECT * FROM daily_totals" + nonZero
            + " EXCEPT SELECT * FROM daily_totals_from_sources" + nonZero
            + ")) + (SELECT count(*) FROM (SELECT * FROM daily_totals_from_sources" + nonZero
            + " EXCEPT SELECT * FROM daily_totals" + nonZero + "))";
        CHECK(test::queryInt(*db, "SELECT count(*) FROM daily_totals") > 300);
        CHECK(test::queryInt(*db, differ) == 0);
        db->exec("UPDATE invoices SET amount_cents = amount_cents + 1 WHERE id = 7");
        CHECK(test::queryInt(*db, differ) == 0);
    }
    {
        auto db = test::memoryDb();
        {
            seed::Generation half(*db, g, seed::Generation::Mode::EmptyDatabase);
            CHECK_FALSE(half.step(1000)); // then dropped: rolled back
        }
        CHECK(present(*db) == listIndexes);
        CHECK(triggers(*db) == 9);
        CHECK(test::rowCount(*db, "invoices") == 0);
    }
}
