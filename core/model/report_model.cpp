#include "core/model/report_model.hpp"

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
    return sum("SELECT coalesce(sum(amount_cents), 0) FROM invoices WHERE issue_date >= ?1 "
               "AND issue_date <= ?2 AND currency = ?3 AND cancelled_at IS NULL",
        from, to, currency, collector);
}

std::int64_t ReportModel::collected(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
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
    return byDay("SELECT issue_date, sum(amount_cents) FROM invoices WHERE issue_date >= ?1 AND issue_date <= ?2 "
                 "AND currency = ?3 AND cancelled_at IS NULL",
        from, to, currency, collector);
}

std::vector<std::pair<std::string, std::int64_t>> ReportModel::collectedByDay(
    const std::string& from, const std::string& to, const std::string& currency, std::optional<std::int64_t> collector)
{
    return byDay("SELECT date, sum(amount_cents) FROM payments WHERE kind = 'payment' AND voided_at IS NULL "
                 "AND date >= ?1 AND date <= ?2 AND currency = ?3",
        from, to, currency, collector);
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

} // namespace crm::model
