#include "app/views/view_data.hpp"

#include "app/i18n.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/widgets.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

void ViewData::drawContent(ViewContext& ctx)
{
    drawExport(ctx);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    drawImport(ctx);
}

void ViewData::drawExport(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("data.export_title"));
    ImGui::TextColored(theme::kMuted, "%s", tr("data.export_hint"));
    ImGui::Spacing();
    ImGui::BeginDisabled(m_exporting);
    if (ImGui::Button(tr("data.export"))) {
        m_exporting = true;
        ctx.store.command("snapshot.export", json::object(), [this](const json& reply) {
            m_exporting = false;
            if (reply.contains("error")) {
                widgets::toastError(reply["error"]);
                return;
            }
            const std::string& text = reply["result"]["content"].get_ref<const std::string&>();
            const std::string where = platform::saveFile("crm-instantane.json", "application/json", text);
            char buf[512];
            std::snprintf(buf, sizeof buf, tr("data.exported"), where.c_str(), static_cast<double>(text.size()) / 1e6);
            widgets::toast(buf);
        });
    }
    ImGui::EndDisabled();
}

void ViewData::drawImport(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("data.import_title"));
    ImGui::TextColored(theme::kMuted, "%s", tr("data.import_hint"));
    ImGui::Spacing();
    if (ImGui::Button(tr("data.pick"))) {
        const bool asked
            = platform::pickFile(".json,application/json", [this](const std::string& name, const std::string& bytes) {
                  m_fileName = name;
                  m_fileText = bytes;
                  m_problems = json::array();
                  m_outcome.clear();
              });
        if (!asked)
            widgets::toast(tr("data.no_picker"), widgets::ToastKind::Error);
    }
    if (!m_fileName.empty()) {
        ImGui::SameLine();
        char buf[512];
        std::snprintf(
            buf, sizeof buf, tr("data.picked"), m_fileName.c_str(), static_cast<double>(m_fileText.size()) / 1e6);
        ImGui::TextUnformatted(buf);
        testhook::note("data:picked", buf);
        ImGui::Spacing();
        ImGui::BeginDisabled(m_importing);
        if (ImGui::Button(tr("data.import")))
            ImGui::OpenPopup("##confirm-import");
        ImGui::EndDisabled();
    }
    if (widgets::confirmDialog(
            "##confirm-import", tr("data.confirm"), tr("data.confirm_detail"), tr("data.confirm_yes"))) {
        m_importing = ctx.store.command(
            "snapshot.import", {{"content", m_fileText}, {"replace", true}}, [this](const json& reply) {
                m_importing = 0;
                if (reply.contains("error")) {
                    const json& e = reply["error"];
                    m_problems = e.value("details", json::array());
                    m_outcome = errorText(e.value("code", ""), e.value("reason", ""), "");
                    return;
                }
                m_problems = json::array();
                std::int64_t rows = 0;
                for (const auto& [table, n] : reply["result"]["rows"].items())
                    rows += n.get<std::int64_t>();
                char buf[256];
                std::snprintf(buf, sizeof buf, tr("data.imported"), static_cast<long long>(rows));
                m_outcome = buf;
                widgets::toast(buf);
                m_fileName.clear();
                m_fileText.clear();
            });
    }
    if (m_importing != 0)
        widgets::progressWithCancel(ctx.store, m_importing, 420, "progress:import", tr("relances.cancel"));
    if (!m_outcome.empty()) {
        ImGui::Spacing();
        ImGui::TextColored(m_problems.empty() ? theme::kOk : theme::kError, "%s", m_outcome.c_str());
        testhook::note("data:outcome", m_outcome.c_str());
    }
    if (m_problems.is_array() && !m_problems.empty()
        && ImGui::BeginTable("##import-problems", 2,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
                | ImGuiTableFlags_SizingStretchProp,
            ImVec2(0, 300))) {
        ImGui::TableSetupColumn(tr("data.where"), 0, 1.2f);
        ImGui::TableSetupColumn(tr("data.what"), 0, 3.0f);
        ImGui::TableHeadersRow();
        for (const auto& p : m_problems) {
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(p.value("path", "").c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextWrapped("%s", p.value("message", "").c_str());
        }
        testhook::note("data:problem", m_problems[0].value("path", "").c_str());
        ImGui::EndTable();
    }
}

} // namespace crm::app
