// ReportModel: the aggregate queries behind the reports (sums over invoices and
// payments by period, by collector, by due date). Amounts in one currency; `collector`
// restricts to that collector's clients (0: the unassigned ones). What was owed on a
// date is InvoiceModel::scanOwedAsOf. Over the whole portfolio (no collector) the sums by
// day come from daily_totals (schema/0012), kept by triggers: a few thousand rows instead
// of the invoices. Every call throws DbError on a storage failure.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
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
    // The portfolio's owed and overdue amounts' changes by day, on the days <= `to`, in
    // date order: what is owed (overdue) on D is the sum of the changes on the days <= D —
    // exactly what InvoiceModel::scanOwedSpans adds up, for all the clients at once.
    struct OwedChange {
        std::string day;
        std::int64_t owed, overdue;
    };
    std::vector<OwedChange> owedChanges(const std::string& to, const std::string& currency);
    // What invoices in dispute still owe now.
    std::int64_t disputedOwed(const std::string& currency, std::optional<std::int64_t> collector);
    // How many clients there are.
    std::int64_t clientCount();
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

// daily_totals (schema/0012) added up from rows as they are read or made — by the snapshot
// import, which loads without triggers and would spend seconds computing the view
// daily_totals_from_sources from a million invoices afterwards, and by the generator. The same definitions as
// the migration's triggers and view (a test compares them): dates valid, as checked.
class DailyTotalsTally {
public:
    void invoice(std::string_view currency, std::string_view issue, std::string_view due, std::int64_t amount,
        std::int64_t paid, bool cancelled);
    void allocation(std::string_view currency, std::string_view issue, std::string_view due,
        std::string_view paymentDate, std::int64_t amount);
    void payment(std::string_view currency, std::string_view date, std::int64_t amount, bool collected);
    // Replaces daily_totals' rows by the tally's.
    void replaceIn(db::Database& db) const;

private:
    struct Sums {
        std::int64_t owed = 0, overdue = 0, invoiced = 0, collected = 0;
    };
    Sums& at(std::string_view currency, long day);

    std::vector<std::string> m_currencies;          // a handful: looked up in order
    std::unordered_map<std::uint64_t, Sums> m_days; // (currency's index, day number)
};

} // namespace crm::model
