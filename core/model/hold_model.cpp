#include "core/model/hold_model.hpp"

namespace crm::model {

namespace {

constexpr const char* kColumns
    = "id, client_id, kind, reason, coalesce(amount_cents, 0), coalesce(date, ''), coalesce(until, ''), starts_on, "
      "coalesce(communication_id, 0), coalesce(ended_at, ''), coalesce(ended_by, 0), coalesce(broken_logged_at, ''), "
      "coalesce(created_by, 0), created_at";

HoldRow read(const db::Statement& st)
{
    HoldRow h;
    h.id = st.getInt(0);
    h.clientId = st.getInt(1);
    h.kind = st.getText(2);
    h.reason = st.getText(3);
    h.amountCents = st.getInt(4);
    h.date = st.getText(5);
    h.until = st.getText(6);
    h.startsOn = st.getText(7);
    h.communicationId = st.getInt(8);
    h.endedAt = st.getText(9);
    h.endedBy = st.getInt(10);
    h.brokenLoggedAt = st.getText(11);
    h.createdBy = st.getInt(12);
    h.createdAt = st.getText(13);
    return h;
}

void bindTextOrNull(db::Statement& st, int i, const std::string& s)
{
    if (s.empty())
        st.bindNull(i);
    else
        st.bind(i, s);
}

} // namespace

std::int64_t HoldModel::insert(const HoldRow& h)
{
    db::Statement st(m_db,
        "INSERT INTO holds (client_id, kind, reason, amount_cents, date, until, starts_on, communication_id, "
        "created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    st.bind(1, h.clientId).bind(2, h.kind).bind(3, h.reason);
    if (h.kind == "promise")
        st.bind(4, h.amountCents);
    else
        st.bindNull(4);
    bindTextOrNull(st, 5, h.date);
    bindTextOrNull(st, 6, h.until);
    st.bind(7, h.startsOn);
    st.bindIdOrNull(8, h.communicationId).bindIdOrNull(9, h.createdBy).bind(10, h.createdAt).run();
    const std::int64_t id = m_db.lastInsertRowid();
    db::Statement inv(m_db, "INSERT INTO hold_invoices (hold_id, invoice_id) VALUES (?1, ?2)");
    for (auto invoiceId : h.invoiceIds) {
        inv.reset();
        inv.bind(1, id).bind(2, invoiceId).run();
    }
    db::Statement ins(m_db, "INSERT INTO hold_instalments (hold_id, seq, date, amount_cents) VALUES (?1, ?2, ?3, ?4)");
    int seq = 0;
    for (const auto& i : h.instalments) {
        ins.reset();
        ins.bind(1, id).bind(2, ++seq).bind(3, i.date).bind(4, i.cents).run();
    }
    return id;
}

void HoldModel::fillDetails(HoldRow& h)
{
    db::Statement inv(m_db, "SELECT invoice_id FROM hold_invoices WHERE hold_id = ?1 ORDER BY invoice_id");
    inv.bind(1, h.id);
    while (inv.step())
        h.invoiceIds.push_back(inv.getInt(0));
    db::Statement ins(m_db, "SELECT date, amount_cents FROM hold_instalments WHERE hold_id = ?1 ORDER BY seq");
    ins.bind(1, h.id);
    while (ins.step())
        h.instalments.push_back({ins.getText(0), ins.getInt(1)});
}

std::optional<HoldRow> HoldModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kColumns + " FROM holds WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    HoldRow h = read(st);
    fillDetails(h);
    return h;
}

std::vector<HoldRow> HoldModel::list(std::int64_t clientId, bool notEnded)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kColumns
            + " FROM holds WHERE (?1 = 0 OR client_id = ?1) AND (?2 = 0 OR ended_at IS NULL) "
              "ORDER BY client_id, id DESC");
    st.bind(1, clientId).bind(2, notEnded ? 1 : 0);
    std::vector<HoldRow> out;
    while (st.step())
        out.push_back(read(st));
    for (auto& h : out)
        fillDetails(h);
    return out;
}

void HoldModel::end(std::int64_t id, const std::string& at, std::int64_t by)
{
    db::Statement st(m_db, "UPDATE holds SET ended_at = ?2, ended_by = ?3 WHERE id = ?1");
    st.bind(1, id).bind(2, at).bindIdOrNull(3, by).run();
}

void HoldModel::markBrokenLogged(std::int64_t id, const std::string& at)
{
    db::Statement st(m_db, "UPDATE holds SET broken_logged_at = ?2 WHERE id = ?1");
    st.bind(1, id).bind(2, at).run();
}

std::vector<DatedCents> HoldModel::paidSinceStart(const HoldRow& h)
{
    std::vector<DatedCents> out;
    if (h.invoiceIds.empty()) {
        db::Statement st(m_db,
            "SELECT payment_date, amount_cents FROM payment_allocations WHERE client_id = ?1 AND payment_date >= ?2 "
            "ORDER BY payment_date");
        st.bind(1, h.clientId).bind(2, h.startsOn);
        while (st.step())
            out.push_back({st.getText(0), st.getInt(1)});
        return out;
    }
    db::Statement st(m_db,
        "SELECT a.payment_date, a.amount_cents FROM hold_invoices hi "
        "JOIN payment_allocations a ON a.invoice_id = hi.invoice_id "
        "WHERE hi.hold_id = ?1 AND a.payment_date >= ?2 ORDER BY a.payment_date");
    st.bind(1, h.id).bind(2, h.startsOn);
    while (st.step())
        out.push_back({st.getText(0), st.getInt(1)});
    return out;
}

} // namespace crm::model
