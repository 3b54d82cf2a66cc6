#include "app/views/view_bank.hpp"

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

namespace crm::app {

// [SECTION] index: header and import, lines, the selected line, the parts dialog

namespace {

constexpr std::int64_t kPage = 50;
const char* const kStates[] = {"open", "auto", "confirmed", "credit", "voided", "ignored", "all"};
constexpr int kStateCount = 7;

constexpr ImGuiTableFlags kTable = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH
    | ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_ScrollY;

// « numéro F-2026-0042 dans le libellé ; montant égal au solde ; IBAN connu de ce client »
std::string reasonsText(const json& reasons)
{
    std::string out;
    for (const auto& r : reasons) {
        char buf[256];
        const std::string code = str(r, "code");
        const std::string value = code == "reverses_payment" ? formatDate(str(r, "value")) : str(r, "value");
        std::snprintf(buf, sizeof buf, tr(("bank.reason." + code).c_str()), value.c_str());
        out += (out.empty() ? "" : " ; ") + std::string(buf);
    }
    return out;
}

// A letter typed (ImGui 1.86 maps no letter keys: the typed characters say it).
bool typed(char lower)
{
    const auto& q = ImGui::GetIO().InputQueueCharacters;
    for (int i = 0; i < q.Size; ++i)
        if (q[i] == static_cast<ImWchar>(lower) || q[i] == static_cast<ImWchar>(lower - 'a' + 'A'))
            return true;
    return false;
}

std::string percentText(std::int64_t basisPoints)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld %%", static_cast<long long>((basisPoints + 50) / 100));
    return buf;
}

// What a proposal does, in one line: the client, then the invoices and the credit, or the void.
std::string proposalText(const json& p, const std::string& currency)
{
    std::string out = str(p, "client_name");
    if (str(p, "action") == "void") {
        char buf[160];
        std::snprintf(buf, sizeof buf, tr("bank.proposal_void"), static_cast<long long>(num(p, "payment_id")));
        return out + " — " + buf;
    }
    std::string invoices;
    for (const auto& a : p.value("allocations", json::array()))
        invoices += (invoices.empty() ? "" : ", ") + str(a, "number") + " ("
            + formatMoney(num(a, "amount_cents"), currency) + ")";
    if (!invoices.empty())
        out += " — " + invoices;
    if (num(p, "credit_cents") > 0)
        out += std::string(" — ") + tr("bank.credit") + " " + formatMoney(num(p, "credit_cents"), currency);
    return out;
}

} // namespace

void ViewBank::drawContent(ViewContext& ctx)
{
    drawHeader(ctx);
    json p = {{"offset", m_page * kPage}, {"limit", kPage}};
    if (std::string(kStates[m_state]) != "all")
        p["state"] = kStates[m_state];
    if (m_search[0])
        p["search"] = m_search;
    const QueryEntry& q = ctx.store.query("bank.lines", p);
    if (!widgets::queryReady(q))
        return;
    const json& rows = q.result["rows"];
    if (rows.empty()) {
        widgets::emptyState(tr(m_state == 0 ? "bank.nothing_open" : "bank.nothing"), "bank:empty");
    } else {
        m_selected = std::clamp(m_selected, 0, static_cast<int>(rows.size()) - 1);
        drawLines(ctx, rows);
        m_page = widgets::pager("bank-lines", m_page, kPage, num(q.result, "total"));
        drawDetail(ctx, rows[static_cast<std::size_t>(m_selected)]);
    }
    drawPartsDialog(ctx);
    drawAliasesDialog(ctx);
}

// [SECTION] header: the bank data's age, the import, the imports' match rates, filters

