// The relance engine's configuration: templates (a code, in each language), scenarios
// and their steps (schema/0002, 0005). SQL lives here only; RelanceService validates.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct RelanceTemplate {
    std::int64_t id = 0;
    std::string code, name, channel, language = "fr", subject, body, createdAt, updatedAt;
};

struct Scenario {
    std::int64_t id = 0;
    std::string name;
    bool isDefault = false;
    std::string segment; // empty: none
    bool businessDays = false, perInvoice = false;
    std::string createdAt, updatedAt;
};

struct Step {
    std::int64_t id = 0, scenarioId = 0;
    std::string name;
    std::int64_t offsetDays = 0;
    std::string channel, templateCode, mode = "auto";
    std::int64_t minAmountCents = 0, minDaysSincePrevious = 0;
    std::string segment, risk, stage;
    bool active = true;
    std::string createdAt, updatedAt;
};

nlohmann::json toJson(const RelanceTemplate& t);
nlohmann::json toJson(const Scenario& s);
nlohmann::json toJson(const Step& s);

class RelanceTemplateModel {
public:
    explicit RelanceTemplateModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const RelanceTemplate& t);
    void update(const RelanceTemplate& t);
    void remove(std::int64_t id);
    std::optional<RelanceTemplate> get(std::int64_t id);
    std::optional<std::int64_t> findId(const std::string& code, const std::string& language);
    // The template of `code` in `language`, else in French, else in any language.
    std::optional<RelanceTemplate> find(const std::string& code, const std::string& language);
    std::vector<RelanceTemplate> list();
    // How many steps use `code` (templates of other languages sharing it aside).
    std::int64_t stepsUsing(const std::string& code);
    std::int64_t countWithCode(const std::string& code);

private:
    db::Database& m_db;
};

class ScenarioModel {
public:
    explicit ScenarioModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const Scenario& s);
    void update(const Scenario& s);
    void remove(std::int64_t id);
    std::optional<Scenario> get(std::int64_t id);
    std::vector<Scenario> list(); // default first, then by name
    std::optional<std::int64_t> findIdByName(const std::string& name);
    std::optional<std::int64_t> findIdBySegment(const std::string& segment);
    void clearDefault();
    std::int64_t clientsUsing(std::int64_t id);

    std::int64_t insertStep(const Step& s);
    void updateStep(const Step& s);
    void removeStep(std::int64_t id);
    std::optional<Step> getStep(std::int64_t id);
    std::vector<Step> steps(std::int64_t scenarioId); // 0: every scenario's; by offset
    std::optional<std::int64_t> findStep(std::int64_t scenarioId, std::int64_t offsetDays, const std::string& channel);
    bool stepHasHistory(std::int64_t id);

private:
    db::Database& m_db;
};

} // namespace crm::model
