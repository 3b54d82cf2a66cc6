#include "app/views/view_team.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

// [SECTION] index: the list, its actions, the new user, the move of a portfolio

namespace {

constexpr const char* kRoles[] = {"agent", "manager", "admin"};

std::string when(const json& at)
{
    return at.is_string() && at.get<std::string>().size() >= 16
        ? formatDate(at.get<std::string>().substr(0, 10)) + " " + at.get<std::string>().substr(11, 5)
        : std::string(tr("team.never"));
}

} // namespace

void ViewTeam::act(ViewContext& ctx, const char* method, const json& params, const char* doneKey)
{
    ctx.store.command(method, params, [this, doneKey](const json& reply) {
        if (reply.contains("error"))
            return widgets::toastError(reply["error"]);
        const json& r = reply["result"];
        if (r.contains("temporary_password")) { // shown once, here
            m_temporaryFor = str(r, "email");
            m_temporary = str(r, "temporary_password");
        }
        widgets::toast(tr(doneKey));
    });
}

// [SECTION] the list

void ViewTeam::drawContent(ViewContext& ctx)
{
    const bool admin = ctx.can("user.manage");
    if (admin && ImGui::Button(tr("team.new")))
        ImGui::OpenPopup("##team-new");
    if (admin)
        ImGui::SameLine();
    if (ImGui::Button(tr("team.move")))
        ImGui::OpenPopup("##team-move");
    drawTemporary();
    const QueryEntry& users = ctx.store.query("user.list", json::object());
    if (!widgets::queryReady(users))
        return;
    drawUsers(ctx, users.result["rows"]);
    drawCreateForm(ctx);
    drawMoveForm(ctx);
}

void ViewTeam::drawUsers(ViewContext& ctx, const json& users)
{
    const bool admin = ctx.can("user.manage");
    const ImGuiTableFlags flags
        = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##team-users", admin ? 7 : 6, flags))
        return;
    for (const char* key : {"team.name", "team.role", "team.state", "team.last_login", "team.clients", "team.since"})
        ImGui::TableSetupColumn(tr(key));
    if (admin)
        ImGui::TableSetupColumn(tr("team.actions"), 0, 2.2f);
    ImGui::TableHeadersRow();
    for (const auto& u : users) {
        const std::int64_t id = num(u, "id");
        const std::string tag = std::to_string(id);
        const std::string email = str(u, "email");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(widgets::displayName(u).c_str());
        if (widgets::displayName(u) != email)
            ImGui::TextColored(theme::kMuted, "%s", email.c_str());
        ImGui::TableNextColumn();
        const std::string role = str(u, "role");
        if (admin) {
            ImGui::SetNextItemWidth(-1);
            if (ImGui::BeginCombo(("##role-" + tag).c_str(), tr(("role." + role).c_str()))) {
                for (const char* r : kRoles)
                    if (ImGui::Selectable(tr((std::string("role.") + r).c_str()), role == r) && role != r)
                        act(ctx, "user.set_role", {{"id", id}, {"role", r}}, "team.saved");
                ImGui::EndCombo();
            }
        } else {
            ImGui::TextUnformatted(tr(("role." + role).c_str()));
        }
        ImGui::TableNextColumn();
        const bool active = u.value("active", true);
        const bool locked = u["locked_until"].is_string();
        const std::string state = !active ? tr("team.inactive") : locked ? tr("team.locked") : tr("team.active");
        ImGui::TextColored(!active || locked ? theme::kWarn : theme::kOk, "%s", state.c_str());
        testhook::note(("team:state:" + email).c_str(), state.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(when(u["last_login_at"]).c_str());
        ImGui::TableNextColumn();
        const std::int64_t clients = num(u, "clients"); // user.list counts them
        ImGui::Text("%lld", static_cast<long long>(clients));
        testhook::note(("team:clients:" + email).c_str(), std::to_string(clients).c_str());
        ImGui::TableNextColumn();
        widgets::dateCell(str(u, "created_at"));
        if (!admin)
            continue;
        ImGui::TableNextColumn();
        if (ImGui::SmallButton(
                (std::string(tr(active ? "team.deactivate" : "team.activate")) + "##active-" + tag).c_str()))
            act(ctx, "user.set_active", {{"id", id}, {"active", !active}}, "team.saved");
        ImGui::SameLine();
        if (ImGui::SmallButton((std::string(tr("team.reset")) + "##reset-" + tag).c_str()))
            act(ctx, "user.reset_password", {{"id", id}}, "team.reset_done");
        if (locked) {
            ImGui::SameLine();
            if (ImGui::SmallButton((std::string(tr("team.unlock")) + "##unlock-" + tag).c_str()))
                act(ctx, "user.unlock", {{"id", id}}, "team.saved");
        }
    }
    ImGui::EndTable();
}

// The password just made, until the administrator has noted it.
void ViewTeam::drawTemporary()
{
    if (m_temporary.empty())
        return;
    ImGui::Spacing();
    char line[300];
    std::snprintf(line, sizeof line, tr("team.temporary"), m_temporaryFor.c_str());
    ImGui::TextColored(theme::kWarn, "%s", line);
    ImGui::SameLine();
    ImGui::TextUnformatted(m_temporary.c_str());
    testhook::note("team:temporary", m_temporary.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("team.noted"))) {
        m_temporary.clear();
        m_temporaryFor.clear();
    }
    ImGui::TextColored(theme::kMuted, "%s", tr("team.temporary_hint"));
    ImGui::Spacing();
}