void ViewBank::drawHeader(ViewContext& ctx)
{
    ImGui::TextUnformatted(tr("bank.title"));
    ImGui::SameLine(0, 24);
    widgets::bankAge(ctx.store);
    if (ctx.can("invoice.write")) {
        if (m_importing != 0)
            widgets::progressWithCancel(ctx.store, m_importing, 360, "progress:bank-import", tr("relances.cancel"));
        else if (ImGui::Button(tr("bank.import"))) {
            const bool asked = platform::pickFile(".xml,.ofx,.qfx,.txt,.dat,.cfonb,.sta,.053,text/xml,application/xml",
                [this, store = &ctx.store](const std::string& name, const std::string& bytes) {
                    m_report.clear();
                    m_importing = store->command("bank.import",
                        {{"content_base64", widgets::base64Encode(bytes)}, {"file_name", name}},
                        [this](const json& reply) {
                            m_importing = 0;
                            if (reply.contains("error")) {
                                widgets::toastError(reply["error"]);
                                const json& e = reply["error"];
                                m_report = str(e, "message");
                                return;
                            }
                            const json& r = reply["result"];
                            char buf[320];
                            std::snprintf(buf, sizeof buf, tr("bank.imported"),
                                countText("bank.new_lines", num(r, "lines_new")).c_str(),
                                countText("bank.known_lines", num(r, "lines_known")).c_str(),
                                countText("bank.matched", num(r, "automatic")).c_str(),
                                countText("bank.credits", num(r, "credits")).c_str(),
                                percentText(num(r, "match_rate_bp")).c_str(),
                                static_cast<long long>(num(r, "suggested") + num(r, "todo")));
                            m_report = buf;
                            widgets::toast(buf);
                            m_state = 0;
                            m_page = 0;
                        });
                });
            if (!asked)
                widgets::toast(tr("data.no_picker"), widgets::ToastKind::Error);
        }
    }
    if (!m_report.empty()) {
        ImGui::TextWrapped("%s", m_report.c_str());
        testhook::note("bank:report", m_report.c_str());
    }
    // The latest imports, each with its match rate (the share of its credits matched).
    const QueryEntry& imports = ctx.store.query("bank.imports", {{"limit", 3}});
    if (imports.hasResult)
        for (const auto& i : imports.result["rows"]) {
            char buf[320];
            std::snprintf(buf, sizeof buf, tr("bank.import_line"), str(i, "file_name").c_str(),
                formatDate(str(i, "last_date")).c_str(), countText("bank.credits", num(i, "credits")).c_str(),
                percentText(num(i, "match_rate_bp")).c_str(), static_cast<long long>(num(i, "automatic")),
                static_cast<long long>(num(i, "waiting")));
            ImGui::TextColored(theme::kMuted, "%s", buf);
            testhook::note(("bank:import:" + std::to_string(num(i, "id"))).c_str(), buf);
        }
    if (ImGui::SmallButton(tr("bank.aliases")))
        m_openAliases = true;
    ImGui::Spacing();
    const int before = m_state;
    widgets::valueCombo("##bank-state", "bank.filter.", "bank.filter.open", kStates, kStateCount, m_state, 220);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(280);
    if (ImGui::InputTextWithHint("##bank-search", tr("bank.search"), m_search, sizeof m_search) || before != m_state) {
        m_page = 0;
        m_selected = 0;
    }
    ImGui::SameLine();
    ImGui::TextColored(theme::kMuted, "%s", tr("bank.keys"));
}

// [SECTION] lines: ↑/↓ choose one

