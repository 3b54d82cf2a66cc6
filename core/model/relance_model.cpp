#include "core/model/relance_model.hpp"

namespace crm::model {

namespace {

constexpr const char* kTplColumns = "id, code, name, channel, language, subject, body, created_at, updated_at";
constexpr const char* kRuleColumns
    = "id, name, step, days_after_due, template_id, min_amount_cents, active, created_at, updated_at";

RelanceTemplate readTpl(const db::Statement& st)
{
    return {st.getInt(0), st.getText(1), st.getText(2), st.getText(3), st.getText(4), st.getText(5), st.getText(6),
        st.getText(7), st.getText(8)};
}

RelanceRule readRule(const db::Statement& st)
{
    RelanceRule r;
    r.id = st.getInt(0);
    r.name = st.getText(1);
    r.step = st.getText(2);
    r.daysAfterDue = st.getInt(3);
    r.templateId = st.isNull(4) ? 0 : st.getInt(4);
    r.minAmountCents = st.getInt(5);
    r.active = st.getInt(6) != 0;
    r.createdAt = st.getText(7);
    r.updatedAt = st.getText(8);
    return r;
}

void bindRule(db::Statement& st, const RelanceRule& r)
{
    st.bind(2, r.name).bind(3, r.step).bind(4, r.daysAfterDue);
    st.bindIdOrNull(5, r.templateId);
    st.bind(6, r.minAmountCents).bind(7, r.active ? 1 : 0).bind(8, r.updatedAt);
}

} // namespace

nlohmann::json toJson(const RelanceTemplate& t)
{
    return {{"id", t.id}, {"code", t.code}, {"name", t.name}, {"channel", t.channel}, {"language", t.language},
        {"subject", t.subject}, {"body", t.body}, {"created_at", t.createdAt}, {"updated_at", t.updatedAt}};
}

nlohmann::json toJson(const RelanceRule& r)
{
    return {{"id", r.id}, {"name", r.name}, {"step", r.step}, {"days_after_due", r.daysAfterDue},
        {"template_id", r.templateId > 0 ? nlohmann::json(r.templateId) : nlohmann::json()},
        {"min_amount_cents", r.minAmountCents}, {"active", r.active}, {"created_at", r.createdAt},
        {"updated_at", r.updatedAt}};
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

std::optional<std::int64_t> RelanceTemplateModel::findIdByCode(const std::string& code)
{
    db::Statement st(m_db, "SELECT id FROM relance_templates WHERE code = ?1");
    st.bind(1, code);
    if (!st.step())
        return std::nullopt;
    return st.getInt(0);
}

std::vector<RelanceTemplate> RelanceTemplateModel::list()
{
    db::Statement st(m_db, std::string("SELECT ") + kTplColumns + " FROM relance_templates ORDER BY code");
    std::vector<RelanceTemplate> out;
    while (st.step())
        out.push_back(readTpl(st));
    return out;
}

bool RelanceTemplateModel::usedByRule(std::int64_t id)
{
    db::Statement st(m_db, "SELECT EXISTS (SELECT 1 FROM relance_rules WHERE template_id = ?1)");
    st.bind(1, id);
    st.step();
    return st.getInt(0) != 0;
}

std::int64_t RelanceRuleModel::insert(const RelanceRule& r)
{
    db::Statement st(m_db,
        "INSERT INTO relance_rules (created_at, name, step, days_after_due, template_id, "
        "min_amount_cents, active, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    st.bind(1, r.createdAt);
    bindRule(st, r);
    st.run();
    return m_db.lastInsertRowid();
}

void RelanceRuleModel::update(const RelanceRule& r)
{
    db::Statement st(m_db,
        "UPDATE relance_rules SET name = ?2, step = ?3, days_after_due = ?4, template_id = ?5, "
        "min_amount_cents = ?6, active = ?7, updated_at = ?8 WHERE id = ?1");
    st.bind(1, r.id);
    bindRule(st, r);
    st.run();
}

void RelanceRuleModel::remove(std::int64_t id)
{
    db::Statement st(m_db, "DELETE FROM relance_rules WHERE id = ?1");
    st.bind(1, id).run();
}

std::optional<RelanceRule> RelanceRuleModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string("SELECT ") + kRuleColumns + " FROM relance_rules WHERE id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readRule(st);
}

std::vector<RelanceRule> RelanceRuleModel::list()
{
    db::Statement st(m_db, std::string("SELECT ") + kRuleColumns + " FROM relance_rules ORDER BY days_after_due, id");
    std::vector<RelanceRule> out;
    while (st.step())
        out.push_back(readRule(st));
    return out;
}

} // namespace crm::model
