// French late-payment charges, case by case: the rate of each half-year plus 10 points,
// actual/365 day by day, partial payments reducing the base from their own date, one
// 40 € fee per late invoice, consumers, contract rates, a missing rate, one rounding.
#include "core/relance/charges.hpp"
#include "core/util/money.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::relance;

TEST_CASE("rounding: once, halves away from zero")
{
    CHECK(money::roundHalfUp(5, 10) == 1);
    CHECK(money::roundHalfUp(4, 10) == 0);
    CHECK(money::roundHalfUp(15, 10) == 2);
    CHECK(money::roundHalfUp(-5, 10) == -1);
    CHECK(money::roundHalfUp(-4, 10) == 0);
    CHECK(money::roundHalfUp(0, 7) == 0);
}

TEST_CASE("late-payment interest and fee, table of cases")
{
    const RateTable rates = RateTable::shipped();
    const ChargeTerms business;
    struct Case {
        const char* name;
        std::int64_t amount;
        const char* due;
        std::vector<Settlement> payments;
        const char* asOf;
        std::int64_t interest;
        std::int64_t fee;
        long days;
    };
    const Case cases[] = {
        // 10 000 € at 2.15 + 10 = 12.15 % for 30 days: 10 000 × 0.1215 × 30 / 365 = 99.863 €.
        {"30 days in 2026-H1", 1'000'000, "2026-01-31", {}, "2026-03-02", 9986, 4000, 30},
        {"not yet due", 1'000'000, "2026-03-31", {}, "2026-03-31", 0, 0, 0},
        {"one day late", 365'000, "2026-03-31", {}, "2026-04-01", 122, 4000, 1}, // 3 650 € × 12.15 % / 365 = 1.215 €
        // Across 1 July 2025: 10 days at 13.15 %, 10 days at 12.15 %.
        // 1 000 000 × (1315 × 10 + 1215 × 10) / 3 650 000 = 6 931.5 → 6 932.
        {"across a half-year with a rate change", 1'000'000, "2025-06-20", {}, "2025-07-10", 6932, 4000, 20},
        // Paid half on day 11: 10 days on 10 000 €, then 10 days on 5 000 €.
        // (1 000 000 × 10 + 500 000 × 10) × 1215 / 3 650 000 = 4 993.15 → 4 993.
        {"a partial payment reduces the base from its date", 1'000'000, "2026-01-31", {{"2026-02-11", 500'000}},
            "2026-02-20", 4993, 4000, 20},
        // Settled before any day late: nothing.
        {"paid on the due date", 1'000'000, "2026-01-31", {{"2026-01-31", 1'000'000}}, "2026-03-31", 0, 0, 0},
        // Paid late: interest up to the day before payment, the fee is owed.
        // 1 000 000 × 1215 × 10 / 3 650 000 = 3 328.77 → 3 329.
        {"paid late", 1'000'000, "2026-01-31", {{"2026-02-11", 1'000'000}}, "2026-03-31", 3329, 4000, 0},
        // 2024 is a leap year: 29 February counts as a day, still /365.
        // 1 000 000 × (450 + 1000) × 2 / 3 650 000 = 794.52 → 795.
        {"leap day", 1'000'000, "2024-02-28", {}, "2024-03-01", 795, 4000, 2},
        {"zero-rate years still owe the 10 points", 365'000, "2021-12-31", {}, "2022-01-01", 100, 4000, 1},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const LateCharges r = lateCharges(c.amount, c.due, c.payments, c.asOf, rates, business);
        CHECK(r.ok());
        CHECK(r.interestCents == c.interest);
        CHECK(r.feeCents == c.fee);
        CHECK(r.daysOverdue == c.days);
    }
}

TEST_CASE("late-payment charges: consumers, contract rates, a missing rate")
{
    const RateTable rates = RateTable::shipped();
    ChargeTerms consumer;
    consumer.consumer = true;
    auto r = lateCharges(1'000'000, "2026-01-31", {}, "2026-03-02", rates, consumer);
    CHECK(r.interestCents == 0);
    CHECK(r.feeCents == 0);
    CHECK(r.daysOverdue == 30);
    consumer.consumerCharges = true;
    consumer.contractRateBp = 500; // 5 % by contract
    r = lateCharges(1'000'000, "2026-01-31", {}, "2026-03-02", rates, consumer);
    CHECK(r.interestCents == 4110); // 10 000 € × 5 % × 30 / 365 = 41.096 €
    // Issue 23, finding 13: the 40 € fee (D441-5) is owed between professionals only, never by
    // a consumer, whatever the contract says (it was charged to consumers with contract charges).
    CHECK(r.feeCents == 0);
    ChargeTerms business;
    r = lateCharges(1'000'000, "2026-01-31", {}, "2026-03-02", rates, business);
    CHECK(r.feeCents == 4000);
    // 2026-H2 has no rate yet: an explicit problem, never a silent zero.
    r = lateCharges(1'000'000, "2026-06-20", {}, "2026-07-20", rates, ChargeTerms{});
    CHECK_FALSE(r.ok());
    CHECK(r.missingRates == std::vector<std::string>{"2026-H2"});
    CHECK(r.interestCents == 0);
    RateTable later = rates;
    later.set(2026, 2, 200);
    r = lateCharges(1'000'000, "2026-06-20", {}, "2026-07-20", later, ChargeTerms{});
    CHECK(r.ok());
    // 10 days at 12.15 % + 20 days at 12.00 %: (1215 × 10 + 1200 × 20) × 1 000 000 / 3 650 000 = 9 904.1 → 9 904.
    CHECK(r.interestCents == 9904);
}
