// PaymentModel on payments recorded through the API: a payment read back with its
// allocations, a client's unallocated credit per currency (voided payments never count),
// what an import recognises as already recorded (same date, amount, currency and
// reference; or the reference alone), and the sum kept by triggers.
#include "core/model/payment_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

TEST_CASE("PaymentModel: allocations, credit per currency, what an import finds again, totals")
{
    test::World w;
    const auto c = w.client("C");
    const auto f1 = w.invoice(c, "F-1", 10000, "2026-10-01", "2026-09-01");
    auto record = [&](json p) {
        p["client_id"] = c;
        p["method"] = "transfer";
        const auto r = w.call("payment.record", p, w.admin);
        REQUIRE_MESSAGE(r.contains("id"), r.dump());
        return r["id"].get<std::int64_t>();
    };
    const auto p1 = record({{"date", "2026-11-02"}, {"amount_cents", 15000}, {"reference", "VIR 42"},
        {"allocations", {{{"invoice_id", f1}, {"amount_cents", 10000}}}}});
    const auto p2 = record({{"date", "2026-11-03"}, {"amount_cents", 700}, {"currency", "USD"}});
    const auto p3 = record({{"date", "2026-11-04"}, {"amount_cents", 900}});
    REQUIRE(w.call("payment.void", {{"id", p3}, {"reason", "chèque rejeté"}}, w.admin).contains("id"));

    model::PaymentModel m(*w.db);
    const auto got = m.get(p1);
    REQUIRE(got);
    REQUIRE(got->allocations.size() == 1);
    CHECK(got->allocations[0].invoiceId == f1);
    CHECK(got->allocations[0].amountCents == 10000);
    CHECK(got->unallocatedCents() == 5000);
    CHECK(m.get(p3)->unallocatedCents() == 0); // voided
    const auto credit = m.creditByCurrency(c);
    REQUIRE(credit.size() == 2);
    CHECK(credit == std::vector<std::pair<std::string, std::int64_t>>{{"EUR", 5000}, {"USD", 700}});

    CHECK(m.findSame(c, "2026-11-02", 15000, "EUR", "VIR 42") == p1);
    CHECK_FALSE(m.findSame(c, "2026-11-02", 15000, "EUR", "VIR 43"));
    CHECK_FALSE(m.findSame(c, "2026-11-04", 900, "EUR", "")); // voided: not there any more
    CHECK(m.findByReference(c, "VIR 42") == p1);
    CHECK_FALSE(m.findByReference(c, "VIR 4"));
    CHECK(m.allocationsOfInvoice(f1).size() == 1);
    CHECK(m.total() == 15000 + 700 + 900); // every amount, voided or not
    CHECK(m.get(p2)->currency == "USD");
}