void ViewBank::drawLines(ViewContext& ctx, const json& rows)
{
    const int count = static_cast<int>(rows.size());
    if (!ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)) {
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_DownArrow)))
            m_selected = std::min(m_selected + 1, count - 1);
        if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_UpArrow)))
            m_selected = std::max(m_selected - 1, 0);
    }
    const float height = std::max(160.0f, ImGui::GetContentRegionAvail().y * 0.5f);
    if (!ImGui::BeginTable("##bank-lines", 6, kTable, ImVec2(0, height)))
        return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(tr("bank.col_date"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("bank.col_amount"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("bank.col_payer"), 0, 3.0f);
    ImGui::TableSetupColumn(tr("bank.col_state"), 0, 1.1f);
    ImGui::TableSetupColumn(tr("bank.col_client"), 0, 1.6f);
    ImGui::TableSetupColumn(tr("bank.col_score"), 0, 0.5f);
    ImGui::TableHeadersRow();
    for (int i = 0; i < count; ++i) {
        const json& l = rows[static_cast<std::size_t>(i)];
        const std::string id = std::to_string(num(l, "id"));
        ImGui::TableNextRow();
        if (i == m_selected)
            ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImGuiCol_HeaderHovered));
        ImGui::TableNextColumn();
        if (ImGui::Selectable((formatDate(str(l, "booking_date")) + "##bank-line-" + id).c_str(), i == m_selected,
                ImGuiSelectableFlags_SpanAllColumns))
            m_selected = i;
        if (i == m_selected)
            ImGui::SetItemDefaultFocus();
        ImGui::TableNextColumn();
        widgets::moneyCell(
            num(l, "amount_cents"), str(l, "currency"), num(l, "amount_cents") < 0, ("bank:amount:" + id).c_str());
        ImGui::TableNextColumn();
        const std::string payer = str(l, "payer_name").empty() ? str(l, "label") : str(l, "payer_name");
        ImGui::TextUnformatted((payer + (str(l, "remittance").empty() ? "" : " — " + str(l, "remittance"))).c_str());
        ImGui::TableNextColumn();
        const std::string state = str(l, "state");
        ImGui::TextColored(state == "suggested" || state == "todo" ? theme::kOverdue
                : state == "ignored"                               ? theme::kMuted
                                                                   : theme::kOk,
            "%s", tr(("bank.state." + state).c_str()));
        testhook::note(("bank:line:" + str(l, "bank_ref")).c_str(), state.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(l, "client_name").c_str());
        ImGui::TableNextColumn();
        if (num(l, "score") > 0)
            ImGui::Text("%lld", static_cast<long long>(num(l, "score")));
    }
    ImGui::EndTable();
    (void)ctx;
}

// [SECTION] the selected line: proposals and what to do with it

void ViewBank::act(ViewContext& ctx, const char* method, json params)
{
    ctx.store.command(method, params, [](const json& reply) {
        if (reply.contains("error"))
            widgets::toastError(reply["error"]);
        else
            widgets::toast(tr(("bank.state_now." + str(reply["result"], "state")).c_str()));
    });
}

