// ImportModel: `import_mappings` (schema/0007) — how the columns of a CSV file of a
// given shape were mapped the last time one was imported. Errors: DbError.
#pragma once

#include "core/db/database.hpp"

#include <optional>
#include <string>

namespace crm::model {

class ImportModel {
public:
    explicit ImportModel(db::Database& db) : m_db(db) { }
    // The mapping (JSON text: field -> header) remembered for `shape`, if any.
    std::optional<std::string> mapping(const std::string& shape);
    void remember(
        const std::string& shape, const std::string& kind, const std::string& mappingJson, const std::string& now);

private:
    db::Database& m_db;
};

} // namespace crm::model
