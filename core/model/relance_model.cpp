#include "core/model/relance_model.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

constexpr const char* kTplColumns = "id, code, name, channel, language, subject, body, created_at, updated_at";
constexpr const char* kScenarioColumns
    = "id, name, is_default, coalesce(segment, ''), business_days, per_invoice, created_at, updated_at";
constexpr const char* kStepColumns
    = "id, scenario_id, name, offset_days, channel, coalesce(template_code, ''), mode, min_amount_cents, "
      "min_days_since_previous, segment, risk, coalesce(stage, ''), active, created_at, updated_at";

RelanceTemplate readTpl(const db::Statement& st)
{
    return {st.getInt(0), st.getText(1), st.getText(2), st.getText(3), st.getText(4), st.getText(5), st.getText(6),
        st.getText(7), st.getText(8)};
}

Scenario readScenario(const db::Statement& st)
{
    return {st.getInt(0), st.getText(1), st.getInt(2) != 0, st.getText(3), st.getInt(4) != 0, st.getInt(5) != 0,
        st.getText(6), st.getText(7)};
}

Step readStep(const db::Statement& st)
{
    Step s;
    s.id = st.getInt(0);
    s.scenarioId = st.getInt(1);
    s.name = st.getText(2);
    s.offsetDays = st.getInt(3);
    s.channel = st.getText(4);
    s.templateCode = st.getText(5);
    s.mode = st.getText(6);
    s.minAmountCents = st.getInt(7);
    s.minDaysSincePrevious = st.getInt(8);
    s.segment = st.getText(9);
    s.risk = st.getText(10);
    s.stage = st.getText(11);
    s.active = st.getInt(12) != 0;
    s.createdAt = st.getText(13);
    s.updatedAt = st.getText(14);
    return s;
}

nlohmann::json textOrNull(const std::string& s)
{
    return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

void bindScenario(db::Statement& st, const Scenario& s)
{
    st.bind(2, s.name).bind(3, s.isDefault ? 1 : 0);
    if (s.segment.empty())
        st.bindNull(4);
    else
        st.bind(4, s.segment);
    st.bind(5, s.businessDays ? 1 : 0).bind(6, s.perInvoice ? 1 : 0).bind(7, s.updatedAt);
}

void bindStep(db::Statement& st, const Step& s)
{
    st.bind(2, s.scenarioId).bind(3, s.name).bind(4, s.offsetDays).bind(5, s.channel);
    if (s.templateCode.empty())
        st.bindNull(6);
    else
        st.bind(6, s.templateCode);
    st.bind(7, s.mode).bind(8, s.minAmountCents).bind(9, s.minDaysSincePrevious).bind(10, s.segment).bind(11, s.risk);
    if (s.stage.empty())
        st.bindNull(12);
    else
        st.bind(12, s.stage);
    st.bind(13, s.active ? 1 : 0).bind(14, s.updatedAt);
}

} // namespace

nlohmann::json toJson(const RelanceTemplate& t)
{
    return {{"id", t.id}, {"code", t.code}, {"name", t.name}, {"channel", t.channel}, {"language", t.language},
        {"subject", t.subject}, {"body", t.body}, {"created_at", t.createdAt}, {"updated_at", t.updatedAt}};
}

nlohmann::json toJson(const Scenario& s)
{
    return {{"id", s.id}, {"name", s.name}, {"is_default", s.isDefault}, {"segment", textOrNull(s.segment)},
        {"business_days", s.businessDays}, {"per_invoice", s.perInvoice}, {"created_at", s.createdAt},
        {"updated_at", s.updatedAt}};
}

nlohmann::json toJson(const Step& s)
{
    return {{"id", s.id}, {"scenario_id", s.scenarioId}, {"name", s.name}, {"offset_days", s.offsetDays},
        {"channel", s.channel}, {"template_code", textOrNull(s.templateCode)}, {"mode", s.mode},
        {"min_amount_cents", s.minAmountCents}, {"min_days_since_previous", s.minDaysSincePrevious},
        {"segment", s.segment}, {"risk", s.risk}, {"stage", textOrNull(s.stage)}, {"active", s.active},
        {"created_at", s.createdAt}, {"updated_at", s.updatedAt}};
}

std::int64_t RelanceTemplateModel::insert(const RelanceTemplate& t)
{
    db::Statement st(m_db,
        "INSERT INTO relance_templates (code, name, channel, language, subject, body, created_at, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, t.code).bind(2, t.name).bind(3, t.channel).bind(4, t.language).bind(5, t.subject).bind(6, t.body);
    st.bind(7, t.createdAt).bind(8, t.updatedAt).run();
    return m_db.lastInsertRowid();
}

void RelanceTemplateModel::update(const RelanceTemplate& t)
{
    db::Statement st(m_db,
        "UPDATE relance_templates SET code = ?2, name = ?3, channel = ?4, language = ?5, "
        "subject = ?6, body = ?7, updated_at = ?8 WHERE id = ?1");
    st.bind(1, t.id).bind(2, t.code).bind(3, t.name).bind(4, t.channel).bind(5, t.language).bind(6, t.subject);
    st.bind(7, t.body).bind(8, t.updatedAt).run();
}

void RelanceTemplateModel::remove(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM relance_templates WHERE id = ?1");
    st.bind(1, id).run();
}

std::optional<RelanceTemplate> RelanceTemplateModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kTplColumns + " FROM relance_templates WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readTpl(st);
}