void ViewBank::drawDetail(ViewContext& ctx, const json& line)
{
    const std::int64_t id = num(line, "id");
    const std::string state = str(line, "state");
    const std::string currency = str(line, "currency");
    const bool open = state == "suggested" || state == "todo";
    const bool canAct = ctx.can("payment.record");
    ImGui::Separator();
    ImGui::Text("%s  %s  %s", formatDate(str(line, "booking_date")).c_str(),
        formatMoney(num(line, "amount_cents"), currency).c_str(), str(line, "payer_name").c_str());
    if (!str(line, "payer_account").empty()) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMuted, "%s", str(line, "payer_account").c_str());
    }
    ImGui::TextColored(theme::kMuted, "%s", (str(line, "label") + "  " + str(line, "remittance")).c_str());
    const json& proposals = line["proposals"];
    if (proposals.empty())
        ImGui::TextColored(
            theme::kMuted, "%s", tr(num(line, "amount_cents") < 0 ? "bank.no_reversal" : "bank.no_proposal"));
    for (std::size_t k = 0; k < proposals.size(); ++k) {
        const json& p = proposals[k];
        const std::string suffix = "##proposal-" + std::to_string(id) + "-" + std::to_string(k);
        ImGui::Spacing();
        ImGui::Text("%s %lld/100", tr("bank.score"), static_cast<long long>(num(p, "score")));
        ImGui::SameLine();
        ImGui::TextUnformatted(proposalText(p, currency).c_str());
        const std::string why = reasonsText(p["reasons"]);
        ImGui::TextColored(theme::kMuted, "%s", why.c_str());
        if (k == 0)
            testhook::note("bank:reasons", why.c_str());
        if (open && canAct) {
            const bool isVoid = str(p, "action") == "void";
            if (ImGui::SmallButton((std::string(tr(isVoid ? "bank.confirm_void" : "bank.confirm")) + suffix).c_str())
                || (k == 0 && !ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId)
                    && ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter))))
                act(ctx, "bank.confirm", {{"id", id}, {"proposal", k}});
            if (!isVoid) {
                ImGui::SameLine();
                if (ImGui::SmallButton((std::string(tr("bank.other_invoices")) + suffix).c_str()))
                    openParts(line, num(p, "client_id"), str(p, "client_name"), false);
                ImGui::SameLine();
                if (ImGui::SmallButton((std::string(tr("bank.leave_credit")) + suffix).c_str()))
                    openParts(line, num(p, "client_id"), str(p, "client_name"), true);
            }
        }
    }
    ImGui::Spacing();
    const bool keys = !ImGui::GetIO().WantTextInput && !ImGui::IsPopupOpen(nullptr, ImGuiPopupFlags_AnyPopupId);
    if (open && canAct) {
        if (num(line, "amount_cents") > 0) {
            if (ImGui::Button(tr("bank.choose")))
                openParts(line, 0, "", false);
            ImGui::SameLine();
        }
        if (ImGui::Button(tr("bank.ignore")) || (keys && typed('i'))) {
            m_note[0] = '\0';
            m_askIgnore = true;
            m_ignoreSent = false;
        }
    } else if (state == "ignored" && canAct) {
        if (!str(line, "note").empty())
            ImGui::TextColored(theme::kMuted, "%s : %s", tr("bank.note"), str(line, "note").c_str());
        if (ImGui::Button(tr("bank.reopen")) || (keys && typed('r')))
            act(ctx, "bank.reopen", {{"id", id}});
    }
    if (m_askIgnore) {
        ImGui::OpenPopup("##bank-ignore");
        m_askIgnore = false;
    }
    if (widgets::beginDialog("##bank-ignore", tr("bank.ignore_title"), 460)) {
        widgets::FieldError none;
        const bool submit = widgets::formField(tr("bank.note"), "##bank-note", "note", m_note, sizeof m_note, none);
        if (widgets::endDialog(none, {"note"}, submit, m_ignoreSent, true, tr("bank.ignore_save"))) {
            act(ctx, "bank.ignore", {{"id", id}, {"note", m_note}});
            m_ignoreSent = true; // closes the dialog on the next frame
        }
    }
}

// [SECTION] the payers learned: IBANs and names confirmed for a client, forgotten when wrong

