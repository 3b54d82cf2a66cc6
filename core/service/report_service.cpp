#include "core/service/report_service.hpp"

#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace crm::service {

namespace {

using json = nlohmann::json;

const char* const kBuckets[] = {"not_due", "1_30", "31_60", "61_90", "over_90"};

// The client filter of a scope, as SQL on a column holding a client id; binds ?9.
std::string collectorFilter(const ReportScope& s, const char* column)
{
    if (!s.collector)
        return "";
    if (*s.collector == 0)
        return std::string(" AND ") + column + " IN (SELECT id FROM clients WHERE assigned_to IS NULL)";
    return std::string(" AND ") + column + " IN (SELECT id FROM clients WHERE assigned_to = ?9)";
}

void bindCollector(db::Statement& st, const ReportScope& s)
{
    if (s.collector && *s.collector > 0)
        st.bind(9, *s.collector);
}

json bucketsJson(const std::array<std::int64_t, 5>& b)
{
    json out = json::object();
    std::int64_t total = 0;
    for (int k = 0; k < 5; ++k) {
        out[kBuckets[k]] = b[static_cast<std::size_t>(k)];
        total += b[static_cast<std::size_t>(k)];
    }
    out["total"] = total;
    out["overdue"] = total - b[0];
    return out;
}

std::optional<Error> checkDate(const char* field, const std::string& d)
{
    if (!timeutil::isValidDate(d))
        return Error::validation(field, "invalid_date", std::string(field) + " must be a date YYYY-MM-DD");
    return std::nullopt;
}

} // namespace

std::optional<Error> ReportService::prepare(const Actor& actor, ReportScope& scope)
{
    if (auto e = require(actor, Perm::ReportRead))
        return e;
    if (!isCurrencyCode(scope.currency))
        return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
    if (scopedToOwnClients(actor.role)) {
        if (scope.collector && *scope.collector != actor.userId)
            return Error{ErrorCode::Forbidden, "an agent sees their own portfolio only", {}, "forbidden"};
        scope.collector = actor.userId;
    }
    return std::nullopt;
}

std::map<std::int64_t, std::array<std::int64_t, 5>> ReportService::agingByClient(
    const std::string& asOf, const ReportScope& scope)
{
    const std::string d30 = timeutil::addDays(asOf, -30);
    const std::string d60 = timeutil::addDays(asOf, -60);
    const std::string d90 = timeutil::addDays(asOf, -90);
    std::map<std::int64_t, std::array<std::int64_t, 5>> out;
    auto bucketOf = [&](const std::string& due) {
        return due >= asOf ? 0 : due >= d30 ? 1 : due >= d60 ? 2 : due >= d90 ? 3 : 4;
    };
    // Adds rows of (client_id, due date, cents) to their client's bucket. ?1 is the
    // currency, ?2 as_of.
    auto add = [&](const std::string& sql) {
        db::Statement st(m_ctx.db, sql + collectorFilter(scope, "client_id"));
        st.bind(1, scope.currency).bind(2, asOf);
        bindCollector(st, scope);
        while (st.step())
            out[st.getInt(0)][static_cast<std::size_t>(bucketOf(st.getText(1)))] += st.getInt(2);
    };
    // A: invoices owed today, issued by as_of. A scan of the covering partial index of
    // owed invoices (no table reads); accumulated here rather than by GROUP BY, which
    // would make SQLite walk another index and read every row.
    add("SELECT client_id, due_date, amount_cents - paid_cents FROM invoices INDEXED BY invoices_open_by_due "
        "WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = ?1 AND issue_date <= ?2");
    // B: what payments dated after as_of settled was still owed on as_of. One range of
    // the allocations' own index (they carry the dates they need; cancelled invoices and
    // voided payments have no allocations left).
    add("SELECT client_id, invoice_due_date, amount_cents FROM payment_allocations "
        "INDEXED BY allocations_by_payment_date WHERE payment_date > ?2 AND currency = ?1 "
        "AND invoice_issue_date <= ?2");
    return out;
}

std::int64_t ReportService::receivables(const std::string& asOf, const ReportScope& scope)
{
    std::int64_t total = 0;
    for (const auto& [client, b] : agingByClient(asOf, scope))
        for (auto v : b)
            total += v;
    return total;
}

