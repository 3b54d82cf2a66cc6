#include "core/model/import_model.hpp"

namespace crm::model {

std::optional<std::string> ImportModel::mapping(const std::string& shape)
{
    db::Statement st(m_db, "SELECT mapping FROM import_mappings WHERE shape = ?1");
    st.bind(1, shape);
    if (!st.step())
        return std::nullopt;
    return st.getText(0);
}

void ImportModel::remember(
    const std::string& shape, const std::string& kind, const std::string& mappingJson, const std::string& now)
{
    db::Statement st(m_db,
        "INSERT INTO import_mappings (shape, kind, mapping, updated_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (shape) DO UPDATE SET kind = excluded.kind, mapping = excluded.mapping, "
        "updated_at = excluded.updated_at");
    st.bind(1, shape).bind(2, kind).bind(3, mappingJson).bind(4, now);
    st.run();
}

} // namespace crm::model
