// Commands: relance_template.* and relance_rule.* — reminder texts and when they go out.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

std::vector<ParamSpec> templateSpecs(bool required)
{
    return {{"code", PT::String, required, ""}, {"name", PT::String, required, ""},
        {"channel", PT::String, required, "email | sms | letter | call"}, {"language", PT::String, false, ""},
        {"subject", PT::String, false, ""},
        ParamSpec{"body", PT::String, required, "with {placeholders}"}.maxLen(100000)};
}

std::vector<ParamSpec> ruleSpecs(bool required)
{
    return {{"name", PT::String, required, ""},
        {"step", PT::String, required, "friendly_email | sms | call | formal_notice | litigation"},
        {"days_after_due", PT::Integer, required, "-60 to 730"},
        ParamSpec{"template_id", PT::Integer, false, "null: none"}.orNull(),
        {"min_amount_cents", PT::Integer, false, ""}, {"active", PT::Boolean, false, ""}};
}

service::TemplateFields templateFields(const json& p)
{
    return {optStr(p, "code"), optStr(p, "name"), optStr(p, "channel"), optStr(p, "language"), optStr(p, "subject"),
        optStr(p, "body")};
}

service::RuleFields ruleFields(const json& p)
{
    return {optStr(p, "name"), optStr(p, "step"), optInt(p, "days_after_due"), optInt(p, "min_amount_cents"),
        nullableInt(p, "template_id"), optBool(p, "active")};
}

} // namespace

void addRelance(Registry& r, Services& s)
{
    r.add({"relance_template.create", "A reminder text for a channel and a language.", templateSpecs(true),
        Perm::RelanceManage, {"relance_templates", "system_logs"}, {},
        [&s](const Call& c) { return asJson(s.relances.createTemplate(c.actor, templateFields(c.p))); }});
    r.add({"relance_template.update", "Change a template.", concat({idParam()}, templateSpecs(false)),
        Perm::RelanceManage, {"relance_templates", "system_logs"}, {}, [&s](const Call& c) {
            return asJson(s.relances.updateTemplate(c.actor, integer(c.p, "id"), templateFields(c.p)));
        }});
    r.add({"relance_template.delete", "Delete a template no rule uses.", {idParam()}, Perm::RelanceManage,
        {"relance_templates", "system_logs"}, {}, [&s](const Call& c) {
            return map(s.relances.deleteTemplate(c.actor, integer(c.p, "id")), [&](const Unit&) {
                return json{{"deleted", c.p["id"]}};
            });
        }});
    r.add({"relance_template.list", "Every template.", {}, Perm::RelanceRead, {}, {"relance_templates"},
        [&s](const Call& c) { return listJson(s.relances.listTemplates(c.actor)); }});
    r.add({"relance_rule.create", "When a reminder step is due, and with which template.", ruleSpecs(true),
        Perm::RelanceManage, {"relance_rules", "system_logs"}, {},
        [&s](const Call& c) { return asJson(s.relances.createRule(c.actor, ruleFields(c.p))); }});
    r.add({"relance_rule.update", "Change a rule.", concat({idParam()}, ruleSpecs(false)), Perm::RelanceManage,
        {"relance_rules", "system_logs"}, {},
        [&s](const Call& c) { return asJson(s.relances.updateRule(c.actor, integer(c.p, "id"), ruleFields(c.p))); }});
    r.add({"relance_rule.delete", "Delete a rule.", {idParam()}, Perm::RelanceManage, {"relance_rules", "system_logs"},
        {}, [&s](const Call& c) {
            return map(s.relances.deleteRule(c.actor, integer(c.p, "id")), [&](const Unit&) {
                return json{{"deleted", c.p["id"]}};
            });
        }});
    r.add({"relance_rule.list", "Every rule, by days after due.", {}, Perm::RelanceRead, {}, {"relance_rules"},
        [&s](const Call& c) { return listJson(s.relances.listRules(c.actor)); }});
}

} // namespace crm::api::commands
