#include "app/views/view_today.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

// [SECTION] index: header and counts, to confirm, to send, calls, holds, disputes

namespace {

constexpr ImGuiTableFlags kTable
    = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;

// A section's title with its count; open unless the user closed it.
bool section(const char* titleKey, std::int64_t count, const char* id)
{
    char label[200];
    std::snprintf(label, sizeof label, "%s (%lld)###%s", tr(titleKey), static_cast<long long>(count), id);
    return ImGui::CollapsingHeader(label, ImGuiTreeNodeFlags_DefaultOpen);
}

void empty(const char* key)
{
    ImGui::TextColored(theme::kMuted, "%s", tr(key));
}

} // namespace

json ViewToday::params(ViewContext& ctx) const
{
    json p = {{"limit", 100}};
    const json& r = ctx.params();
    if (r.contains("collector") && r["collector"].is_number_integer())
        p["collector_id"] = r["collector"].get<std::int64_t>() > 0 ? json(r["collector"]) : json();
    return p;
}

void ViewToday::drawContent(ViewContext& ctx)
{
    const QueryEntry& q = ctx.store.query("worklist.today", params(ctx));
    drawHeader(ctx, q.hasResult ? &q.result : nullptr);
    if (!widgets::queryReady(q))
        return;
    const json& day = q.result;
    drawCounts(day["counts"]);
    if (const char* go = widgets::lettersWithheldNotice(
            day["counts"].value("letters_withheld", json::object()), ctx.can("settings.manage")))
        ctx.router.navigate({go, json::object()});
    ImGui::BeginChild("##today-lists", ImVec2(0, 0), false);
    drawConfirm(ctx, day);
    drawToSend(ctx, day);
    drawCalls(ctx, day);
    const json& n = day["counts"];
    if (section("today.promises_due", num(n, "promises_due"), "promises-due"))
        drawHolds(ctx, day["promises_due"], "promises-due", false);
    if (section("today.promises_broken", num(n, "promises_broken"), "promises-broken"))
        drawHolds(ctx, day["promises_broken"], "promises-broken", false);
    if (section("today.instalments_missed", num(n, "instalments_missed"), "instalments-missed"))
        drawHolds(ctx, day["instalments_missed"], "instalments-missed", true);
    drawDisputes(ctx, day);
    ImGui::EndChild();
    m_outcomes.drawPromiseForm(ctx.store);
    if (m_askStale) {
        ImGui::OpenPopup("##stale-bank");
        m_askStale = false;
    }
    if (widgets::confirmDialog(
            "##stale-bank", m_staleQuestion.c_str(), tr("bank.stale_detail"), tr("bank.send_anyway")))
        execute(ctx, "all", m_staleAge);
    if (widgets::confirmDialog(
            "##confirm-action", tr("today.confirm_title"), m_confirmText.c_str(), tr("today.execute")))
        execute(ctx, json::array({m_confirmKey}));
}

void ViewToday::drawHeader(ViewContext& ctx, const json* day)
{
    ImGui::TextUnformatted(tr("today.title"));
    if (day) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMuted, "— %s", formatDate(str(*day, "as_of")).c_str());
    }
    ImGui::SameLine(0, 24);
    widgets::bankAge(ctx.store);
    // A manager's day: the whole team's, or one collector's.
    if (ctx.can("client.assign")) {
        const json& r = ctx.params();
        std::int64_t chosen
            = r.contains("collector") && r["collector"].is_number_integer() ? r["collector"].get<std::int64_t>() : -1;
        ImGui::SameLine(0, 30);
        if (widgets::collectorCombo(ctx.store, "##today-collector", chosen, 260))
            ctx.router.navigate({"today", chosen < 0 ? json::object() : json{{"collector", chosen}}});
    }
    ImGui::Spacing();
}

void ViewToday::drawCounts(const json& n)
{
    static const std::pair<const char*, const char*> kCards[] = {{"to_confirm", "today.count_confirm"},
        {"automatic", "today.count_auto"}, {"to_send", "today.count_send"}, {"calls", "today.count_calls"},
        {"promises_due", "today.count_promises_due"}, {"promises_broken", "today.count_broken"},
        {"instalments_missed", "today.count_missed"}, {"disputes", "today.count_disputes"}};
    if (!ImGui::BeginTable("##today-counts", 8, ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV))
        return;
    ImGui::TableNextRow();
    for (const auto& [key, label] : kCards) {
        ImGui::TableNextColumn();
        const std::int64_t v = num(n, key);
        const bool alarm = v > 0 && (std::string(key) == "promises_broken" || std::string(key) == "instalments_missed");
        ImGui::TextColored(
            alarm ? theme::kOverdue : ImGui::GetStyle().Colors[ImGuiCol_Text], "%lld", static_cast<long long>(v));
        testhook::note((std::string("count:") + key).c_str(), std::to_string(v).c_str());
        ImGui::TextColored(theme::kMuted, "%s", tr(label));
    }
    ImGui::EndTable();
    ImGui::Spacing();
}

