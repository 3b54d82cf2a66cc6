// RelanceTemplateModel and RelanceRuleModel: `relance_templates` and `relance_rules`.
// The engine that uses them is core/relance (a later issue); here they are stored,
// validated (by RelanceService) and listed.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct RelanceTemplate {
    std::int64_t id = 0;
    std::string code, name, channel, language = "fr", subject, body, createdAt, updatedAt;
};

struct RelanceRule {
    std::int64_t id = 0;
    std::string name;
    std::string step; // friendly_email | sms | call | formal_notice | litigation
    std::int64_t daysAfterDue = 0;
    std::int64_t templateId = 0; // 0: none
    std::int64_t minAmountCents = 0;
    bool active = true;
    std::string createdAt, updatedAt;
};

nlohmann::json toJson(const RelanceTemplate& t);
nlohmann::json toJson(const RelanceRule& r);

class RelanceTemplateModel {
public:
    explicit RelanceTemplateModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const RelanceTemplate& t);
    void update(const RelanceTemplate& t);
    void remove(std::int64_t id);
    std::optional<RelanceTemplate> get(std::int64_t id);
    std::optional<std::int64_t> findIdByCode(const std::string& code);
    std::vector<RelanceTemplate> list();
    bool usedByRule(std::int64_t id);

private:
    db::Database& m_db;
};

class RelanceRuleModel {
public:
    explicit RelanceRuleModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const RelanceRule& r);
    void update(const RelanceRule& r);
    void remove(std::int64_t id);
    std::optional<RelanceRule> get(std::int64_t id);
    std::vector<RelanceRule> list(); // by days after due

private:
    db::Database& m_db;
};

} // namespace crm::model
