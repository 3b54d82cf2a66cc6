#include "core/model/client_model.hpp"

#include "core/util/text.hpp"

namespace crm::model {

namespace {

constexpr const char* kColumns = "id, code, name, email, phone, address, siret, created_at, updated_at";

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
    return c;
}

std::string searchKey(const Client& c)
{
    return text::foldForSearch(c.code + " " + c.name);
}

std::optional<std::string> siretOrNull(const Client& c)
{
    if (c.siret.empty())
        return std::nullopt;
    return c.siret;
}

// Escapes LIKE's wildcards so user text matches literally (ESCAPE '\').
std::string likeContains(const std::string& folded)
{
    std::string out = "%";
    for (char ch : folded) {
        if (ch == '%' || ch == '_' || ch == '\\')
            out += '\\';
        out += ch;
    }
    out += '%';
    return out;
}

const char* orderBy(ClientSort sort, bool desc)
{
    switch (sort) {
    case ClientSort::Name: return desc ? "sort_name DESC, id DESC" : "sort_name, id";
    case ClientSort::Code: return desc ? "code DESC, id DESC" : "code, id";
    case ClientSort::Email: return desc ? "email DESC, id DESC" : "email, id";
    case ClientSort::CreatedAt: return desc ? "created_at DESC, id DESC" : "created_at, id";
    case ClientSort::UpdatedAt: return desc ? "updated_at DESC, id DESC" : "updated_at, id";
    }
    return "sort_name, id";
}

} // namespace

std::int64_t ClientModel::insert(const Client& c)
{
    db::Statement st(m_db,
        "INSERT INTO clients (code, name, email, phone, address, siret, search_key, sort_name, "
        "created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    st.bind(1, c.code).bind(2, c.name).bind(3, c.email).bind(4, c.phone).bind(5, c.address);
    st.bind(6, siretOrNull(c)).bind(7, searchKey(c)).bind(8, text::foldForSearch(c.name));
    st.bind(9, c.createdAt).bind(10, c.updatedAt);
    st.run();
    return m_db.lastInsertRowid();
}

bool ClientModel::update(const Client& c)
{
    db::Statement st(m_db,
        "UPDATE clients SET code = ?2, name = ?3, email = ?4, phone = ?5, address = ?6, "
        "siret = ?7, search_key = ?8, sort_name = ?9, updated_at = ?10 WHERE id = ?1");
    st.bind(1, c.id).bind(2, c.code).bind(3, c.name).bind(4, c.email).bind(5, c.phone).bind(6, c.address);
    st.bind(7, siretOrNull(c)).bind(8, searchKey(c)).bind(9, text::foldForSearch(c.name)).bind(10, c.updatedAt);
    st.run();
    return m_db.changes() > 0;
}

bool ClientModel::remove(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM clients WHERE id = ?1");
    st.bind(1, id).run();
    return m_db.changes() > 0;
}

std::optional<Client> ClientModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kColumns + " FROM clients WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readClient(st);
}

std::optional<std::int64_t> ClientModel::findIdByCode(const std::string& code)
{
    db::Statement st(m_db, "SELECT id FROM clients WHERE code = ?1");
    st.bind(1, code);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

ClientPage ClientModel::list(const ClientQuery& q)
{
    const std::string folded = text::foldForSearch(q.search);
    const std::string where = folded.empty() ? "" : " WHERE search_key LIKE ?1 ESCAPE '\\'";
    ClientPage page;
    {
        db::Statement st(m_db, "SELECT count(*) FROM clients" + where);
        if (!folded.empty())
            st.bind(1, likeContains(folded));
        st.step();
        page.total = st.getInt(0);
    }
    db::Statement st(m_db,
        std::string("SELECT ") + kColumns + " FROM clients" + where + " ORDER BY " + orderBy(q.sort, q.desc)
            + " LIMIT ?2 OFFSET ?3");
    if (!folded.empty())
        st.bind(1, likeContains(folded));
    st.bind(2, q.limit).bind(3, q.offset);
    while (st.step())
        page.rows.push_back(readClient(st));
    return page;
}

std::int64_t ClientModel::count()
{
    db::Statement st(m_db, "SELECT count(*) FROM clients");
    st.step();
    return st.getInt(0);
}

} // namespace crm::model
