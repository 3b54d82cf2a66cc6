#include "core/model/client_model.hpp"

#include "core/model/invoice_model.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

constexpr const char* kColumns
    = "c.id, c.code, c.name, c.email, c.phone, c.address, c.siret, c.created_at, c.updated_at, c.assigned_to, "
      "c.contact_name, c.segment, c.tags, c.payment_terms_days, c.credit_limit_cents, c.risk_level, c.status, "
      "c.customer_type, c.language, c.contract_rate_bp, c.contract_charges, c.scenario_id, c.stage";
constexpr int kClientColumnCount = 23; // the columns above; a list's amounts follow them

std::vector<std::string> splitTags(const std::string& stored)
{
    std::vector<std::string> out;
    std::string cur;
    for (char ch : stored) {
        if (ch == ',') {
            if (!cur.empty())
                out.push_back(cur);
            cur.clear();
        } else {
            cur += ch;
        }
    }
    if (!cur.empty())
        out.push_back(cur);
    return out;
}

std::string joinTags(const std::vector<std::string>& tags)
{
    if (tags.empty())
        return "";
    std::string out = ",";
    for (const auto& t : tags)
        out += t + ",";
    return out;
}

Client readClient(const db::Statement& st)
{
    Client c;
    c.id = st.getInt(0);
    c.code = st.getText(1);
    c.name = st.getText(2);
    c.email = st.getText(3);
    c.phone = st.getText(4);
    c.address = st.getText(5);
    c.siret = st.getOptionalText(6).value_or("");
    c.createdAt = st.getText(7);
    c.updatedAt = st.getText(8);
    c.assignedTo = st.isNull(9) ? 0 : st.getInt(9);
    c.contactName = st.getText(10);
    c.segment = st.getText(11);
    c.tags = splitTags(st.getText(12));
    c.paymentTermsDays = st.getInt(13);
    if (!st.isNull(14))
        c.creditLimitCents = st.getInt(14);
    c.riskLevel = st.getText(15);
    c.status = st.getText(16);
    c.customerType = st.getText(17);
    c.language = st.getText(18);
    if (!st.isNull(19))
        c.contractRateBp = st.getInt(19);
    c.contractCharges = st.getInt(20) != 0;
    c.scenarioId = st.isNull(21) ? 0 : st.getInt(21);
    c.stage = st.getText(22);
    return c;
}

std::string searchKey(const Client& c)
{
    return text::foldForSearch(c.code + " " + c.name);
}

// HELD: a hold not ended (a stop not past its end) or an invoice in dispute (the small
// index of disputed invoices still owed, 0009).
#define HELD                                                                                                           \
    "EXISTS (SELECT 1 FROM holds h WHERE h.client_id = c.id AND h.ended_at IS NULL "                                   \
    "AND (h.until IS NULL OR h.until >= ?8)) OR EXISTS (SELECT 1 FROM invoices i WHERE i.client_id = c.id "            \
    "AND i.cancelled_at IS NULL AND i.paid_cents < i.amount_cents AND i.disputed = 1)"

const char* orderBy(ClientSort sort, bool desc)
{
    switch (sort) {
    case ClientSort::Name: return desc ? "c.sort_name DESC, c.id DESC" : "c.sort_name, c.id";
    case ClientSort::Code: return desc ? "c.code DESC, c.id DESC" : "c.code, c.id";
    case ClientSort::Email: return desc ? "c.email DESC, c.id DESC" : "c.email, c.id";
    case ClientSort::CreatedAt: return desc ? "c.created_at DESC, c.id DESC" : "c.created_at, c.id";
    case ClientSort::UpdatedAt: return desc ? "c.updated_at DESC, c.id DESC" : "c.updated_at, c.id";
    case ClientSort::OpenAmount: return desc ? "s.open_cents DESC, s.client_id DESC" : "s.open_cents, s.client_id";
    case ClientSort::OverdueAmount:
        return desc ? "s.overdue_cents DESC, s.client_id DESC" : "s.overdue_cents, s.client_id";
    // Clients owing nothing last either way (the stats' two indexes, 0009).
    case ClientSort::OldestDue:
        return desc ? "s.oldest_due IS NULL, s.oldest_due DESC, s.client_id DESC"
                    : "s.oldest_due IS NULL, s.oldest_due, s.client_id";
    }
    return "c.sort_name, c.id";
}

