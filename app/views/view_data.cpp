#include "app/views/view_data.hpp"

#include "app/i18n.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/actions.hpp"
#include "app/widgets/widgets.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

namespace {

// What a file holds: the import's format and kind.
constexpr const char* kFormats[] = {"clients", "invoices", "payments", "fec"};
// Overrides of what the core detects (index 0: detected).
constexpr const char* kEncodings[] = {"", "utf-8", "windows-1252"};
constexpr const char* kSeparators[] = {"", ";", ",", "tab", "|"};
constexpr const char* kDecimals[] = {"", ",", "."};
constexpr const char* kDateFormats[] = {"", "dmy", "ymd", "compact"};

std::string shownSeparator(const std::string& s)
{
    return s == "\t" ? "tab" : s;
}

// "Colonne « Montant » : montant invalide (-50,00)" from a row's error.
std::string rowErrorText(const json& e)
{
    std::string out;
    const std::string column = e.value("column", "");
    if (!column.empty()) {
        char buf[256];
        std::snprintf(buf, sizeof buf, tr("imp.column"), column.c_str());
        out = buf;
    }
    const std::string reason = e.value("reason", "");
    const std::string key = "err." + reason;
    out += std::string(tr(key.c_str())) != key ? tr(key.c_str()) : e.value("message", "");
    return out;
}

} // namespace

void ViewData::drawContent(ViewContext& ctx)
{
    drawFileImport(ctx);
    if (!ctx.can("database.admin"))
        return;
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    drawExport(ctx);
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::Spacing();
    drawImport(ctx);
}

// [SECTION] CSV and FEC import

json ViewData::importParams() const
{
    const std::string format = kFormats[m_format];
    json p = {{"format", format == "fec" ? "fec" : "csv"}, {"content_base64", widgets::base64Encode(m_csvBytes)}};
    if (format != "fec")
        p["kind"] = format;
    if (m_mapping.is_object() && format != "fec")
        p["mapping"] = m_mapping;
    if (m_encoding > 0)
        p["encoding"] = kEncodings[m_encoding];
    if (m_separator > 0)
        p["separator"] = kSeparators[m_separator];
    if (m_decimal > 0)
        p["decimal"] = kDecimals[m_decimal];
    if (m_dateFormat > 0)
        p["date_format"] = kDateFormats[m_dateFormat];
    return p;
}

void ViewData::preview(Store& store)
{
    if (m_csvBytes.empty())
        return;
    if (m_previewing != 0)
        store.cancel(m_previewing);
    m_previewError.clear();
    m_previewing = store.command("import.preview", importParams(), [this](const json& reply) {
        m_previewing = 0;
        if (reply.contains("error")) {
            const json& e = reply["error"];
            if (e.value("code", "") == "cancelled")
                return;
            m_preview = nullptr;
            m_previewError = errorText(e.value("code", ""), e.value("reason", ""), e.value("field", ""));
            if (e.contains("details") && e["details"].is_array() && !e["details"].empty()) {
                const json& d = e["details"][0];
                char buf[128];
                std::snprintf(buf, sizeof buf, tr("imp.at_line"), static_cast<long long>(d.value("line", 0)));
                m_previewError += std::string("\n") + buf + " " + rowErrorText(d);
            }
            return;
        }
        m_preview = reply["result"];
        listRows();
    });
}

void ViewData::listRows()
{
    m_shown.clear();
    const json& rows = m_preview["rows"];
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (!m_errorsOnly || rows[i].value("verdict", "") == "error")
            m_shown.push_back(i);
}