void ViewBank::drawAliasesDialog(ViewContext& ctx)
{
    if (m_openAliases) {
        ImGui::OpenPopup("##bank-aliases");
        m_openAliases = false;
    }
    if (!widgets::beginDialog("##bank-aliases", tr("bank.aliases_title"), 760))
        return;
    ImGui::PushStyleColor(ImGuiCol_Text, theme::kMuted);
    ImGui::TextWrapped("%s", tr("bank.aliases_help"));
    ImGui::PopStyleColor();
    const QueryEntry& q = ctx.store.query("bank.aliases", {{"limit", 200}});
    const float rows = q.hasResult ? static_cast<float>(q.result["rows"].size()) : 0.0f;
    const float height = std::min(360.0f, (rows + 1.5f) * ImGui::GetFrameHeightWithSpacing());
    if (q.hasResult && q.result["rows"].empty())
        widgets::emptyState(tr("bank.aliases_none"), "bank:aliases:empty");
    else if (q.hasResult && ImGui::BeginTable("##bank-alias-rows", 4, kTable, ImVec2(0, height))) {
        ImGui::TableSetupColumn(tr("bank.alias_payer"), 0, 2.4f);
        ImGui::TableSetupColumn(tr("bank.col_client"), 0, 1.8f);
        ImGui::TableSetupColumn(tr("bank.alias_learned"), 0, 0.9f);
        ImGui::TableSetupColumn("", 0, 0.7f);
        ImGui::TableHeadersRow();
        for (const auto& a : q.result["rows"]) {
            const std::int64_t id = num(a, "id");
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text(
                "%s %s", tr(str(a, "kind") == "iban" ? "bank.alias_iban" : "bank.alias_name"), str(a, "key").c_str());
            ImGui::TableNextColumn();
            const std::string who = a.value("shared", false) ? tr("bank.alias_shared") : str(a, "client_name");
            ImGui::TextUnformatted(who.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(formatDate(str(a, "created_at").substr(0, 10)).c_str());
            ImGui::TableNextColumn();
            if (ctx.can("invoice.write")
                && ImGui::SmallButton((std::string(tr("bank.alias_forget")) + "##" + std::to_string(id)).c_str()))
                ctx.store.command("bank.forget_alias", {{"id", id}}, [](const json& reply) {
                    if (reply.contains("error"))
                        widgets::toastError(reply["error"]);
                    else
                        widgets::toast(tr("bank.alias_forgotten"));
                });
            testhook::note(("bank:alias:" + str(a, "key")).c_str(), who.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    if (ImGui::Button(tr("bank.close")) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape)))
        ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

// [SECTION] the parts dialog: other invoices, split across clients, left as credit

void ViewBank::openParts(const json& line, std::int64_t clientId, const std::string& clientName, bool credit)
{
    m_partsLine = line;
    m_parts.clear();
    Part part;
    part.clientId = clientId;
    part.clientName = clientName;
    std::snprintf(
        part.amount, sizeof part.amount, "%s", formatMoney(num(line, "amount_cents"), str(line, "currency")).c_str());
    if (!credit && !line["proposals"].empty() && num(line["proposals"][0], "client_id") == clientId)
        for (const auto& a : line["proposals"][0].value("allocations", json::array()))
            part.invoices.insert(num(a, "invoice_id"));
    m_parts.push_back(part);
    m_partsError.clear();
    m_partsDone = false;
    m_openParts = true;
}

void ViewBank::drawPart(ViewContext& ctx, Part& part, std::size_t index)
{
    const std::string n = std::to_string(index);
    ImGui::PushID(static_cast<int>(index));
    ImGui::Text("%s %zu", tr("bank.part"), index + 1);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140);
    ImGui::InputText("##amount", part.amount, sizeof part.amount);
    ImGui::SameLine();
    if (part.clientId == 0) {
        ImGui::SetNextItemWidth(300);
        ImGui::InputTextWithHint("##client-search", tr("bank.find_client"), part.search, sizeof part.search);
        if (part.search[0]) {
            const QueryEntry& c = ctx.store.query("client.list", {{"search", part.search}, {"limit", 6}});
            if (c.hasResult)
                for (const auto& row : c.result["rows"])
                    // In a modal: a Selectable closes its popup unless told not to.
                    if (ImGui::Selectable((str(row, "name") + " (" + str(row, "code") + ")##pick-" + n).c_str(), false,
                            ImGuiSelectableFlags_DontClosePopups)) {
                        part.clientId = num(row, "id");
                        part.clientName = str(row, "name");
                    }
        }
        ImGui::PopID();
        return;
    }
    ImGui::TextUnformatted(part.clientName.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton(tr("bank.change_client"))) {
        part.clientId = 0;
        part.invoices.clear();
    }
    // The client's open invoices, oldest due first: the ones ticked are paid in that order.
    const QueryEntry& inv = ctx.store.query(
        "invoice.list", {{"client_id", part.clientId}, {"status", "unpaid"}, {"sort", "due_date"}, {"limit", 50}});
    if (inv.hasResult) {
        if (inv.result["rows"].empty())
            ImGui::TextColored(theme::kMuted, "%s", tr("bank.no_open_invoice"));
        for (const auto& row : inv.result["rows"]) {
            const std::int64_t id = num(row, "id");
            bool on = part.invoices.count(id) > 0;
            const std::string label = str(row, "number") + " — " + formatDate(str(row, "due_date")) + " — "
                + formatMoney(num(row, "open_cents"), str(row, "currency")) + "##inv-" + std::to_string(id);
            if (ImGui::Checkbox(label.c_str(), &on)) {
                if (on)
                    part.invoices.insert(id);
                else
                    part.invoices.erase(id);
            }
        }
        // What the part does, on one line whatever is ticked.
        if (part.invoices.empty())
            ImGui::TextColored(theme::kMuted, "%s", tr("bank.part_credit"));
        else {
            std::int64_t left = widgets::parseAmount(part.amount).value_or(0), used = 0;
            for (const auto& row : inv.result["rows"])
                if (part.invoices.count(num(row, "id")) && left > 0) {
                    const std::int64_t take = std::min(left, num(row, "open_cents"));
                    used += take;
                    left -= take;
                }
            char buf[200];
            std::snprintf(buf, sizeof buf, tr("bank.part_split"), formatMoney(used).c_str(), formatMoney(left).c_str());
            ImGui::TextColored(theme::kMuted, "%s", buf);
        }
    }
    ImGui::PopID();
}

void ViewBank::drawPartsDialog(ViewContext& ctx)
{
    if (m_openParts) {
        ImGui::OpenPopup("##bank-parts");
        m_openParts = false;
    }
    if (!widgets::beginDialog("##bank-parts", tr("bank.parts_title"), 720))
        return;
    const std::string currency = str(m_partsLine, "currency");
    ImGui::Text("%s — %s", formatMoney(num(m_partsLine, "amount_cents"), currency).c_str(),
        str(m_partsLine, "payer_name").c_str());
    ImGui::Separator();
    for (std::size_t i = 0; i < m_parts.size(); ++i) {
        drawPart(ctx, m_parts[i], i);
        ImGui::Separator();
    }
    if (ImGui::SmallButton(tr("bank.add_part")))
        m_parts.emplace_back();
    bool ready = true;
    for (const auto& part : m_parts)
        ready = ready && part.clientId != 0 && widgets::parseAmount(part.amount).has_value();
    if (widgets::endDialog(m_partsError, {}, false, m_partsDone, ready, tr("bank.confirm"))) {
        // Each part: its amount, paid to the ticked invoices oldest due first (their open
        // amounts, as listed), the rest left as credit.
        json parts = json::array();
        for (const auto& part : m_parts) {
            const std::int64_t amount = widgets::parseAmount(part.amount).value_or(0);
            json allocations = json::array();
            std::int64_t left = amount;
            const QueryEntry& inv = ctx.store.query("invoice.list",
                {{"client_id", part.clientId}, {"status", "unpaid"}, {"sort", "due_date"}, {"limit", 50}});
            if (inv.hasResult)
                for (const auto& row : inv.result["rows"])
                    if (part.invoices.count(num(row, "id")) && left > 0) {
                        const std::int64_t take = std::min(left, num(row, "open_cents"));
                        allocations.push_back({{"invoice_id", num(row, "id")}, {"amount_cents", take}});
                        left -= take;
                    }
            parts.push_back({{"client_id", part.clientId}, {"amount_cents", amount}, {"allocations", allocations}});
        }
        ctx.store.command(
            "bank.confirm", {{"id", num(m_partsLine, "id")}, {"parts", parts}}, [this](const json& reply) {
                if (reply.contains("error")) {
                    m_partsError.set(reply["error"]);
                    return;
                }
                m_partsDone = true;
                widgets::toast(tr(("bank.state_now." + str(reply["result"], "state")).c_str()));
            });
    }
}

} // namespace crm::app
