// relanceService (this issue: the templates and rules it runs on; the engine that
// plans and executes relances is core/relance, a later issue). Templates and rules
// validate when saved, so a bad rule is refused at save time, not during a run.
//
// Template placeholders: {client.name} {client.code} {invoice.number}
// {invoice.amount} {invoice.due_date} {invoice.open} {days_overdue} {user.name}
// {user.signature}; any other {…} is refused (body unknown_placeholder).
#pragma once

#include "core/model/relance_model.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct TemplateFields {
    std::optional<std::string> code, name, channel, language, subject, body;
};

struct RuleFields {
    std::optional<std::string> name, step;
    std::optional<std::int64_t> daysAfterDue, minAmountCents;
    std::optional<std::optional<std::int64_t>> templateId;
    std::optional<bool> active;
};

class RelanceService {
public:
    explicit RelanceService(Context& ctx) : m_ctx(ctx), m_templates(ctx.db), m_rules(ctx.db) { }

    Result<model::RelanceTemplate> createTemplate(const Actor& actor, const TemplateFields& f);
    Result<model::RelanceTemplate> updateTemplate(const Actor& actor, std::int64_t id, const TemplateFields& f);
    Result<Unit> deleteTemplate(const Actor& actor, std::int64_t id);
    Result<std::vector<model::RelanceTemplate>> listTemplates(const Actor& actor);

    Result<model::RelanceRule> createRule(const Actor& actor, const RuleFields& f);
    Result<model::RelanceRule> updateRule(const Actor& actor, std::int64_t id, const RuleFields& f);
    Result<Unit> deleteRule(const Actor& actor, std::int64_t id);
    Result<std::vector<model::RelanceRule>> listRules(const Actor& actor);

private:
    std::optional<Error> applyTemplate(const TemplateFields& f, model::RelanceTemplate& t);
    std::optional<Error> applyRule(const RuleFields& f, model::RelanceRule& r);

    Context& m_ctx;
    model::RelanceTemplateModel m_templates;
    model::RelanceRuleModel m_rules;
};

} // namespace crm::service
