#include "app/views/view_clients.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

// [SECTION] index: route, list, form

namespace {

void copyInto(char* dst, std::size_t size, const std::string& src)
{
    std::snprintf(dst, size, "%s", src.c_str());
}

} // namespace

// [SECTION] route

void ViewClients::syncWithRoute(ViewContext& ctx)
{
    const json& p = ctx.params();
    std::int64_t wanted = -1;
    if (p.contains("client_id") && p["client_id"].is_number_integer())
        wanted = p["client_id"].get<std::int64_t>();
    else if (p.contains("new"))
        wanted = 0;
    if (wanted != m_form.id) {
        m_form = Form{};
        m_form.id = wanted;
        m_form.loaded = wanted <= 0;
    }
    if (m_form.id > 0 && !m_form.loaded) {
        const QueryEntry& q = ctx.store.query("client.get", {{"id", m_form.id}});
        if (q.hasResult) {
            fill(q.result);
            m_form.loaded = true;
        } else if (!q.error.is_null()) {
            widgets::toast(
                errorText(q.error.value("code", ""), q.error.value("reason", ""), ""), widgets::ToastKind::Error);
            close(ctx.router);
        }
    }
}

void ViewClients::close(Router& router)
{
    router.navigate({"clients", json::object()});
}

// [SECTION] list

void ViewClients::drawContent(ViewContext& ctx)
{
    syncWithRoute(ctx);
    const json filters = this->filters();
    const QueryEntry& first = ctx.store.query("client.list", m_table.pageParams(filters, 0));
    const std::int64_t total = first.hasResult ? first.result.value("total", std::int64_t{0}) : -1;
    drawToolbar(ctx, total);
    if (!first.error.is_null())
        ImGui::TextColored(
            theme::kError, "%s", errorText(first.error.value("code", ""), first.error.value("reason", ""), "").c_str());

    const bool formOpen = m_form.id >= 0;
    const float listWidth = formOpen ? ImGui::GetContentRegionAvail().x - theme::kFormWidth - theme::kGap : 0.0f;
    ImGui::BeginChild("##clients-list", ImVec2(listWidth, 0), false);
    if (total == 0 && filters.size() == 1 && m_search[0] == '\0')
        drawEmpty(ctx);
    else if (total == 0)
        ImGui::TextColored(theme::kMuted, tr("clients.no_match"), m_search);
    else if (total < 0 && !first.error.is_null())
        ; // the error is shown above
    else
        m_table.draw(ctx.store, filters, [&](const json& row) { drawRow(ctx, row); });
    ImGui::EndChild();

    if (formOpen) {
        ImGui::SameLine();
        drawForm(ctx);
    }
}

void ViewClients::drawToolbar(ViewContext& ctx, std::int64_t total)
{
    ImGui::SetNextItemWidth(theme::kSearchWidth);
    ImGui::InputTextWithHint("##clients-search", tr("clients.search"), m_search, sizeof m_search);
    if (ctx.can("client.create")) {
        ImGui::SameLine();
        if (ImGui::Button(tr("clients.new")))
            ctx.router.navigate({"clients", {{"new", 1}}});
    }
    ImGui::SameLine();
    widgets::exportCsvButton(ctx.store, "##clients-csv", "client.list", filters(), "Clients.csv");
    ImGui::SameLine();
    if (total >= 0)
        ImGui::TextColored(theme::kMuted, tr("clients.count"), static_cast<long long>(total));
    else
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
    drawFilters(ctx);
    drawSelection(ctx);
    ImGui::Spacing();
}

// The clients ticked: assigned to one collector (or nobody) in one command.
void ViewClients::drawSelection(ViewContext& ctx)
{
    if (!ctx.can("client.assign"))
        return;
    if (m_chosen.empty()) { // the line stays, so the list does not move when a client is ticked
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.choose_hint"));
        return;
    }
    ImGui::TextColored(theme::kWarn, tr("clients.chosen"), static_cast<long long>(m_chosen.size()));
    ImGui::SameLine();
    const QueryEntry& users = ctx.store.query("user.list", json::object());
    const json none = json::array();
    ImGui::SetNextItemWidth(240);
    widgets::userChoice("##assign-to", users.hasResult ? users.result["rows"] : none, m_assignTo, "team.nobody");
    ImGui::SameLine();
    ImGui::BeginDisabled(m_assignTo < 0);
    if (ImGui::Button(tr("clients.assign_chosen"))) {
        json ids = json::array();
        for (auto id : m_chosen)
            ids.push_back(id);
        ctx.store.command("client.assign_many", {{"ids", ids}, {"user_id", m_assignTo > 0 ? json(m_assignTo) : json()}},
            [this](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                m_chosen.clear();
                char line[160];
                std::snprintf(line, sizeof line, tr("clients.assigned"),
                    static_cast<long long>(reply["result"].value("assigned", std::int64_t{0})));
                widgets::toast(line);
            });
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("clients.unchoose")))
        m_chosen.clear();
}

