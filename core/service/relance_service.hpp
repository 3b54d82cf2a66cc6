// RelanceService: what the engine runs on — templates, scenarios and their steps, the
// company settings letters are signed with, and the ECB rate table. Everything is
// validated when saved, so a bad step or template is refused at save time, not during
// a run. The engine itself: core/relance (pure) and EngineService (plan, execute).
//
// Errors, by field: code/name/channel/language required | unknown_value | duplicate;
// subject/body unknown_placeholder | unclosed_placeholder | empty_placeholder |
// stray_brace (the message gives line and column); template_code unknown_template |
// wrong_channel | required; offset_days out_of_range; a step at an offset and channel
// already in the scenario: duplicate; a scenario's segment taken: duplicate; deleting
// the default scenario: conflict is_default; a step with history: conflict in_use.
#pragma once

#include "core/model/relance_model.hpp"
#include "core/model/settings_model.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct TemplateFields {
    std::optional<std::string> code, name, channel, language, subject, body;
};

struct ScenarioFields {
    std::optional<std::string> name;
    std::optional<std::optional<std::string>> segment;
    std::optional<bool> isDefault, businessDays, perInvoice;
};

struct StepFields {
    std::optional<std::int64_t> scenarioId;
    std::optional<std::string> name, channel, mode, segment, risk;
    std::optional<std::int64_t> offsetDays, minAmountCents, minDaysSincePrevious;
    std::optional<std::optional<std::string>> templateCode, stage;
    std::optional<bool> active;
};

struct CompanyFields {
    std::optional<std::string> legalName, address, siret, vatNumber, phone, email, iban, bic, signatory,
        defaultCurrency;
    std::optional<std::int64_t> bankAutoScore, bankStaleDays;
};

// What a letter or a formal notice needs of the company and is not set (legal_name,
// address, siret, iban, bic, signatory): until it is, the engine withholds them
// (no_company_details).
std::vector<std::string> missingForLetters(const model::CompanySettings& s);

struct ScenarioWithSteps {
    model::Scenario scenario;
    std::vector<model::Step> steps;
};

class RelanceService {
public:
    explicit RelanceService(Context& ctx) : m_ctx(ctx), m_templates(ctx.db), m_scenarios(ctx.db), m_settings(ctx.db) { }

    Result<model::RelanceTemplate> createTemplate(const Actor& actor, const TemplateFields& f);
    Result<model::RelanceTemplate> updateTemplate(const Actor& actor, std::int64_t id, const TemplateFields& f);
    Result<Unit> deleteTemplate(const Actor& actor, std::int64_t id);
    Result<std::vector<model::RelanceTemplate>> listTemplates(const Actor& actor);
    // The template `f` describes (channel and body required), validated as a save would,
    // nothing written: what a preview renders before the template is saved.
    Result<model::RelanceTemplate> draftTemplate(const Actor& actor, const TemplateFields& f);

    Result<model::Scenario> createScenario(const Actor& actor, const ScenarioFields& f);
    Result<model::Scenario> updateScenario(const Actor& actor, std::int64_t id, const ScenarioFields& f);
    Result<Unit> deleteScenario(const Actor& actor, std::int64_t id);
    Result<std::vector<ScenarioWithSteps>> listScenarios(const Actor& actor);

    Result<model::Step> createStep(const Actor& actor, const StepFields& f);
    Result<model::Step> updateStep(const Actor& actor, std::int64_t id, const StepFields& f);
    Result<Unit> deleteStep(const Actor& actor, std::int64_t id);
    // The step a create (id 0) or an update of step `id` would save, validated the same
    // way, nothing written: what the simulation of a step being edited plans with.
    Result<model::Step> draftStep(const Actor& actor, std::int64_t id, const StepFields& f);

    Result<model::CompanySettings> settings(const Actor& actor);
    Result<model::CompanySettings> updateSettings(const Actor& actor, const CompanyFields& f);
    Result<std::vector<model::EcbRate>> rates(const Actor& actor);
    Result<model::EcbRate> setRate(const Actor& actor, std::int64_t year, std::int64_t half, std::int64_t rateBp);

private:
    std::optional<Error> applyTemplate(const TemplateFields& f, model::RelanceTemplate& t);
    std::optional<Error> applyStep(const StepFields& f, model::Step& s);
    Result<model::Step> prepareStep(std::int64_t id, const StepFields& f);

    Context& m_ctx;
    model::RelanceTemplateModel m_templates;
    model::ScenarioModel m_scenarios;
    model::SettingsModel m_settings;
};

} // namespace crm::service
