#include "app/views/view_clients.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/test_hook.hpp"

#include <imgui.h>

#include <cstdio>
#include <cstring>
#include <vector>

namespace crm::app {

// [SECTION] index: helpers, list, form

namespace {

const ImVec4 kErrorColour(0.78f, 0.12f, 0.12f, 1.0f);
const ImVec4 kMutedColour(0.42f, 0.45f, 0.50f, 1.0f);
const ImVec4 kOkColour(0.10f, 0.50f, 0.22f, 1.0f);
constexpr float kFormWidth = 500.0f;

// What a page of the clients list depends on: the clients, and the amounts they owe.
const std::vector<std::string> kListReads = {"clients", "invoices", "payments", "payment_allocations"};

void copyInto(char* dst, std::size_t size, const std::string& src)
{
    std::snprintf(dst, size, "%s", src.c_str());
}

std::string str(const json& row, const char* key)
{
    return row.contains(key) && row[key].is_string() ? row[key].get<std::string>() : std::string();
}

// Column index -> sort key of client.list (empty: not sortable).
constexpr int kColumns = 7;
const char* const kSortKeys[kColumns] = {"name", "code", "email", "", "open", "overdue", "created_at"};

} // namespace

// [SECTION] list

json ViewClients::pageParams(std::int64_t page) const
{
    return {{"search", m_search}, {"sort", m_sort}, {"desc", m_desc}, {"offset", page * kPage}, {"limit", kPage}};
}

void ViewClients::draw(const std::string& role)
{
    m_role = role;
    const QueryEntry& first = m_store.query("client.list", pageParams(0), kListReads);
    const std::int64_t total = first.hasResult ? first.result.value("total", std::int64_t{0}) : 0;
    drawToolbar(total, first.hasResult);

    if (!first.error.is_null())
        ImGui::TextColored(
            kErrorColour, "%s", errorText(first.error.value("code", ""), first.error.value("reason", ""), "").c_str());

    const float listWidth = m_form.open ? ImGui::GetContentRegionAvail().x - kFormWidth - 12.0f : 0.0f;
    ImGui::BeginChild("##clients-list", ImVec2(listWidth, 0), false);
    if (first.hasResult && total == 0 && m_search[0] == '\0')
        drawEmpty();
    else if (first.hasResult && total == 0)
        ImGui::TextColored(kMutedColour, tr("clients.no_match"), m_search);
    else
        drawTable(total);
    ImGui::EndChild();

    if (m_form.open) {
        ImGui::SameLine();
        drawForm();
    }
}

void ViewClients::drawToolbar(std::int64_t total, bool loaded)
{
    ImGui::SetNextItemWidth(320.0f);
    ImGui::InputTextWithHint("##clients-search", tr("clients.search"), m_search, sizeof m_search);
    if (m_role != "agent") {
        ImGui::SameLine();
        if (ImGui::Button(tr("clients.new")))
            openNew();
    }
    ImGui::SameLine();
    if (loaded)
        ImGui::TextColored(kMutedColour, tr("clients.count"), static_cast<long long>(total));
    else
        ImGui::TextColored(kMutedColour, "%s", tr("clients.loading"));
    if (!m_flash.empty() && ImGui::GetTime() < m_flashUntil) {
        ImGui::SameLine(0, 24);
        ImGui::TextColored(kOkColour, "%s", m_flash.c_str());
        testhook::note("flash", m_flash.c_str());
    }
    ImGui::Spacing();
}

void ViewClients::drawEmpty()
{
    ImGui::Dummy(ImVec2(0, 40));
    ImGui::Indent(40);
    ImGui::TextUnformatted(tr("clients.empty"));
    ImGui::Spacing();
    if (m_role != "agent" && ImGui::Button(tr("clients.load_demo"))) {
        m_store.command("demo.load", json::object(), [this](const json& reply) {
            if (reply.contains("error"))
                m_flash = errorText(reply["error"].value("code", ""), reply["error"].value("reason", ""), "");
        });
    }
    ImGui::Unindent(40);
}

void ViewClients::drawTable(std::int64_t total)
{
    const ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg
        | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable
        | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##clients-table", kColumns, flags))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("col.name"), ImGuiTableColumnFlags_DefaultSort, 3.0f);
    ImGui::TableSetupColumn(tr("col.code"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("col.email"), 0, 2.2f);
    ImGui::TableSetupColumn(tr("col.phone"), ImGuiTableColumnFlags_NoSort, 1.4f);
    ImGui::TableSetupColumn(tr("col.open"), ImGuiTableColumnFlags_PreferSortDescending, 1.3f);
    ImGui::TableSetupColumn(tr("col.overdue"), ImGuiTableColumnFlags_PreferSortDescending, 1.3f);
    ImGui::TableSetupColumn(tr("col.created"), 0, 1.1f);
    // Headers one by one (as TableHeadersRow does) so the test hook can name them.
    ImGui::TableNextRow(ImGuiTableRowFlags_Headers);
    for (int col = 0; col < kColumns; ++col) {
        ImGui::TableSetColumnIndex(col);
        const char* name = ImGui::TableGetColumnName(col);
        ImGui::TableHeader(name);
        testhook::note((std::string("header:") + (kSortKeys[col][0] ? kSortKeys[col] : name)).c_str(), name);
    }

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty) {
        if (specs->SpecsCount > 0) {
            const int col = specs->Specs[0].ColumnIndex;
            if (col >= 0 && col < kColumns && kSortKeys[col][0] != '\0') {
                m_sort = kSortKeys[col];
                m_desc = specs->Specs[0].SortDirection == ImGuiSortDirection_Descending;
            }
        }
        specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(total));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const QueryEntry& page = m_store.query("client.list", pageParams(i / kPage), kListReads);
            const json* row = nullptr;
            if (page.hasResult) {
                const json& rows = page.result["rows"];
                const auto k = static_cast<std::size_t>(i % kPage);
                if (k < rows.size())
                    row = &rows[k];
            }
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            if (!row) {
                ImGui::TextColored(kMutedColour, "…");
                continue;
            }
            const std::int64_t id = row->value("id", std::int64_t{0});
            const std::string label = str(*row, "name") + "##client-" + std::to_string(id);
            const bool selected = m_form.open && m_form.id == id;
            if (ImGui::Selectable(label.c_str(), selected, ImGuiSelectableFlags_SpanAllColumns))
                openEdit(*row);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(str(*row, "code").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(str(*row, "email").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(str(*row, "phone").c_str());
            for (const char* key : {"open_cents", "overdue_cents"}) {
                ImGui::TableNextColumn();
                const std::string amount = formatMoney(row->value(key, std::int64_t{0}));
                // Right-aligned, as amounts are read.
                const float w = ImGui::CalcTextSize(amount.c_str()).x;
                ImGui::SetCursorPosX(ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x - w);
                if (std::string(key) == "overdue_cents" && row->value(key, std::int64_t{0}) > 0)
                    ImGui::TextColored(ImVec4(0.70f, 0.16f, 0.10f, 1), "%s", amount.c_str());
                else
                    ImGui::TextUnformatted(amount.c_str());
                testhook::note((std::string(key) + ":" + str(*row, "code")).c_str(), amount.c_str());
            }
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatDate(str(*row, "created_at")).c_str());
        }
    }
    ImGui::EndTable();
}