Result<json> ReportService::aging(const Actor& actor, const std::string& asOf, ReportScope scope, bool byClient,
    std::int64_t offset, std::int64_t limit)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (limit < 1 || limit > 1000 || offset < 0)
        return Error::validation(limit < 1 || limit > 1000 ? "limit" : "offset", "out_of_range",
            "limit is 1 to 1000 and offset not negative");
    const auto rows = agingByClient(asOf, scope);
    std::array<std::int64_t, 5> total{};
    for (const auto& [client, b] : rows)
        for (std::size_t k = 0; k < 5; ++k)
            total[k] += b[k];
    json out = {{"as_of", asOf}, {"currency", scope.currency}, {"total", bucketsJson(total)}};
    if (byClient) {
        std::vector<std::pair<std::int64_t, std::int64_t>> order; // (-total, client)
        for (const auto& [client, b] : rows) {
            std::int64_t t = 0;
            for (auto v : b)
                t += v;
            if (t != 0)
                order.push_back({-t, client});
        }
        std::sort(order.begin(), order.end());
        json clients = json::array();
        for (std::size_t k = static_cast<std::size_t>(offset);
             k < order.size() && k < static_cast<std::size_t>(offset + limit); ++k) {
            const std::int64_t id = order[k].second;
            db::Statement st(m_ctx.db, "SELECT code, name FROM clients WHERE id = ?1");
            st.bind(1, id);
            st.step();
            json row = bucketsJson(rows.at(id));
            row["client_id"] = id;
            row["code"] = st.getText(0);
            row["name"] = st.getText(1);
            clients.push_back(row);
        }
        out["clients"] = clients;
        out["clients_total"] = order.size();
    }
    return out;
}

Result<json> ReportService::dso(const Actor& actor, const std::string& asOf, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    const std::int64_t ar = receivables(asOf, scope);
    std::int64_t remaining = ar;
    double days = 0;
    json months = json::array();
    bool covered = ar == 0;
    for (int k = 0; k < 24 && remaining > 0; ++k) {
        // Period k: (as_of - (k+1) months, as_of - k months]
        const std::string to = timeutil::addMonths(asOf, -k);
        const std::string from = timeutil::addMonths(asOf, -(k + 1));
        const long periodDays = timeutil::daysBetween(from, to);
        db::Statement st(m_ctx.db,
            "SELECT coalesce(sum(amount_cents), 0) FROM invoices WHERE issue_date > ?1 "
            "AND issue_date <= ?2 AND currency = ?3 AND cancelled_at IS NULL"
                + collectorFilter(scope, "client_id"));
        st.bind(1, from).bind(2, to).bind(3, scope.currency);
        bindCollector(st, scope);
        st.step();
        const std::int64_t sales = st.getInt(0);
        months.push_back(
            {{"from", timeutil::addDays(from, 1)}, {"to", to}, {"sales_cents", sales}, {"days", periodDays}});
        if (sales <= 0) {
            days += static_cast<double>(periodDays);
            continue;
        }
        if (remaining >= sales) {
            remaining -= sales;
            days += static_cast<double>(periodDays);
        } else {
            days += static_cast<double>(periodDays) * static_cast<double>(remaining) / static_cast<double>(sales);
            remaining = 0;
        }
        covered = remaining == 0;
    }
    return json{{"as_of", asOf}, {"currency", scope.currency}, {"receivables_cents", ar},
        {"dso_days", std::round(days * 10.0) / 10.0}, {"complete", covered}, {"periods", months}};
}

Result<json> ReportService::collectionRate(
    const Actor& actor, const std::string& from, const std::string& to, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("from", from))
        return *e;
    if (auto e = checkDate("to", to))
        return *e;
    if (to < from)
        return Error::validation("to", "before_from", "the period ends before it starts");
    const std::int64_t opening = receivables(timeutil::addDays(from, -1), scope);
    db::Statement inv(m_ctx.db,
        "SELECT coalesce(sum(amount_cents), 0) FROM invoices WHERE issue_date >= ?1 "
        "AND issue_date <= ?2 AND currency = ?3 AND cancelled_at IS NULL"
            + collectorFilter(scope, "client_id"));
    inv.bind(1, from).bind(2, to).bind(3, scope.currency);
    bindCollector(inv, scope);
    inv.step();
    const std::int64_t invoiced = inv.getInt(0);
    db::Statement pay(m_ctx.db,
        "SELECT coalesce(sum(amount_cents), 0) FROM payments WHERE kind = 'payment' "
        "AND voided_at IS NULL AND date >= ?1 AND date <= ?2 AND currency = ?3"
            + collectorFilter(scope, "client_id"));
    pay.bind(1, from).bind(2, to).bind(3, scope.currency);
    bindCollector(pay, scope);
    pay.step();
    const std::int64_t collected = pay.getInt(0);
    const std::int64_t base = opening + invoiced;
    return json{{"from", from}, {"to", to}, {"currency", scope.currency}, {"opening_receivables_cents", opening},
        {"invoiced_cents", invoiced}, {"collected_cents", collected},
        {"rate",
            base > 0 ? std::round(10000.0 * static_cast<double>(collected) / static_cast<double>(base)) / 10000.0
                     : 0.0}};
}