void bindClient(db::Statement& st, const Client& c)
{
    st.bind(2, c.code).bind(3, c.name).bind(4, c.email).bind(5, c.phone).bind(6, c.address);
    if (c.siret.empty())
        st.bindNull(7);
    else
        st.bind(7, c.siret);
    st.bind(8, searchKey(c)).bind(9, text::foldForSearch(c.name)).bind(10, c.updatedAt);
    st.bindIdOrNull(11, c.assignedTo);
    st.bind(12, c.contactName).bind(13, c.segment).bind(14, joinTags(c.tags)).bind(15, c.paymentTermsDays);
    if (c.creditLimitCents)
        st.bind(16, *c.creditLimitCents);
    else
        st.bindNull(16);
    st.bind(17, c.riskLevel).bind(18, c.status);
    st.bind(19, c.customerType).bind(20, c.language);
    if (c.contractRateBp)
        st.bind(21, *c.contractRateBp);
    else
        st.bindNull(21);
    st.bind(22, c.contractCharges ? 1 : 0).bindIdOrNull(23, c.scenarioId).bind(24, c.stage);
}

// A client's amounts (EUR) and its oldest owed due date (any currency), as of ?2.
// Through the open invoices' partial index, which holds every column read: SQLite chose
// invoices_by_client and read each of the client's invoices from the table (~350 µs a
// client on a million invoices, against ~20 µs; every payment recorded pays it).
const char* kStatsSql
    = "SELECT coalesce(sum(amount_cents - paid_cents), 0), "
      "coalesce(sum(CASE WHEN due_date < ?2 THEN amount_cents - paid_cents ELSE 0 END), 0), "
      "(SELECT min(due_date) FROM invoices INDEXED BY invoices_open_by_client WHERE client_id = ?1 "
      "AND cancelled_at IS NULL AND paid_cents < amount_cents AND issue_date <= ?2) "
      "FROM invoices INDEXED BY invoices_open_by_client WHERE client_id = ?1 AND cancelled_at IS NULL "
      "AND paid_cents < amount_cents AND currency = 'EUR' AND issue_date <= ?2";

} // namespace

nlohmann::json toJson(const Client& c)
{
    return {{"id", c.id}, {"code", c.code}, {"name", c.name}, {"email", c.email}, {"phone", c.phone},
        {"address", c.address}, {"siret", c.siret},
        {"assigned_to", c.assignedTo > 0 ? nlohmann::json(c.assignedTo) : nlohmann::json()},
        {"contact_name", c.contactName}, {"segment", c.segment}, {"tags", c.tags},
        {"payment_terms_days", c.paymentTermsDays},
        {"credit_limit_cents", c.creditLimitCents ? nlohmann::json(*c.creditLimitCents) : nlohmann::json()},
        {"risk_level", c.riskLevel}, {"status", c.status}, {"customer_type", c.customerType}, {"language", c.language},
        {"contract_rate_bp", c.contractRateBp ? nlohmann::json(*c.contractRateBp) : nlohmann::json()},
        {"contract_charges", c.contractCharges},
        {"scenario_id", c.scenarioId > 0 ? nlohmann::json(c.scenarioId) : nlohmann::json()}, {"stage", c.stage},
        {"created_at", c.createdAt}, {"updated_at", c.updatedAt}};
}