void ViewClients::drawEmpty(ViewContext& ctx)
{
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::Indent(40);
    ImGui::TextUnformatted(tr("clients.empty"));
    ImGui::Spacing();
    ImGui::BeginDisabled(m_generating != 0);
    const bool load = ctx.can("client.create") && ImGui::Button(tr("clients.load_demo"));
    ImGui::EndDisabled();
    if (load) {
        ctx.store.command("demo.load", json::object(), [](const json& reply) {
            if (reply.contains("error"))
                widgets::toastError(reply["error"]);
        });
    }
    if (ctx.can("database.admin"))
        drawGenerate(ctx);
    ImGui::Unindent(40);
}

void ViewClients::drawGenerate(ViewContext& ctx)
{
    ImGui::Spacing();
    if (m_generating == 0) {
        if (ImGui::Button(tr("clients.generate"))) {
            m_generating = ctx.store.command(
                "demo.generate", {{"clients", 10000}, {"invoices", 1000000}}, [this](const json& reply) {
                    m_generating = 0;
                    if (reply.contains("error"))
                        widgets::toastError(reply["error"]);
                    else
                        widgets::toast(tr("clients.generated"));
                });
        }
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.generate_hint"));
        return;
    }
    widgets::progressWithCancel(ctx.store, m_generating, 420, "progress:generate", tr("clients.generate_cancel"), true);
}

void ViewClients::drawRow(ViewContext& ctx, const json& row)
{
    const std::int64_t id = row.value("id", std::int64_t{0});
    const std::string label = str(row, "name") + "##client-" + std::to_string(id);
    if (ctx.can("client.assign")) { // ticked to be assigned together
        bool on = m_chosen.count(id) > 0;
        if (ImGui::Checkbox(("##pick-" + str(row, "code")).c_str(), &on)) {
            if (on)
                m_chosen.insert(id);
            else
                m_chosen.erase(id);
        }
        ImGui::SameLine();
    }
    if (ImGui::Selectable(label.c_str(), m_form.id == id, ImGuiSelectableFlags_SpanAllColumns))
        ctx.router.navigate({"client", {{"id", id}}});
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(str(row, "code").c_str());
    ImGui::TableNextColumn();
    widgets::moneyCell(
        row.value("open_cents", std::int64_t{0}), "EUR", false, ("open_cents:" + str(row, "code")).c_str());
    ImGui::TableNextColumn();
    widgets::moneyCell(
        row.value("overdue_cents", std::int64_t{0}), "EUR", true, ("overdue_cents:" + str(row, "code")).c_str());
    ImGui::TableNextColumn();
    const std::string oldest = str(row, "oldest_due_date");
    widgets::dateCell(oldest);
    ImGui::TableNextColumn();
    if (const std::int64_t days = num(row, "days_overdue"); days > 0)
        ImGui::TextColored(theme::kOverdue, "%lld", static_cast<long long>(days));
    ImGui::TableNextColumn();
    const std::string stage = str(row, "stage");
    ImGui::TextColored(stage == "amiable" ? ImGui::GetStyle().Colors[ImGuiCol_Text] : theme::kWarn, "%s%s",
        tr(("stage." + stage).c_str()), row.value("held", false) ? tr("clients.held_mark") : "");
    ImGui::TableNextColumn();
    const std::string risk = str(row, "risk_level");
    ImGui::TextColored(
        risk == "high" ? theme::kOverdue : ImGui::GetStyle().Colors[ImGuiCol_Text], "%s", tr(("risk." + risk).c_str()));
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(collectorName(ctx, row["assigned_to"]).c_str());
}

std::string ViewClients::collectorName(ViewContext& ctx, const json& id)
{
    if (!id.is_number_integer())
        return "—";
    if (id.get<std::int64_t>() == num(ctx.me, "id"))
        return widgets::displayName(ctx.me);
    return ctx.can("client.assign") ? widgets::userName(ctx.store, id.get<std::int64_t>())
                                    : "#" + std::to_string(id.get<std::int64_t>());
}

// [SECTION] filters

namespace {

constexpr const char* kStages[] = {"", "amiable", "relance", "mise_en_demeure", "contentieux"};
constexpr const char* kRisks[] = {"", "low", "medium", "high"};
constexpr const char* kBuckets[] = {"", "not_due", "1_30", "31_60", "61_90", "over_90"};

} // namespace

