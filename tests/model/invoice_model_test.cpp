// InvoiceModel on rows made through the API: the list's filters, sorts and totals (the
// count kept by triggers when nothing filters), its age buckets as of a past date (the
// owed-as-of scan once a later payment changed what was owed), the invoices owed by a
// client for allocation, and the sums kept by triggers.
#include "core/model/invoice_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

namespace {

std::vector<std::string> numbers(const model::InvoicePage& page)
{
    std::vector<std::string> out;
    for (const auto& i : page.rows)
        out.push_back(i.number);
    return out;
}

} // namespace

TEST_CASE("InvoiceModel: list sorts, filters and totals; buckets as of a past date; owed by client")
{
    test::World w;
    const auto c = w.client("C"), d = w.client("D");
    const auto f1 = w.invoice(c, "F-1", 10000, "2026-09-01", "2026-08-01");
    w.invoice(c, "F-2", 5000, "2026-10-20", "2026-08-01");
    w.invoice(d, "F-3", 2000, "2026-12-01", "2026-11-01", "USD");
    w.invoice(d, "F-4", 7000, "2026-11-01", "2026-10-01");
    // F-1 paid in full on 10 November: owed on 1 November, not today.
    REQUIRE(w.call("payment.record",
                 {{"client_id", c}, {"date", "2026-11-10"}, {"amount_cents", 10000}, {"method", "transfer"},
                     {"allocations", {{{"invoice_id", f1}, {"amount_cents", 10000}}}}},
                 w.admin)
                .contains("id"));
    model::InvoiceModel m(*w.db);
    CHECK(m.total() == 24000); // every amount, whatever the currency or payments

    model::InvoiceQuery q;
    CHECK(numbers(m.list(q)) == std::vector<std::string>{"F-1", "F-2", "F-4", "F-3"}); // due date
    CHECK(m.list(q).total == 4);
    q.sort = model::InvoiceSort::Amount;
    q.desc = true;
    CHECK(numbers(m.list(q)) == std::vector<std::string>{"F-1", "F-4", "F-2", "F-3"});
    q.sort = model::InvoiceSort::Open; // open: amount less what was paid
    CHECK(numbers(m.list(q)) == std::vector<std::string>{"F-4", "F-2", "F-3", "F-1"});
    q.sort = model::InvoiceSort::IssueDate;
    q.desc = false;
    CHECK(numbers(m.list(q)).back() == "F-3");
    q = {};
    q.status = "paid";
    CHECK(numbers(m.list(q)) == std::vector<std::string>{"F-1"});
    CHECK(m.list(q).total == 1);
    q = {};
    q.numberPrefix = "f-";
    CHECK(m.list(q).total == 4); // numbers compare without case
    q.withTotal = false;
    CHECK(m.list(q).total == -1);

    // Over 60 days late on 1 November: F-1 (due 1 September), though paid since.
    CHECK(m.paidAfter("2026-11-01"));
    CHECK_FALSE(m.paidAfter("2026-11-10"));
    q = {};
    q.bucket = "61_90";
    q.asOf = "2026-11-01";
    CHECK(numbers(m.list(q)) == std::vector<std::string>{"F-1"});
    q.asOf = "2026-11-24"; // today nothing of F-1 is owed; F-2 is 35 days late
    CHECK(numbers(m.list(q)).empty());
    q.bucket = "31_60";
    CHECK(numbers(m.list(q)) == std::vector<std::string>{"F-2"});

    // For allocation: what a client owes in a currency, oldest due first.
    const auto owed = m.owedByClient(d, "EUR", false);
    REQUIRE(owed.size() == 1);
    CHECK(owed[0].number == "F-4");
    CHECK(m.owedByClient(d, "USD", false).size() == 1);
    CHECK(m.owedByClient(c, "EUR", false).size() == 1); // F-2 only: F-1 is paid
    CHECK(m.clientOf(f1) == c);
    CHECK_FALSE(m.clientOf(999));
    CHECK(m.findIdByNumber("F-1") == f1);
}
