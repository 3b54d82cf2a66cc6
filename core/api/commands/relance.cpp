// Commands: relance_template.*, scenario.*, step.*, settings.*, rate.* — what the
// relance engine runs on.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"
#include "core/relance/charges.hpp"

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

std::vector<ParamSpec> scenarioSpecs(bool required)
{
    return {{"name", PT::String, required, ""},
        ParamSpec{"segment", PT::String, false, "the client segment it is for; null: none"}.orNull(),
        {"is_default", PT::Boolean, false, "the scenario of clients without one"},
        {"business_days", PT::Boolean, false, "offsets count French business days"},
        {"per_invoice", PT::Boolean, false, "one message per invoice instead of per client"}};
}

std::vector<ParamSpec> stepSpecs(bool required)
{
    return {{"scenario_id", PT::Integer, required, ""}, {"name", PT::String, required, ""},
        {"offset_days", PT::Integer, required, "days from the due date, -60 to 730"},
        {"channel", PT::String, required, "email | sms | letter | call | formal_notice | litigation"},
        ParamSpec{"template_code", PT::String, false, "the template (by code); null for calls and litigation"}.orNull(),
        {"mode", PT::String, false, "auto | confirm"},
        {"min_amount_cents", PT::Integer, false, "the client's overdue total must reach it"},
        {"min_days_since_previous", PT::Integer, false, "0 to 365"},
        {"segment", PT::String, false, "only clients of this segment; empty: any"},
        {"risk", PT::String, false, "only clients of this risk: low | medium | high; empty: any"},
        ParamSpec{"stage", PT::String, false, "amiable | relance | mise_en_demeure | contentieux; null: none"}.orNull(),
        {"active", PT::Boolean, false, ""}};
}

std::optional<std::optional<std::string>> nullableStr(const json& p, const char* key)
{
    if (!has(p, key))
        return std::nullopt;
    if (p[key].is_null())
        return std::optional<std::string>();
    return std::optional<std::string>(p[key].get<std::string>());
}

service::TemplateFields templateFields(const json& p)
{
    return {optStr(p, "code"), optStr(p, "name"), optStr(p, "channel"), optStr(p, "language"), optStr(p, "subject"),
        optStr(p, "body")};
}

service::ScenarioFields scenarioFields(const json& p)
{
    return {optStr(p, "name"), nullableStr(p, "segment"), optBool(p, "is_default"), optBool(p, "business_days"),
        optBool(p, "per_invoice")};
}

service::StepFields stepFields(const json& p)
{
    service::StepFields f;
    f.scenarioId = optInt(p, "scenario_id");
    f.name = optStr(p, "name");
    f.channel = optStr(p, "channel");
    f.mode = optStr(p, "mode");
    f.segment = optStr(p, "segment");
    f.risk = optStr(p, "risk");
    f.offsetDays = optInt(p, "offset_days");
    f.minAmountCents = optInt(p, "min_amount_cents");
    f.minDaysSincePrevious = optInt(p, "min_days_since_previous");
    f.templateCode = nullableStr(p, "template_code");
    f.stage = nullableStr(p, "stage");
    f.active = optBool(p, "active");
    return f;
}

Outcome deleted(Result<Unit>&& r, const json& id)
{
    return map(std::move(r), [&](const Unit&) { return json{{"deleted", id}}; });
}

} // namespace