std::optional<std::int64_t> RelanceTemplateModel::findId(const std::string& code, const std::string& language)
{
    db::Statement st(m_db, "SELECT id FROM relance_templates WHERE code = ?1 AND language = ?2");
    st.bind(1, code).bind(2, language);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

std::optional<RelanceTemplate> RelanceTemplateModel::find(const std::string& code, const std::string& language)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kTplColumns
            + " FROM relance_templates WHERE code = ?1 "
              "ORDER BY language = ?2 DESC, language = 'fr' DESC, language LIMIT 1");
    st.bind(1, code).bind(2, language);
    if (!st.step())
        return std::nullopt;
    return readTpl(st);
}

std::vector<RelanceTemplate> RelanceTemplateModel::list()
{
    db::Statement st(
        m_db, std::string("SELECT ") + kTplColumns + " FROM relance_templates ORDER BY code, language = 'fr' DESC");
    std::vector<RelanceTemplate> out;
    while (st.step())
        out.push_back(readTpl(st));
    return out;
}

std::int64_t RelanceTemplateModel::stepsUsing(const std::string& code)
{
    db::Statement st(m_db, "SELECT count(*) FROM relance_steps WHERE template_code = ?1");
    st.bind(1, code);
    st.step();
    return st.getInt(0);
}

std::int64_t RelanceTemplateModel::countWithCode(const std::string& code)
{
    db::Statement st(m_db, "SELECT count(*) FROM relance_templates WHERE code = ?1");
    st.bind(1, code);
    st.step();
    return st.getInt(0);
}

std::int64_t ScenarioModel::insert(const Scenario& s)
{
    db::Statement st(m_db,
        "INSERT INTO relance_scenarios (created_at, name, is_default, segment, business_days, per_invoice, "
        "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, s.createdAt);
    bindScenario(st, s);
    st.run();
    return m_db.lastInsertRowid();
}

void ScenarioModel::update(const Scenario& s)
{
    db::Statement st(m_db,
        "UPDATE relance_scenarios SET name = ?2, is_default = ?3, segment = ?4, business_days = ?5, "
        "per_invoice = ?6, updated_at = ?7 WHERE id = ?1");
    st.bind(1, s.id);
    bindScenario(st, s);
    st.run();
}

void ScenarioModel::remove(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM relance_scenarios WHERE id = ?1");
    st.bind(1, id).run();
}

std::optional<Scenario> ScenarioModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kScenarioColumns + " FROM relance_scenarios WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readScenario(st);
}

std::vector<Scenario> ScenarioModel::list()
{
    db::Statement st(
        m_db, std::string("SELECT ") + kScenarioColumns + " FROM relance_scenarios ORDER BY is_default DESC, name");
    std::vector<Scenario> out;
    while (st.step())
        out.push_back(readScenario(st));
    return out;
}

std::optional<std::int64_t> ScenarioModel::findIdByName(const std::string& name)
{
    db::Statement st(m_db, "SELECT id FROM relance_scenarios WHERE name = ?1");
    st.bind(1, name);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

std::optional<std::int64_t> ScenarioModel::findIdBySegment(const std::string& segment)
{
    db::Statement st(m_db, "SELECT id FROM relance_scenarios WHERE segment = ?1");
    st.bind(1, segment);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

void ScenarioModel::clearDefault()
{
    m_db.exec("UPDATE relance_scenarios SET is_default = 0 WHERE is_default = 1");
}

std::int64_t ScenarioModel::clientsUsing(std::int64_t id)
{
    db::Statement st(m_db, "SELECT count(*) FROM clients WHERE scenario_id = ?1");
    st.bind(1, id);
    st.step();
    return st.getInt(0);
}

std::int64_t ScenarioModel::insertStep(const Step& s)
{
    db::Statement st(m_db,
        "INSERT INTO relance_steps (created_at, scenario_id, name, offset_days, channel, template_code, mode, "
        "min_amount_cents, min_days_since_previous, segment, risk, stage, active, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    st.bind(1, s.createdAt);
    bindStep(st, s);
    st.run();
    return m_db.lastInsertRowid();
}

void ScenarioModel::updateStep(const Step& s)
{
    db::Statement st(m_db,
        "UPDATE relance_steps SET scenario_id = ?2, name = ?3, offset_days = ?4, channel = ?5, template_code = ?6, "
        "mode = ?7, min_amount_cents = ?8, min_days_since_previous = ?9, segment = ?10, risk = ?11, stage = ?12, "
        "active = ?13, updated_at = ?14 WHERE id = ?1");
    st.bind(1, s.id);
    bindStep(st, s);
    st.run();
}

void ScenarioModel::removeStep(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM relance_steps WHERE id = ?1");
    st.bind(1, id).run();
}

std::optional<Step> ScenarioModel::getStep(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kStepColumns + " FROM relance_steps WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readStep(st);
}

std::vector<Step> ScenarioModel::steps(std::int64_t scenarioId)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kStepColumns
            + " FROM relance_steps WHERE ?1 = 0 OR scenario_id = ?1 ORDER BY scenario_id, offset_days, id");
    st.bind(1, scenarioId);
    std::vector<Step> out;
    while (st.step())
        out.push_back(readStep(st));
    return out;
}

std::optional<std::int64_t> ScenarioModel::findStep(
    std::int64_t scenarioId, std::int64_t offsetDays, const std::string& channel)
{
    db::Statement st(m_db, "SELECT id FROM relance_steps WHERE scenario_id = ?1 AND offset_days = ?2 AND channel = ?3");
    st.bind(1, scenarioId).bind(2, offsetDays).bind(3, channel);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

bool ScenarioModel::stepHasHistory(std::int64_t id)
{
    db::Statement st(m_db, "SELECT EXISTS (SELECT 1 FROM relance_done WHERE step_id = ?1)");
    st.bind(1, id);
    st.step();
    return st.getInt(0) != 0;
}

} // namespace crm::model
