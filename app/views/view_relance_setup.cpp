#include "app/views/view_relance_setup.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/actions.hpp"
#include "core/util/time.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace crm::app {

// [SECTION] index: helpers, route, scenarios, steps, the step form, templates, preview,
// simulation, rates

namespace {

const std::vector<std::string> kChannels = {"email", "sms", "letter", "call", "formal_notice", "litigation"};
const std::vector<std::string> kTemplateChannels = {"email", "sms", "letter", "call"};
const std::vector<std::string> kStages = {"none", "amiable", "relance", "mise_en_demeure", "contentieux"};
const std::vector<std::string> kLanguages = {"fr", "en"};

// "J+7", "J-5", "J" — the way a French collector names a step's day.
std::string offsetText(std::int64_t days)
{
    if (days == 0)
        return tr("setup.due_day");
    char buf[32];
    std::snprintf(buf, sizeof buf, tr("setup.offset"), days > 0 ? "+" : "-", static_cast<long long>(std::abs(days)));
    return buf;
}

void copy(char* dst, std::size_t size, const std::string& s)
{
    std::snprintf(dst, size, "%s", s.c_str());
}

// The body's cursor, kept for the placeholder palette.
int rememberCursor(ImGuiInputTextCallbackData* data)
{
    *static_cast<int*>(data->UserData) = data->CursorPos;
    return 0;
}

const char* tabName(int tab)
{
    constexpr const char* kNames[] = {"steps", "templates", "simulation", "rates"};
    return kNames[tab];
}

} // namespace

void ViewRelanceSetup::goTab(ViewContext& ctx, Tab tab)
{
    json p = ctx.params();
    p["tab"] = tabName(static_cast<int>(tab));
    ctx.router.replace({"relance_setup", p});
}

// [SECTION] screen

void ViewRelanceSetup::drawContent(ViewContext& ctx)
{
    if (m_goScenario) { // a scenario saved or deleted: show it (or the default one)
        json p = ctx.params();
        if (*m_goScenario > 0)
            p["scenario_id"] = *m_goScenario;
        else
            p.erase("scenario_id");
        m_goScenario.reset();
        ctx.router.replace({"relance_setup", p});
    }
    const std::string tab = str(ctx.params(), "tab");
    m_tab = tab == "templates" ? Tab::Templates
        : tab == "simulation"  ? Tab::Simulation
        : tab == "rates"       ? Tab::Rates
                               : Tab::Steps;
    const QueryEntry& sc = ctx.store.query("scenario.list", json::object());
    const QueryEntry& tpl = ctx.store.query("relance_template.list", json::object());
    if (!widgets::queryReady(sc) || !widgets::queryReady(tpl))
        return;
    const json& scenarios = sc.result["rows"];
    const json& templates = tpl.result["rows"];
    m_scenario = num(ctx.params(), "scenario_id");
    const json* shown = nullptr;
    for (const auto& s : scenarios)
        if (num(s, "id") == m_scenario || (!shown && m_scenario == 0 && s.value("is_default", false)))
            shown = &s;
    if (!shown && !scenarios.empty())
        shown = &scenarios[0];

    if (ImGui::BeginTabBar("##setup-tabs")) {
        const struct {
            Tab tab;
            const char* key;
        } tabs[] = {{Tab::Steps, "setup.tab_steps"}, {Tab::Templates, "setup.tab_templates"},
            {Tab::Simulation, "setup.tab_simulation"}, {Tab::Rates, "setup.tab_rates"}};
        for (const auto& t : tabs) {
            const std::string label = std::string(tr(t.key)) + "###" + t.key;
            const bool open = ImGui::BeginTabItem(
                label.c_str(), nullptr, m_tab == t.tab ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None);
            if (ImGui::IsItemClicked() && m_tab != t.tab)
                goTab(ctx, t.tab);
            if (open) {
                if (m_tab == t.tab) {
                    ImGui::Spacing();
                    switch (t.tab) {
                    case Tab::Steps:
                        drawScenarios(ctx, scenarios);
                        ImGui::SameLine(0, theme::kGap);
                        ImGui::BeginGroup();
                        if (shown)
                            drawSteps(ctx, *shown);
                        ImGui::EndGroup();
                        break;
                    case Tab::Templates: drawTemplates(ctx, templates); break;
                    case Tab::Simulation: drawSimulation(ctx); break;
                    case Tab::Rates: drawRates(ctx); break;
                    }
                }
                ImGui::EndTabItem();
            }
        }
        ImGui::EndTabBar();
    }
    drawScenarioForm(ctx);
    drawStepForm(ctx, templates);
}