void ViewData::drawFileImport(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("imp.title"));
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(theme::kMuted, "%s", tr("imp.hint"));
    ImGui::PopTextWrapPos();
    ImGui::Spacing();
    const int format = m_format;
    ImGui::SetNextItemWidth(260);
    if (ImGui::BeginCombo("##imp-format", tr((std::string("imp.") + "format." + kFormats[m_format]).c_str()))) {
        for (int k = 0; k < 4; ++k)
            if (ImGui::Selectable(tr((std::string("imp.") + "format." + kFormats[k]).c_str()), k == m_format))
                m_format = k;
        ImGui::EndCombo();
    }
    if (format != m_format) {
        m_mapping = nullptr;
        m_report.clear();
        preview(ctx.store);
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("imp.pick"))) {
        const bool asked = platform::pickFile(".csv,.txt,text/csv,text/plain",
            [this, store = &ctx.store](const std::string& name, const std::string& bytes) {
                m_csvName = name;
                m_csvBytes = bytes;
                m_mapping = nullptr;
                m_preview = nullptr;
                m_report.clear();
                // A FEC is named SIRENFECyyyymmdd.txt: say so without being asked.
                if (name.find("FEC") != std::string::npos && name.size() > 4 && name.substr(name.size() - 4) == ".txt")
                    m_format = 3;
                preview(*store);
            });
        if (!asked)
            widgets::toast(tr("data.no_picker"), widgets::ToastKind::Error);
    }
    if (m_csvName.empty())
        return;
    ImGui::SameLine();
    char buf[512];
    std::snprintf(buf, sizeof buf, tr("data.picked"), m_csvName.c_str(), static_cast<double>(m_csvBytes.size()) / 1e6);
    ImGui::TextUnformatted(buf);
    testhook::note("imp:picked", buf);
    if (m_previewing != 0) {
        ImGui::TextColored(theme::kMuted, "%s", tr("imp.previewing"));
        widgets::progressWithCancel(ctx.store, m_previewing, 420, "progress:preview", tr("relances.cancel"));
    }
    if (!m_previewError.empty()) {
        ImGui::TextColored(theme::kError, "%s", m_previewError.c_str());
        testhook::note("imp:error", m_previewError.c_str());
    }
    if (!m_preview.is_object())
        return;
    ImGui::Spacing();
    drawSettings(ctx);
    if (m_preview.value("format", "") == "csv")
        drawMapping(ctx);
    const json& problem = m_preview["mapping_problem"];
    if (problem.is_object()) {
        ImGui::TextColored(theme::kError, "%s", tr("imp.map_required"));
        testhook::note("imp:mapping_problem", problem.value("reason", "").c_str());
        return;
    }
    drawVerdicts();

    const json& counts = m_preview["counts"];
    const std::int64_t errors = counts.value("error", std::int64_t{0});
    const std::int64_t writes = counts.value("new", std::int64_t{0}) + counts.value("changed", std::int64_t{0});
    ImGui::Spacing();
    if (errors > 0) {
        ImGui::Checkbox(tr("imp.skip_errors"), &m_skipErrors);
        ImGui::SameLine();
    }
    ImGui::BeginDisabled(m_applying != 0 || m_previewing != 0 || writes == 0 || (errors > 0 && !m_skipErrors));
    std::snprintf(buf, sizeof buf, tr("imp.apply"), static_cast<long long>(writes));
    if (ImGui::Button(buf)) {
        json p = importParams();
        p["skip_errors"] = m_skipErrors;
        m_report.clear();
        m_applying = ctx.store.command("import.apply", p, [this, store = &ctx.store](const json& reply) {
            m_applying = 0;
            if (reply.contains("error")) {
                widgets::toastError(reply["error"]);
                m_report = errorText(reply["error"].value("code", ""), reply["error"].value("reason", ""), "");
                return;
            }
            const json& c = reply["result"]["counts"];
            char text[256];
            std::snprintf(text, sizeof text, tr("imp.done"), static_cast<long long>(c.value("new", 0)),
                static_cast<long long>(c.value("changed", 0)), static_cast<long long>(c.value("unchanged", 0)),
                static_cast<long long>(m_skipErrors ? c.value("error", 0) : 0));
            m_report = text;
            widgets::toast(text);
            // Read the file again: every row now says "unchanged".
            m_mapping = reply["result"]["mapping"].empty() ? json() : reply["result"]["mapping"];
            preview(*store);
        });
    }
    ImGui::EndDisabled();
    if (m_applying != 0)
        widgets::progressWithCancel(ctx.store, m_applying, 420, "progress:import-rows", tr("relances.cancel"));
    if (!m_report.empty()) {
        ImGui::TextColored(theme::kOk, "%s", m_report.c_str());
        testhook::note("imp:report", m_report.c_str());
    }
}

void ViewData::drawSettings(ViewContext& ctx)
{
    const json& s = m_preview["settings"];
    // Each combo's first entry says what was detected: "Séparateur : détecté (;)".
    auto combo = [&](const char* id, const char* label, const char* const* values, int count, int& index,
                     const std::string& detected) {
        ImGui::TextColored(theme::kMuted, "%s", tr(label));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(215);
        char auto_[96];
        std::snprintf(auto_, sizeof auto_, tr("imp.detected"), detected.c_str());
        const int before = index;
        if (ImGui::BeginCombo(id, index == 0 ? auto_ : values[index])) {
            for (int i = 0; i < count; ++i)
                if (ImGui::Selectable(i == 0 ? auto_ : values[i], i == index))
                    index = i;
            ImGui::EndCombo();
        }
        ImGui::SameLine();
        if (before != index)
            preview(ctx.store);
    };
    combo("##imp-encoding", "imp.encoding", kEncodings, 3, m_encoding, s.value("encoding", ""));
    combo("##imp-separator", "imp.separator", kSeparators, 5, m_separator, shownSeparator(s.value("separator", "")));
    combo("##imp-decimal", "imp.decimal", kDecimals, 3, m_decimal, s.value("decimal", ""));
    combo("##imp-dates", "imp.dates", kDateFormats, 4, m_dateFormat, s.value("date_format", ""));
    ImGui::NewLine();
    testhook::note("imp:settings", s.dump().c_str());
}