Result<json> ReportService::topOverdue(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t n)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (n < 1 || n > 100)
        return Error::validation("limit", "out_of_range", "limit is 1 to 100");
    const auto rows = agingByClient(asOf, scope);
    std::vector<std::pair<std::int64_t, std::int64_t>> order;
    for (const auto& [client, b] : rows) {
        const std::int64_t overdue = b[1] + b[2] + b[3] + b[4];
        if (overdue > 0)
            order.push_back({-overdue, client});
    }
    std::sort(order.begin(), order.end());
    json out = json::array();
    for (std::size_t k = 0; k < order.size() && k < static_cast<std::size_t>(n); ++k) {
        const std::int64_t id = order[k].second;
        db::Statement st(m_ctx.db, "SELECT code, name, assigned_to FROM clients WHERE id = ?1");
        st.bind(1, id);
        st.step();
        json row = bucketsJson(rows.at(id));
        row["client_id"] = id;
        row["code"] = st.getText(0);
        row["name"] = st.getText(1);
        row["assigned_to"] = st.isNull(2) ? json() : json(st.getInt(2));
        out.push_back(row);
    }
    return json{{"as_of", asOf}, {"currency", scope.currency}, {"clients", out}};
}

Result<json> ReportService::collectors(
    const Actor& actor, const std::string& asOf, const std::string& from, const std::string& to, ReportScope scope)
{
    if (auto e = prepare(actor, scope))
        return *e;
    for (auto [v, field] : {std::pair{&asOf, "as_of"}, {&from, "from"}, {&to, "to"}})
        if (auto e = checkDate(field, *v))
            return *e;
    struct Line {
        std::int64_t clients = 0, open = 0, overdue = 0, collected = 0;
    };
    std::map<std::int64_t, Line> lines; // collector id (0: unassigned)
    std::map<std::int64_t, std::int64_t> collectorOf;
    {
        db::Statement st(
            m_ctx.db, "SELECT id, coalesce(assigned_to, 0) FROM clients WHERE 1" + collectorFilter(scope, "id"));
        bindCollector(st, scope);
        while (st.step()) {
            collectorOf[st.getInt(0)] = st.getInt(1);
            lines[st.getInt(1)].clients += 1;
        }
    }
    for (const auto& [client, b] : agingByClient(asOf, scope)) {
        auto& l = lines[collectorOf[client]];
        l.open += b[0] + b[1] + b[2] + b[3] + b[4];
        l.overdue += b[1] + b[2] + b[3] + b[4];
    }
    {
        db::Statement st(m_ctx.db,
            "SELECT coalesce(c.assigned_to, 0), sum(p.amount_cents) FROM payments p JOIN clients c "
            "ON c.id = p.client_id WHERE p.kind = 'payment' AND p.voided_at IS NULL "
            "AND p.date >= ?1 AND p.date <= ?2 AND p.currency = ?3"
                + collectorFilter(scope, "p.client_id") + " GROUP BY 1");
        st.bind(1, from).bind(2, to).bind(3, scope.currency);
        bindCollector(st, scope);
        while (st.step())
            lines[st.getInt(0)].collected += st.getInt(1);
    }
    json out = json::array();
    for (const auto& [id, l] : lines) {
        json row = {{"collector_id", id > 0 ? json(id) : json()}, {"clients", l.clients}, {"open_cents", l.open},
            {"overdue_cents", l.overdue}, {"collected_cents", l.collected}};
        if (id > 0) {
            db::Statement st(m_ctx.db,
                "SELECT u.email, coalesce(p.first_name, ''), coalesce(p.last_name, '') FROM "
                "users u LEFT JOIN profiles p ON p.user_id = u.id WHERE u.id = ?1");
            st.bind(1, id);
            if (st.step()) {
                row["email"] = st.getText(0);
                row["name"] = (st.getText(1) + " " + st.getText(2));
            }
        }
        out.push_back(row);
    }
    return json{{"as_of", asOf}, {"from", from}, {"to", to}, {"currency", scope.currency}, {"collectors", out}};
}

