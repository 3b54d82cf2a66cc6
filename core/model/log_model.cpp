#include "core/model/log_model.hpp"

#include "core/util/time.hpp"

namespace crm::model {

nlohmann::json toJson(const LogLine& l)
{
    using nlohmann::json;
    return {{"id", l.id}, {"at", l.at}, {"user_id", l.userId > 0 ? json(l.userId) : json()},
        {"user_email", l.userEmail.empty() ? json() : json(l.userEmail)}, {"action", l.action}, {"entity", l.entity},
        {"entity_id", l.entityId > 0 ? json(l.entityId) : json()}, {"before", l.before}, {"after", l.after}};
}

void LogModel::insert(const LogLine& l)
{
    db::Statement st(m_db,
        "INSERT INTO system_logs (at, user_id, action, entity, entity_id, before_json, after_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, l.at);
    st.bindIdOrNull(2, l.userId);
    st.bind(3, l.action).bind(4, l.entity);
    st.bindIdOrNull(5, l.entityId);
    if (l.before.is_null())
        st.bindNull(6);
    else
        st.bind(6, l.before.dump());
    if (l.after.is_null())
        st.bindNull(7);
    else
        st.bind(7, l.after.dump());
    st.run();
}

void LogModel::insertMany(const std::vector<LogLine>& lines)
{
    using nlohmann::json;
    json rows = json::array();
    for (const auto& l : lines)
        rows.push_back({l.at, l.userId > 0 ? json(l.userId) : json(), l.action, l.entity,
            l.entityId > 0 ? json(l.entityId) : json(), l.before.is_null() ? json() : json(l.before.dump()),
            l.after.is_null() ? json() : json(l.after.dump())});
    db::Statement st(m_db,
        "INSERT INTO system_logs (at, user_id, action, entity, entity_id, before_json, after_json) "
        "SELECT r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6 FROM (SELECT value AS r FROM json_each(?1))");
    st.bind(1, rows.dump()).run();
}

LogPage LogModel::list(const LogQuery& q)
{
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
    LogPage page;
    db::Statement count(m_db, "SELECT count(*) FROM system_logs l" + where);
    bind(count);
    count.step();
    page.total = count.getInt(0);
    db::Statement st(m_db,
        "SELECT l.id, l.at, l.user_id, u.email, l.action, l.entity, l.entity_id, l.before_json, "
        "l.after_json FROM system_logs l LEFT JOIN users u ON u.id = l.user_id"
            + where + " ORDER BY l.id DESC LIMIT ?2 OFFSET ?3");
    bind(st);
    st.bind(2, q.limit).bind(3, q.offset);
    auto parsed = [](const std::optional<std::string>& t) {
        return t ? nlohmann::json::parse(*t, nullptr, false) : nlohmann::json();
    };
    while (st.step()) {
        LogLine l;
        l.id = st.getInt(0);
        l.at = st.getText(1);
        l.userId = st.isNull(2) ? 0 : st.getInt(2);
        l.userEmail = st.isNull(3) ? "" : st.getText(3);
        l.action = st.getText(4);
        l.entity = st.getText(5);
        l.entityId = st.isNull(6) ? 0 : st.getInt(6);
        l.before = parsed(st.getOptionalText(7));
        l.after = parsed(st.getOptionalText(8));
        page.rows.push_back(std::move(l));
    }
    return page;
}

} // namespace crm::model
