// HoldModel: a hold kept with its invoices and instalments and read back whole; listed by
// client, those ended by hand left out on request; ended once; and the money paid since it
// started towards what it covers — its invoices, or the whole client's.
#include "core/model/hold_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("HoldModel: stored whole, listed, ended; the money paid since it started on what it covers")
{
    test::World w;
    const auto c = w.client("C");
    const auto i1 = w.invoice(c, "F-1", 10000, "2026-10-01", "2026-09-01");
    const auto i2 = w.invoice(c, "F-2", 5000, "2026-10-15", "2026-09-01");
    model::HoldModel m(*w.db);

    model::HoldRow plan;
    plan.clientId = c;
    plan.kind = "plan";
    plan.startsOn = "2026-11-01";
    plan.createdBy = 1;
    plan.createdAt = "2026-11-01T09:00:00Z";
    plan.invoiceIds = {i1};
    plan.instalments = {{"2026-11-30", 5000}, {"2026-12-31", 5000}};
    const auto planId = m.insert(plan);
    model::HoldRow stop;
    stop.clientId = c;
    stop.kind = "stop";
    stop.reason = "Procédure collective";
    stop.startsOn = "2026-11-01";
    stop.until = "2027-01-31";
    stop.createdBy = 1;
    stop.createdAt = "2026-11-01T09:00:00Z";
    const auto stopId = m.insert(stop);

    const auto back = m.get(planId);
    REQUIRE(back);
    CHECK(back->invoiceIds == std::vector<std::int64_t>{i1});
    REQUIRE(back->instalments.size() == 2);
    CHECK(back->instalments[1].date == "2026-12-31");
    CHECK(back->instalments[1].cents == 5000);
    CHECK(m.get(stopId)->reason == "Procédure collective");
    CHECK(m.get(stopId)->invoiceIds.empty()); // the whole client
    CHECK(m.list(c, false).size() == 2);
    CHECK_FALSE(m.get(999));

    // 3 000 on F-1 before the plan started, 4 000 on F-1 and 2 000 on F-2 after.
    auto pay = [&](const std::string& date, std::int64_t invoice, std::int64_t cents) {
        REQUIRE(w.call("payment.record",
                     {{"client_id", c}, {"date", date}, {"amount_cents", cents}, {"method", "transfer"},
                         {"allocations", {{{"invoice_id", invoice}, {"amount_cents", cents}}}}},
                     w.admin)
                    .contains("id"));
    };
    pay("2026-10-20", i1, 3000);
    pay("2026-11-10", i1, 4000);
    pay("2026-11-12", i2, 2000);
    std::int64_t onPlan = 0, onClient = 0;
    for (const auto& d : m.paidSinceStart(*m.get(planId)))
        onPlan += d.cents;
    for (const auto& d : m.paidSinceStart(*m.get(stopId)))
        onClient += d.cents;
    CHECK(onPlan == 4000);   // F-1 only, since 1 November
    CHECK(onClient == 6000); // every invoice of the client, since 1 November

    m.end(stopId, "2026-11-20T10:00:00Z", 1);
    CHECK(m.get(stopId)->endedAt == "2026-11-20T10:00:00Z");
    CHECK(m.get(stopId)->endedBy == 1);
    const auto open = m.list(c, true);
    REQUIRE(open.size() == 1);
    CHECK(open[0].id == planId);
    CHECK(m.list(0, false).size() == 2); // every client's
}
