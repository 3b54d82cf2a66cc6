// Commands: relance_template.* — the reminder texts, one per channel and language.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

std::vector<ParamSpec> templateSpecs(bool required)
{
    return {{"code", PT::String, required, "shared by a text's languages"}, {"name", PT::String, required, ""},
        {"channel", PT::String, required, "email | sms | letter | call"}, {"language", PT::String, false, "fr | en"},
        {"subject", PT::String, false, "with {placeholders}"},
        ParamSpec{"body", PT::String, required, "with {placeholders}"}.maxLen(100000)};
}

service::TemplateFields templateFields(const json& p)
{
    return {optStr(p, "code"), optStr(p, "name"), optStr(p, "channel"), optStr(p, "language"), optStr(p, "subject"),
        optStr(p, "body")};
}

} // namespace

void addTemplates(Registry& r, Services& s)
{
    const std::vector<std::string> tplWrites = {"relance_templates", "system_logs"};
    r.add({"relance_template.create", "A reminder text for a channel and a language.", templateSpecs(true),
        Perm::RelanceManage, tplWrites,
        [&s](const Call& c) { return asJson(s.relances.createTemplate(c.actor, templateFields(c.p))); }});
    r.add({"relance_template.update", "Change a template.", concat({idParam()}, templateSpecs(false)),
        Perm::RelanceManage, tplWrites, [&s](const Call& c) {
            return asJson(s.relances.updateTemplate(c.actor, integer(c.p, "id"), templateFields(c.p)));
        }});
    r.add({"relance_template.delete", "Delete a template no step needs.", {idParam()}, Perm::RelanceManage, tplWrites,
        [&s](const Call& c) { return deleted(s.relances.deleteTemplate(c.actor, integer(c.p, "id")), c.p["id"]); }});
    r.add({"relance_template.list", "Every template, by code.", {}, Perm::RelanceRead, {},
        [&s](const Call& c) { return listJson(s.relances.listTemplates(c.actor)); }});
}

} // namespace crm::api::commands
