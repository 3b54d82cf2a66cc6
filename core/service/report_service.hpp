// reportService: where the money is. Every report takes an explicit date (`as_of`,
// or a period), a currency (default EUR), and optionally a collector; agents always
// get their own portfolio only.
//
//   aging(as_of)          open amounts by age: not due, 1–30, 31–60, 61–90, over 90
//                         days past due; total and per client (paged, largest first).
//                         Historical: an invoice counts as owed on as_of if issued by
//                         then, minus the payments dated on or before as_of; cancelled
//                         invoices and voided payments count as never having existed.
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
#pragma once

#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <map>

#include <optional>
#include <string>

namespace crm::service {

struct ReportScope {
    std::string currency = "EUR";
    std::optional<std::int64_t> collector; // 0 = unassigned clients
};

class ReportService {
public:
    explicit ReportService(Context& ctx) : m_ctx(ctx) { }

    Result<nlohmann::json> aging(const Actor& actor, const std::string& asOf, ReportScope scope, bool byClient,
        std::int64_t offset, std::int64_t limit);
    Result<nlohmann::json> dso(const Actor& actor, const std::string& asOf, ReportScope scope);
    Result<nlohmann::json> collectionRate(
        const Actor& actor, const std::string& from, const std::string& to, ReportScope scope);
    Result<nlohmann::json> topOverdue(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t n);
    Result<nlohmann::json> collectors(
        const Actor& actor, const std::string& asOf, const std::string& from, const std::string& to, ReportScope scope);
    Result<nlohmann::json> cashIn(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t weeks);

    // The system log, newest first. Filters: user, entity (+ id), action, period.
    struct LogQuery {
        std::optional<std::int64_t> userId;
        std::string entity;
        std::optional<std::int64_t> entityId;
        std::string action;
        std::string from; // date, inclusive
        std::string to;   // date, inclusive
        std::int64_t offset = 0;
        std::int64_t limit = 50;
    };
    Result<nlohmann::json> logs(const Actor& actor, const LogQuery& q);

private:
    std::optional<Error> prepare(const Actor& actor, ReportScope& scope);
    // Owed amounts as of `asOf` by client and bucket (0 not due ... 4 over 90).
    std::map<std::int64_t, std::array<std::int64_t, 5>> agingByClient(
        const std::string& asOf, const ReportScope& scope);
    std::int64_t receivables(const std::string& asOf, const ReportScope& scope);

    Context& m_ctx;
};

} // namespace crm::service