std::int64_t ClientModel::insert(const Client& c)
{
    db::Statement st(m_db,
        "INSERT INTO clients (created_at, code, name, email, phone, address, siret, search_key, "
        "sort_name, updated_at, assigned_to, contact_name, segment, tags, payment_terms_days, "
        "credit_limit_cents, risk_level, status, customer_type, language, contract_rate_bp, contract_charges, "
        "scenario_id, stage, code_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
        "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, crm_fold(?2))");
    st.bind(1, c.createdAt);
    bindClient(st, c);
    st.run();
    const std::int64_t id = m_db.lastInsertRowid();
    db::Statement stats(m_db,
        "INSERT INTO client_stats (client_id, as_of) "
        "SELECT ?1, as_of FROM client_stats WHERE client_id = 0");
    stats.bind(1, id).run();
    return id;
}

bool ClientModel::update(const Client& c)
{
    db::Statement st(m_db,
        "UPDATE clients SET code = ?2, code_key = crm_fold(?2), name = ?3, email = ?4, phone = ?5, address = ?6, "
        "siret = ?7, search_key = ?8, sort_name = ?9, updated_at = ?10, assigned_to = ?11, "
        "contact_name = ?12, segment = ?13, tags = ?14, payment_terms_days = ?15, "
        "credit_limit_cents = ?16, risk_level = ?17, status = ?18, customer_type = ?19, language = ?20, "
        "contract_rate_bp = ?21, contract_charges = ?22, scenario_id = ?23, stage = ?24 WHERE id = ?1");
    st.bind(1, c.id);
    bindClient(st, c);
    st.run();
    return m_db.changes() > 0;
}

bool ClientModel::remove(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM clients WHERE id = ?1");
    st.bind(1, id).run();
    const bool removed = m_db.changes() > 0;
    db::Statement stats(m_db, "DELETE FROM client_stats WHERE client_id = ?1");
    stats.bind(1, id).run();
    return removed;
}

std::optional<Client> ClientModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kColumns + " FROM clients c WHERE c.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readClient(st);
}

