#include "app/views/view_settings.hpp"

#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

namespace {

// settings.update's fields, in the form's order (address and signatory on several lines).
constexpr const char* kNames[] = {
    "legal_name", "address", "siret", "vat_number", "phone", "email", "iban", "bic", "signatory", "default_currency"};

bool multiline(int k)
{
    return k == 1 || k == 8;
}

} // namespace

void ViewSettings::drawContent(ViewContext& ctx)
{
    const QueryEntry& q = ctx.store.query("settings.get", json::object());
    if (!widgets::queryReady(q))
        return;
    // Filled from the stored settings when they change (a save, another window's).
    const std::string at = q.result["updated_at"].is_string() ? str(q.result, "updated_at") : "";
    if (at != m_loadedAt) {
        for (int k = 0; k < kFields; ++k)
            std::snprintf(m_values[static_cast<std::size_t>(k)].data(), m_values[0].size(), "%s",
                str(q.result, kNames[k]).c_str());
        m_bankScore = static_cast<int>(q.result.value("bank_auto_score", 90));
        m_bankDays = static_cast<int>(q.result.value("bank_stale_days", 3));
        m_loadedAt = at;
    }
    ImGui::TextUnformatted(tr("settings.company"));
    ImGui::TextColored(theme::kMuted, "%s", tr("settings.company_hint"));
    // What letters still need: until it is set, they are withheld.
    std::string missing;
    for (const auto& f : q.result.value("missing_for_letters", json::array()))
        missing += (missing.empty() ? "" : ", ") + std::string(tr(("settings." + f.get<std::string>()).c_str()));
    if (!missing.empty()) {
        char line[512];
        std::snprintf(line, sizeof line, tr("settings.missing_for_letters"), missing.c_str());
        ImGui::TextColored(theme::kWarn, "%s", line);
        testhook::note("settings:missing", line);
    } else {
        ImGui::TextColored(theme::kOk, "%s", tr("settings.letters_ready"));
        testhook::note("settings:missing", "");
    }
    ImGui::Spacing();
    // Two columns: who the company is, then how it is paid and who signs.
    ImGui::BeginChild("##settings-form", ImVec2(theme::kFormWidth * 1.5f, 0));
    bool submit = false;
    if (ImGui::BeginTable("##settings-columns", 2, ImGuiTableFlags_SizingStretchSame)) {
        for (int k = 0; k < kFields; ++k) {
            if (k == 0 || k == kFields / 2)
                ImGui::TableNextColumn();
            const std::string label = std::string("settings.") + kNames[k];
            const std::string id = std::string("##settings-") + kNames[k];
            auto& buf = m_values[static_cast<std::size_t>(k)];
            submit |= widgets::formField(tr(label.c_str()), id.c_str(), kNames[k], buf.data(), buf.size(), m_error,
                multiline(k) ? widgets::FieldKind::Multiline : widgets::FieldKind::Text);
        }
        ImGui::EndTable();
    }
    // Bank statements: from which score a match applies by itself, and how old the bank
    // data may be before the day's automatic reminders wait for a confirmation.
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.bank"));
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt(tr("settings.bank_auto_score"), &m_bankScore);
    if (m_error.on("bank_auto_score"))
        ImGui::TextColored(theme::kError, "%s", m_error.text.c_str());
    ImGui::SetNextItemWidth(120);
    ImGui::InputInt(tr("settings.bank_stale_days"), &m_bankDays);
    if (m_error.on("bank_stale_days"))
        ImGui::TextColored(theme::kError, "%s", m_error.text.c_str());
    widgets::formError(m_error,
        {kNames[0], kNames[1], kNames[2], kNames[3], kNames[4], kNames[5], kNames[6], kNames[7], kNames[8], kNames[9],
            "bank_auto_score", "bank_stale_days"});
    ImGui::Spacing();
    ImGui::BeginDisabled(m_saving);
    if (ImGui::Button(tr("form.save")) || submit) {
        json p = json::object();
        for (int k = 0; k < kFields; ++k)
            p[kNames[k]] = m_values[static_cast<std::size_t>(k)].data();
        p["bank_auto_score"] = m_bankScore;
        p["bank_stale_days"] = m_bankDays;
        m_saving = true;
        m_error.clear();
        ctx.store.command("settings.update", p, [this](const json& reply) {
            m_saving = false;
            if (reply.contains("error")) {
                m_error.set(reply["error"]);
                return;
            }
            widgets::toast(tr("settings.saved"));
        });
    }
    ImGui::EndDisabled();
    ImGui::EndChild();
    ImGui::SameLine(0, theme::kGap * 2);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("settings.language"));
    if (ImGui::RadioButton("Français", language() == Language::Fr))
        setLanguage(Language::Fr);
    ImGui::SameLine();
    if (ImGui::RadioButton("English", language() == Language::En))
        setLanguage(Language::En);
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.elsewhere"));
    if (ctx.can("database.admin") && ImGui::Button(tr("nav.storage")))
        ctx.router.navigate({"storage", json::object()});
    if (ctx.can("invoice.write") && ImGui::Button(tr("nav.data")))
        ctx.router.navigate({"data", json::object()});
    ImGui::EndGroup();
}

} // namespace crm::app
