#include "app/views/view_log.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <set>

namespace crm::app {

// [SECTION] index: a change field by field, the list and its filters, the line chosen

namespace {

// The kinds of record the log names (its `entity`), "" for any.
constexpr const char* kEntities[] = {"", "clients", "invoices", "payments", "communications", "holds", "documents",
    "tasks", "relance_actions", "relance_scenarios", "relance_steps", "relance_templates", "ecb_rates",
    "company_settings", "users", "database"};
constexpr int kEntityCount = static_cast<int>(sizeof kEntities / sizeof kEntities[0]);

std::string text(const json& v)
{
    if (v.is_null())
        return "";
    if (v.is_string())
        return v.get<std::string>();
    return v.dump();
}

// "24/11/2026 09:00" from "2026-11-24T09:00:00Z".
std::string dateTime(const std::string& at)
{
    return at.size() >= 16 ? formatDate(at.substr(0, 10)) + " " + at.substr(11, 5) : at;
}

} // namespace

// [SECTION] a change field by field

std::vector<FieldChange> fieldChanges(const json& before, const json& after)
{
    std::set<std::string> names;
    for (const json* side : {&before, &after})
        if (side->is_object())
            for (const auto& [k, v] : side->items())
                names.insert(k);
    std::vector<FieldChange> out;
    for (const auto& name : names) {
        FieldChange c;
        c.field = name;
        const json b = before.is_object() && before.contains(name) ? before[name] : json();
        const json a = after.is_object() && after.contains(name) ? after[name] : json();
        c.before = text(b);
        c.after = text(a);
        c.changed = b != a;
        out.push_back(std::move(c));
    }
    std::stable_sort(out.begin(), out.end(), [](const FieldChange& x, const FieldChange& y) {
        return x.changed > y.changed; // the changed fields first, each group in name order
    });
    return out;
}

// [SECTION] the list and its filters

json ViewLog::filters() const
{
    json f = json::object();
    if (m_user > 0)
        f["user_id"] = m_user;
    if (m_entity > 0)
        f["entity"] = kEntities[m_entity];
    if (m_action[0] != '\0')
        f["action"] = m_action;
    if (const std::string d = widgets::parseDate(m_from); !d.empty())
        f["from"] = d;
    if (const std::string d = widgets::parseDate(m_to); !d.empty())
        f["to"] = d;
    return f;
}

void ViewLog::drawFilters(ViewContext& ctx)
{
    // Who: anyone, or one user (user.list).
    const QueryEntry& users = ctx.store.query("user.list", json::object());
    ImGui::SetNextItemWidth(220);
    const std::string who = m_user > 0 ? widgets::userName(ctx.store, m_user) : tr("log.anyone");
    if (ImGui::BeginCombo("##log-user", who.c_str())) {
        if (ImGui::Selectable(tr("log.anyone"), m_user < 0))
            m_user = -1;
        if (users.hasResult)
            for (const auto& u : users.result["rows"]) {
                const std::int64_t id = num(u, "id");
                if (ImGui::Selectable(
                        (widgets::displayName(u) + "##log-user-" + std::to_string(id)).c_str(), id == m_user))
                    m_user = id;
            }
        ImGui::EndCombo();
    }
    ImGui::SameLine();
    widgets::valueCombo("##log-entity", "entity.", "log.any_entity", kEntities, kEntityCount, m_entity, 200);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(190);
    ImGui::InputTextWithHint("##log-action", tr("log.action_hint"), m_action, sizeof m_action);
    ImGui::SameLine();
    ImGui::TextColored(theme::kMuted, "%s", tr("log.between"));
    ImGui::SameLine();
    std::string iso;
    ImGui::SetNextItemWidth(110);
    widgets::dateInput("##log-from", m_from, sizeof m_from, iso);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    widgets::dateInput("##log-to", m_to, sizeof m_to, iso);
}

void ViewLog::drawContent(ViewContext& ctx)
{
    drawFilters(ctx);
    const json f = filters();
    const QueryEntry& first = ctx.store.query("log.list", m_table.pageParams(f, 0));
    if (first.hasResult) {
        ImGui::TextColored(theme::kMuted, tr("log.count"), static_cast<long long>(num(first.result, "total")));
        testhook::note("log:total", std::to_string(num(first.result, "total")).c_str());
    }
    const float listHeight = m_selected.is_null() ? -1.0f : ImGui::GetContentRegionAvail().y * 0.55f;
    ImGui::BeginChild("##log-list-area", ImVec2(0, listHeight));
    const std::int64_t total = m_table.draw(ctx.store, f, [&](const json& line) {
        const std::int64_t id = num(line, "id");
        const bool chosen = m_selected.is_object() && num(m_selected, "id") == id;
        if (ImGui::Selectable((dateTime(str(line, "at")) + "##log-" + std::to_string(id)).c_str(), chosen,
                ImGuiSelectableFlags_SpanAllColumns))
            m_selected = line;
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(line["user_email"].is_string() ? str(line, "user_email").c_str() : tr("log.system"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(line, "action").c_str());
        testhook::note(("log:action:" + std::to_string(id)).c_str(), str(line, "action").c_str());
        ImGui::TableNextColumn();
        const std::string entity = tr(("entity." + str(line, "entity")).c_str());
        if (line["entity_id"].is_number())
            ImGui::Text("%s #%lld", entity.c_str(), static_cast<long long>(num(line, "entity_id")));
        else
            ImGui::TextUnformatted(entity.c_str());
        ImGui::TableNextColumn();
        // What changed, in a few words: the names of the fields whose value moved.
        std::string summary;
        int shown = 0;
        for (const auto& c : fieldChanges(line["before"], line["after"]))
            if (c.changed && shown++ < 4)
                summary += (summary.empty() ? "" : ", ") + c.field;
        ImGui::TextColored(theme::kMuted, "%s", summary.c_str());
    });
    if (total == 0)
        ImGui::TextColored(theme::kMuted, "%s", tr("log.empty"));
    ImGui::EndChild();
    if (m_selected.is_object())
        drawChange(ctx);
}

// [SECTION] the line chosen

void ViewLog::drawChange(ViewContext& ctx)
{
    const json& l = m_selected;
    ImGui::Separator();
    ImGui::Text("%s — %s — %s", dateTime(str(l, "at")).c_str(), str(l, "action").c_str(),
        l["user_email"].is_string() ? str(l, "user_email").c_str() : tr("log.system"));
    // The record it is about, when it has a page.
    const std::string entity = str(l, "entity");
    if (l["entity_id"].is_number() && (entity == "clients" || entity == "invoices")) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("log.open")))
            ctx.router.navigate({entity == "clients" ? "client" : "invoice", {{"id", num(l, "entity_id")}}});
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("log.close")))
        m_selected = nullptr;
    const auto changes = fieldChanges(l["before"], l["after"]);
    if (changes.empty()) {
        ImGui::TextColored(theme::kMuted, "%s", tr("log.no_detail"));
        return;
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH
        | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("##log-change", 3, flags, ImVec2(0, -1)))
        return;
    ImGui::TableSetupColumn(tr("log.field"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("log.before"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("log.after"), 0, 2.0f);
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableHeadersRow();
    for (const auto& c : changes) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        if (c.changed)
            ImGui::TextColored(theme::kWarn, "%s", c.field.c_str());
        else
            ImGui::TextColored(theme::kMuted, "%s", c.field.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", c.before.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", c.after.c_str());
        if (c.changed)
            testhook::note(("change:" + c.field).c_str(), (c.before + " -> " + c.after).c_str());
    }
    ImGui::EndTable();
}

} // namespace crm::app