// [SECTION] scenarios: the list, and the form

void ViewRelanceSetup::drawScenarios(ViewContext& ctx, const json& scenarios)
{
    ImGui::BeginChild("##setup-scenarios", ImVec2(250, 0), true);
    ImGui::TextUnformatted(tr("setup.scenarios"));
    ImGui::Separator();
    for (const auto& s : scenarios) {
        const std::int64_t id = num(s, "id");
        const bool selected = id == m_scenario || (m_scenario == 0 && s.value("is_default", false));
        const std::string label = str(s, "name") + "##scenario-" + std::to_string(id);
        if (ImGui::Selectable(label.c_str(), selected) && !selected) {
            json p = ctx.params();
            p["scenario_id"] = id;
            ctx.router.replace({"relance_setup", p});
        }
        const std::string segment = str(s, "segment");
        const std::string what = s.value("is_default", false) ? tr("setup.default")
            : segment.empty()                                 ? tr("setup.no_segment")
                                                              : std::string(tr("setup.segment_is")) + segment;
        ImGui::TextColored(theme::kMuted, "  %s · %zu %s", what.c_str(), s["steps"].size(), tr("setup.steps_count"));
    }
    ImGui::Spacing();
    if (ImGui::Button(tr("setup.new_scenario"))) {
        m_scenarioForm = ScenarioForm{};
        m_openScenarioForm = true;
    }
    ImGui::EndChild();
}

void ViewRelanceSetup::drawScenarioForm(ViewContext& ctx)
{
    auto& f = m_scenarioForm;
    if (m_openScenarioForm) // asked for inside the tabs: opened here, where the dialog is drawn
        ImGui::OpenPopup("##setup-scenario");
    m_openScenarioForm = false;
    if (!widgets::beginDialog("##setup-scenario", tr(f.id ? "setup.edit_scenario" : "setup.new_scenario"), 460))
        return;
    bool submit = widgets::formField(tr("setup.name"), "##scenario-name", "name", f.name, sizeof f.name, f.error);
    submit |= widgets::formField(
        tr("setup.segment"), "##scenario-segment", "segment", f.segment, sizeof f.segment, f.error);
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.segment_hint"));
    ImGui::Checkbox(tr("setup.is_default"), &f.isDefault);
    ImGui::Checkbox(tr("setup.business_days"), &f.businessDays);
    ImGui::Checkbox(tr("setup.per_invoice"), &f.perInvoice);
    if (widgets::endDialog(f.error, {"name", "segment"}, submit, f.done, !f.saving)) {
        json p = {{"name", f.name}, {"segment", f.segment[0] ? json(f.segment) : json()},
            {"business_days", f.businessDays}, {"per_invoice", f.perInvoice}};
        if (f.isDefault || f.id == 0)
            p["is_default"] = f.isDefault;
        if (f.id)
            p["id"] = f.id;
        f.saving = true;
        ctx.store.command(f.id ? "scenario.update" : "scenario.create", p, [this](const json& reply) {
            m_scenarioForm.saving = false;
            if (reply.contains("error"))
                return m_scenarioForm.error.set(reply["error"]);
            m_scenarioForm.done = true;
            widgets::toast(tr("setup.saved"));
            m_goScenario = num(reply["result"], "id"); // shown next frame
        });
    }
}

// [SECTION] steps: the chosen scenario's