void addRelance(Registry& r, Services& s)
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

    const std::vector<std::string> scWrites = {"relance_scenarios", "system_logs"};
    r.add({"scenario.create", "A relance scenario (its steps are added with step.create).", scenarioSpecs(true),
        Perm::RelanceManage, scWrites,
        [&s](const Call& c) { return asJson(s.relances.createScenario(c.actor, scenarioFields(c.p))); }});
    r.add({"scenario.update", "Rename, re-target or make a scenario the default.",
        concat({idParam()}, scenarioSpecs(false)), Perm::RelanceManage, scWrites, [&s](const Call& c) {
            return asJson(s.relances.updateScenario(c.actor, integer(c.p, "id"), scenarioFields(c.p)));
        }});
    r.add({"scenario.delete", "Delete a scenario that is not the default and never ran.", {idParam()},
        Perm::RelanceManage, {"relance_scenarios", "relance_steps", "clients", "system_logs"},
        [&s](const Call& c) { return deleted(s.relances.deleteScenario(c.actor, integer(c.p, "id")), c.p["id"]); }});
    r.add({"scenario.list", "Every scenario with its steps (default first).", {}, Perm::RelanceRead, {},
        [&s](const Call& c) {
            return map(s.relances.listScenarios(c.actor), [](const std::vector<service::ScenarioWithSteps>& all) {
                json rows = json::array();
                for (const auto& sc : all) {
                    json j = model::toJson(sc.scenario);
                    j["steps"] = json::array();
                    for (const auto& st : sc.steps)
                        j["steps"].push_back(model::toJson(st));
                    rows.push_back(std::move(j));
                }
                return json{{"rows", rows}};
            });
        }});

    const std::vector<std::string> stWrites = {"relance_steps", "system_logs"};
    r.add({"step.create", "A step of a scenario: when, how, on which conditions.", stepSpecs(true), Perm::RelanceManage,
        stWrites, [&s](const Call& c) { return asJson(s.relances.createStep(c.actor, stepFields(c.p))); }});
    r.add({"step.update", "Change a step.", concat({idParam()}, stepSpecs(false)), Perm::RelanceManage, stWrites,
        [&s](const Call& c) { return asJson(s.relances.updateStep(c.actor, integer(c.p, "id"), stepFields(c.p))); }});
    r.add({"step.delete", "Delete a step that never ran (else deactivate it).", {idParam()}, Perm::RelanceManage,
        stWrites,
        [&s](const Call& c) { return deleted(s.relances.deleteStep(c.actor, integer(c.p, "id")), c.p["id"]); }});

    r.add({"settings.get", "The company settings letters and templates use.", {}, Perm::RelanceRead, {},
        [&s](const Call& c) { return asJson(s.relances.settings(c.actor)); }});
    r.add({"settings.update", "Change the company settings.",
        {{"legal_name", PT::String, false, ""}, {"address", PT::String, false, "may span lines"},
            {"siret", PT::String, false, "14 digits"}, {"vat_number", PT::String, false, "FR…"},
            {"phone", PT::String, false, ""}, {"email", PT::String, false, ""},
            {"iban", PT::String, false, "checked (mod 97)"}, {"bic", PT::String, false, "8 or 11 characters"}},
        Perm::SettingsManage, {"company_settings", "system_logs"}, [&s](const Call& c) {
            return asJson(s.relances.updateSettings(c.actor,
                {optStr(c.p, "legal_name"), optStr(c.p, "address"), optStr(c.p, "siret"), optStr(c.p, "vat_number"),
                    optStr(c.p, "phone"), optStr(c.p, "email"), optStr(c.p, "iban"), optStr(c.p, "bic")}));
        }});
    r.add({"rate.list",
        "The ECB main refinancing rates by half-year (basis points), each with the legal late-payment rate it makes "
        "(legal_rate_bp: plus 10 points).",
        {}, Perm::RelanceRead, {}, [&s](const Call& c) {
            return map(s.relances.rates(c.actor), [](const std::vector<model::EcbRate>& rates) {
                json rows = json::array();
                for (const auto& rate : rates) {
                    json row = model::toJson(rate);
                    row["legal_rate_bp"] = rate.rateBp + relance::kLegalMarginBp;
                    rows.push_back(std::move(row));
                }
                return json{{"rows", rows}};
            });
        }});
    r.add({"rate.set", "Set the ECB rate of a half-year (in force on 1 January or 1 July).",
        {{"year", PT::Integer, true, "2000 to 2100"}, {"half", PT::Integer, true, "1 (January) or 2 (July)"},
            {"rate_bp", PT::Integer, true, "basis points: 2.15 % is 215"}},
        Perm::RelanceManage, {"ecb_rates", "system_logs"}, [&s](const Call& c) {
            return asJson(
                s.relances.setRate(c.actor, integer(c.p, "year"), integer(c.p, "half"), integer(c.p, "rate_bp")));
        }});
}

} // namespace crm::api::commands
