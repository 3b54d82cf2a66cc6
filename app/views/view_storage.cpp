#include "app/views/view_storage.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/widgets.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace crm::app {

namespace {

// 1 234 567 bytes -> "1,2 Mo" (French) / "1.2 MB".
std::string sizeText(double bytes)
{
    const bool fr = language() == Language::Fr;
    char buf[64];
    if (bytes >= 1e9)
        std::snprintf(buf, sizeof buf, "%.2f %s", bytes / 1e9, fr ? "Go" : "GB");
    else if (bytes >= 1e6)
        std::snprintf(buf, sizeof buf, "%.1f %s", bytes / 1e6, fr ? "Mo" : "MB");
    else
        std::snprintf(buf, sizeof buf, "%.0f %s", std::max(bytes / 1e3, bytes > 0 ? 1.0 : 0.0), fr ? "Ko" : "KB");
    std::string s = buf;
    if (fr)
        std::replace(s.begin(), s.end(), '.', ',');
    return s;
}

// "2026-12-01T09:05:00Z" -> "01/12/2026 09:05 UTC".
std::string instantText(const std::string& at)
{
    return formatDate(at) + (at.size() >= 16 ? " " + at.substr(11, 5) + " UTC" : "");
}

std::string errorSentence(const json& e)
{
    std::string text = errorText(e.value("code", ""), e.value("reason", ""), "");
    // For a damaged or foreign file, the check's own words say what it found ("no table 'clients'").
    const std::string reason = e.value("reason", "");
    if ((reason == "damaged" || reason == "foreign") && !e.value("message", "").empty())
        text += "\n" + std::string(tr("sto.detail")) + e.value("message", "");
    return text;
}

} // namespace

void ViewStorage::act(ViewContext& ctx, const char* method, const json& params, const char* done, const char* field)
{
    m_outcome.clear();
    const std::string doneFormat = done, doneField = field ? field : "";
    Store& store = ctx.store; // lives as long as the app; the context is the frame's
    m_running = store.command(method, params, [this, &store, doneFormat, doneField](const json& reply) {
        m_running = 0;
        // Asked again, the screen kept as it is meanwhile (not a "loading" frame that
        // would close a dialog the user has just opened).
        store.refresh("storage.info");
        store.refresh("storage.backups");
        if (reply.contains("error")) {
            if (reply["error"].value("code", "") == "cancelled")
                return;
            m_failed = true;
            m_outcome = errorSentence(reply["error"]);
            return;
        }
        m_failed = false;
        const json& r = reply["result"];
        std::string value = doneField.empty() || !r.contains(doneField) ? std::string()
            : r[doneField].is_string()                                  ? r[doneField].get<std::string>()
                                                                        : r[doneField].dump();
        char buf[512];
        std::snprintf(buf, sizeof buf, doneFormat.c_str(), value.c_str());
        m_outcome = buf;
        widgets::toast(m_outcome);
        if (r.value("replaced", false))
            store.invalidate("auth.me"); // the users are the file's now
    });
}

void ViewStorage::drawContent(ViewContext& ctx)
{
    const QueryEntry& info = ctx.store.query("storage.info", json::object());
    if (!info.error.is_null()) {
        ImGui::TextColored(theme::kError, "%s", errorSentence(info.error).c_str());
        return;
    }
    if (!info.hasResult) {
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        return;
    }
    drawFile(ctx, info.result);
    ImGui::Spacing();
    drawSpace(ctx, info.result);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    drawBackups(ctx);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    drawTransfer(ctx);
    if (!m_outcome.empty()) {
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(m_failed ? theme::kError : theme::kOk, "%s", m_outcome.c_str());
        ImGui::PopTextWrapPos();
        testhook::note("storage:outcome", m_outcome.c_str());
    }
}

void ViewStorage::drawFile(ViewContext&, const json& info)
{
    ImGui::TextUnformatted(tr("sto.file_title"));
    const json rows = info.value("rows", json::object());
    char buf[512];
    std::snprintf(buf, sizeof buf, tr("sto.file_line"), info.value("file", "").c_str(),
        sizeText(info.value("bytes", 0.0)).c_str(), info.value("schema", 0));
    ImGui::TextColored(theme::kMuted, "%s", buf);
    const auto counted = [&](const char* name) {
        return countText((std::string("sto.") + name).c_str(), static_cast<long long>(rows.value(name, 0)));
    };
    std::snprintf(buf, sizeof buf, tr("sto.rows_line"), counted("clients").c_str(), counted("invoices").c_str(),
        counted("payments").c_str(), counted("users").c_str());
    ImGui::TextColored(theme::kMuted, "%s", buf);
    testhook::note("storage:schema", std::to_string(info.value("schema", 0)).c_str());
}

void ViewStorage::drawSpace(ViewContext& ctx, const json& info)
{
    ImGui::TextUnformatted(tr("sto.space_title"));
    const bool persisted = info.value("persisted", false);
    const char* said = info.value("where", "") == "disk" ? "sto.on_disk"
        : persisted                                      ? "sto.persisted"
                                                         : "sto.not_persisted";
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(persisted ? theme::kOk : theme::kWarn, "%s", tr(said));
    ImGui::PopTextWrapPos();
    testhook::note("storage:persisted", persisted ? "yes" : "no");
    if (!persisted) {
        ImGui::BeginDisabled(m_running != 0);
        if (ImGui::Button(tr("sto.persist")))
            act(ctx, "storage.persist", json::object(), tr("sto.persist_asked"), nullptr);
        ImGui::EndDisabled();
    }
    const double usage = info.value("usage", 0.0), quota = info.value("quota", 0.0);
    char buf[256];
    std::snprintf(
        buf, sizeof buf, tr("sto.space_line"), sizeText(usage).c_str(), sizeText(std::max(quota - usage, 0.0)).c_str());
    ImGui::TextUnformatted(buf);
    testhook::note("storage:space", buf);
    if (quota > 0) {
        char percent[32];
        std::snprintf(percent, sizeof percent, "%.1f %%", 100.0 * usage / quota);
        if (language() == Language::Fr)
            std::replace(percent, percent + std::strlen(percent), '.', ',');
        ImGui::ProgressBar(static_cast<float>(usage / quota), ImVec2(420, 0), percent);
        if (usage / quota > 0.9) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextColored(theme::kError, "%s", tr("sto.nearly_full"));
            ImGui::PopTextWrapPos();
        }
    }
}