void ViewRelanceSetup::drawSteps(ViewContext& ctx, const json& scenario)
{
    const std::int64_t id = num(scenario, "id");
    ImGui::TextUnformatted(str(scenario, "name").c_str());
    testhook::note("setup:scenario", str(scenario, "name").c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("setup.edit"))) {
        auto& f = m_scenarioForm;
        f = ScenarioForm{};
        f.id = id;
        copy(f.name, sizeof f.name, str(scenario, "name"));
        copy(f.segment, sizeof f.segment, str(scenario, "segment"));
        f.isDefault = scenario.value("is_default", false);
        f.businessDays = scenario.value("business_days", false);
        f.perInvoice = scenario.value("per_invoice", false);
        m_openScenarioForm = true;
    }
    if (!scenario.value("is_default", false)) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("setup.delete_scenario")))
            ImGui::OpenPopup("##setup-delete-scenario");
        if (widgets::confirmDialog("##setup-delete-scenario", tr("setup.delete_scenario_q"),
                str(scenario, "name").c_str(), tr("setup.delete")))
            ctx.store.command("scenario.delete", {{"id", id}}, [this](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                widgets::toast(tr("setup.deleted"));
                m_goScenario = 0; // the default one, next frame
            });
    }
    ImGui::TextColored(theme::kMuted, "%s%s",
        tr(scenario.value("business_days", false) ? "setup.counts_business" : "setup.counts_calendar"),
        tr(scenario.value("per_invoice", false) ? "setup.one_per_invoice" : "setup.one_per_client"));
    ImGui::Spacing();
    if (ImGui::Button(tr("setup.add_step"))) {
        openStepForm(json::object(), id);
        m_openStepForm = true;
    }
    const json& steps = scenario["steps"];
    if (steps.empty()) {
        widgets::emptyState(tr("setup.no_steps"), "setup:empty");
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH
        | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##setup-steps", 8, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("setup.col_when"), 0, 0.6f);
    ImGui::TableSetupColumn(tr("setup.col_step"), 0, 1.6f);
    ImGui::TableSetupColumn(tr("setup.col_channel"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("setup.col_template"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("setup.col_mode"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("setup.col_stage"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("setup.col_minimum"), 0, 0.9f);
    ImGui::TableSetupColumn("##step-actions", ImGuiTableColumnFlags_WidthFixed, 190);
    ImGui::TableHeadersRow();
    for (const auto& st : steps) {
        const std::int64_t sid = num(st, "id");
        const std::string tag = std::to_string(sid);
        const bool active = st.value("active", true);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(offsetText(num(st, "offset_days")).c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(active ? ImGui::GetStyleColorVec4(ImGuiCol_Text) : theme::kMuted, "%s%s",
            str(st, "name").c_str(), active ? "" : tr("setup.inactive"));
        testhook::note(("setup-step:" + str(st, "name")).c_str(),
            (offsetText(num(st, "offset_days")) + " " + tr(("channel." + str(st, "channel")).c_str())).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("channel." + str(st, "channel")).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(st["template_code"].is_string() ? str(st, "template_code").c_str() : "—");
        ImGui::TableNextColumn();
        ImGui::TextColored(str(st, "mode") == "confirm" ? theme::kWarn : ImGui::GetStyleColorVec4(ImGuiCol_Text), "%s",
            tr(("mode." + str(st, "mode")).c_str()));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(st["stage"].is_string() ? tr(("stage." + str(st, "stage")).c_str()) : "—");
        ImGui::TableNextColumn();
        if (num(st, "min_amount_cents") > 0)
            widgets::moneyCell(num(st, "min_amount_cents"));
        else
            ImGui::TextUnformatted("—");
        ImGui::TableNextColumn();
        if (ImGui::SmallButton((std::string(tr("setup.edit")) + "##edit-step-" + tag).c_str())) {
            openStepForm(st, id);
            m_openStepForm = true;
        }
        ImGui::SameLine();
        if (ImGui::SmallButton((std::string(tr("setup.delete")) + "##delete-step-" + tag).c_str()))
            ctx.store.command("step.delete", {{"id", sid}}, [](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                widgets::toast(tr("setup.deleted"));
            });
    }
    ImGui::EndTable();
}

// [SECTION] the step form: saved, or simulated first

void ViewRelanceSetup::openStepForm(const json& step, std::int64_t scenarioId)
{
    auto& f = m_stepForm;
    f = StepForm{};
    f.scenarioId = scenarioId;
    if (step.contains("id")) {
        f.id = num(step, "id");
        copy(f.name, sizeof f.name, str(step, "name"));
        f.offset = static_cast<int>(num(step, "offset_days"));
        f.channel = str(step, "channel");
        f.templateCode = step["template_code"].is_string() ? str(step, "template_code") : "";
        f.mode = str(step, "mode");
        f.stage = step["stage"].is_string() ? str(step, "stage") : "";
        f.minDays = static_cast<int>(num(step, "min_days_since_previous"));
        f.active = step.value("active", true);
        if (num(step, "min_amount_cents") > 0)
            copy(f.minAmount, sizeof f.minAmount, formatMoney(num(step, "min_amount_cents")));
    }
}

json ViewRelanceSetup::stepFields() const
{
    const auto& f = m_stepForm;
    json p = {{"scenario_id", f.scenarioId}, {"name", f.name}, {"offset_days", f.offset}, {"channel", f.channel},
        {"template_code", f.templateCode.empty() ? json() : json(f.templateCode)}, {"mode", f.mode},
        {"stage", f.stage.empty() ? json() : json(f.stage)}, {"min_days_since_previous", f.minDays},
        {"active", f.active}};
    if (f.minAmount[0] == '\0')
        p["min_amount_cents"] = 0;
    else if (const auto cents = widgets::parseAmount(f.minAmount))
        p["min_amount_cents"] = *cents;
    else
        p["min_amount_cents"] = -1; // refused by the core, named in place
    if (f.id)
        p["id"] = f.id;
    return p;
}

void ViewRelanceSetup::drawStepForm(ViewContext& ctx, const json& templates)
{
    auto& f = m_stepForm;
    if (m_openStepForm) // asked for inside the tabs: opened here, where the dialog is drawn
        ImGui::OpenPopup("##setup-step");
    m_openStepForm = false;
    if (!widgets::beginDialog("##setup-step", tr(f.id ? "setup.edit_step" : "setup.add_step"), 520))
        return;
    bool submit = widgets::formField(tr("setup.name"), "##step-name", "name", f.name, sizeof f.name, f.error);
    ImGui::TextUnformatted(tr("setup.offset_label"));
    ImGui::SetNextItemWidth(140);
    ImGui::InputInt("##step-offset", &f.offset);
    ImGui::SameLine();
    ImGui::TextColored(theme::kMuted, "%s  %s", offsetText(f.offset).c_str(), tr("setup.offset_hint"));
    if (f.error.field == "offset_days")
        ImGui::TextColored(theme::kError, "%s", f.error.text.c_str());
    ImGui::TextUnformatted(tr("setup.col_channel"));
    widgets::choice("##step-channel", "channel.", kChannels, f.channel, 220);
    ImGui::TextUnformatted(tr("setup.col_template"));
    std::vector<std::string> codes = {""};
    for (const auto& t : templates)
        if (str(t, "language") == "fr")
            codes.push_back(str(t, "code"));
    {
        std::string shown = f.templateCode.empty() ? tr("setup.no_template") : f.templateCode;
        ImGui::SetNextItemWidth(320);
        const ImVec2 at = ImGui::GetCursorScreenPos();
        testhook::mark("##step-template", at.x, at.y, at.x + 320, at.y + ImGui::GetFrameHeight(), shown.c_str());
        if (ImGui::BeginCombo("##step-template", shown.c_str())) {
            for (const auto& c : codes) {
                std::string label = c.empty() ? tr("setup.no_template") : c;
                for (const auto& t : templates)
                    if (str(t, "code") == c && str(t, "language") == "fr")
                        label += " — " + str(t, "name") + " (" + tr(("channel." + str(t, "channel")).c_str()) + ")";
                if (ImGui::Selectable((label + "##tpl-" + c).c_str(), c == f.templateCode))
                    f.templateCode = c;
            }
            ImGui::EndCombo();
        }
        if (f.error.field == "template_code")
            ImGui::TextColored(theme::kError, "%s", f.error.text.c_str());
    }
    ImGui::TextUnformatted(tr("setup.col_mode"));
    for (const char* m : {"auto", "confirm"}) {
        if (std::strcmp(m, "confirm") == 0)
            ImGui::SameLine();
        if (ImGui::RadioButton(tr((std::string("mode.") + m).c_str()), f.mode == m))
            f.mode = m;
    }
    ImGui::TextUnformatted(tr("setup.col_stage"));
    std::string stage = f.stage.empty() ? "none" : f.stage;
    if (widgets::choice("##step-stage", "stage.", kStages, stage, 220))
        f.stage = stage == "none" ? "" : stage;
    submit |= widgets::formField(
        tr("setup.min_amount"), "##step-minimum", "min_amount_cents", f.minAmount, sizeof f.minAmount, f.error);
    ImGui::TextUnformatted(tr("setup.min_days"));
    ImGui::SetNextItemWidth(140);
    ImGui::InputInt("##step-min-days", &f.minDays);
    ImGui::Checkbox(tr("setup.active"), &f.active);
    ImGui::Spacing();
    // What this change would send, before it is saved.
    if (ImGui::Button(tr("setup.simulate_change"))) {
        m_draft = stepFields();
        m_draftName = f.name;
        m_simPage = m_simWithheldPage = 0;
        ImGui::CloseCurrentPopup();
        goTab(ctx, Tab::Simulation);
    }
    ImGui::SameLine();
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.simulate_hint"));
    if (widgets::endDialog(
            f.error, {"name", "offset_days", "template_code", "min_amount_cents"}, submit, f.done, !f.saving)) {
        json p = stepFields();
        f.saving = true;
        f.error.clear();
        ctx.store.command(f.id ? "step.update" : "step.create", p, [this](const json& reply) {
            m_stepForm.saving = false;
            if (reply.contains("error"))
                return m_stepForm.error.set(reply["error"]);
            m_stepForm.done = true;
            m_draft = json();
            widgets::toast(tr("setup.saved"));
        });
    }
}

// [SECTION] templates: the list, the editor with its palette

void ViewRelanceSetup::openTemplate(const json& t)
{
    auto& f = m_tpl;
    f = TemplateForm{};
    if (t.contains("id")) {
        f.id = num(t, "id");
        copy(f.code, sizeof f.code, str(t, "code"));
        copy(f.name, sizeof f.name, str(t, "name"));
        copy(f.subject, sizeof f.subject, str(t, "subject"));
        copy(f.body.data(), f.body.size(), str(t, "body"));
        f.channel = str(t, "channel");
        f.language = str(t, "language");
    }
    f.cursor = static_cast<int>(std::strlen(f.body.data()));
    m_tplOpen = true;
}

void ViewRelanceSetup::drawTemplates(ViewContext& ctx, const json& templates)
{
    ImGui::BeginChild("##setup-templates", ImVec2(250, 0), true);
    for (const auto& t : templates) {
        const std::int64_t id = num(t, "id");
        const std::string label = str(t, "code") + " (" + str(t, "language") + ")##tpl-" + std::to_string(id);
        if (ImGui::Selectable(label.c_str(), m_tplOpen && m_tpl.id == id))
            openTemplate(t);
        ImGui::TextColored(
            theme::kMuted, "  %s · %s", str(t, "name").c_str(), tr(("channel." + str(t, "channel")).c_str()));
    }
    ImGui::Spacing();
    if (ImGui::Button(tr("setup.new_template")))
        openTemplate(json::object());
    ImGui::EndChild();
    ImGui::SameLine(0, theme::kGap);
    if (!m_tplOpen) {
        ImGui::BeginGroup();
        widgets::emptyState(tr("setup.pick_template"), "setup:empty");
        ImGui::EndGroup();
        return;
    }
    auto& f = m_tpl;
    const float editorWidth = std::max(360.0f, (ImGui::GetContentRegionAvail().x - theme::kGap) * 0.5f);
    ImGui::BeginChild("##setup-editor", ImVec2(editorWidth, 0));
    // Save and delete first: on a small screen the text runs below the fold.
    ImGui::BeginDisabled(f.saving);
    if (ImGui::Button(tr("form.save"))) {
        json p = {{"code", f.code}, {"name", f.name}, {"channel", f.channel}, {"language", f.language},
            {"subject", f.subject}, {"body", f.body.data()}};
        if (f.id)
            p["id"] = f.id;
        f.saving = true;
        f.error.clear();
        ctx.store.command(f.id ? "relance_template.update" : "relance_template.create", p, [this](const json& reply) {
            m_tpl.saving = false;
            if (reply.contains("error"))
                return m_tpl.error.set(reply["error"]);
            m_tpl.id = num(reply["result"], "id");
            widgets::toast(tr("setup.saved"));
        });
    }
    ImGui::EndDisabled();
    if (f.id) {
        ImGui::SameLine();
        if (ImGui::Button(tr("setup.delete")))
            ctx.store.command("relance_template.delete", {{"id", f.id}}, [this](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                m_tplOpen = false;
                widgets::toast(tr("setup.deleted"));
            });
    }
    ImGui::Spacing();
    ImGui::PushItemWidth(-1);
    widgets::formField(tr("setup.code"), "##tpl-code", "code", f.code, sizeof f.code, f.error);
    widgets::formField(tr("setup.name"), "##tpl-name", "name", f.name, sizeof f.name, f.error);
    ImGui::PopItemWidth();
    widgets::choice("##tpl-channel", "channel.", kTemplateChannels, f.channel, 160);
    ImGui::SameLine();
    widgets::choice("##tpl-language", "lang.", kLanguages, f.language, 120);
    ImGui::PushItemWidth(-1);
    widgets::formField(tr("setup.subject"), "##tpl-subject", "subject", f.subject, sizeof f.subject, f.error);
    ImGui::PopItemWidth();
    // The palette: a click puts the placeholder where the cursor was in the body.
    ImGui::TextUnformatted(tr("setup.palette"));
    const QueryEntry& names = ctx.store.query("relance_template.placeholders", json::object());
    if (names.hasResult) {
        const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
        bool first = true;
        for (const auto& n : names.result["rows"]) {
            const std::string text = "{" + n.get<std::string>() + "}";
            const float w = ImGui::CalcTextSize(text.c_str()).x + ImGui::GetStyle().FramePadding.x * 2;
            if (!first) {
                ImGui::SameLine();
                if (ImGui::GetCursorScreenPos().x + w > right)
                    ImGui::NewLine();
            }
            first = false;
            if (ImGui::SmallButton(text.c_str())) {
                std::string body = f.body.data();
                const auto at = static_cast<std::size_t>(std::clamp(f.cursor, 0, static_cast<int>(body.size())));
                body.insert(at, text);
                if (body.size() < f.body.size()) {
                    copy(f.body.data(), f.body.size(), body);
                    f.cursor = static_cast<int>(at + text.size());
                }
            }
        }
    }
    ImGui::TextUnformatted(tr("setup.body"));
    ImGui::InputTextMultiline("##tpl-body", f.body.data(), f.body.size(),
        ImVec2(-1, std::max(160.0f, ImGui::GetContentRegionAvail().y - 80)), ImGuiInputTextFlags_CallbackAlways,
        rememberCursor, &f.cursor);
    if (f.error.field == "body")
        ImGui::TextColored(theme::kError, "%s", f.error.text.c_str());
    widgets::formError(f.error, {"code", "name", "subject", "body"});
    ImGui::EndChild();
    ImGui::SameLine(0, theme::kGap);
    ImGui::BeginChild("##setup-preview", ImVec2(0, 0), true);
    drawPreview(ctx);
    ImGui::EndChild();
}

// [SECTION] preview: the text being edited, rendered for a client picked by name

void ViewRelanceSetup::drawPreview(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("setup.preview"));
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##preview-client", tr("setup.preview_client"), m_clientSearch, sizeof m_clientSearch);
    if (m_clientSearch[0] != '\0') {
        const QueryEntry& found = ctx.store.query(
            "client.list", {{"search", m_clientSearch}, {"limit", 6}, {"sort", "overdue"}, {"desc", true}});
        if (found.hasResult)
            for (const auto& c : found.result["rows"]) {
                const std::string label
                    = str(c, "name") + " (" + str(c, "code") + ")##pick-" + std::to_string(num(c, "id"));
                if (ImGui::Selectable(label.c_str())) {
                    m_previewClient = num(c, "id");
                    m_previewClientName = str(c, "name");
                    m_clientSearch[0] = '\0';
                }
            }
    }
    if (m_previewClient == 0) {
        widgets::emptyState(tr("setup.preview_pick"), "preview:empty");
        return;
    }
    ImGui::TextColored(theme::kMuted, "%s %s", tr("setup.preview_for"), m_previewClientName.c_str());
    const auto& f = m_tpl;
    json p = {{"client_id", m_previewClient}, {"channel", f.channel}, {"language", f.language}, {"subject", f.subject},
        {"body", f.body.data()}};
    if (f.body[0] == '\0')
        return;
    const QueryEntry& q = ctx.store.query("relance_template.preview", p);
    if (!q.error.is_null()) {
        const std::string text
            = errorText(q.error.value("code", ""), q.error.value("reason", ""), q.error.value("field", ""));
        const std::string where = q.error.value("message", "");
        ImGui::TextColored(theme::kError, "%s", text.c_str());
        testhook::note("preview:error", text.c_str());
        // The core's message says where: the placeholder, its line and column.
        ImGui::TextColored(theme::kMuted, "%s", where.c_str());
        testhook::note("preview:where", where.c_str());
        return;
    }
    if (!q.hasResult)
        return;
    const json& r = q.result;
    if (f.channel == "letter") {
        ImGui::Checkbox(tr("setup.as_formal_notice"), &m_formalNotice);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("setup.preview_pdf"))) {
            json pdf = p;
            pdf["pdf"] = true;
            pdf["formal_notice"] = m_formalNotice;
            const std::string name = std::string("Apercu-") + (f.code[0] ? f.code : "modele") + ".pdf";
            ctx.store.command("relance_template.preview", pdf, [name](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                platform::saveFile(name, "application/pdf", widgets::base64Decode(str(reply["result"], "pdf_base64")));
            });
        }
    }
    ImGui::Separator();
    if (!str(r, "subject").empty()) {
        ImGui::TextUnformatted(str(r, "subject").c_str());
        testhook::note("preview:subject", str(r, "subject").c_str());
        ImGui::Spacing();
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(str(r, "body").c_str());
    ImGui::PopTextWrapPos();
    testhook::note("preview:body", str(r, "body").c_str());
}

// [SECTION] simulation: a day, with the step being edited

void ViewRelanceSetup::drawSimulation(ViewContext& ctx)
{
    if (m_simDate.empty()) {
        const std::string today = ctx.me.value("today", std::string());
        if (!today.empty()) {
            m_simDate = timeutil::addDays(today, 1); // tomorrow: what the next run would send
            copy(m_simDateText, sizeof m_simDateText, formatDate(m_simDate));
        }
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("setup.sim_date"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130);
    std::string iso;
    if (widgets::dateInput("##sim-date", m_simDateText, sizeof m_simDateText, iso) && !iso.empty()) {
        m_simDate = iso;
        m_simPage = m_simWithheldPage = 0;
    }
    if (!m_draft.is_null()) {
        ImGui::SameLine(0, 24);
        char line[300];
        std::snprintf(line, sizeof line, tr("setup.sim_with_draft"), m_draftName.c_str());
        ImGui::TextColored(theme::kWarn, "%s", line);
        testhook::note("sim:draft", line);
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("setup.sim_save_draft"))) {
            json p = m_draft;
            const bool update = p.contains("id");
            ctx.store.command(update ? "step.update" : "step.create", p, [this](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                m_draft = json();
                widgets::toast(tr("setup.saved"));
            });
        }
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("setup.sim_drop_draft")))
            m_draft = json();
    }
    if (m_simDate.empty())
        return;
    json params = {{"as_of", m_simDate}, {"offset", m_simPage * kPage}, {"limit", kPage},
        {"withheld_offset", m_simWithheldPage * kPage}, {"withheld_limit", kPage}};
    if (!m_draft.is_null())
        params["draft_step"] = m_draft;
    const QueryEntry& q = ctx.store.query("relance.plan", params);
    if (!q.error.is_null()) {
        const std::string text
            = errorText(q.error.value("code", ""), q.error.value("reason", ""), q.error.value("field", ""));
        ImGui::TextColored(theme::kError, "%s", text.c_str());
        testhook::note("sim:error", text.c_str());
        return;
    }
    if (!widgets::queryReady(q))
        return;
    const json& plan = q.result;
    const json& t = plan["totals"];
    char line[300];
    std::snprintf(line, sizeof line, tr("setup.sim_totals"), static_cast<long long>(num(t, "actions")),
        static_cast<long long>(num(t, "clients")),
        formatMoney(num(t, "open_cents") + num(t, "interest_cents") + num(t, "fee_cents")).c_str(),
        static_cast<long long>(num(t, "withheld")));
    ImGui::Spacing();
    ImGui::TextUnformatted(line);
    testhook::note("sim:totals", line);
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.sim_writes_nothing"));
    ImGui::Spacing();
    // Per step and channel.
    if (!plan["by_step"].empty()
        && ImGui::BeginTable("##sim-steps", 7,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp,
            ImVec2(std::min(ImGui::GetContentRegionAvail().x, 980.0f), 0))) {
        const std::pair<const char*, float> columns[] = {{"setup.col_when", 0.6f}, {"setup.col_step", 2.0f},
            {"setup.col_channel", 1.0f}, {"setup.col_actions", 0.8f}, {"setup.col_invoices", 0.8f},
            {"setup.col_principal", 1.4f}, {"setup.col_total", 1.4f}};
        for (const auto& [key, weight] : columns)
            ImGui::TableSetupColumn(tr(key), 0, weight);
        ImGui::TableHeadersRow();
        for (const auto& s : plan["by_step"]) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(offsetText(num(s, "offset_days")).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(str(s, "step").c_str());
            if (str(s, "mode") == "confirm") {
                ImGui::SameLine();
                ImGui::TextColored(theme::kWarn, "%s", tr("relances.to_confirm"));
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr(("channel." + str(s, "channel")).c_str()));
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(num(s, "actions")));
            testhook::note(("sim-step:" + str(s, "step")).c_str(), std::to_string(num(s, "actions")).c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%lld", static_cast<long long>(num(s, "invoices")));
            ImGui::TableNextColumn();
            widgets::moneyCell(num(s, "open_cents"));
            ImGui::TableNextColumn();
            widgets::moneyCell(num(s, "open_cents") + num(s, "interest_cents") + num(s, "fee_cents"), "EUR", true);
        }
        ImGui::EndTable();
    }
    // Withheld, per reason.
    if (!t["withheld_by_reason"].empty()) {
        std::string reasons;
        for (auto it = t["withheld_by_reason"].begin(); it != t["withheld_by_reason"].end(); ++it)
            reasons += (reasons.empty() ? "" : " · ") + std::string(tr(("withheld." + it.key()).c_str())) + " : "
                + std::to_string(it.value().get<std::int64_t>());
        ImGui::TextColored(theme::kWarn, "%s %s", tr("setup.sim_withheld"), reasons.c_str());
        testhook::note("sim:withheld", reasons.c_str());
    }
    ImGui::Spacing();
    // The actions, paged, each with its reason.
    m_simPage = widgets::pager("sim", m_simPage, kPage, num(t, "actions"));
    if (plan["actions"].empty()) {
        widgets::emptyState(tr("setup.sim_nothing"), "sim:empty");
        return;
    }
    if (!ImGui::BeginTable("##sim-actions", 5,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp
                | ImGuiTableFlags_ScrollY))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 1.4f);
    ImGui::TableSetupColumn(tr("setup.col_step"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("setup.col_channel"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("setup.col_total"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("setup.col_why"), 0, 3.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(plan["actions"].size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const json& a = plan["actions"][static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(str(a, "client_name").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(str(a, "step").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(tr(("channel." + str(a, "channel")).c_str()));
            ImGui::TableNextColumn();
            widgets::moneyCell(num(a, "total_cents"), str(a, "currency"));
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::kMuted, "%s", widgets::reasonText(a, false).c_str());
        }
    ImGui::EndTable();
}

// [SECTION] rates: the ECB table behind the late-payment interest

void ViewRelanceSetup::drawRates(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("settings.rates"));
    ImGui::TextColored(theme::kMuted, "%s", tr("settings.rates_hint"));
    ImGui::Spacing();
    const QueryEntry& q = ctx.store.query("rate.list", json::object());
    if (q.hasResult
        && ImGui::BeginTable("##rates-table", 3,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp,
            ImVec2(520, 320))) {
        ImGui::TableSetupColumn(tr("settings.half_year"));
        ImGui::TableSetupColumn(tr("settings.ecb_rate"));
        ImGui::TableSetupColumn(tr("settings.legal_rate"));
        ImGui::TableHeadersRow();
        const json& rows = q.result["rows"];
        for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
            char period[32];
            std::snprintf(period, sizeof period, "%lld-S%lld", static_cast<long long>(num(*it, "year")),
                static_cast<long long>(num(*it, "half")));
            // Both rates as the core gives them (the legal one: ECB + 10 points).
            const std::string ecb = formatPercent(num(*it, "rate_bp"));
            const std::string legal = formatPercent(num(*it, "legal_rate_bp"));
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(period);
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(ecb.c_str());
            testhook::note((std::string("rate:") + period).c_str(), ecb.c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(legal.c_str());
            testhook::note((std::string("legal-rate:") + period).c_str(), legal.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.set_rate"));
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt("##rate-year", &m_rateYear);
    ImGui::SameLine();
    std::string half = m_rateHalf == 1 ? "half1" : "half2";
    if (widgets::choice("##rate-half", "settings.", {"half1", "half2"}, half, 140))
        m_rateHalf = half == "half1" ? 1 : 2;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90);
    ImGui::InputTextWithHint("##rate-percent", "2,15", m_ratePercent, sizeof m_ratePercent);
    ImGui::SameLine();
    ImGui::TextUnformatted("%");
    ImGui::SameLine();
    if (ImGui::Button(tr("settings.set_rate_button"))) {
        // A percentage with at most two decimals: "2,15" is 215 basis points.
        const auto bp = widgets::parseAmount(m_ratePercent);
        if (!bp) {
            m_rateError.set({{"code", "validation"}, {"reason", "invalid_rate"}, {"field", "rate_bp"}});
        } else {
            m_rateError.clear();
            ctx.store.command(
                "rate.set", {{"year", m_rateYear}, {"half", m_rateHalf}, {"rate_bp", *bp}}, [this](const json& reply) {
                    if (reply.contains("error"))
                        m_rateError.set(reply["error"]);
                    else
                        widgets::toast(tr("settings.rate_saved"));
                });
        }
    }
    widgets::formError(m_rateError, {});
    ImGui::Spacing();
    ImGui::TextColored(theme::kMuted, "%s", tr("setup.terms"));
}

} // namespace crm::app
