// ReportModel: the sums behind the reports — invoiced in a period (cancelled invoices
// aside), collected in a period (payments only: no credit notes, nothing voided), per
// collector (0: unassigned clients), in one currency; what is still owed by due date.
#include "core/model/report_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

TEST_CASE("ReportModel: invoiced and collected by period, currency and collector; owed by due date")
{
    test::World w;
    const auto mine = w.client("MINE", w.agentId), nobody = w.client("NOBODY");
    const auto a1 = w.invoice(mine, "A-1", 10000, "2026-10-31", "2026-10-01");
    w.invoice(mine, "A-2", 4000, "2026-11-30", "2026-11-01");
    const auto cancelled = w.invoice(nobody, "N-1", 9000, "2026-11-15", "2026-10-15");
    w.invoice(nobody, "N-2", 3000, "2026-11-20", "2026-10-20", "USD");
    REQUIRE(w.call("invoice.cancel", {{"id", cancelled}, {"reason", "erreur"}}, w.admin).contains("id"));
    auto pay = [&](std::int64_t client, const std::string& date, std::int64_t cents, json extra = json::object()) {
        extra["client_id"] = client;
        extra["date"] = date;
        extra["amount_cents"] = cents;
        extra["method"] = "transfer";
        const auto r = w.call("payment.record", extra, w.admin);
        REQUIRE_MESSAGE(r.contains("id"), r.dump());
        return r["id"].get<std::int64_t>();
    };
    pay(mine, "2026-11-05", 6000, {{"allocations", {{{"invoice_id", a1}, {"amount_cents", 6000}}}}});
    pay(nobody, "2026-11-06", 1000);
    const auto voided = pay(nobody, "2026-11-07", 500);
    REQUIRE(w.call("payment.void", {{"id", voided}, {"reason", "rejeté"}}, w.admin).contains("id"));
    REQUIRE(w.call("credit_note.create",
                 {{"client_id", mine}, {"number", "AV-1"}, {"date", "2026-11-08"}, {"amount_cents", 700},
                     {"reason", "remise"}},
                 w.admin)
                .contains("id"));

    model::ReportModel m(*w.db);
    const std::optional<std::int64_t> all;
    CHECK(m.invoiced("2026-10-01", "2026-10-31", "EUR", all) == 10000); // N-1 cancelled
    CHECK(m.invoiced("2026-10-01", "2026-11-30", "EUR", all) == 14000);
    CHECK(m.invoiced("2026-10-01", "2026-11-30", "USD", all) == 3000);
    CHECK(m.invoiced("2026-10-01", "2026-11-30", "EUR", w.agentId) == 14000);
    CHECK(m.invoiced("2026-10-01", "2026-11-30", "EUR", 0) == 0);       // the unassigned client's were cancelled
    CHECK(m.collected("2026-11-01", "2026-11-30", "EUR", all) == 7000); // no credit note, nothing voided
    CHECK(m.collected("2026-11-06", "2026-11-30", "EUR", all) == 1000);
    const auto byCollector = m.collectedByCollector("2026-11-01", "2026-11-30", "EUR", all);
    CHECK(byCollector.at(w.agentId) == 6000);
    CHECK(byCollector.at(0) == 1000);
    CHECK(m.collectorOfClients(all).at(nobody) == 0);
    CHECK(m.collectorOfClients(w.agentId).size() == 1);

    const auto owed = m.owedByDueDate("EUR", all);
    REQUIRE(owed.size() == 2);
    // A-1 less the payment's 6 000 and the credit note's 700, allocated to it oldest first.
    CHECK(owed[0] == std::pair<std::string, std::int64_t>{"2026-10-31", 3300});
    CHECK(owed[1] == std::pair<std::string, std::int64_t>{"2026-11-30", 4000});
}
