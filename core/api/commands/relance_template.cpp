// Commands: relance_template.* — the reminder texts, one per channel and language.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/relance/render.hpp"
#include "core/util/crypto.hpp"

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
    r.add({"relance_template.placeholders",
        "The placeholders a template may hold ({client.name}, {total.due}, ...), in the order of the editor's "
        "palette.",
        {}, Perm::RelanceRead, {}, [](const Call&) -> Result<json> {
            return json{{"rows", relance::placeholderNames()}};
        }});
    r.add({"relance_template.preview",
        "A template being edited (not saved) rendered for a client, over what the client owes past due on as_of; "
        "a letter's PDF too when asked. Writes nothing. Errors as a save's (placeholders with line and column), "
        "client_id not_found, nothing_overdue.",
        {{"client_id", PT::Integer, true, ""}, {"channel", PT::String, true, "email | sms | letter | call"},
            {"language", PT::String, false, "fr | en"}, {"subject", PT::String, false, "with {placeholders}"},
            ParamSpec{"body", PT::String, true, "with {placeholders}"}.maxLen(100000), asOfParam(),
            {"pdf", PT::Boolean, false, "a letter: its PDF too (pdf_base64)"},
            {"formal_notice", PT::Boolean, false, "the letter as a formal notice (mise en demeure)"}},
        Perm::RelanceRead, {}, [&s](const Call& c) -> Result<json> {
            service::TemplateFields f;
            f.channel = optStr(c.p, "channel");
            f.language = optStr(c.p, "language");
            f.subject = optStr(c.p, "subject");
            f.body = optStr(c.p, "body");
            auto draft = s.relances.draftTemplate(c.actor, f);
            if (!draft.ok())
                return draft.error();
            const service::PreviewOptions options{boolean(c.p, "pdf"), boolean(c.p, "formal_notice")};
            return map(s.engine.preview(c.actor, integer(c.p, "client_id"), draft.value(), str(c.p, "as_of"), options),
                [](const service::Composed& x) {
                    json out = {{"subject", x.subject}, {"body", x.body}, {"recipient", x.recipient},
                        {"currency", x.action.currency}, {"invoices", x.action.invoices.size()},
                        {"total_cents", x.action.openCents + x.action.interestCents.value_or(0) + x.action.feeCents},
                        {"missing_rates", x.action.reason.missingRates}};
                    if (!x.pdf.empty())
                        out["pdf_base64"] = crypto::base64Encode(x.pdf);
                    return out;
                });
        }});
}

} // namespace crm::api::commands
