#include "core/service/audit.hpp"

namespace crm::service {

void audit(Context& ctx, std::int64_t actorId, const std::string& action, const std::string& entity,
    std::int64_t entityId, const nlohmann::json& before, const nlohmann::json& after)
{
    db::Statement st(ctx.db,
        "INSERT INTO system_logs (at, user_id, action, entity, entity_id, before_json, after_json) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, ctx.clock());
    if (actorId > 0)
        st.bind(2, actorId);
    else
        st.bindNull(2);
    st.bind(3, action).bind(4, entity);
    if (entityId > 0)
        st.bind(5, entityId);
    else
        st.bindNull(5);
    if (before.is_null())
        st.bindNull(6);
    else
        st.bind(6, before.dump());
    if (after.is_null())
        st.bindNull(7);
    else
        st.bind(7, after.dump());
    st.run();
}

} // namespace crm::service
