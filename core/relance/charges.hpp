// French late-payment charges (Code de commerce L441-10 and D441-5), as pure functions.
//
// Interest accrues day by day on what is still unpaid, from the day after the due date
// up to and including `asOf`, at the ECB main refinancing rate in force on 1 January
// (for January–June) or 1 July (for July–December) plus 10 points — or at the rate the
// client's contract sets. A payment reduces the base from its own date (no interest on
// that part for that day). Day count actual/365, leap years included (the rate is an
// annual rate; 365 is the convention of the legal-interest decree and of most French
// accounting packages, so our figures match theirs). The exact amount is kept as a
// 128-bit fraction and rounded once, at the end, by money::roundHalfUp.
//
// One fixed recovery fee of 40 € per late invoice (D441-5), between professionals only:
// never for a consumer, whatever the contract. Consumers owe interest only when their
// contract sets charges (consumerCharges, at the contract's rate or the legal one).
//
// A half-year with no rate in the table is reported in `missingRates` ("2027-H1"): the
// interest is then not computed (0 with ok() false), never silently taken as zero.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm::relance {

// ECB rates by half-year, in basis points (2.15 % = 215).
class RateTable {
public:
    // The values shipped with the product: 0 % every half-year of 2020–2022, then
    // 2023-H1 2.50, 2023-H2 4.00, 2024-H1 4.50, 2024-H2 4.25, 2025-H1 3.15, 2025-H2 2.15,
    // 2026-H1 2.15 (percent).
    static RateTable shipped();
    void set(int year, int half, int basisPoints); // half: 1 (January) or 2 (July)
    std::optional<int> rateFor(int year, int half) const;
    const std::map<std::pair<int, int>, int>& all() const { return m_rates; }

private:
    std::map<std::pair<int, int>, int> m_rates;
};

// The legal rate is the ECB rate plus these 10 points (L441-10): the engine's charges and the
// rates rate.list shows (legal_rate_bp) alike.
constexpr int kLegalMarginBp = 1000;

struct ChargeTerms {
    bool consumer = false;                // customer_type = consumer
    bool consumerCharges = false;         // the consumer's contract sets charges
    std::optional<int> contractRateBp;    // replaces "ECB + 10 points" when set
    int marginBp = kLegalMarginBp;        // the 10 points
    std::int64_t recoveryFeeCents = 4000; // 40 €
};

struct Settlement {
    std::string date; // YYYY-MM-DD
    std::int64_t cents = 0;
};

struct LateCharges {
    long daysOverdue = 0;
    std::int64_t openCents = 0; // still unpaid on asOf
    std::int64_t interestCents = 0;
    std::int64_t feeCents = 0;
    std::vector<std::string> missingRates; // half-years without a rate ("2027-H1")
    bool ok() const { return missingRates.empty(); }
};

// The charges of one invoice of `amountCents` due on `dueDate`, settled by `payments`
// (allocations and credit notes, any order), as of `asOf`. Dates must be valid.
LateCharges lateCharges(std::int64_t amountCents, const std::string& dueDate, std::vector<Settlement> payments,
    const std::string& asOf, const RateTable& rates, const ChargeTerms& terms);

} // namespace crm::relance
