// reportService: where the money is. Every report takes an explicit date (`as_of`,
// or a period), a currency (default EUR), and optionally a collector; agents always
// get their own portfolio only. Results are plain structs (core/api encodes them).
//
//   aging(as_of)          open amounts by age: not due, 1–30, 31–60, 61–90, over 90
//                         days past due; total and per client (paged, largest first).
//                         Historical: an invoice counts as owed on as_of if issued by
//                         then, minus the payments dated on or before as_of; cancelled
//                         invoices and voided payments count as never having existed
//                         (InvoiceModel::scanOwedAsOf, shared with the invoices list).
//   dso(as_of)            days sales outstanding, count-back method: receivables on
//                         as_of are matched against the sales of the months before it,
//                         newest first, until they are used up (at most 24 months).
//   collectionRate(from, to)  cash collected in the period / (receivables the day
//                         before `from` + invoiced during the period).
//   topOverdue(as_of, n)  the n clients owing the most past due.
//   collectors(as_of, from, to)  per collector: clients, open and overdue amounts,
//                         cash collected in the period.
//   cashIn(as_of, weeks)  expected cash-in by week from due dates of open,
//                         undisputed invoices; past-due amounts shown apart.
//   trend(months, as_of)  per month end over the last `months` months (the last point
//                         is as_of itself, its month so far): receivables, overdue,
//                         count-back DSO, invoiced and collected in the month — the
//                         same figures aging(), dso() and collectionRate() give for that
//                         day, from one pass over what was owed (InvoiceModel::scanOwedSpans).
//   kpis(from, to)        the period's collection figures: opening and closing
//                         receivables, invoiced, collected; CEI = (opening + invoiced −
//                         closing) / (opening + invoiced − closing current) × 100; best
//                         possible DSO = closing current / invoiced × days of the period;
//                         DSO (count-back, as dso(to)); ADD = DSO − best possible DSO;
//                         promises due in the period kept and broken, pending on `to`;
//                         what invoices in dispute owe now. A figure whose divisor is 0
//                         is absent (null).
//   logs(query)           the system log, newest first (log.read).
// Errors: validation (as_of / from / to invalid_date, to before_from, currency
// invalid_currency, limit / offset / weeks / months out_of_range); forbidden.
// Sums cannot overflow: the portfolio's totals are bounded (InvoiceService).
#pragma once

#include "core/report/rates.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {
struct LogPage;
struct LogQuery;
} // namespace crm::model