std::optional<std::int64_t> ClientModel::findIdByCode(const std::string& code)
{
    db::Statement st(m_db, "SELECT id FROM clients WHERE code_key = crm_fold(?1)");
    st.bind(1, code);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

std::optional<std::int64_t> ClientModel::collectorOf(std::int64_t id)
{
    db::Statement st(m_db, "SELECT coalesce(assigned_to, 0) FROM clients WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

bool ClientModel::portfolioEmpty()
{
    db::Statement st(m_db,
        "SELECT NOT EXISTS (SELECT 1 FROM clients) AND NOT EXISTS (SELECT 1 FROM invoices) "
        "AND NOT EXISTS (SELECT 1 FROM payments)");
    st.step();
    return st.getInt(0) != 0;
}

bool ClientModel::hasInvoicesOrPayments(std::int64_t id)
{
    db::Statement st(m_db,
        "SELECT EXISTS (SELECT 1 FROM invoices WHERE client_id = ?1) "
        "OR EXISTS (SELECT 1 FROM payments WHERE client_id = ?1) "
        "OR EXISTS (SELECT 1 FROM communications WHERE client_id = ?1) "
        "OR EXISTS (SELECT 1 FROM documents WHERE client_id = ?1)");
    st.bind(1, id);
    st.step();
    return st.getInt(0) != 0;
}

void ClientModel::refreshStats(const std::string& asOf, bool force)
{
    if (!force) {
        db::Statement meta(m_db, "SELECT as_of FROM client_stats WHERE client_id = 0");
        if (meta.step() && meta.getText(0) == asOf)
            return;
    }
    m_db.exec("DELETE FROM client_stats");
    db::Statement all(m_db,
        "INSERT INTO client_stats (client_id, as_of, open_cents, overdue_cents, oldest_due) "
        "SELECT c.id, ?1, coalesce(o.open_cents, 0), coalesce(o.overdue_cents, 0), d.oldest_due FROM clients c "
        "LEFT JOIN (SELECT client_id, sum(amount_cents - paid_cents) AS open_cents, "
        "  sum(CASE WHEN due_date < ?1 THEN amount_cents - paid_cents ELSE 0 END) AS overdue_cents "
        "  FROM invoices WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND currency = 'EUR' "
        "  AND issue_date <= ?1 GROUP BY client_id) o ON o.client_id = c.id "
        "LEFT JOIN (SELECT client_id, min(due_date) AS oldest_due FROM invoices "
        "  WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND issue_date <= ?1 GROUP BY client_id) d "
        "  ON d.client_id = c.id");
    all.bind(1, asOf).run();
    db::Statement meta(m_db, "INSERT INTO client_stats (client_id, as_of) VALUES (0, ?1)");
    meta.bind(1, asOf).run();
}

void ClientModel::refreshStatsFor(std::int64_t clientId, const std::string& asOf)
{
    refreshStatsFor(std::vector<std::int64_t>{clientId}, asOf);
}

void ClientModel::refreshStatsFor(const std::vector<std::int64_t>& clients, const std::string& asOf)
{
    db::Statement meta(m_db, "SELECT as_of FROM client_stats WHERE client_id = 0");
    if (!meta.step())
        return; // none yet: the next read computes the whole table
    if (meta.getText(0) != asOf) {
        // Computed for another day (a list as of a past date): these clients' rows would stay
        // as they were for that day; the next read computes the whole table again.
        meta.reset();
        m_db.exec("DELETE FROM client_stats WHERE client_id = 0");
        return;
    }
    nlohmann::json rows = nlohmann::json::array();
    db::Statement sums(m_db, kStatsSql);
    for (const auto id : clients) {
        sums.reset();
        sums.bind(1, id).bind(2, asOf);
        sums.step();
        rows.push_back(
            {id, sums.getInt(0), sums.getInt(1), sums.isNull(2) ? nlohmann::json() : nlohmann::json(sums.getText(2))});
    }
    db::Statement st(m_db,
        "INSERT OR REPLACE INTO client_stats (client_id, as_of, open_cents, overdue_cents, oldest_due) "
        "SELECT r->>0, ?2, r->>1, r->>2, r->>3 FROM (SELECT value AS r FROM json_each(?1))");
    st.bind(1, rows.dump()).bind(2, asOf).run();
}

ClientPage ClientModel::list(const ClientQuery& q)
{
    std::string where = " WHERE 1";
    const std::string folded = text::foldForSearch(q.search);
    if (!folded.empty())
        where += " AND c.search_key LIKE '%' || ?1 || '%' ESCAPE '\\'";
    if (q.collector)
        where += *q.collector > 0 ? " AND c.assigned_to = ?4" : " AND c.assigned_to IS NULL";
    if (!q.status.empty())
        where += " AND c.status = ?5";
    if (!q.segment.empty())
        where += " AND c.segment = ?6";
    if (!q.tag.empty())
        where += " AND c.tags LIKE '%,' || ?7 || ',%' ESCAPE '\\'";
    if (!q.stage.empty())
        where += " AND c.stage = ?9";
    if (!q.risk.empty())
        where += " AND c.risk_level = ?10";
    // The bucket by the oldest owed due date: not_due [as_of, ∞), 1_30 [as_of−30, as_of−1] ...
    const int bucket = q.bucket.empty() ? -1 : bucketIndex(q.bucket);
    static const long kFrom[] = {0, -30, -60, -90, 0}, kTo[] = {0, -1, -31, -61, -91};
    if (bucket == 0)
        where += " AND s.oldest_due >= ?8";
    else if (bucket == 4)
        where += " AND s.oldest_due <= ?12";
    else if (bucket > 0)
        where += " AND s.oldest_due BETWEEN ?11 AND ?12";
    if (q.held)
        where += " AND (" HELD ")";
    // The balance cache joined only when the age bucket filter reads it (SQLite keeps a LEFT
    // JOIN it could drop in a count: 4 ms on 100 000 clients).
    const std::string stats = bucket >= 0 ? " LEFT JOIN client_stats s ON s.client_id = c.id" : "";
    const std::string asOf = q.asOf.empty() ? "9999-12-31" : q.asOf;
    auto bindFilters = [&](db::Statement& st) {
        if (!folded.empty())
            st.bind(1, text::likeEscape(folded));
        if (q.collector && *q.collector > 0)
            st.bind(4, *q.collector);
        if (!q.status.empty())
            st.bind(5, q.status);
        if (!q.segment.empty())
            st.bind(6, q.segment);
        if (!q.tag.empty())
            st.bind(7, text::likeEscape(q.tag));
        if (where.find("?8") != std::string::npos)
            st.bind(8, asOf);
        if (!q.stage.empty())
            st.bind(9, q.stage);
        if (!q.risk.empty())
            st.bind(10, q.risk);
        if (bucket > 0 && bucket < 4)
            st.bind(11, timeutil::addDays(asOf, kFrom[bucket]));
        if (bucket > 0)
            st.bind(12, timeutil::addDays(asOf, kTo[bucket]));
    };
    ClientPage page;
    {
        db::Statement st(m_db, "SELECT count(*) FROM clients c" + stats + where);
        bindFilters(st);
        st.step();
        page.total = st.getInt(0);
    }
    const bool byStats
        = q.sort == ClientSort::OpenAmount || q.sort == ClientSort::OverdueAmount || q.sort == ClientSort::OldestDue;
    // What each row shows besides the client: its amounts, oldest owed due date, holds.
    const std::string extras = ", s.oldest_due, " HELD;
    std::string sql;
    if (byStats) {
        // Driven by the stats' indexes, in amount or due date order.
        sql = std::string("SELECT ") + kColumns + ", s.open_cents, s.overdue_cents" + extras
            + " FROM client_stats s JOIN clients c ON c.id = s.client_id" + where + " ORDER BY "
            + orderBy(q.sort, q.desc) + " LIMIT ?2 OFFSET ?3";
    } else {
        // Page first, then join the amounts of the rows shown only: a join in the outer
        // query would run for every row OFFSET skips.
        sql = std::string("SELECT ") + kColumns + ", coalesce(s.open_cents, 0), coalesce(s.overdue_cents, 0)" + extras
            + " FROM (SELECT c.id AS page_id FROM clients c" + stats + where + " ORDER BY " + orderBy(q.sort, q.desc)
            + " LIMIT ?2 OFFSET ?3) p CROSS JOIN clients c ON c.id = p.page_id "
              "LEFT JOIN client_stats s ON s.client_id = c.id ORDER BY "
            + orderBy(q.sort, q.desc);
    }
    db::Statement st(m_db, sql);
    bindFilters(st);
    st.bind(2, q.limit).bind(3, q.offset).bind(8, asOf);
    while (st.step()) {
        ClientRow row{readClient(st), st.getInt(kClientColumnCount), st.getInt(kClientColumnCount + 1),
            st.isNull(kClientColumnCount + 2) ? std::string() : st.getText(kClientColumnCount + 2), 0,
            st.getInt(kClientColumnCount + 3) != 0};
        if (!row.oldestDueDate.empty() && row.oldestDueDate < asOf && !q.asOf.empty())
            row.daysOverdue = timeutil::daysBetween(row.oldestDueDate, asOf);
        page.rows.push_back(std::move(row));
    }
    return page;
}

std::int64_t ClientModel::count()
{
    db::Statement st(m_db, "SELECT count(*) FROM clients");
    st.step();
    return st.getInt(0);
}

std::map<std::int64_t, std::int64_t> ClientModel::countsByCollector()
{
    db::Statement st(m_db, "SELECT assigned_to, count(*) FROM clients WHERE assigned_to IS NOT NULL GROUP BY 1");
    std::map<std::int64_t, std::int64_t> out;
    while (st.step())
        out[st.getInt(0)] = st.getInt(1);
    return out;
}

std::vector<std::int64_t> ClientModel::idsAssignedTo(std::optional<std::int64_t> user)
{
    db::Statement st(m_db,
        user ? "SELECT id FROM clients WHERE assigned_to = ?1 ORDER BY id"
             : "SELECT id FROM clients WHERE assigned_to IS NULL ORDER BY id");
    if (user)
        st.bind(1, *user);
    std::vector<std::int64_t> out;
    while (st.step())
        out.push_back(st.getInt(0));
    return out;
}

} // namespace crm::model