void ViewToday::clientLink(ViewContext& ctx, const json& row, const char* idSuffix)
{
    const std::string label = str(row, "client_name") + "##" + idSuffix;
    if (ImGui::Selectable(label.c_str(), false))
        ctx.router.navigate({"client", {{"id", num(row, "client_id")}}});
}

// [SECTION] to confirm and automatic

void ViewToday::drawConfirm(ViewContext& ctx, const json& day)
{
    const json& n = day["counts"];
    const bool canExecute = ctx.can("relance.execute");
    if (m_executing != 0) {
        widgets::progressWithCancel(ctx.store, m_executing, 420, "progress:execute", tr("relances.cancel"));
    } else if (canExecute && num(n, "automatic") > 0) {
        char label[160];
        std::snprintf(label, sizeof label, tr("today.execute_auto"), static_cast<long long>(num(n, "automatic")));
        if (ImGui::Button(label))
            execute(ctx, "all");
        ImGui::Spacing();
    }
    if (!section("today.to_confirm", num(n, "to_confirm"), "to-confirm"))
        return;
    const json& rows = day["to_confirm"];
    if (rows.empty())
        return empty("today.none");
    if (!ImGui::BeginTable("##today-confirm", 5, kTable))
        return;
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("relances.col_step"), 0, 1.5f);
    ImGui::TableSetupColumn(tr("relances.col_channel"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("relances.col_total"), 0, 1.0f);
    ImGui::TableSetupColumn("##do", 0, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& a : rows) {
        const std::string key = str(a, "key");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        clientLink(ctx, a, ("confirm-" + key).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(a, "step").c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("channel." + str(a, "channel")).c_str()));
        ImGui::TableNextColumn();
        widgets::moneyCell(num(a, "total_cents"), str(a, "currency"), true, ("confirm:" + key).c_str());
        ImGui::TableNextColumn();
        if (canExecute && m_executing == 0
            && ImGui::SmallButton((std::string(tr("today.execute")) + "##" + key).c_str())) {
            m_confirmKey = key;
            m_confirmText = str(a, "client_name") + " — " + str(a, "step") + " — "
                + formatMoney(num(a, "total_cents"), str(a, "currency"));
            ImGui::OpenPopup("##confirm-action");
        }
    }
    ImGui::EndTable();
}

void ViewToday::execute(ViewContext& ctx, const json& keys, long bankAge)
{
    json p = params(ctx);
    p.erase("limit");
    p["keys"] = keys;
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
        char buf[200];
        std::snprintf(buf, sizeof buf, tr("relances.executed"),
            static_cast<long long>(reply["result"].value("executed", json::array()).size()),
            static_cast<long long>(reply["result"].value("skipped", json::array()).size()));
        widgets::toast(buf);
    });
}

// [SECTION] to send

void ViewToday::drawToSend(ViewContext& ctx, const json& day)
{
    if (!section("today.to_send", num(day["counts"], "to_send"), "to-send"))
        return;
    const json& rows = day["to_send"];
    if (rows.empty())
        return empty("today.none");
    const bool canExecute = ctx.can("relance.execute");
    if (!ImGui::BeginTable("##today-send", 4, kTable))
        return;
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("relances.col_channel"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("relances.col_total"), 0, 1.0f);
    ImGui::TableSetupColumn("##do", 0, 2.5f);
    ImGui::TableHeadersRow();
    for (const auto& a : rows) {
        const std::int64_t id = num(a, "id");
        const std::string suffix = "##send-" + std::to_string(id);
        const std::string channel = str(a, "channel");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        clientLink(ctx, a, ("send-" + std::to_string(id)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("channel." + channel).c_str()));
        ImGui::TableNextColumn();
        widgets::moneyCell(
            num(a, "open_cents") + num(a, "interest_cents") + num(a, "fee_cents"), str(a, "currency"), true);
        ImGui::TableNextColumn();
        if (!canExecute)
            continue;
        if ((channel == "email" || channel == "sms")
            && ImGui::SmallButton(
                (std::string(tr(channel == "sms" ? "relances.open_sms" : "relances.open_mail")) + suffix).c_str()))
            widgets::deliverAction(ctx.store, id, "link");
        ImGui::SameLine();
        if (ImGui::SmallButton((std::string(tr("relances.download")) + suffix).c_str()))
            widgets::deliverAction(ctx.store, id, "file");
        ImGui::SameLine();
        if (ImGui::SmallButton((std::string(tr("relances.mark_sent")) + suffix).c_str()))
            ctx.store.command("relance.mark_sent", {{"id", id}}, [](const json& reply) {
                if (reply.contains("error"))
                    widgets::toastError(reply["error"]);
            });
    }
    ImGui::EndTable();
}