namespace crm::service {

struct ReportScope {
    std::string currency = "EUR";
    std::optional<std::int64_t> collector; // 0 = unassigned clients
};

// Amounts by age bucket: 0 not due, 1 1–30 days, 2 31–60, 3 61–90, 4 over 90.
struct Buckets {
    std::array<std::int64_t, 5> cents{};
    std::int64_t total() const { return cents[0] + cents[1] + cents[2] + cents[3] + cents[4]; }
    std::int64_t overdue() const { return total() - cents[0]; }
};

struct ClientAging {
    std::int64_t clientId = 0;
    std::string code;
    std::string name;
    std::int64_t assignedTo = 0; // 0: nobody
    Buckets buckets;
};

struct AgingReport {
    std::string asOf;
    std::string currency;
    Buckets total;
    bool byClient = false;
    std::vector<ClientAging> clients; // the requested page, largest first
    std::int64_t clientsTotal = 0;    // clients owing something
};

struct DsoPeriod {
    std::string from; // inclusive
    std::string to;   // inclusive
    std::int64_t salesCents = 0;
    long days = 0;
};

struct DsoReport {
    std::string asOf;
    std::string currency;
    std::int64_t receivablesCents = 0;
    double dsoDays = 0;
    bool complete = false; // receivables fully matched within 24 months
    std::vector<DsoPeriod> periods;
};

struct CollectionRateReport {
    std::string from, to, currency;
    std::int64_t openingCents = 0, invoicedCents = 0, collectedCents = 0;
    double rate = 0;
    bool withRate = true; // false: openingCents and rate were not computed
};

struct TopOverdueReport {
    std::string asOf, currency;
    std::vector<ClientAging> clients;
};

struct CollectorLine {
    std::int64_t collectorId = 0; // 0: unassigned clients
    std::string email, name;
    std::int64_t clients = 0, openCents = 0, overdueCents = 0, collectedCents = 0;
    Buckets aging;                                     // what its clients owe on as_of, by age
    std::int64_t actions = 0;                          // communications with its clients in the period
    std::int64_t promisesKept = 0, promisesBroken = 0; // promises due in the period, by `to`
    // kept / (kept + broken), to three decimals; none when no promise fell due.
    std::optional<double> promisesKeptRate() const { return report::keptRate(promisesKept, promisesBroken); }
};

struct CollectorsReport {
    std::string asOf, from, to, currency;
    std::vector<CollectorLine> lines;
};

struct CashInWeek {
    std::string start, end;
    std::int64_t expectedCents = 0;
};

struct CashInReport {
    std::string asOf, currency;
    std::int64_t overdueCents = 0, laterCents = 0;
    std::vector<CashInWeek> weeks;
};

struct TrendPoint {
    std::string month; // YYYY-MM
    std::string date;  // the month's last day, or as_of for the last point
    std::int64_t receivablesCents = 0, overdueCents = 0, invoicedCents = 0, collectedCents = 0;
    double dsoDays = 0;
    // The month as report.collection_rate and report.kpis would say it (from its first day
    // to `date`): owed the day before it began, collected / (opening + invoiced), CEI.
    std::int64_t openingCents = 0;
    double collectionRate = 0;
    std::optional<double> ceiPercent;
};

struct TrendReport {
    std::string asOf, currency;
    std::vector<TrendPoint> points; // oldest first
};

struct KpiReport {
    std::string from, to, currency;
    long days = 0;
    std::int64_t openingCents = 0, invoicedCents = 0, collectedCents = 0;
    std::int64_t closingCents = 0, closingCurrentCents = 0, disputedCents = 0;
    std::optional<double> ceiPercent, bestPossibleDsoDays, addDays;
    double dsoDays = 0;
    std::int64_t promisesPending = 0, promisesPendingCents = 0, promisesKept = 0, promisesBroken = 0;
};

class ReportService {
public:
    explicit ReportService(Context& ctx) : m_ctx(ctx) { }

    Result<AgingReport> aging(const Actor& actor, const std::string& asOf, ReportScope scope, bool byClient,
        std::int64_t offset, std::int64_t limit);
    Result<DsoReport> dso(const Actor& actor, const std::string& asOf, ReportScope scope);
    Result<CollectionRateReport> collectionRate(
        const Actor& actor, const std::string& from, const std::string& to, ReportScope scope, bool withRate = true);
    Result<TopOverdueReport> topOverdue(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t n);
    Result<CollectorsReport> collectors(
        const Actor& actor, const std::string& asOf, const std::string& from, const std::string& to, ReportScope scope);
    Result<CashInReport> cashIn(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t weeks);
    Result<TrendReport> trend(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t months);
    Result<KpiReport> kpis(const Actor& actor, const std::string& from, const std::string& to, ReportScope scope);
    Result<model::LogPage> logs(const Actor& actor, const model::LogQuery& q);

private:
    std::optional<Error> prepare(const Actor& actor, ReportScope& scope);
    // Owed amounts as of `asOf` by client and bucket.
    // (client id, buckets) in id order, the clients owing something (or owed back) only.
    std::vector<std::pair<std::int64_t, Buckets>> agingByClient(const std::string& asOf, const ReportScope& scope);
    // What was owed, and overdue, on each of `days` (ascending), from one pass over what
    // was owed (InvoiceModel::scanOwedSpans): each equals aging()'s total and overdue that day.
    struct Owed {
        std::int64_t receivables = 0, overdue = 0;
    };
    std::vector<Owed> owedOn(const std::vector<std::string>& days, const ReportScope& scope);
    std::int64_t receivables(const std::string& asOf, const ReportScope& scope);
    ClientAging clientAging(std::int64_t id, const Buckets& b);
    // Promises to pay of the clients in scope, by their collector (0: unassigned): due in
    // [from, to] and kept or broken by `to`, or still pending on `to`.
    struct Promises {
        std::int64_t pending = 0, pendingCents = 0, kept = 0, broken = 0;
    };
    std::map<std::int64_t, Promises> promisesBy(
        const std::string& from, const std::string& to, const ReportScope& scope);

    Context& m_ctx;
};

} // namespace crm::service
