#include "core/relance/charges.hpp"

#include "core/util/money.hpp"
#include "core/util/time.hpp"

#include <algorithm>

namespace crm::relance {

RateTable RateTable::shipped()
{
    RateTable t;
    for (int y = 2020; y <= 2022; ++y) {
        t.set(y, 1, 0);
        t.set(y, 2, 0);
    }
    t.set(2023, 1, 250);
    t.set(2023, 2, 400);
    t.set(2024, 1, 450);
    t.set(2024, 2, 425);
    t.set(2025, 1, 315);
    t.set(2025, 2, 215);
    t.set(2026, 1, 215);
    return t;
}

void RateTable::set(int year, int half, int basisPoints)
{
    m_rates[{year, half}] = basisPoints;
}

std::optional<int> RateTable::rateFor(int year, int half) const
{
    auto it = m_rates.find({year, half});
    if (it == m_rates.end())
        return std::nullopt;
    return it->second;
}

namespace {

int yearOf(const std::string& d)
{
    return std::stoi(d.substr(0, 4));
}
int halfOf(const std::string& d)
{
    return d.substr(5, 2) <= "06" ? 1 : 2;
}
std::string halfYearEnd(const std::string& d)
{
    return d.substr(0, 4) + (halfOf(d) == 1 ? "-06-30" : "-12-31");
}

} // namespace

LateCharges lateCharges(std::int64_t amountCents, const std::string& dueDate, std::vector<Settlement> payments,
    const std::string& asOf, const RateTable& rates, const ChargeTerms& terms)
{
    std::sort(
        payments.begin(), payments.end(), [](const Settlement& a, const Settlement& b) { return a.date < b.date; });
    LateCharges out;
    std::int64_t paidByAsOf = 0;
    for (const auto& p : payments)
        if (p.date <= asOf)
            paidByAsOf += p.cents;
    out.openCents = std::max<std::int64_t>(0, amountCents - paidByAsOf);
    out.daysOverdue = asOf > dueDate && out.openCents > 0 ? timeutil::daysBetween(dueDate, asOf) : 0;
    if (asOf <= dueDate)
        return out;
    const bool charged = !terms.consumer || terms.consumerCharges;
    if (!charged)
        return out;

    money::Wide numerator = 0; // cents × basis points × days
    bool late = false;
    std::string cursor = timeutil::addDays(dueDate, 1);
    std::size_t next = 0; // first payment dated after the cursor's base
    std::int64_t base = amountCents;
    while (cursor <= asOf) {
        while (next < payments.size() && payments[next].date <= cursor)
            base -= payments[next++].cents;
        std::string end = std::min(asOf, halfYearEnd(cursor));
        if (next < payments.size() && payments[next].date <= end)
            end = timeutil::addDays(payments[next].date, -1);
        const long days = timeutil::daysBetween(cursor, end) + 1;
        if (base > 0) {
            late = true;
            int rate = 0;
            if (terms.contractRateBp) {
                rate = *terms.contractRateBp;
            } else if (auto ecb = rates.rateFor(yearOf(cursor), halfOf(cursor))) {
                rate = *ecb + terms.marginBp;
            } else {
                const std::string name = cursor.substr(0, 4) + (halfOf(cursor) == 1 ? "-H1" : "-H2");
                if (out.missingRates.empty() || out.missingRates.back() != name)
                    out.missingRates.push_back(name);
            }
            numerator += static_cast<money::Wide>(base) * rate * days;
        }
        cursor = timeutil::addDays(end, 1);
    }
    if (late)
        out.feeCents = terms.recoveryFeeCents;
    out.interestCents = out.ok() ? money::roundHalfUp(numerator, static_cast<money::Wide>(10000) * 365) : 0;
    return out;
}

} // namespace crm::relance