void ViewStorage::drawBackups(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("sto.backups_title"));
    const QueryEntry& q = ctx.store.query("storage.backups", json::object());
    if (!q.error.is_null()) {
        ImGui::TextColored(theme::kError, "%s", errorSentence(q.error).c_str());
        return;
    }
    if (!q.hasResult)
        return;
    const json& settings = q.result["settings"];
    if (m_everyDays < 0) {
        m_everyDays = settings.value("every_days", 1);
        m_keep = settings.value("keep", 7);
    }
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("sto.every"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt("##sto-every", &m_everyDays);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("sto.days_keep"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    ImGui::InputInt("##sto-keep", &m_keep);
    m_everyDays = std::clamp(m_everyDays, 0, 365);
    m_keep = std::clamp(m_keep, 1, 100);
    ImGui::SameLine();
    const bool edited = m_everyDays != settings.value("every_days", 1) || m_keep != settings.value("keep", 7);
    ImGui::BeginDisabled(!edited || m_running != 0);
    if (ImGui::Button(tr("sto.save_settings")))
        act(ctx, "storage.settings", {{"every_days", m_everyDays}, {"keep", m_keep}}, tr("sto.settings_saved"),
            nullptr);
    ImGui::EndDisabled();
    ImGui::TextColored(theme::kMuted, "%s", tr(m_everyDays == 0 ? "sto.auto_off" : "sto.auto_hint"));

    ImGui::Spacing();
    ImGui::BeginDisabled(m_running != 0);
    if (ImGui::Button(tr("sto.backup_now")))
        act(ctx, "storage.backup", json::object(), tr("sto.backup_made"), "name");
    ImGui::EndDisabled();

    const json& list = q.result["backups"];
    if (list.empty()) {
        ImGui::TextColored(theme::kMuted, "%s", tr("sto.no_backup"));
        return;
    }
    char count[64];
    std::snprintf(count, sizeof count, "%zu", list.size());
    testhook::note("storage:backups", count);
    if (ImGui::BeginTable("##backups", 4,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
                | ImGuiTableFlags_SizingStretchProp,
            ImVec2(0, std::min(40.0f + 30.0f * static_cast<float>(list.size()), 320.0f)))) {
        ImGui::TableSetupColumn(tr("sto.col_at"), 0, 1.4f);
        ImGui::TableSetupColumn(tr("sto.col_kind"), 0, 1.4f);
        ImGui::TableSetupColumn(tr("sto.col_size"), 0, 0.8f);
        ImGui::TableSetupColumn("", 0, 1.6f);
        ImGui::TableHeadersRow();
        for (const auto& b : list) {
            const std::string name = b.value("name", "");
            ImGui::PushID(name.c_str());
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::AlignTextToFramePadding();
            ImGui::TextUnformatted(instantText(b.value("at", "")).c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(tr(("sto.kind." + b.value("kind", "")).c_str()));
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(sizeText(b.value("bytes", 0.0)).c_str());
            ImGui::TableSetColumnIndex(3);
            ImGui::BeginDisabled(m_running != 0);
            if (ImGui::SmallButton((std::string(tr("sto.restore")) + "##" + name).c_str())) {
                m_target = name;
                ImGui::OpenPopup("##confirm-restore");
            }
            ImGui::SameLine();
            if (ImGui::SmallButton((std::string(tr("sto.delete")) + "##" + name).c_str())) {
                m_target = name;
                ImGui::OpenPopup("##confirm-delete");
            }
            ImGui::EndDisabled();
            if (widgets::confirmDialog("##confirm-restore", tr("sto.confirm_restore"), tr("sto.confirm_restore_detail"),
                    tr("sto.restore")))
                act(ctx, "storage.restore", {{"name", m_target}}, tr("sto.restored"), "kept");
            if (widgets::confirmDialog(
                    "##confirm-delete", tr("sto.confirm_delete"), m_target.c_str(), tr("sto.delete")))
                act(ctx, "storage.delete_backup", {{"name", m_target}}, tr("sto.deleted"), "deleted");
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
}

void ViewStorage::drawTransfer(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("sto.transfer_title"));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMuted, "%s", tr("sto.transfer_hint"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    ImGui::BeginDisabled(m_running != 0);
    if (ImGui::Button(tr("sto.download")))
        act(ctx, "storage.export", json::object(), tr("sto.downloaded"), "name");
    ImGui::SameLine();
    if (ImGui::Button(tr("sto.upload")))
        ImGui::OpenPopup("##confirm-upload");
    ImGui::EndDisabled();
    if (widgets::confirmDialog(
            "##confirm-upload", tr("sto.confirm_upload"), tr("sto.confirm_upload_detail"), tr("sto.choose_file")))
        act(ctx, "storage.import", json::object(), tr("sto.uploaded"), "kept");
    if (m_running != 0) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMuted, "%s", tr("sto.working"));
    }
}

} // namespace crm::app