json ViewClients::filters() const
{
    json f = {{"search", m_search}};
    widgets::setCollectorFilter(f, m_collector);
    if (m_stage > 0)
        f["stage"] = kStages[m_stage];
    if (m_risk > 0)
        f["risk_level"] = kRisks[m_risk];
    if (m_bucket > 0)
        f["bucket"] = kBuckets[m_bucket];
    if (m_held)
        f["held"] = true;
    if (m_segment[0] != '\0')
        f["segment"] = m_segment;
    return f;
}

void ViewClients::drawFilters(ViewContext& ctx)
{
    widgets::valueCombo("##clients-stage", "stage.", "clients.any_stage", kStages, 5, m_stage);
    ImGui::SameLine();
    widgets::valueCombo("##clients-risk", "risk.", "clients.any_risk", kRisks, 4, m_risk);
    ImGui::SameLine();
    widgets::valueCombo("##clients-bucket", "bucket.", "invoices.any_bucket", kBuckets, 6, m_bucket);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130);
    ImGui::InputTextWithHint("##clients-segment", tr("clients.segment"), m_segment, sizeof m_segment);
    ImGui::SameLine();
    ImGui::Checkbox(tr("clients.held"), &m_held);
    if (ctx.can("client.assign")) {
        ImGui::SameLine();
        widgets::collectorCombo(ctx.store, "##clients-collector", m_collector);
    }
}

// [SECTION] form

void ViewClients::fill(const json& c)
{
    copyInto(m_form.code, sizeof m_form.code, str(c, "code"));
    copyInto(m_form.name, sizeof m_form.name, str(c, "name"));
    copyInto(m_form.email, sizeof m_form.email, str(c, "email"));
    copyInto(m_form.phone, sizeof m_form.phone, str(c, "phone"));
    copyInto(m_form.address, sizeof m_form.address, str(c, "address"));
    copyInto(m_form.siret, sizeof m_form.siret, str(c, "siret"));
}

void ViewClients::drawForm(ViewContext& ctx)
{
    using widgets::FieldKind;
    using widgets::formField;
    ImGui::BeginChild("##client-form", ImVec2(theme::kFormWidth, 0), true);
    ImGui::TextUnformatted(tr(m_form.id ? "form.edit_title" : "form.new_title"));
    ImGui::Separator();
    ImGui::Spacing();
    if (m_form.id > 0 && !m_form.loaded) {
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        ImGui::EndChild();
        return;
    }
    if (m_form.id > 0)
        drawSummary(ctx);
    const auto& err = m_form.error;
    bool submit = false;
    submit |= formField(tr("form.code"), "##form-code", "code", m_form.code, sizeof m_form.code, err);
    submit |= formField(tr("form.name"), "##form-name", "name", m_form.name, sizeof m_form.name, err);
    submit |= formField(tr("form.email"), "##form-email", "email", m_form.email, sizeof m_form.email, err);
    submit |= formField(tr("form.phone"), "##form-phone", "phone", m_form.phone, sizeof m_form.phone, err);
    formField(tr("form.address"), "##form-address", "address", m_form.address, sizeof m_form.address, err,
        FieldKind::Multiline);
    submit |= formField(tr("form.siret"), "##form-siret", "siret", m_form.siret, sizeof m_form.siret, err);
    widgets::formError(err, {"code", "name", "email", "phone", "address", "siret"});
    ImGui::TextColored(theme::kMuted, "%s", tr("form.required_hint"));
    ImGui::Spacing();

    ImGui::BeginDisabled(m_form.saving);
    if (ImGui::Button(m_form.saving ? tr("form.saving") : tr("form.save")) || submit)
        save(ctx);
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel"))
        || (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && !m_form.saving
            && !ImGui::IsPopupOpen("##confirm-delete")))
        close(ctx.router);
    if (m_form.id > 0 && ctx.can("client.delete")) {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, theme::kDanger);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, theme::kDangerHover);
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
        if (ImGui::Button(tr("form.delete")))
            ImGui::OpenPopup("##confirm-delete");
        ImGui::PopStyleColor(3);
    }
    if (widgets::confirmDialog("##confirm-delete", tr("form.confirm_delete"), m_form.name, tr("form.delete")))
        remove(ctx);
    ImGui::EndChild();
}

