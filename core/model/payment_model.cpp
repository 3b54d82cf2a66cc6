#include "core/model/payment_model.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

constexpr const char* kColumns = "p.id, p.client_id, p.kind, p.number, p.date, p.amount_cents, p.currency, p.method, "
                                 "p.reference, p.reason, p.allocated_cents, p.voided_at, p.void_reason, p.created_by, "
                                 "p.created_at";

Payment read(const db::Statement& st)
{
    Payment p;
    p.id = st.getInt(0);
    p.clientId = st.getInt(1);
    p.kind = st.getText(2);
    p.number = st.getOptionalText(3).value_or("");
    p.date = st.getText(4);
    p.amountCents = st.getInt(5);
    p.currency = st.getText(6);
    p.method = st.getOptionalText(7).value_or("");
    p.reference = st.getText(8);
    p.reason = st.getText(9);
    p.allocatedCents = st.getInt(10);
    p.voidedAt = st.getOptionalText(11).value_or("");
    p.voidReason = st.getText(12);
    p.createdBy = st.isNull(13) ? 0 : st.getInt(13);
    p.createdAt = st.getText(14);
    return p;
}

Allocation readAllocation(const db::Statement& st)
{
    return {st.getInt(0), st.getInt(1), st.getInt(2), st.getInt(3), st.getText(4)};
}

} // namespace

nlohmann::json toJson(const Payment& p)
{
    nlohmann::json allocations = nlohmann::json::array();
    for (const auto& a : p.allocations)
        allocations.push_back({{"id", a.id}, {"invoice_id", a.invoiceId}, {"amount_cents", a.amountCents}});
    return {{"id", p.id}, {"client_id", p.clientId}, {"kind", p.kind},
        {"number", p.number.empty() ? nlohmann::json() : nlohmann::json(p.number)}, {"date", p.date},
        {"amount_cents", p.amountCents}, {"currency", p.currency},
        {"method", p.method.empty() ? nlohmann::json() : nlohmann::json(p.method)}, {"reference", p.reference},
        {"reason", p.reason}, {"allocated_cents", p.allocatedCents}, {"unallocated_cents", p.unallocatedCents()},
        {"voided_at", p.voidedAt.empty() ? nlohmann::json() : nlohmann::json(p.voidedAt)},
        {"void_reason", p.voidReason}, {"created_by", p.createdBy > 0 ? nlohmann::json(p.createdBy) : nlohmann::json()},
        {"created_at", p.createdAt}, {"allocations", allocations}};
}

std::int64_t PaymentModel::insert(const Payment& p)
{
    db::Statement st(m_db,
        "INSERT INTO payments (client_id, kind, number, date, amount_cents, currency, method, "
        "reference, reason, created_by, created_at, number_key, allocated_cents) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, crm_fold(?3), ?12)");
    st.bind(1, p.clientId).bind(2, p.kind);
    if (p.number.empty())
        st.bindNull(3);
    else
        st.bind(3, p.number);
    st.bind(4, p.date).bind(5, p.amountCents).bind(6, p.currency);
    if (p.method.empty())
        st.bindNull(7);
    else
        st.bind(7, p.method);
    st.bind(8, p.reference).bind(9, p.reason);
    st.bindIdOrNull(10, p.createdBy);
    st.bind(11, p.createdAt).bind(12, p.allocatedCents).run();
    return m_db.lastInsertRowid();
}

void PaymentModel::update(const Payment& p)
{
    db::Statement st(m_db, "UPDATE payments SET allocated_cents = ?2, voided_at = ?3, void_reason = ?4 WHERE id = ?1");
    st.bind(1, p.id).bind(2, p.allocatedCents);
    if (p.voidedAt.empty())
        st.bindNull(3);
    else
        st.bind(3, p.voidedAt);
    st.bind(4, p.voidReason).run();
}

std::optional<Payment> PaymentModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kColumns + " FROM payments p WHERE p.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    Payment p = read(st);
    db::Statement al(m_db,
        "SELECT id, payment_id, invoice_id, amount_cents, created_at FROM payment_allocations "
        "WHERE payment_id = ?1 ORDER BY id");
    al.bind(1, id);
    while (al.step())
        p.allocations.push_back(readAllocation(al));
    return p;
}

