// LogModel: the `system_logs` table — who did what, to which row, when, with the row
// before and after (JSON). Written inside each mutation's own transaction (so a
// refused change leaves no line), read newest first.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct LogLine {
    std::int64_t id = 0;
    std::string at;
    std::int64_t userId = 0; // 0: no user (first start, the system)
    std::string userEmail;
    std::string action;
    std::string entity;
    std::int64_t entityId = 0; // 0: none
    nlohmann::json before;     // null when absent
    nlohmann::json after;
};

struct LogQuery {
    std::optional<std::int64_t> userId;
    std::string entity;
    std::optional<std::int64_t> entityId;
    std::string action;
    std::string from; // date, inclusive
    std::string to;   // date, inclusive
    std::int64_t offset = 0;
    std::int64_t limit = 50;
};

struct LogPage {
    std::vector<LogLine> rows;
    std::int64_t total = 0;
};

nlohmann::json toJson(const LogLine& l);

class LogModel {
public:
    explicit LogModel(db::Database& db) : m_db(db) { }
    // Appends a line; throws DbError.
    void insert(const LogLine& line);
    void insertMany(const std::vector<LogLine>& lines); // in one statement
    // A page of lines, newest first, and how many match.
    LogPage list(const LogQuery& q);

private:
    db::Database& m_db;
};

} // namespace crm::model