void ViewClients::drawSummary(ViewContext& ctx)
{
    // The collection stage the relance engine has brought the client to.
    const QueryEntry& client = ctx.store.query("client.get", {{"id", m_form.id}});
    if (client.hasResult && client.result.contains("stage")) {
        const std::string stage = str(client.result, "stage");
        const char* text = tr((std::string("stage") + "." + stage).c_str());
        ImGui::TextColored(theme::kMuted, "%s", tr("summary.stage"));
        ImGui::SameLine();
        ImGui::TextColored(stage == "amiable" ? theme::kOk : theme::kWarn, "%s", text);
        testhook::note("summary.stage", text);
    }
    const QueryEntry& q = ctx.store.query("client.summary", {{"id", m_form.id}});
    if (!q.hasResult || !q.result.contains("balances") || q.result["balances"].empty())
        return; // a client with no history: nothing to sum up
    for (const auto& b : q.result["balances"]) {
        const std::string cur = b.value("currency", "EUR");
        auto money = [&](const char* key) { return formatMoney(b.value(key, std::int64_t{0}), cur); };
        if (ImGui::BeginTable("##summary", 2, ImGuiTableFlags_SizingStretchProp)) {
            const std::pair<const char*, std::string> lines[] = {
                {"summary.open", money("open_cents")},
                {"summary.overdue", money("overdue_cents")},
                {"summary.credit", money("credit_cents")},
                {"summary.balance", money("balance_cents")},
                {"summary.oldest", b["oldest_due_date"].is_string() ? formatDate(b["oldest_due_date"]) : "—"},
            };
            for (const auto& [key, value] : lines) {
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextColored(theme::kMuted, "%s", tr(key));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(value.c_str());
                testhook::note((std::string(key) + ":" + cur).c_str(), value.c_str());
            }
            ImGui::EndTable();
        }
    }
    drawOwedInvoices(ctx);
    ImGui::Separator();
    ImGui::Spacing();
}

void ViewClients::drawOwedInvoices(ViewContext& ctx)
{
    const QueryEntry& q = ctx.store.query(
        "invoice.list", {{"client_id", m_form.id}, {"status", "unpaid"}, {"sort", "due_date"}, {"limit", 20}});
    if (!q.hasResult || !q.result.contains("rows") || q.result["rows"].empty())
        return;
    ImGui::Spacing();
    ImGui::TextColored(theme::kMuted, tr("invoices.owed"), static_cast<long long>(q.result.value("total", 0)));
    const ImGuiTableFlags flags
        = ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_BordersOuter;
    if (!ImGui::BeginTable("##owed-invoices", 4, flags))
        return;
    ImGui::TableSetupColumn(tr("invoices.number"), 0, 1.5f);
    ImGui::TableSetupColumn(tr("invoices.due"), 0, 1.2f);
    ImGui::TableSetupColumn(tr("invoices.status"), 0, 1.5f);
    ImGui::TableSetupColumn(tr("invoices.open"), 0, 1.3f);
    ImGui::TableHeadersRow();
    for (const auto& inv : q.result["rows"]) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string number = str(inv, "number");
        ImGui::TextUnformatted(number.c_str());
        ImGui::TableNextColumn();
        widgets::dateCell(str(inv, "due_date"));
        ImGui::TableNextColumn();
        const std::string status = str(inv, "status");
        widgets::statusBadge(status);
        ImGui::TableNextColumn();
        const std::string open = formatMoney(inv.value("open_cents", std::int64_t{0}), str(inv, "currency"));
        ImGui::TextUnformatted(open.c_str());
        testhook::note(
            ("invoice:" + number).c_str(), (std::string(tr(("status." + status).c_str())) + " " + open).c_str());
    }
    ImGui::EndTable();
}

void ViewClients::save(ViewContext& ctx)
{
    if (m_form.saving)
        return;
    json params = {{"code", m_form.code}, {"name", m_form.name}, {"email", m_form.email}, {"phone", m_form.phone},
        {"address", m_form.address}, {"siret", m_form.siret}};
    const bool creating = m_form.id == 0;
    if (!creating)
        params["id"] = m_form.id;
    m_form.saving = true;
    m_form.error.clear();
    const std::int64_t formId = m_form.id;
    Router* router = &ctx.router; // outlives the reply; the ViewContext does not
    ctx.store.command(creating ? "client.create" : "client.update", params, [this, router, formId](const json& reply) {
        if (m_form.id != formId)
            return; // the user moved on
        m_form.saving = false;
        if (reply.contains("error")) {
            m_form.error.set(reply["error"]);
            return;
        }
        widgets::toast(tr("form.saved"));
        close(*router);
    });
}

void ViewClients::remove(ViewContext& ctx)
{
    const std::int64_t id = m_form.id;
    Router* router = &ctx.router;
    ctx.store.command("client.delete", {{"id", id}}, [this, router, id](const json& reply) {
        if (reply.contains("error")) {
            if (m_form.id == id)
                m_form.error.set(reply["error"], "");
            return;
        }
        widgets::toast(tr("form.deleted"));
        if (m_form.id == id)
            close(*router);
    });
}

} // namespace crm::app