// [SECTION] the new user

void ViewTeam::drawCreateForm(ViewContext& ctx)
{
    if (!widgets::beginDialog("##team-new", tr("team.new"), 460))
        return;
    auto& f = m_create;
    if (ImGui::IsWindowAppearing()) {
        f = CreateForm{};
        ImGui::SetKeyboardFocusHere();
    }
    bool submit = widgets::formField(tr("team.email"), "##team-email", "email", f.email, sizeof f.email, f.error);
    submit |= widgets::formField(
        tr("team.first_name"), "##team-first", "first_name", f.firstName, sizeof f.firstName, f.error);
    submit
        |= widgets::formField(tr("team.last_name"), "##team-last", "last_name", f.lastName, sizeof f.lastName, f.error);
    ImGui::TextUnformatted(tr("team.role"));
    for (int k = 0; k < 3; ++k) {
        if (k)
            ImGui::SameLine();
        ImGui::RadioButton(tr((std::string("role.") + kRoles[k]).c_str()), &f.role, k);
    }
    ImGui::TextColored(theme::kMuted, "%s", tr("team.password_hint"));
    if (widgets::endDialog(f.error, {"email", "first_name", "last_name"}, submit, f.done, !f.saving)) {
        f.saving = true;
        ctx.store.command("user.create",
            {{"email", f.email}, {"first_name", f.firstName}, {"last_name", f.lastName}, {"role", kRoles[f.role]}},
            [this](const json& reply) {
                m_create.saving = false;
                if (reply.contains("error")) {
                    m_create.error.set(reply["error"]);
                    return;
                }
                m_temporaryFor = str(reply["result"], "email");
                m_temporary = str(reply["result"], "temporary_password");
                m_create.done = true;
                widgets::toast(tr("team.created"));
            });
    }
}

// [SECTION] the move of a portfolio

void ViewTeam::drawMoveForm(ViewContext& ctx)
{
    if (!widgets::beginDialog("##team-move", tr("team.move"), 460))
        return;
    auto& f = m_move;
    if (ImGui::IsWindowAppearing())
        f = MoveForm{};
    const QueryEntry& users = ctx.store.query("user.list", json::object());
    const json none = json::array();
    const json& rows = users.hasResult ? users.result["rows"] : none;
    ImGui::TextUnformatted(tr("team.move_from"));
    ImGui::SetNextItemWidth(-1);
    widgets::userChoice("##move-from", rows, f.from, "team.unassigned");
    ImGui::TextUnformatted(tr("team.move_to"));
    ImGui::SetNextItemWidth(-1);
    widgets::userChoice("##move-to", rows, f.to, "team.nobody");
    if (f.running) {
        widgets::progressWithCancel(ctx.store, f.running, 300, "move:progress", tr("form.cancel"));
    }
    const bool ready = f.from >= 0 && f.to >= 0 && !f.running;
    if (widgets::endDialog(f.error, {}, false, f.done, ready, tr("team.move_go"))) {
        auto id = [](std::int64_t v) { return v > 0 ? json(v) : json(); };
        f.error.clear();
        f.running = ctx.store.command("client.move_portfolio", {{"from_user_id", id(f.from)}, {"to_user_id", id(f.to)}},
            [this](const json& reply) {
                m_move.running = 0;
                if (reply.contains("error")) {
                    m_move.error.set(reply["error"]);
                    return;
                }
                char line[200];
                std::snprintf(
                    line, sizeof line, tr("team.moved"), static_cast<long long>(num(reply["result"], "moved")));
                widgets::toast(line);
                m_move.done = true;
            });
    }
}

} // namespace crm::app
