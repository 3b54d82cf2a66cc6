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

// Dates as day numbers (days since 1970-01-01): the day-by-day walk below does no text
// work, which matters when a plan prices tens of thousands of invoices.
long dayOf(const std::string& iso)
{
    return date::sys_days{*timeutil::parseDate(iso)}.time_since_epoch().count();
}

struct Half {
    int year = 0, half = 1;
    long lastDay = 0; // 30 June or 31 December
};

Half halfOf(long day)
{
    const date::year_month_day ymd{date::sys_days{date::days{day}}};
    Half h;
    h.year = static_cast<int>(ymd.year());
    h.half = static_cast<unsigned>(ymd.month()) <= 6 ? 1 : 2;
    const date::year_month_day end = h.half == 1 ? date::year_month_day{ymd.year(), date::June, date::day{30}}
                                                 : date::year_month_day{ymd.year(), date::December, date::day{31}};
    h.lastDay = date::sys_days{end}.time_since_epoch().count();
    return h;
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
    const long due = dayOf(dueDate), last = dayOf(asOf);
    out.daysOverdue = last > due && out.openCents > 0 ? last - due : 0;
    if (last <= due)
        return out;
    const bool charged = !terms.consumer || terms.consumerCharges;
    if (!charged)
        return out;

    std::vector<std::pair<long, std::int64_t>> paid; // (day, cents), in date order
    paid.reserve(payments.size());
    for (const auto& p : payments)
        paid.emplace_back(dayOf(p.date), p.cents);

    money::Wide numerator = 0; // cents × basis points × days
    bool late = false;
    long cursor = due + 1;
    std::size_t next = 0; // first payment not yet taken off the base
    std::int64_t base = amountCents;
    while (cursor <= last) {
        while (next < paid.size() && paid[next].first <= cursor)
            base -= paid[next++].second;
        const Half h = halfOf(cursor);
        long end = std::min(last, h.lastDay);
        if (next < paid.size() && paid[next].first <= end)
            end = paid[next].first - 1;
        const long days = end - cursor + 1;
        if (base > 0) {
            late = true;
            int rate = 0;
            if (terms.contractRateBp) {
                rate = *terms.contractRateBp;
            } else if (auto ecb = rates.rateFor(h.year, h.half)) {
                rate = *ecb + terms.marginBp;
            } else {
                const std::string name = std::to_string(h.year) + (h.half == 1 ? "-H1" : "-H2");
                if (out.missingRates.empty() || out.missingRates.back() != name)
                    out.missingRates.push_back(name);
            }
            numerator += static_cast<money::Wide>(base) * rate * days;
        }
        cursor = end + 1;
    }
    if (late && !terms.consumer) // D441-5 applies between professionals only
        out.feeCents = terms.recoveryFeeCents;
    out.interestCents = out.ok() ? money::roundHalfUp(numerator, static_cast<money::Wide>(10000) * 365) : 0;
    return out;
}

} // namespace crm::relance