// [SECTION] form

void ViewClients::openNew()
{
    m_form = Form{};
    m_form.open = true;
}

void ViewClients::openEdit(const json& row)
{
    m_form = Form{};
    m_form.open = true;
    m_form.id = row.value("id", std::int64_t{0});
    copyInto(m_form.code, sizeof m_form.code, str(row, "code"));
    copyInto(m_form.name, sizeof m_form.name, str(row, "name"));
    copyInto(m_form.email, sizeof m_form.email, str(row, "email"));
    copyInto(m_form.phone, sizeof m_form.phone, str(row, "phone"));
    copyInto(m_form.address, sizeof m_form.address, str(row, "address"));
    copyInto(m_form.siret, sizeof m_form.siret, str(row, "siret"));
}

bool ViewClients::drawField(
    const char* labelKey, const char* id, const char* field, char* buf, std::size_t size, bool multiline)
{
    ImGui::TextUnformatted(tr(labelKey));
    ImGui::SetNextItemWidth(-1);
    bool enter = false;
    const bool hasError = m_form.errorField == field;
    if (hasError)
        ImGui::PushStyleColor(ImGuiCol_Border, kErrorColour);
    if (multiline)
        ImGui::InputTextMultiline(id, buf, size, ImVec2(-1, ImGui::GetTextLineHeight() * 3.6f));
    else
        enter = ImGui::InputText(id, buf, size, ImGuiInputTextFlags_EnterReturnsTrue);
    if (hasError) {
        ImGui::PopStyleColor();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kErrorColour, "%s", m_form.errorText.c_str());
        ImGui::PopTextWrapPos();
        testhook::note((std::string("error:") + field).c_str(), m_form.errorText.c_str());
    }
    ImGui::Spacing();
    return enter;
}

