// ViewRelanceSetup (« Paramétrage des relances »): what the engine runs on, for managers.
//
//   scenarios   the list (default first), created, renamed, given a segment, made the
//               default, deleted while unused (scenario.*)
//   Étapes      the chosen scenario's steps — offset before/after the due date, channel,
//               automatic or to confirm, template, stage, minimum amount — added, edited,
//               removed (step.*); an edit can be simulated before it is saved
//   Modèles     the templates: a placeholder palette, the text, a live preview on a client
//               picked by name (relance_template.preview), a letter's PDF
//   Simulation  a day (tomorrow by default), with the step being edited if any: what would
//               go out per step and channel, the actions with their reasons, what is
//               withheld and why — relance.plan, which writes nothing
//   Taux BCE    the ECB rate table the late-payment interest is computed from (rate.*)
//
// Route: "relance_setup" {tab, scenario_id}. Needs relance.manage.
#pragma once

#include "app/view.hpp"
#include "app/widgets/widgets.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::app {

class ViewRelanceSetup final : public View {
public:
    const char* id() const override { return "relance_setup"; }
    const char* titleKey() const override { return "nav.relance_setup"; }
    const char* capability() const override { return "relance.manage"; }
    bool inManageMenu() const override { return true; }

protected:
    void drawContent(ViewContext& ctx) override;

private:
    enum class Tab { Steps, Templates, Simulation, Rates };

    void drawScenarios(ViewContext& ctx, const json& scenarios);
    void drawScenarioForm(ViewContext& ctx);
    void drawSteps(ViewContext& ctx, const json& scenario);
    void drawStepForm(ViewContext& ctx, const json& templates);
    void openStepForm(const json& step, std::int64_t scenarioId);
    json stepFields() const;
    void drawTemplates(ViewContext& ctx, const json& templates);
    void openTemplate(const json& tpl);
    void drawPreview(ViewContext& ctx);
    void drawSimulation(ViewContext& ctx);
    void drawRates(ViewContext& ctx);
    void goTab(ViewContext& ctx, Tab tab);

    Tab m_tab = Tab::Steps;
    std::int64_t m_scenario = 0;              // the scenario shown (0: the default one)
    std::optional<std::int64_t> m_goScenario; // to show next frame (a reply's; 0: the default)

    struct ScenarioForm {
        std::int64_t id = 0; // 0: a new one
        char name[128] = {}, segment[64] = {};
        bool isDefault = false, businessDays = false, perInvoice = false;
        widgets::FieldError error;
        bool done = false, saving = false;
    } m_scenarioForm;

    struct StepForm {
        std::int64_t id = 0, scenarioId = 0; // id 0: a new step
        char name[128] = {}, minAmount[32] = {};
        int offset = 7, minDays = 0;
        std::string channel = "email", templateCode, mode = "auto", stage, risk;
        bool active = true;
        widgets::FieldError error;
        bool done = false, saving = false;
    } m_stepForm;
    bool m_openStepForm = false, m_openScenarioForm = false;

    // The step being simulated before it is saved (relance.plan's draft_step), and its name.
    json m_draft;
    std::string m_draftName;

    struct TemplateForm {
        std::int64_t id = 0; // 0: a new template
        char code[64] = {}, name[128] = {}, subject[256] = {};
        std::vector<char> body = std::vector<char>(32768, '\0');
        std::string channel = "email", language = "fr";
        int cursor = 0; // where the palette inserts in the body
        widgets::FieldError error;
        bool saving = false;
    } m_tpl;
    bool m_tplOpen = false;
    char m_clientSearch[64] = {};
    std::int64_t m_previewClient = 0;
    std::string m_previewClientName;
    bool m_formalNotice = false;

    char m_simDateText[16] = {};
    std::string m_simDate;
    std::int64_t m_simPage = 0, m_simWithheldPage = 0;
    static constexpr std::int64_t kPage = 100;

    int m_rateYear = 2026, m_rateHalf = 1;
    char m_ratePercent[16] = {};
    widgets::FieldError m_rateError;
};

} // namespace crm::app