Result<json> ReportService::cashIn(const Actor& actor, const std::string& asOf, ReportScope scope, std::int64_t weeks)
{
    if (auto e = prepare(actor, scope))
        return *e;
    if (auto e = checkDate("as_of", asOf))
        return *e;
    if (weeks < 1 || weeks > 104)
        return Error::validation("weeks", "out_of_range", "weeks is 1 to 104");
    std::vector<std::int64_t> byWeek(static_cast<std::size_t>(weeks), 0);
    std::int64_t overdue = 0;
    std::int64_t later = 0;
    db::Statement st(m_ctx.db,
        "SELECT due_date, sum(amount_cents - paid_cents) FROM invoices WHERE cancelled_at IS NULL "
        "AND paid_cents < amount_cents AND currency = ?1 AND disputed = 0"
            + collectorFilter(scope, "client_id") + " GROUP BY due_date");
    st.bind(1, scope.currency);
    bindCollector(st, scope);
    while (st.step()) {
        const std::string due = st.getText(0);
        const long d = timeutil::daysBetween(asOf, due);
        if (d < 0)
            overdue += st.getInt(1);
        else if (d / 7 < weeks)
            byWeek[static_cast<std::size_t>(d / 7)] += st.getInt(1);
        else
            later += st.getInt(1);
    }
    json rows = json::array();
    for (std::int64_t k = 0; k < weeks; ++k)
        rows.push_back({{"week_start", timeutil::addDays(asOf, static_cast<long>(7 * k))},
            {"week_end", timeutil::addDays(asOf, static_cast<long>(7 * k + 6))},
            {"expected_cents", byWeek[static_cast<std::size_t>(k)]}});
    return json{{"as_of", asOf}, {"currency", scope.currency}, {"overdue_cents", overdue}, {"weeks", rows},
        {"later_cents", later}};
}

Result<json> ReportService::logs(const Actor& actor, const LogQuery& q)
{
    if (auto e = require(actor, Perm::LogRead))
        return *e;
    if (q.limit < 1 || q.limit > 1000 || q.offset < 0)
        return Error::validation(q.limit < 1 || q.limit > 1000 ? "limit" : "offset", "out_of_range",
            "limit is 1 to 1000 and offset not negative");
    if (!q.from.empty())
        if (auto e = checkDate("from", q.from))
            return *e;
    if (!q.to.empty())
        if (auto e = checkDate("to", q.to))
            return *e;
    std::string where = " WHERE 1";
    if (q.userId)
        where += " AND l.user_id = ?4";
    if (!q.entity.empty())
        where += " AND l.entity = ?5";
    if (q.entityId)
        where += " AND l.entity_id = ?6";
    if (!q.action.empty())
        where += " AND l.action = ?7";
    if (!q.from.empty())
        where += " AND l.at >= ?8";
    if (!q.to.empty())
        where += " AND l.at < ?9";
    auto bind = [&](db::Statement& st) {
        if (q.userId)
            st.bind(4, *q.userId);
        if (!q.entity.empty())
            st.bind(5, q.entity);
        if (q.entityId)
            st.bind(6, *q.entityId);
        if (!q.action.empty())
            st.bind(7, q.action);
        if (!q.from.empty())
            st.bind(8, q.from);
        if (!q.to.empty())
            st.bind(9, timeutil::addDays(q.to, 1));
    };
    db::Statement count(m_ctx.db, "SELECT count(*) FROM system_logs l" + where);
    bind(count);
    count.step();
    db::Statement st(m_ctx.db,
        "SELECT l.id, l.at, l.user_id, u.email, l.action, l.entity, l.entity_id, l.before_json, "
        "l.after_json FROM system_logs l LEFT JOIN users u ON u.id = l.user_id"
            + where + " ORDER BY l.id DESC LIMIT ?2 OFFSET ?3");
    bind(st);
    st.bind(2, q.limit).bind(3, q.offset);
    json rows = json::array();
    auto parsed = [](const std::optional<std::string>& t) { return t ? json::parse(*t, nullptr, false) : json(); };
    while (st.step())
        rows.push_back(
            {{"id", st.getInt(0)}, {"at", st.getText(1)}, {"user_id", st.isNull(2) ? json() : json(st.getInt(2))},
                {"user_email", st.isNull(3) ? json() : json(st.getText(3))}, {"action", st.getText(4)},
                {"entity", st.getText(5)}, {"entity_id", st.isNull(6) ? json() : json(st.getInt(6))},
                {"before", parsed(st.getOptionalText(7))}, {"after", parsed(st.getOptionalText(8))}});
    return json{{"rows", rows}, {"total", count.getInt(0)}};
}

} // namespace crm::service
