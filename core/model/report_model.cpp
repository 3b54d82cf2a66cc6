#include "core/model/report_model.hpp"

#include "core/util/time.hpp"

#include <algorithm>

namespace crm::model {

std::string collectorFilter(std::optional<std::int64_t> collector, const char* column)
{
    if (!collector)
        return "";
    if (*collector == 0)
        return std::string(" AND ") + column + " IN (SELECT id FROM clients WHERE assigned_to IS NULL)";
    return std::string(" AND ") + column + " IN (SELECT id FROM clients WHERE assigned_to = ?9)";
}

void bindCollector(db::Statement& st, std::optional<std::int64_t> collector)
{
    if (collector && *collector > 0)
        st.bind(9, *collector);
}

std::int64_t ReportModel::sum(const char* sql, const std::string& from, const std::string& to,
    const std::string& currency, std::optional<std::int64_t> collector)
{
    db::Statement st(m_db, sql + collectorFilter(collector, "client_id"));
    st.bind(1, from).bind(2, to).bind(3, currency);
    bindCollector(st, collector);
    st.step();
    return st.getInt(0);
}

std::int64_t ReportModel::invoiced(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    if (!collector)
        return sum("SELECT coalesce(sum(invoiced_cents), 0) FROM daily_totals WHERE day >= ?1 AND day <= ?2 "
                   "AND currency = ?3",
            from, to, currency, collector);
    return sum("SELECT coalesce(sum(amount_cents), 0) FROM invoices WHERE issue_date >= ?1 "
               "AND issue_date <= ?2 AND currency = ?3 AND cancelled_at IS NULL",
        from, to, currency, collector);
}

std::int64_t ReportModel::collected(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    if (!collector)
        return sum("SELECT coalesce(sum(collected_cents), 0) FROM daily_totals WHERE day >= ?1 AND day <= ?2 "
                   "AND currency = ?3",
            from, to, currency, collector);
    return sum("SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE kind = 'payment' "
               "AND voided_at IS NULL AND date >= ?1 AND date <= ?2 AND currency = ?3",
        from, to, currency, collector);
}

std::vector<std::pair<std::string, std::int64_t>> ReportModel::byDay(const std::string& sql, const std::string& from,
    const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    db::Statement st(m_db, sql + collectorFilter(collector, "client_id") + " GROUP BY 1 ORDER BY 1");
    st.bind(1, from).bind(2, to).bind(3, currency);
    bindCollector(st, collector);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (st.step())
        out.emplace_back(st.getText(0), st.getInt(1));
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> ReportModel::invoicedByDay(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    if (!collector)
        return byDay("SELECT day, sum(invoiced_cents) FROM daily_totals WHERE day >= ?1 AND day <= ?2 "
                     "AND currency = ?3 AND invoiced_cents <> 0",
            from, to, currency, collector);
    return byDay("SELECT issue_date, sum(amount_cents) FROM invoices WHERE issue_date >= ?1 AND issue_date <= ?2 "
                 "AND currency = ?3 AND cancelled_at IS NULL",
        from, to, currency, collector);
}

std::vector<std::pair<std::string, std::int64_t>> ReportModel::collectedByDay(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    if (!collector)
        return byDay("SELECT day, sum(collected_cents) FROM daily_totals WHERE day >= ?1 AND day <= ?2 "
                     "AND currency = ?3 AND collected_cents <> 0",
            from, to, currency, collector);
    return byDay("SELECT date, sum(amount_cents) FROM payments WHERE kind = 'payment' AND voided_at IS NULL "
                 "AND date >= ?1 AND date <= ?2 AND currency = ?3",
        from, to, currency, collector);
}

std::vector<ReportModel::OwedChange> ReportModel::owedChanges(const std::string& to, const std::string& currency)
{
    db::Statement st(m_db,
        "SELECT day, owed_cents, overdue_cents FROM daily_totals WHERE currency = ?1 AND day <= ?2 "
        "AND (owed_cents <> 0 OR overdue_cents <> 0) ORDER BY day");
    st.bind(1, currency).bind(2, to);
    std::vector<OwedChange> out;
    while (st.step())
        out.push_back({st.getText(0), st.getInt(1), st.getInt(2)});
    return out;
}

std::int64_t ReportModel::disputedOwed(const std::string& currency, std::optional<std::int64_t> collector)
{
    db::Statement st(m_db,
        "SELECT coalesce(sum(amount_cents - paid_cents), 0) FROM invoices INDEXED BY invoices_disputed_by_client "
        "WHERE disputed = 1 AND cancelled_at IS NULL AND paid_cents < amount_cents AND currency = ?1"
            + collectorFilter(collector, "client_id"));
    st.bind(1, currency);
    bindCollector(st, collector);
    st.step();
    return st.getInt(0);
}

std::map<std::int64_t, std::int64_t> ReportModel::collectedByCollector(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    db::Statement st(m_db,
        "SELECT coalesce(c.assigned_to, 0), sum(p.amount_cents) FROM payments p JOIN clients c "
        "ON c.id = p.client_id WHERE p.kind = 'payment' AND p.voided_at IS NULL "
        "AND p.date >= ?1 AND p.date <= ?2 AND p.currency = ?3"
            + collectorFilter(collector, "p.client_id") + " GROUP BY 1");
    st.bind(1, from).bind(2, to).bind(3, currency);
    bindCollector(st, collector);
    std::map<std::int64_t, std::int64_t> out;
    while (st.step())
        out[st.getInt(0)] += st.getInt(1);
    return out;
}

std::map<std::int64_t, std::int64_t> ReportModel::actionsByCollector(
    const std::string& from, const std::string& to, std::optional<std::int64_t> collector)
{
    // occurred_at is a timestamp: the period's last day counts whole.
    db::Statement st(m_db,
        "SELECT coalesce(c.assigned_to, 0), count(*) FROM communications m JOIN clients c ON c.id = m.client_id "
        "WHERE m.occurred_at >= ?1 AND m.occurred_at < date(?2, '+1 day')"
            + collectorFilter(collector, "m.client_id") + " GROUP BY 1");
    st.bind(1, from).bind(2, to);
    bindCollector(st, collector);
    std::map<std::int64_t, std::int64_t> out;
    while (st.step())
        out[st.getInt(0)] += st.getInt(1);
    return out;
}

std::int64_t ReportModel::clientCount()
{
    db::Statement st(m_db, "SELECT count(*) FROM clients");
    st.step();
    return st.getInt(0);
}

std::map<std::int64_t, std::int64_t> ReportModel::collectorOfClients(std::optional<std::int64_t> collector)
{
    db::Statement st(
        m_db, "SELECT id, coalesce(assigned_to, 0) FROM clients WHERE 1" + collectorFilter(collector, "id"));
    bindCollector(st, collector);
    std::map<std::int64_t, std::int64_t> out;
    while (st.step())
        out[st.getInt(0)] = st.getInt(1);
    return out;
}

std::vector<std::pair<std::string, std::int64_t>> ReportModel::owedByDueDate(
    const std::string& currency, std::optional<std::int64_t> collector)
{
    db::Statement st(m_db,
        "SELECT due_date, sum(amount_cents - paid_cents) FROM invoices WHERE cancelled_at IS NULL "
        "AND paid_cents < amount_cents AND currency = ?1 AND disputed = 0"
            + collectorFilter(collector, "client_id") + " GROUP BY due_date");
    st.bind(1, currency);
    bindCollector(st, collector);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (st.step())
        out.push_back({st.getText(0), st.getInt(1)});
    return out;
}

// [SECTION] DailyTotalsTally

DailyTotalsTally::Sums& DailyTotalsTally::at(std::string_view currency, long day)
{
    auto c = std::find(m_currencies.begin(), m_currencies.end(), currency);
    if (c == m_currencies.end())
        c = m_currencies.insert(m_currencies.end(), std::string(currency));
    const auto index = static_cast<std::uint64_t>(c - m_currencies.begin());
    return m_days[(index << 32) | static_cast<std::uint32_t>(day - timeutil::kNoDay)];
}

void DailyTotalsTally::invoice(std::string_view currency, std::string_view issue, std::string_view due,
    std::int64_t amount, std::int64_t paid, bool cancelled)
{
    if (cancelled)
        return;
    Sums& issued = at(currency, timeutil::dayNumber(issue));
    issued.owed += amount - paid;
    issued.invoiced += amount;
    at(currency, timeutil::dayNumber(due) + 1).overdue += amount - paid;
}

void DailyTotalsTally::allocation(std::string_view currency, std::string_view issue, std::string_view due,
    std::string_view paymentDate, std::int64_t amount)
{
    const long issued = timeutil::dayNumber(issue), late = timeutil::dayNumber(due) + 1,
               paid = timeutil::dayNumber(paymentDate);
    at(currency, issued).owed += amount;
    at(currency, std::max(issued, paid)).owed -= amount;
    at(currency, late).overdue += amount;
    at(currency, std::max(late, paid)).overdue -= amount;
}

void DailyTotalsTally::payment(std::string_view currency, std::string_view date, std::int64_t amount, bool collected)
{
    if (collected)
        at(currency, timeutil::dayNumber(date)).collected += amount;
}

void DailyTotalsTally::replaceIn(db::Database& db) const
{
    db.exec("DELETE FROM daily_totals");
    db::Statement st(db,
        "INSERT INTO daily_totals (currency, day, owed_cents, overdue_cents, invoiced_cents, collected_cents) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    for (const auto& [key, sums] : m_days) {
        st.reset();
        st.bind(1, m_currencies[key >> 32]);
        st.bind(2, timeutil::dateOfDayNumber(static_cast<long>(key & 0xffffffffU) + timeutil::kNoDay));
        st.bind(3, sums.owed).bind(4, sums.overdue).bind(5, sums.invoiced).bind(6, sums.collected);
        st.run();
    }
}

} // namespace crm::model
