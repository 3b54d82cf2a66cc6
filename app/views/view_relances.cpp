#include "app/views/view_relances.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/actions.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <map>

namespace crm::app {

// [SECTION] index: helpers, route, toolbar, plan, sent, withheld, calls

namespace {

std::string key(const char* prefix, const std::string& name)
{
    return std::string(prefix) + name;
}

} // namespace

// [SECTION] route

void ViewRelances::syncWithRoute(ViewContext& ctx)
{
    const json& p = ctx.params();
    const std::string date = str(p, "date");
    if (date != m_date) {
        m_date = date;
        std::snprintf(m_dateText, sizeof m_dateText, "%s", formatDate(date).c_str());
        m_selectionDate.clear();
    }
    const std::string tab = str(p, "tab");
    m_tab = tab == "sent"   ? Tab::Sent
        : tab == "withheld" ? Tab::Withheld
        : tab == "calls"    ? Tab::Calls
        : tab == "settings" ? Tab::Settings
                            : Tab::Plan;
}

// [SECTION] screen

void ViewRelances::drawContent(ViewContext& ctx)
{
    syncWithRoute(ctx);
    // Without a chosen day the core plans for its own today (its clock decides), and
    // says which day that is.
    json params = {{"offset", m_page * kPage}, {"limit", kPage}, {"withheld_offset", m_withheldPage * kPage},
        {"withheld_limit", kPage}};
    if (!m_date.empty())
        params["as_of"] = m_date;
    const QueryEntry& q = ctx.store.query("relance.plan", params);
    const json* plan = q.hasResult ? &q.result : nullptr;
    m_asOf = plan ? str(*plan, "as_of") : m_date;
    if (m_selectionDate != m_asOf) {
        m_selected.clear();
        m_page = m_withheldPage = 0;
        m_selectionDate = m_asOf;
        if (m_date.empty() && !m_asOf.empty())
            std::snprintf(m_dateText, sizeof m_dateText, "%s", formatDate(m_asOf).c_str());
    }
    drawToolbar(ctx, plan);
    widgets::bankAge(ctx.store);
    if (m_askStale) {
        ImGui::OpenPopup("##stale-bank");
        m_askStale = false;
    }
    if (widgets::confirmDialog(
            "##stale-bank", m_staleQuestion.c_str(), tr("bank.stale_detail"), tr("bank.send_anyway")))
        execute(ctx, "all", m_staleAge);
    if (!q.error.is_null())
        ImGui::TextColored(theme::kError, "%s",
            errorText(q.error.value("code", ""), q.error.value("reason", ""), q.error.value("field", "")).c_str());
    if (plan) {
        // A half-year without an ECB rate: interest cannot be computed, letters wait. Say
        // which and where to set it.
        const json& totals = (*plan)["totals"];
        const json missing = totals.value("missing_rates", json::array());
        if (!missing.empty() || num(totals, "withheld_for_rate") > 0) {
            std::string halves;
            for (const auto& h : missing)
                halves += (halves.empty() ? "" : ", ") + h.get<std::string>();
            char buf[512];
            std::snprintf(buf, sizeof buf, tr("relances.missing_rates"), halves.c_str());
            ImGui::TextColored(theme::kWarn, "%s", buf);
            testhook::note("relances:missing_rates", buf);
        }
    }

    if (plan)
        if (const char* go
            = widgets::lettersWithheldNotice((*plan)["totals"]["withheld_by_reason"], ctx.can("settings.manage")))
            ctx.router.navigate({go, json::object()});
    auto tabRoute = [&](const char* name) {
        json p = ctx.params();
        p["tab"] = name;
        ctx.router.navigate({"relances", p});
    };
    if (ImGui::BeginTabBar("##relances-tabs")) {
        const long long nActions = plan ? static_cast<long long>(num((*plan)["totals"], "actions")) : 0;
        const long long nWithheld = plan ? static_cast<long long>(num((*plan)["totals"], "withheld")) : 0;
        char label[128];
        std::snprintf(label, sizeof label, "%s (%lld)###tab-plan", tr("relances.tab_plan"), nActions);
        if (ImGui::BeginTabItem(label, nullptr, m_tab == Tab::Plan ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (ImGui::IsItemClicked() && m_tab != Tab::Plan)
                tabRoute("plan");
            if (m_tab == Tab::Plan && plan)
                drawPlan(ctx, *plan);
            ImGui::EndTabItem();
        }
        if (ImGui::IsItemClicked() && m_tab != Tab::Plan)
            tabRoute("plan");
        if (ImGui::BeginTabItem(
                tr("relances.tab_sent"), nullptr, m_tab == Tab::Sent ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (m_tab == Tab::Sent)
                drawSent(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::IsItemClicked() && m_tab != Tab::Sent)
            tabRoute("sent");
        std::snprintf(label, sizeof label, "%s (%lld)###tab-withheld", tr("relances.tab_withheld"), nWithheld);
        if (ImGui::BeginTabItem(label, nullptr, m_tab == Tab::Withheld ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (m_tab == Tab::Withheld && plan)
                drawWithheld(*plan);
            ImGui::EndTabItem();
        }
        if (ImGui::IsItemClicked() && m_tab != Tab::Withheld)
            tabRoute("withheld");
        if (ImGui::BeginTabItem(
                tr("relances.tab_calls"), nullptr, m_tab == Tab::Calls ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (m_tab == Tab::Calls)
                drawCalls(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::IsItemClicked() && m_tab != Tab::Calls)
            tabRoute("calls");
        if (ImGui::BeginTabItem(
                tr("relances.tab_settings"), nullptr, m_tab == Tab::Settings ? ImGuiTabItemFlags_SetSelected : 0)) {
            if (m_tab == Tab::Settings)
                drawSettings(ctx);
            ImGui::EndTabItem();
        }
        if (ImGui::IsItemClicked() && m_tab != Tab::Settings)
            tabRoute("settings");
        ImGui::EndTabBar();
    }
}

// [SECTION] toolbar: the day, the counts, execute with progress

void ViewRelances::drawToolbar(ViewContext& ctx, const json* plan)
{
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("relances.date"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130);
    std::string iso;
    if (widgets::dateInput("##relances-date", m_dateText, sizeof m_dateText, iso) && !iso.empty()) {
        json p = ctx.params();
        p["date"] = iso;
        ctx.router.replace({"relances", p});
    }
    ImGui::SameLine();
    if (ImGui::Button(tr("relances.today"))) {
        json p = ctx.params();
        p.erase("date");
        m_dateText[0] = '\0';
        ctx.router.replace({"relances", p});
    }
    if (plan) {
        // What the day's actions claim (the core counts each invoice once: an SMS and a
        // call may name the same one).
        const json& t = (*plan)["totals"];
        const std::int64_t total = num(t, "open_cents") + num(t, "interest_cents") + num(t, "fee_cents");
        ImGui::SameLine(0, 24);
        char buf[256];
        std::snprintf(buf, sizeof buf, tr("relances.counts"), static_cast<long long>(num(t, "actions")),
            static_cast<long long>(num(t, "clients")), formatMoney(total).c_str());
        ImGui::TextColored(theme::kMuted, "%s", buf);
        testhook::note("relances:counts", buf);
    } else {
        ImGui::SameLine(0, 24);
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
    }
    if (!ctx.can("relance.execute") || !plan)
        return;
    ImGui::SameLine(0, 24);
    if (m_executing != 0) {
        widgets::progressWithCancel(ctx.store, m_executing, 260, "progress:execute", tr("relances.cancel"));
        return;
    }
    char label[128];
    std::snprintf(label, sizeof label, tr("relances.execute_selected"), static_cast<long long>(m_selected.size()));
    ImGui::BeginDisabled(m_selected.empty());
    if (ImGui::Button(label)) {
        json keys = json::array();
        for (const auto& k : m_selected)
            keys.push_back(k);
        execute(ctx, keys);
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("relances.execute_auto")))
        execute(ctx, "all");
}

void ViewRelances::execute(ViewContext& ctx, const json& keys, long bankAge)
{
    json p = {{"keys", keys}};
    if (!m_date.empty())
        p["as_of"] = m_date;
    if (bankAge >= 0)
        p["bank_age_confirmed"] = bankAge;
    m_executing = ctx.store.command("relance.execute", p, [this](const json& reply) {
        m_executing = 0;
        if (reply.contains("error")) {
            m_staleQuestion = widgets::staleBankQuestion(reply["error"], m_staleAge);
            if (!m_staleQuestion.empty()) {
                m_askStale = true; // asked on the next frame
                return;
            }
            widgets::toastError(reply["error"]);
            return;
        }
        const json& r = reply["result"];
        char buf[256];
        std::snprintf(buf, sizeof buf, tr("relances.executed"), static_cast<long long>(r.value("executed", 0)),
            static_cast<long long>(r["skipped"].size()));
        widgets::toast(buf);
        m_selected.clear();
    });
}

// [SECTION] plan: grouped by client

void ViewRelances::drawPlan(ViewContext& ctx, const json& plan)
{
    const json& actions = plan["actions"];
    if (actions.empty()) {
        widgets::emptyState(tr("relances.nothing"), "relances:empty");
        return;
    }
    m_page = widgets::pager("plan", m_page, kPage, num(plan["totals"], "actions"));
    const bool canExecute = ctx.can("relance.execute");
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
        | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##relances-plan", 8, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("##sel", ImGuiTableColumnFlags_WidthFixed, 28);
    ImGui::TableSetupColumn(tr("relances.col_step"), 0, 1.5f);
    ImGui::TableSetupColumn(tr("relances.col_channel"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("relances.col_invoices"), 0, 3.0f);
    ImGui::TableSetupColumn(tr("relances.col_principal"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("relances.col_interest"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("relances.col_fee"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("relances.col_total"), 0, 1.1f);
    ImGui::TableHeadersRow();
    std::int64_t client = -1;
    for (const auto& a : actions) {
        const std::string k = str(a, "key");
        if (num(a, "client_id") != client) {
            client = num(a, "client_id");
            // The client's row: selectable across the table, its name drawn over every
            // column (a cell would clip it).
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(1);
            const std::string id = "##relances-client-" + std::to_string(client);
            if (ImGui::Selectable(id.c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
                ctx.router.navigate({"clients", {{"client_id", client}}});
            const std::string name = str(a, "client_name");
            testhook::note(("relances-client:" + std::to_string(client)).c_str(), name.c_str());
            const ImVec2 at = ImGui::GetItemRectMin();
            ImDrawList* draw = ImGui::GetWindowDrawList();
            draw->PushClipRect(ImGui::GetWindowPos(),
                ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowWidth(),
                    ImGui::GetWindowPos().y + ImGui::GetWindowHeight()),
                false);
            draw->AddText(at, ImGui::GetColorU32(theme::kBar), name.c_str());
            draw->PopClipRect();
        }
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        bool on = m_selected.count(k) > 0;
        ImGui::BeginDisabled(!canExecute || m_executing != 0);
        if (ImGui::Checkbox(("##sel-" + k).c_str(), &on)) {
            if (on)
                m_selected.insert(k);
            else
                m_selected.erase(k);
        }
        ImGui::EndDisabled();
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(str(a, "step").c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s", widgets::reasonText(a).c_str());
        if (str(a, "mode") == "confirm") {
            ImGui::SameLine();
            ImGui::TextColored(theme::kWarn, "%s", tr("relances.to_confirm"));
        }
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(tr(key("channel.", str(a, "channel")).c_str()));
        ImGui::TableSetColumnIndex(3);
        std::string numbers;
        for (const auto& i : a["invoices"])
            numbers += (numbers.empty() ? "" : ", ") + str(i, "number");
        ImGui::TextUnformatted(numbers.c_str());
        // Why this step today, and what comes next: readable without hovering.
        ImGui::PushTextWrapPos(0.0f);
        ImGui::PushStyleColor(ImGuiCol_Text, theme::kMuted);
        ImGui::TextWrapped("%s", widgets::reasonText(a, false).c_str());
        ImGui::PopStyleColor();
        ImGui::PopTextWrapPos();
        ImGui::TableSetColumnIndex(4);
        widgets::moneyCell(num(a, "open_cents"), str(a, "currency"));
        ImGui::TableSetColumnIndex(5);
        if (a["interest_cents"].is_number())
            widgets::moneyCell(num(a, "interest_cents"), str(a, "currency"));
        else
            ImGui::TextColored(theme::kWarn, "%s", tr("relances.no_rate"));
        ImGui::TableSetColumnIndex(6);
        widgets::moneyCell(num(a, "fee_cents"), str(a, "currency"));
        ImGui::TableSetColumnIndex(7);
        widgets::moneyCell(num(a, "total_cents"), str(a, "currency"), true);
    }
    ImGui::EndTable();
}

// [SECTION] sent: what was executed that day, to deliver

void ViewRelances::drawSent(ViewContext& ctx)
{
    if (m_asOf.empty())
        return;
    const QueryEntry& q = ctx.store.query("relance.actions", {{"as_of", m_asOf}, {"limit", 1000}});
    if (!q.hasResult)
        return;
    const json& rows = q.result["rows"];
    if (rows.empty()) {
        widgets::emptyState(tr("relances.none_sent"), "relances:empty");
        return;
    }
    const bool canExecute = ctx.can("relance.execute");
    if (!ImGui::BeginTable("##relances-sent", 6,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
                | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 1.5f);
    ImGui::TableSetupColumn(tr("relances.col_step"), 0, 1.3f);
    ImGui::TableSetupColumn(tr("relances.col_channel"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("relances.col_total"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("relances.col_status"), 0, 0.8f);
    ImGui::TableSetupColumn("##actions", 0, 3.4f);
    ImGui::TableHeadersRow();
    for (const auto& a : rows) {
        const std::int64_t id = num(a, "id");
        const std::string channel = str(a, "channel");
        const std::string status = str(a, "status");
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(str(a, "client_name").c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::TextUnformatted(str(a, "step").c_str());
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("%s\n\n%s", str(a, "subject").c_str(), str(a, "body").c_str());
        ImGui::TableSetColumnIndex(2);
        ImGui::TextUnformatted(tr(key("channel.", channel).c_str()));
        ImGui::TableSetColumnIndex(3);
        widgets::moneyCell(num(a, "open_cents") + num(a, "interest_cents") + num(a, "fee_cents"), str(a, "currency"));
        ImGui::TableSetColumnIndex(4);
        ImGui::TextColored(status == "sent" ? theme::kOk
                : status == "task"          ? theme::kMuted
                                            : theme::kWarn,
            "%s", tr((std::string("relances") + ".status_" + status).c_str()));
        ImGui::TableSetColumnIndex(5);
        if (!canExecute)
            continue;
        const std::string suffix = "##" + std::to_string(id);
        if (channel == "email" || channel == "sms") {
            if (ImGui::SmallButton(
                    (std::string(tr(channel == "email" ? "relances.open_mail" : "relances.open_sms")) + suffix)
                        .c_str()))
                widgets::deliverAction(ctx.store, id, "link");
            ImGui::SameLine();
        }
        if (channel != "call" && channel != "sms") {
            if (ImGui::SmallButton((std::string(tr("relances.download")) + suffix).c_str()))
                widgets::deliverAction(ctx.store, id, "file");
            ImGui::SameLine();
        }
        if (status == "to_send" && ImGui::SmallButton((std::string(tr("relances.mark_sent")) + suffix).c_str()))
            ctx.store.command("relance.mark_sent", {{"id", id}}, [](const json& reply) {
                if (reply.contains("error"))
                    widgets::toastError(reply["error"]);
            });
    }
    ImGui::EndTable();
}

// [SECTION] withheld: what the engine holds back, and why

void ViewRelances::drawWithheld(const json& plan)
{
    const json& rows = plan["withheld"];
    m_withheldPage = widgets::pager("withheld", m_withheldPage, kPage, num(plan["totals"], "withheld"));
    if (rows.empty()) {
        widgets::emptyState(tr("relances.none_withheld"), "relances:empty");
        return;
    }
    if (!ImGui::BeginTable("##relances-withheld", 5,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
                | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 1.8f);
    ImGui::TableSetupColumn(tr("relances.col_invoice"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("relances.col_step"), 0, 1.4f);
    ImGui::TableSetupColumn(tr("relances.col_reason"), 0, 1.6f);
    ImGui::TableSetupColumn(tr("relances.col_detail"), 0, 2.0f);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step())
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const json& w = rows[static_cast<std::size_t>(i)];
            ImGui::TableNextRow();
            ImGui::TableSetColumnIndex(0);
            ImGui::TextUnformatted(str(w, "client_name").c_str());
            ImGui::TableSetColumnIndex(1);
            ImGui::TextUnformatted(str(w, "number").c_str());
            ImGui::TableSetColumnIndex(2);
            ImGui::TextUnformatted(str(w, "step").c_str());
            ImGui::TableSetColumnIndex(3);
            const char* reason = tr(key("withheld.", str(w, "reason")).c_str());
            ImGui::TextColored(theme::kWarn, "%s", reason);
            testhook::note(("withheld:" + str(w, "number") + ":" + str(w, "step")).c_str(), reason);
            ImGui::TableSetColumnIndex(4);
            std::string detail = str(w, "detail");
            if (w["hold_id"].is_number_integer())
                detail = "#" + std::to_string(num(w, "hold_id")) + (detail.empty() ? "" : " — " + detail);
            ImGui::TextColored(theme::kMuted, "%s", detail.c_str());
        }
    ImGui::EndTable();
}

// [SECTION] calls: the tasks, logged in two clicks

void ViewRelances::drawCalls(ViewContext& ctx)
{
    const QueryEntry& q = ctx.store.query("task.list", {{"open", true}});
    if (!q.hasResult)
        return;
    const json& rows = q.result["rows"];
    if (rows.empty()) {
        widgets::emptyState(tr("relances.no_calls"), "relances:empty");
        return;
    }
    const bool canExecute = ctx.can("relance.execute");
    if (!ImGui::BeginTable("##relances-calls", 4,
            ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_ScrollY
                | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("relances.col_task"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("relances.col_phone"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("relances.col_due"), 0, 0.8f);
    ImGui::TableSetupColumn("##outcomes", 0, 4.0f);
    ImGui::TableHeadersRow();
    for (const auto& t : rows) {
        const std::int64_t id = num(t, "id");
        const std::string suffix = "##task-" + std::to_string(id);
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        ImGui::TextUnformatted(str(t, "title").c_str());
        ImGui::TableSetColumnIndex(1);
        widgets::telLink(str(t, "client_phone"), suffix);
        ImGui::TableSetColumnIndex(2);
        widgets::dateCell(str(t, "due_on"));
        ImGui::TableSetColumnIndex(3);
        if (canExecute)
            m_calls.task(ctx.store, t, suffix);
    }
    ImGui::EndTable();
    m_calls.drawPromiseForm(ctx.store);
}

// [SECTION] settings: where they are set (the company: Settings; the rules and rates: the set-up)

void ViewRelances::drawSettings(ViewContext& ctx)
{
    ImGui::TextColored(theme::kMuted, "%s", tr("relances.company_elsewhere"));
    testhook::note("relances:company", tr("relances.company_elsewhere"));
    if (ctx.can("settings.manage")) {
        ImGui::SameLine();
        if (ImGui::SmallButton(tr("nav.settings")))
            ctx.router.navigate({"settings", json::object()});
    }
    ImGui::TextColored(theme::kMuted, "%s", tr("relances.setup_elsewhere"));
    testhook::note("relances:setup", tr("relances.setup_elsewhere"));
    if (ctx.can("relance.manage")) {
        ImGui::SameLine();
        if (ImGui::SmallButton((std::string(tr("nav.relance_setup")) + "##relances-setup").c_str()))
            ctx.router.navigate({"relance_setup", json::object()});
    }
}

} // namespace crm::app
