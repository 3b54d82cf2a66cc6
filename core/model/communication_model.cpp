#include "core/model/communication_model.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

constexpr const char* kCommColumns = "id, client_id, user_id, channel, direction, occurred_at, subject, body, outcome, "
                                     "promise_date, promise_amount_cents, created_at";

Communication readComm(db::Database& db, const db::Statement& st)
{
    Communication c;
    c.id = st.getInt(0);
    c.clientId = st.getInt(1);
    c.userId = st.isNull(2) ? 0 : st.getInt(2);
    c.channel = st.getText(3);
    c.direction = st.getText(4);
    c.occurredAt = st.getText(5);
    c.subject = st.getText(6);
    c.body = st.getText(7);
    c.outcome = st.getOptionalText(8).value_or("");
    c.promiseDate = st.getOptionalText(9).value_or("");
    if (!st.isNull(10))
        c.promiseAmountCents = st.getInt(10);
    c.createdAt = st.getText(11);
    db::Statement inv(
        db, "SELECT invoice_id FROM communication_invoices WHERE communication_id = ?1 ORDER BY invoice_id");
    inv.bind(1, c.id);
    while (inv.step())
        c.invoiceIds.push_back(inv.getInt(0));
    return c;
}

constexpr const char* kDocColumns
    = "id, client_id, invoice_id, name, mime_type, size_bytes, sha256, uploaded_by, created_at";

Document readDoc(const db::Statement& st)
{
    return {st.getInt(0), st.getInt(1), st.isNull(2) ? 0 : st.getInt(2), st.getText(3), st.getText(4), st.getInt(5),
        st.getText(6), st.isNull(7) ? 0 : st.getInt(7), st.getText(8)};
}

} // namespace

nlohmann::json toJson(const Communication& c)
{
    return {{"id", c.id}, {"client_id", c.clientId},
        {"user_id", c.userId > 0 ? nlohmann::json(c.userId) : nlohmann::json()}, {"channel", c.channel},
        {"direction", c.direction}, {"occurred_at", c.occurredAt}, {"subject", c.subject}, {"body", c.body},
        {"outcome", c.outcome.empty() ? nlohmann::json() : nlohmann::json(c.outcome)},
        {"promise_date", c.promiseDate.empty() ? nlohmann::json() : nlohmann::json(c.promiseDate)},
        {"promise_amount_cents", c.promiseAmountCents ? nlohmann::json(*c.promiseAmountCents) : nlohmann::json()},
        {"invoice_ids", c.invoiceIds}, {"created_at", c.createdAt}};
}

nlohmann::json toJson(const Document& d)
{
    return {{"id", d.id}, {"client_id", d.clientId},
        {"invoice_id", d.invoiceId > 0 ? nlohmann::json(d.invoiceId) : nlohmann::json()}, {"name", d.name},
        {"mime_type", d.mimeType}, {"size_bytes", d.sizeBytes}, {"sha256", d.sha256},
        {"uploaded_by", d.uploadedBy > 0 ? nlohmann::json(d.uploadedBy) : nlohmann::json()},
        {"created_at", d.createdAt}};
}

std::int64_t CommunicationModel::insert(const Communication& c)
{
    db::Statement st(m_db,
        "INSERT INTO communications (client_id, user_id, channel, direction, occurred_at, subject, "
        "body, outcome, promise_date, promise_amount_cents, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    st.bind(1, c.clientId);
    st.bindIdOrNull(2, c.userId);
    st.bind(3, c.channel).bind(4, c.direction).bind(5, c.occurredAt).bind(6, c.subject).bind(7, c.body);
    if (c.outcome.empty())
        st.bindNull(8);
    else
        st.bind(8, c.outcome);
    if (c.promiseDate.empty())
        st.bindNull(9);
    else
        st.bind(9, c.promiseDate);
    if (c.promiseAmountCents)
        st.bind(10, *c.promiseAmountCents);
    else
        st.bindNull(10);
    st.bind(11, c.createdAt).run();
    const std::int64_t id = m_db.lastInsertRowid();
    for (auto inv : c.invoiceIds) {
        db::Statement link(
            m_db, "INSERT OR IGNORE INTO communication_invoices (communication_id, invoice_id) VALUES (?1, ?2)");
        link.bind(1, id).bind(2, inv).run();
    }
    return id;
}

std::optional<Communication> CommunicationModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kCommColumns + " FROM communications WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readComm(m_db, st);
}

std::vector<Communication> CommunicationModel::listByClient(
    std::int64_t clientId, std::int64_t invoiceId, std::int64_t offset, std::int64_t limit, std::int64_t& total)
{
    const std::string where = invoiceId > 0 ? " WHERE client_id = ?1 AND id IN (SELECT communication_id FROM "
                                              "communication_invoices WHERE invoice_id = ?4)"
                                            : " WHERE client_id = ?1";
    {
        db::Statement st(m_db, "SELECT count(*) FROM communications" + where);
        st.bind(1, clientId);
        if (invoiceId > 0)
            st.bind(4, invoiceId);
        st.step();
        total = st.getInt(0);
    }
    db::Statement st(m_db,
        std::string("SELECT ") + kCommColumns + " FROM communications" + where
            + " ORDER BY occurred_at DESC, id DESC LIMIT ?2 OFFSET ?3");
    st.bind(1, clientId).bind(2, limit).bind(3, offset);
    if (invoiceId > 0)
        st.bind(4, invoiceId);
    std::vector<Communication> out;
    while (st.step())
        out.push_back(readComm(m_db, st));
    return out;
}

std::int64_t DocumentModel::insert(const Document& d, const std::string& content)
{
    db::Statement st(m_db,
        "INSERT INTO documents (client_id, invoice_id, name, mime_type, size_bytes, sha256, content, "
        "uploaded_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
    st.bind(1, d.clientId);
    st.bindIdOrNull(2, d.invoiceId);
    st.bind(3, d.name).bind(4, d.mimeType).bind(5, d.sizeBytes).bind(6, d.sha256);
    st.bindBlob(7, content);
    st.bindIdOrNull(8, d.uploadedBy);
    st.bind(9, d.createdAt).run();
    return m_db.lastInsertRowid();
}

std::optional<Document> DocumentModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kDocColumns + " FROM documents WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readDoc(st);
}

std::optional<std::string> DocumentModel::content(std::int64_t id)
{
    db::Statement st(m_db, "SELECT content FROM documents WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return st.getBlob(0);
}

std::vector<Document> DocumentModel::list(std::int64_t clientId, std::int64_t invoiceId)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kDocColumns + " FROM documents WHERE client_id = ?1"
            + (invoiceId > 0 ? " AND invoice_id = ?2" : "") + " ORDER BY created_at DESC, id DESC");
    st.bind(1, clientId);
    if (invoiceId > 0)
        st.bind(2, invoiceId);
    std::vector<Document> out;
    while (st.step())
        out.push_back(readDoc(st));
    return out;
}

void DocumentModel::remove(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM documents WHERE id = ?1");
    st.bind(1, id).run();
}

} // namespace crm::model
