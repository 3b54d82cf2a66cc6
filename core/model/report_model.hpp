// ReportModel: the aggregate queries behind the reports (sums over invoices and
// payments by period, by collector, by due date). Amounts in one currency; `collector`
// restricts to that collector's clients (0: the unassigned ones). What was owed on a
// date is InvoiceModel::scanOwedAsOf. Every call throws DbError on a storage failure.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm::model {

// " AND <column> IN (clients of the collector)" (binds ?9 for a real collector).
std::string collectorFilter(std::optional<std::int64_t> collector, const char* column);
void bindCollector(db::Statement& st, std::optional<std::int64_t> collector);

class ReportModel {
public:
    explicit ReportModel(db::Database& db) : m_db(db) { }

    // Amounts of the invoices issued in [from, to] (not cancelled).
    std::int64_t invoiced(const std::string& from, const std::string& to, const std::string& currency,
        std::optional<std::int64_t> collector);
    // Money received (payments, not credit notes; not voided) dated in [from, to].
    std::int64_t collected(const std::string& from, const std::string& to, const std::string& currency,
        std::optional<std::int64_t> collector);
    // The same, per collector (0: unassigned clients).
    std::map<std::int64_t, std::int64_t> collectedByCollector(const std::string& from, const std::string& to,
        const std::string& currency, std::optional<std::int64_t> collector);
    // invoiced() and collected() day by day over [from, to]: (date, cents), days with
    // nothing left out, in date order — one index range each, for the trends' months.
    std::vector<std::pair<std::string, std::int64_t>> invoicedByDay(const std::string& from, const std::string& to,
        const std::string& currency, std::optional<std::int64_t> collector);
    std::vector<std::pair<std::string, std::int64_t>> collectedByDay(const std::string& from, const std::string& to,
        const std::string& currency, std::optional<std::int64_t> collector);
    // What invoices in dispute still owe now.
    std::int64_t disputedOwed(const std::string& currency, std::optional<std::int64_t> collector);
    // Client id -> collector (0: unassigned), for the clients in scope.
    std::map<std::int64_t, std::int64_t> collectorOfClients(std::optional<std::int64_t> collector);
    // Communications (calls, e-mails, letters, notes…) with each collector's clients that
    // took place in [from, to], by the clients' collector (0: unassigned).
    std::map<std::int64_t, std::int64_t> actionsByCollector(
        const std::string& from, const std::string& to, std::optional<std::int64_t> collector);
    // Still owed now on undisputed invoices, by due date.
    std::vector<std::pair<std::string, std::int64_t>> owedByDueDate(
        const std::string& currency, std::optional<std::int64_t> collector);

private:
    std::vector<std::pair<std::string, std::int64_t>> byDay(const std::string& sql, const std::string& from,
        const std::string& to, const std::string& currency, std::optional<std::int64_t> collector);
    // One sum: `sql` binds ?1 from, ?2 to, ?3 currency; the collector filter is appended.
    std::int64_t sum(const char* sql, const std::string& from, const std::string& to, const std::string& currency,
        std::optional<std::int64_t> collector);

    db::Database& m_db;
};

} // namespace crm::model