std::vector<std::pair<std::string, std::int64_t>> PaymentModel::creditByCurrency(std::int64_t clientId)
{
    db::Statement st(m_db,
        "SELECT currency, sum(amount_cents - allocated_cents) FROM payments "
        "WHERE client_id = ?1 AND voided_at IS NULL AND allocated_cents < amount_cents "
        "GROUP BY currency");
    st.bind(1, clientId);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (st.step())
        out.push_back({st.getText(0), st.getInt(1)});
    return out;
}

std::int64_t PaymentModel::total()
{
    db::Statement st(m_db, "SELECT cents FROM money_totals WHERE name = 'payments'");
    return st.step() ? st.getInt(0) : 0;
}

std::optional<std::int64_t> PaymentModel::findIdByNumber(const std::string& number)
{
    db::Statement st(m_db, "SELECT id FROM payments WHERE number_key = crm_fold(?1)");
    st.bind(1, number);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

std::optional<std::int64_t> PaymentModel::findSame(std::int64_t clientId, const std::string& date,
    std::int64_t amountCents, const std::string& currency, const std::string& reference)
{
    db::Statement st(m_db,
        "SELECT id FROM payments WHERE client_id = ?1 AND kind = 'payment' AND date = ?2 AND amount_cents = ?3 "
        "AND currency = ?4 AND reference = ?5 AND voided_at IS NULL ORDER BY id LIMIT 1");
    st.bind(1, clientId).bind(2, date).bind(3, amountCents).bind(4, currency).bind(5, reference);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

std::optional<std::int64_t> PaymentModel::findByReference(std::int64_t clientId, const std::string& reference)
{
    db::Statement st(m_db,
        "SELECT id FROM payments WHERE client_id = ?1 AND kind = 'payment' AND reference = ?2 AND voided_at IS NULL "
        "ORDER BY id LIMIT 1");
    st.bind(1, clientId).bind(2, reference);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

PaymentPage PaymentModel::list(const PaymentQuery& q)
{
    std::string where = " WHERE 1";
    if (q.clientId)
        where += " AND p.client_id = ?4";
    if (q.collector)
        where += *q.collector > 0 ? " AND c.assigned_to = ?5" : " AND c.assigned_to IS NULL";
    if (!q.kind.empty())
        where += " AND p.kind = ?6";
    if (!q.dateFrom.empty())
        where += " AND p.date >= ?7";
    if (!q.dateTo.empty())
        where += " AND p.date <= ?8";
    const std::string from = q.collector ? " FROM payments p JOIN clients c ON c.id = p.client_id" : " FROM payments p";
    auto bind = [&](db::Statement& st) {
        if (q.clientId)
            st.bind(4, *q.clientId);
        if (q.collector && *q.collector > 0)
            st.bind(5, *q.collector);
        if (!q.kind.empty())
            st.bind(6, q.kind);
        if (!q.dateFrom.empty())
            st.bind(7, q.dateFrom);
        if (!q.dateTo.empty())
            st.bind(8, q.dateTo);
    };
    PaymentPage page;
    {
        db::Statement st(m_db, "SELECT count(*)" + from + where);
        bind(st);
        st.step();
        page.total = st.getInt(0);
    }
    db::Statement st(
        m_db, std::string("SELECT ") + kColumns + from + where + " ORDER BY p.date DESC, p.id DESC LIMIT ?2 OFFSET ?3");
    bind(st);
    st.bind(2, q.limit).bind(3, q.offset);
    while (st.step())
        page.rows.push_back(read(st));
    return page;
}

std::int64_t PaymentModel::insertAllocation(const Allocation& a, std::int64_t createdBy)
{
    // The copied columns come from the rows themselves, never from the caller.
    db::Statement st(m_db,
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents, created_by, "
        "created_at, payment_date, client_id, currency, invoice_due_date, invoice_issue_date) "
        "SELECT p.id, i.id, ?3, ?4, ?5, p.date, i.client_id, i.currency, i.due_date, i.issue_date "
        "FROM payments p, invoices i WHERE p.id = ?1 AND i.id = ?2");
    st.bind(1, a.paymentId).bind(2, a.invoiceId).bind(3, a.amountCents);
    st.bindIdOrNull(4, createdBy);
    st.bind(5, a.createdAt).run();
    return m_db.lastInsertRowid();
}

void PaymentModel::insertMany(std::vector<Payment>& payments)
{
    auto next = [&](const char* sql) {
        db::Statement st(m_db, sql);
        st.step();
        return st.getInt(0) + 1;
    };
    std::int64_t id = next("SELECT coalesce(max(id), 0) FROM payments");
    std::int64_t allocationId = next("SELECT coalesce(max(id), 0) FROM payment_allocations");
    nlohmann::json rows = nlohmann::json::array(), allocations = nlohmann::json::array();
    for (auto& p : payments) {
        p.id = id++;
        rows.push_back({p.id, p.clientId, p.kind, p.number.empty() ? nlohmann::json() : nlohmann::json(p.number),
            p.date, p.amountCents, p.currency, p.method.empty() ? nlohmann::json() : nlohmann::json(p.method),
            p.reference, p.reason, p.createdBy > 0 ? nlohmann::json(p.createdBy) : nlohmann::json(), p.createdAt,
            p.allocatedCents});
        for (auto& a : p.allocations) {
            a.id = allocationId++;
            a.paymentId = p.id;
            allocations.push_back({a.id, p.id, a.invoiceId, a.amountCents, a.createdAt});
        }
    }
    {
        db::Statement st(m_db,
            "INSERT INTO payments (id, client_id, kind, number, date, amount_cents, currency, method, reference, "
            "reason, "
            "created_by, created_at, allocated_cents, number_key) "
            "SELECT r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8, r->>9, r->>10, r->>11, r->>12, "
            "crm_fold(r->>3) FROM (SELECT value AS r FROM json_each(?1))");
        st.bind(1, rows.dump()).run();
    }
    // The copied columns come from the rows themselves, never from the caller.
    db::Statement st(m_db,
        "INSERT INTO payment_allocations (id, payment_id, invoice_id, amount_cents, created_by, created_at, "
        "payment_date, client_id, currency, invoice_due_date, invoice_issue_date) "
        "SELECT a.value->>0, p.id, i.id, a.value->>3, p.created_by, a.value->>4, p.date, i.client_id, i.currency, "
        "i.due_date, i.issue_date FROM json_each(?1) a CROSS JOIN payments p CROSS JOIN invoices i "
        "WHERE p.id = a.value->>1 AND i.id = a.value->>2");
    st.bind(1, allocations.dump()).run();
    if (m_db.changes() != static_cast<int>(allocations.size()))
        throw db::DbError(19 /* SQLITE_CONSTRAINT */, "an allocation names no invoice");
}

void PaymentModel::copyInvoiceDates(std::int64_t invoiceId, const std::string& dueDate, const std::string& issueDate)
{
    db::Statement st(m_db,
        "UPDATE payment_allocations SET invoice_due_date = ?2, invoice_issue_date = ?3 "
        "WHERE invoice_id = ?1");
    st.bind(1, invoiceId).bind(2, dueDate).bind(3, issueDate).run();
}

std::vector<Allocation> PaymentModel::allocationsOfInvoice(std::int64_t invoiceId)
{
    db::Statement st(m_db,
        "SELECT id, payment_id, invoice_id, amount_cents, created_at FROM payment_allocations "
        "WHERE invoice_id = ?1 ORDER BY id");
    st.bind(1, invoiceId);
    std::vector<Allocation> out;
    while (st.step())
        out.push_back(readAllocation(st));
    return out;
}

void PaymentModel::deleteAllocation(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM payment_allocations WHERE id = ?1");
    st.bind(1, id).run();
}

void PaymentModel::addAllocated(std::int64_t paymentId, std::int64_t cents)
{
    db::Statement st(m_db, "UPDATE payments SET allocated_cents = allocated_cents + ?2 WHERE id = ?1");
    st.bind(1, paymentId).bind(2, cents).run();
}

} // namespace crm::model
