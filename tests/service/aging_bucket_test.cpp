// The invoices list filtered by age bucket as of a date shows exactly the invoices
// report.aging counts in that bucket for that date (issue 6: the list filtered on what
// is owed today, not on what was owed as of the date).
#include "core/seed/generator.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

TEST_CASE("invoice.list by bucket as of a date adds up to report.aging, date after date")
{
    auto db = test::memoryDb();
    seed::GeneratorOptions o;
    o.clients = 60;
    o.invoices = 3000;
    o.seed = 11;
    o.asOf = "2026-11-24";
    o.hashCost = crypto::HashCost::Minimal;
    seed::generate(*db, o);
    api::Dispatcher api(*db, test::testClock(), test::fastAuth());
    const std::string admin
        = api.call("auth.login", {{"email", "admin@exemple.fr"}, {"password", o.password}})["token"];
    REQUIRE_FALSE(admin.empty());
    for (const std::string asOf : {"2026-11-24", "2026-08-31", "2026-03-15", "2025-12-31"}) {
        const json aging = api.call("report.aging", {{"as_of", asOf}}, admin);
        REQUIRE_MESSAGE(aging.contains("total"), aging.dump());
        for (const std::string bucket : {"not_due", "1_30", "31_60", "61_90", "over_90"}) {
            CAPTURE(asOf);
            CAPTURE(bucket);
            std::int64_t owed = 0;
            std::int64_t count = 0;
            for (std::int64_t offset = 0;; offset += 1000) {
                const json page = api.call("invoice.list",
                    {{"bucket", bucket}, {"as_of", asOf}, {"currency", "EUR"}, {"offset", offset}, {"limit", 1000}},
                    admin);
                REQUIRE_MESSAGE(page.contains("rows"), page.dump());
                for (const auto& inv : page["rows"]) {
                    // What was owed on as_of: the amount, less allocations dated by then.
                    const json detail = api.call("invoice.get", {{"id", inv["id"]}}, admin);
                    std::int64_t paidThen = 0;
                    for (const auto& a : detail["allocations"]) {
                        const json p = api.call("payment.get", {{"id", a["payment_id"]}}, admin);
                        if (p["date"].get<std::string>() <= asOf)
                            paidThen += a["amount_cents"].get<std::int64_t>();
                    }
                    owed += inv["amount_cents"].get<std::int64_t>() - paidThen;
                    ++count;
                }
                if (page["rows"].size() < 1000)
                    break;
            }
            CHECK(owed == aging["total"][bucket]);
            CHECK(count > 0);
        }
    }
}