void ViewClients::drawForm()
{
    ImGui::BeginChild("##client-form", ImVec2(kFormWidth, 0), true);
    ImGui::TextUnformatted(tr(m_form.id ? "form.edit_title" : "form.new_title"));
    ImGui::Separator();
    ImGui::Spacing();
    if (m_form.id)
        drawSummary();
    bool submit = false;
    submit |= drawField("form.code", "##form-code", "code", m_form.code, sizeof m_form.code);
    submit |= drawField("form.name", "##form-name", "name", m_form.name, sizeof m_form.name);
    submit |= drawField("form.email", "##form-email", "email", m_form.email, sizeof m_form.email);
    submit |= drawField("form.phone", "##form-phone", "phone", m_form.phone, sizeof m_form.phone);
    drawField("form.address", "##form-address", "address", m_form.address, sizeof m_form.address, true);
    submit |= drawField("form.siret", "##form-siret", "siret", m_form.siret, sizeof m_form.siret);

    if (!m_form.errorText.empty() && m_form.errorField.empty()) {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kErrorColour, "%s", m_form.errorText.c_str());
        ImGui::PopTextWrapPos();
        testhook::note("error:form", m_form.errorText.c_str());
    }
    ImGui::TextColored(kMutedColour, "%s", tr("form.required_hint"));
    ImGui::Spacing();

    ImGui::BeginDisabled(m_form.saving);
    if (ImGui::Button(m_form.saving ? tr("form.saving") : tr("form.save")) || submit)
        save();
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::Button(tr("form.cancel"))
        || (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)) && !m_form.saving))
        m_form.open = false;
    if (m_form.id && m_role != "agent") {
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.72f, 0.16f, 0.16f, 1));
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, ImVec4(0.82f, 0.22f, 0.22f, 1));
        if (ImGui::Button(tr("form.delete")))
            ImGui::OpenPopup("##confirm-delete");
        ImGui::PopStyleColor(2);
    }
    if (ImGui::BeginPopupModal("##confirm-delete", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::TextUnformatted(tr("form.confirm_delete"));
        ImGui::TextColored(kMutedColour, "%s", m_form.name);
        ImGui::Spacing();
        if (ImGui::Button((std::string(tr("form.delete")) + "##confirm").c_str())) {
            remove();
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button((std::string(tr("form.cancel")) + "##confirm").c_str()))
            ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
    ImGui::EndChild();
}

void ViewClients::drawSummary()
{
    const QueryEntry& q = m_store.query(
        "client.summary", {{"id", m_form.id}}, {"invoices", "payments", "payment_allocations", "clients"});
    if (!q.hasResult || !q.result.contains("balances"))
        return;
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
                ImGui::TextColored(kMutedColour, "%s", tr(key));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(value.c_str());
                testhook::note((std::string(key) + ":" + cur).c_str(), value.c_str());
            }
            ImGui::EndTable();
        }
    }
    drawOwedInvoices();
    ImGui::Separator();
    ImGui::Spacing();
}

void ViewClients::drawOwedInvoices()
{
    const QueryEntry& q = m_store.query("invoice.list",
        {{"client_id", m_form.id}, {"status", "unpaid"}, {"sort", "due_date"}, {"limit", 20}},
        {"invoices", "payment_allocations"});
    if (!q.hasResult || !q.result.contains("rows") || q.result["rows"].empty())
        return;
    ImGui::Spacing();
    ImGui::TextColored(kMutedColour, tr("invoices.owed"), static_cast<long long>(q.result.value("total", 0)));
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
        ImGui::TextUnformatted(formatDate(str(inv, "due_date")).c_str());
        ImGui::TableNextColumn();
        const std::string status = "status." + str(inv, "status");
        ImGui::TextUnformatted(tr(status.c_str()));
        ImGui::TableNextColumn();
        const std::string open = formatMoney(inv.value("open_cents", std::int64_t{0}), str(inv, "currency"));
        ImGui::TextUnformatted(open.c_str());
        testhook::note(("invoice:" + number).c_str(), (std::string(tr(status.c_str())) + " " + open).c_str());
    }
    ImGui::EndTable();
}

void ViewClients::save()
{
    if (m_form.saving)
        return;
    json params = {{"code", m_form.code}, {"name", m_form.name}, {"email", m_form.email}, {"phone", m_form.phone},
        {"address", m_form.address}, {"siret", m_form.siret}};
    const bool creating = m_form.id == 0;
    if (!creating)
        params["id"] = m_form.id;
    m_form.saving = true;
    m_form.errorField.clear();
    m_form.errorText.clear();
    m_store.command(creating ? "client.create" : "client.update", params, [this](const json& reply) {
        m_form.saving = false;
        if (reply.contains("error")) {
            const json& e = reply["error"];
            m_form.errorField = e.value("field", "");
            m_form.errorText = errorText(e.value("code", ""), e.value("reason", ""), m_form.errorField);
            return;
        }
        m_form.open = false;
        m_flash = tr("form.saved");
        m_flashUntil = ImGui::GetTime() + 4.0;
    });
}

void ViewClients::remove()
{
    const std::int64_t id = m_form.id;
    m_store.command("client.delete", {{"id", id}}, [this, id](const json& reply) {
        if (reply.contains("error")) {
            m_form.errorField.clear();
            m_form.errorText = errorText(reply["error"].value("code", ""), reply["error"].value("reason", ""), "");
            return;
        }
        if (m_form.id == id)
            m_form.open = false;
        m_flash = tr("form.deleted");
        m_flashUntil = ImGui::GetTime() + 4.0;
    });
}

} // namespace crm::app