// [SECTION] calls: ↑/↓ choose one, 1–5 log its outcome

void ViewToday::drawCalls(ViewContext& ctx, const json& day)
{
    if (!section("today.calls", num(day["counts"], "calls"), "calls"))
        return;
    const json& rows = day["calls"];
    if (rows.empty())
        return empty("today.none");
    const int count = static_cast<int>(rows.size());
    const bool canExecute = ctx.can("relance.execute");
    if (!ImGui::GetIO().WantTextInput) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
            m_call = std::min(m_call + 1, count - 1);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)))
            m_call = std::max(m_call - 1, 0);
    }
    m_call = std::min(m_call, count - 1);
    ImGui::TextColored(theme::kMuted, "%s", tr("today.calls_hint"));
    if (!ImGui::BeginTable("##today-calls", 4, kTable))
        return;
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("relances.col_phone"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("relances.col_task"), 0, 2.0f);
    ImGui::TableSetupColumn("##outcomes", 0, 4.0f);
    ImGui::TableHeadersRow();
    for (int i = 0; i < count; ++i) {
        const json& t = rows[static_cast<std::size_t>(i)];
        const std::int64_t id = num(t, "id");
        const std::string suffix = "##call-" + std::to_string(id);
        ImGui::TableNextRow();
        if (i == m_call)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_HeaderHovered));
        ImGui::TableNextColumn();
        clientLink(ctx, t, ("call-" + std::to_string(id)).c_str());
        ImGui::TableNextColumn();
        widgets::telLink(str(t, "client_phone"), suffix);
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(t, "title").c_str());
        ImGui::TableNextColumn();
        if (canExecute)
            m_outcomes.task(ctx.store, t, suffix, i == m_call);
    }
    ImGui::EndTable();
}

// [SECTION] holds and disputes

void ViewToday::drawHolds(ViewContext& ctx, const json& list, const char* id, bool missed)
{
    if (list.empty())
        return empty("today.none");
    if (!ImGui::BeginTable(id, 3, kTable))
        return;
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 2.0f);
    ImGui::TableSetupColumn(tr(missed ? "today.col_missed" : "today.col_amount"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("today.col_date"), 0, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& h : list) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        clientLink(ctx, h, (std::string(id) + "-" + std::to_string(num(h, "id"))).c_str());
        ImGui::TableNextColumn();
        widgets::moneyCell(num(h, missed ? "missed_cents" : "amount_cents"), "EUR", missed,
            (std::string(id) + ":" + str(h, "client_name")).c_str());
        ImGui::TableNextColumn();
        const json& inst = h["instalments"];
        widgets::dateCell(missed && !inst.empty() ? str(inst[0], "date") : str(h, "date"));
    }
    ImGui::EndTable();
}

void ViewToday::drawDisputes(ViewContext& ctx, const json& day)
{
    if (!section("today.disputes", num(day["counts"], "disputes"), "disputes"))
        return;
    const json& rows = day["disputes"];
    if (rows.empty())
        return empty("today.none");
    if (!ImGui::BeginTable("##today-disputes", 4, kTable))
        return;
    ImGui::TableSetupColumn(tr("relances.col_client"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("invoices.number"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("invoices.open"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("today.col_reason"), 0, 2.5f);
    ImGui::TableHeadersRow();
    for (const auto& i : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        clientLink(ctx, i, ("dispute-" + std::to_string(num(i, "id"))).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(i, "number").c_str());
        ImGui::TableNextColumn();
        widgets::moneyCell(num(i, "open_cents"), str(i, "currency"), true, ("dispute:" + str(i, "number")).c_str());
        ImGui::TableNextColumn();
        ImGui::TextColored(theme::kMuted, "%s", str(i, "dispute_reason").c_str());
    }
    ImGui::EndTable();
}

} // namespace crm::app