void ViewData::drawMapping(ViewContext& ctx)
{
    const json& headers = m_preview["headers"];
    const json& mapping = m_preview["mapping"];
    ImGui::TextUnformatted(tr("imp.mapping"));
    ImGui::SameLine();
    const std::string source = m_preview.value("mapping_source", "");
    if (!source.empty())
        ImGui::TextColored(theme::kMuted, "%s", tr((std::string("imp.") + "source_" + source).c_str()));
    if (!ImGui::BeginTable("##imp-mapping", 4, ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersInnerH))
        return;
    int column = 0;
    for (const auto& f : m_preview["fields"]) {
        const std::string name = f.value("name", "");
        const bool required = f.value("required", false);
        if (column % 2 == 0)
            ImGui::TableNextRow();
        ImGui::TableSetColumnIndex((column % 2) * 2);
        const std::string label = std::string(tr(("impfield." + name).c_str())) + (required ? " *" : "");
        ImGui::TextUnformatted(label.c_str());
        ImGui::TableSetColumnIndex((column % 2) * 2 + 1);
        const std::string current = mapping.contains(name) ? mapping[name].get<std::string>() : "";
        ImGui::SetNextItemWidth(-1);
        ImGui::PushID(name.c_str());
        if (ImGui::BeginCombo("##map", current.empty() ? tr("imp.unmapped") : current.c_str())) {
            std::string chosen = current;
            bool picked = false;
            if (ImGui::Selectable(tr("imp.unmapped"), current.empty())) {
                chosen.clear();
                picked = true;
            }
            for (const auto& h : headers)
                if (ImGui::Selectable(h.get<std::string>().c_str(), h == current)) {
                    chosen = h.get<std::string>();
                    picked = true;
                }
            ImGui::EndCombo();
            if (picked && chosen != current) {
                m_mapping = mapping;
                if (chosen.empty())
                    m_mapping.erase(name);
                else
                    m_mapping[name] = chosen;
                preview(ctx.store);
            }
        }
        ImGui::PopID();
        ++column;
    }
    ImGui::EndTable();
}

void ViewData::drawVerdicts()
{
    const json& counts = m_preview["counts"];
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("imp.counts"), static_cast<long long>(counts.value("new", 0)),
        static_cast<long long>(counts.value("changed", 0)), static_cast<long long>(counts.value("unchanged", 0)),
        static_cast<long long>(counts.value("error", 0)));
    ImGui::TextUnformatted(buf);
    testhook::note("imp:counts", buf);
    ImGui::SameLine();
    if (ImGui::Checkbox(tr("imp.errors_only"), &m_errorsOnly))
        listRows();
    const bool fec = m_preview.value("format", "") == "fec";
    if (!ImGui::BeginTable("##imp-rows", fec ? 5 : 4,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
                | ImGuiTableFlags_SizingStretchProp,
            ImVec2(0, 260)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("imp.line"), 0, 0.5f);
    if (fec)
        ImGui::TableSetupColumn(tr("imp.kind"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("imp.key"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("imp.verdict"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("imp.detail"), 0, 3.0f);
    ImGui::TableHeadersRow();
    const json& rows = m_preview["rows"];
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(m_shown.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const json& r = rows[m_shown[static_cast<std::size_t>(i)]];
            const std::string verdict = r.value("verdict", "");
            ImGui::TableNextRow();
            int col = 0;
            ImGui::TableSetColumnIndex(col++);
            ImGui::Text("%lld", static_cast<long long>(r.value("line", 0)));
            if (fec) {
                ImGui::TableSetColumnIndex(col++);
                ImGui::TextUnformatted(tr(("impkind." + r.value("kind", "")).c_str()));
            }
            ImGui::TableSetColumnIndex(col++);
            ImGui::TextUnformatted(r.value("key", "").c_str());
            ImGui::TableSetColumnIndex(col++);
            const ImVec4 colour = verdict == "error"       ? theme::kError
                : verdict == "new" || verdict == "changed" ? theme::kOk
                                                           : theme::kMuted;
            ImGui::TextColored(colour, "%s", tr(("impverdict." + verdict).c_str()));
            ImGui::TableSetColumnIndex(col++);
            std::string detail;
            for (const auto& e : r["errors"])
                detail += (detail.empty() ? "" : " · ") + rowErrorText(e);
            ImGui::TextWrapped("%s", detail.c_str());
            if (verdict == "error")
                testhook::note("imp:row_error", (std::to_string(r.value("line", 0)) + " " + detail).c_str());
        }
    }
    ImGui::EndTable();
}

// [SECTION] snapshots

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
