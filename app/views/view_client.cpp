#include "app/views/view_client.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <sstream>

namespace crm::app {

// [SECTION] index: page and header, actions, tabs, forms (payment, invoice, note, hold)

namespace {

constexpr const char* kHoldKinds[] = {"promise", "plan", "stop"};
constexpr ImGuiTableFlags kTable
    = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;

// Refused before sending: an amount that does not read as one.
json amountError(const char* field)
{
    return {{"code", "validation"}, {"reason", "invalid_amount"}, {"field", field}};
}

void onError(const json& reply, widgets::FieldError& error, bool& done)
{
    if (reply.contains("error")) {
        error.set(reply["error"]);
        done = false;
        return;
    }
    done = true;
    widgets::toast(tr("page.saved"));
}

} // namespace

void ViewClient::drawContent(ViewContext& ctx)
{
    const json& p = ctx.params();
    m_id = p.contains("id") && p["id"].is_number_integer() ? p["id"].get<std::int64_t>() : 0;
    if (ImGui::SmallButton(tr("page.back_to_list")))
        ctx.router.navigate({"clients", json::object()});
    const QueryEntry& q = ctx.store.query("client.get", {{"id", m_id}});
    if (!widgets::queryReady(q))
        return;
    drawHeader(ctx, q.result);
    drawActions(ctx);
    drawRemindForm(ctx, q.result);
    ImGui::Spacing();
    const std::string tab = str(p, "tab");
    if (!ImGui::BeginTabBar("##client-tabs"))
        return;
    static const std::pair<const char*, const char*> kTabs[]
        = {{"invoices", "page.tab_invoices"}, {"payments", "page.tab_payments"}, {"timeline", "page.tab_timeline"},
            {"documents", "page.tab_documents"}, {"holds", "page.tab_holds"}};
    for (const auto& [name, key] : kTabs) {
        const bool wanted = tab == name;
        const std::string label = std::string(tr(key)) + "###tab-" + name;
        const bool open = ImGui::BeginTabItem(label.c_str(), nullptr, wanted ? ImGuiTabItemFlags_SetSelected : 0);
        testhook::note((std::string("tab:") + name).c_str(), tr(key)); // tabs are not recorded by themselves
        if (open) {
            if (wanted) // selected once: forget it so the user's clicks rule again
                ctx.router.replace({"client", {{"id", m_id}}});
            const std::string n = name;
            if (n == "invoices")
                drawInvoices(ctx);
            else if (n == "payments")
                drawPayments(ctx);
            else if (n == "timeline")
                drawTimeline(ctx);
            else if (n == "documents")
                drawDocuments(ctx);
            else
                drawHolds(ctx);
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

void ViewClient::drawHeader(ViewContext& ctx, const json& c)
{
    ImGui::Spacing();
    ImGui::SetWindowFontScale(1.35f);
    ImGui::TextUnformatted(str(c, "name").c_str());
    ImGui::SetWindowFontScale(1.0f);
    testhook::note("client:name", str(c, "name").c_str());
    ImGui::SameLine();
    ImGui::TextColored(theme::kMuted, "%s", str(c, "code").c_str());
    if (ctx.can("client.update")) {
        ImGui::SameLine(0, 20);
        if (ImGui::SmallButton(tr("page.edit")))
            ctx.router.navigate({"clients", {{"client_id", m_id}}});
    }
    const QueryEntry& s = ctx.store.query("client.summary", {{"id", m_id}});
    json b = json::object();
    if (s.hasResult)
        for (const auto& x : s.result["balances"])
            if (str(x, "currency") == "EUR" || b.empty())
                b = x;
    const std::string cur = b.empty() ? "EUR" : str(b, "currency");
    std::string collector = tr("page.nobody");
    if (c["assigned_to"].is_number_integer()) {
        collector = "#" + std::to_string(num(c, "assigned_to"));
        if (num(c, "assigned_to") == num(ctx.me, "id"))
            collector = widgets::displayName(ctx.me);
        else if (ctx.can("client.assign"))
            collector = widgets::userName(ctx.store, num(c, "assigned_to"));
    }
    if (!ImGui::BeginTable("##client-header", 4, ImGuiTableFlags_SizingStretchSame | ImGuiTableFlags_BordersOuter))
        return;
    auto cell = [](const char* key, const std::string& value, const ImVec4* colour = nullptr) {
        ImGui::TableNextColumn();
        ImGui::TextColored(theme::kMuted, "%s", tr(key));
        if (colour)
            ImGui::TextColored(*colour, "%s", value.c_str());
        else
            ImGui::TextUnformatted(value.c_str());
        testhook::note(key, value.c_str());
    };
    ImGui::TableNextRow();
    // Until the balance has come, no figure (a 0,00 € shown meanwhile reads as "owes nothing").
    const bool known = s.hasResult;
    cell("page.balance", known ? formatMoney(num(b, "balance_cents"), cur) : "…");
    cell("page.overdue", known ? formatMoney(num(b, "overdue_cents"), cur) : "…",
        num(b, "overdue_cents") > 0 ? &theme::kOverdue : nullptr);
    cell("page.days", known ? std::to_string(num(b, "max_days_overdue")) : "…");
    const std::string stage = str(c, "stage");
    cell("page.stage", tr(("stage." + stage).c_str()), stage == "amiable" ? &theme::kOk : &theme::kWarn);
    ImGui::TableNextRow();
    cell("page.risk", tr(("risk." + str(c, "risk_level")).c_str()));
    cell("page.collector", collector);
    cell("page.contact", str(c, "contact_name").empty() ? "—" : str(c, "contact_name"));
    ImGui::TableNextColumn();
    const std::string email = str(c, "email"), phone = str(c, "phone");
    if (!email.empty() && ImGui::SmallButton((email + "##mailto").c_str()))
        platform::openUrl("mailto:" + email);
    if (!phone.empty() && ImGui::SmallButton((phone + "##tel").c_str()))
        platform::openUrl("tel:" + phone);
    ImGui::EndTable();
}

// [SECTION] actions

void ViewClient::drawActions(ViewContext& ctx)
{
    ImGui::Spacing();
    if (ctx.can("payment.record") && ImGui::Button(tr("page.record_payment"))) {
        m_pay = PaymentForm{};
        ImGui::OpenPopup("##payment");
    }
    if (ctx.can("invoice.write")) {
        ImGui::SameLine();
        if (ImGui::Button(tr("page.add_invoice"))) {
            m_inv = InvoiceForm{};
            ImGui::OpenPopup("##invoice");
        }
        ImGui::SameLine();
        if (ImGui::Button(tr("page.add_credit_note"))) {
            m_inv = InvoiceForm{};
            m_inv.creditNote = true;
            ImGui::OpenPopup("##invoice");
        }
    }
    if (ctx.can("relance.execute")) {
        ImGui::SameLine();
        if (ImGui::Button(tr("page.remind_now"))) {
            m_remind = RemindForm{};
            ImGui::OpenPopup("##remind");
        }
    }
    if (ctx.can("communication.write")) {
        ImGui::SameLine();
        if (ImGui::Button(tr("page.add_note"))) {
            m_note = NoteForm{};
            ImGui::OpenPopup("##note");
        }
        // The call just made, logged in one click (a line of its own).
        ImGui::AlignTextToFramePadding();
        ImGui::TextColored(theme::kMuted, "%s", tr("page.log_call"));
        ImGui::SameLine();
        m_call.buttons(ctx.store, "communication.log", {{"client_id", m_id}, {"channel", "call"}}, "##log-call");
    }
    drawPaymentForm(ctx);
    drawInvoiceForm(ctx);
    drawNoteForm(ctx);
    m_call.drawPromiseForm(ctx.store);
}

// [SECTION] tabs

void ViewClient::drawInvoices(ViewContext& ctx)
{
    m_invoices.draw(ctx.store, {{"client_id", m_id}}, [&](const json& i) {
        widgets::invoiceRow(i, false, [&] { ctx.router.navigate({"invoice", {{"id", num(i, "id")}}}); });
    });
}

void ViewClient::drawPayments(ViewContext& ctx)
{
    m_payments.draw(ctx.store, {{"client_id", m_id}}, [&](const json& p) {
        widgets::dateCell(str(p, "date"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("paykind." + str(p, "kind")).c_str()));
        ImGui::TableNextColumn();
        widgets::moneyCell(num(p, "amount_cents"), str(p, "currency"));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(p["method"].is_string() ? tr(("paymethod." + str(p, "method")).c_str()) : "");
        ImGui::TableNextColumn();
        ImGui::TextUnformatted((str(p, "reference") + (p["number"].is_string() ? str(p, "number") : "")).c_str());
    });
}

void ViewClient::drawTimeline(ViewContext& ctx)
{
    m_timeline.draw(ctx.store, {{"client_id", m_id}}, [&](const json& c) {
        const std::string at = str(c, "occurred_at");
        ImGui::TextUnformatted((formatDate(at.substr(0, 10)) + " " + at.substr(11, 5)).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("channel." + str(c, "channel")).c_str()));
        ImGui::TableNextColumn();
        std::string text = str(c, "subject");
        if (text.empty())
            text = str(c, "body").substr(0, 120);
        ImGui::TextUnformatted(text.c_str());
        ImGui::TableNextColumn();
        if (c["outcome"].is_string()) {
            const char* outcome = tr(("outcome." + str(c, "outcome")).c_str());
            ImGui::TextUnformatted(outcome);
            testhook::note(("outcome:" + std::to_string(num(c, "id"))).c_str(), outcome);
        }
    });
}

void ViewClient::drawDocuments(ViewContext& ctx)
{
    if (ctx.can("document.write") && ImGui::Button(tr("page.upload"))) {
        const std::int64_t client = m_id;
        Store* store = &ctx.store;
        const bool asked = platform::pickFile("*", [store, client](const std::string& name, const std::string& bytes) {
            const std::string b64 = widgets::base64Encode(bytes);
            const bool pdf = name.size() > 4 && name.substr(name.size() - 4) == ".pdf";
            store->command("document.attach",
                {{"client_id", client}, {"name", name},
                    {"mime_type", pdf ? "application/pdf" : "application/octet-stream"}, {"content_base64", b64}},
                [](const json& reply) {
                    if (reply.contains("error"))
                        widgets::toastError(reply["error"]);
                    else
                        widgets::toast(tr("page.uploaded"));
                });
        });
        if (!asked)
            widgets::toast(tr("data.no_picker"), widgets::ToastKind::Error);
    }
    const QueryEntry& q = ctx.store.query("document.list", {{"client_id", m_id}});
    if (!q.hasResult)
        return;
    if (q.result["rows"].empty())
        return ImGui::TextColored(theme::kMuted, "%s", tr("page.no_documents"));
    if (!ImGui::BeginTable("##client-documents", 4, kTable))
        return;
    ImGui::TableSetupColumn(tr("page.doc_name"), 0, 3.0f);
    ImGui::TableSetupColumn(tr("page.doc_size"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("page.doc_date"), 0, 1.0f);
    ImGui::TableSetupColumn("##do", 0, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& d : q.result["rows"]) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(d, "name").c_str());
        testhook::note(("document:" + str(d, "name")).c_str(), str(d, "name").c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%.1f Ko", static_cast<double>(num(d, "size_bytes")) / 1024.0);
        ImGui::TableNextColumn();
        widgets::dateCell(str(d, "created_at").substr(0, 10));
        ImGui::TableNextColumn();
        if (ImGui::SmallButton(
                (std::string(tr("relances.download")) + "##doc-" + std::to_string(num(d, "id"))).c_str()))
            ctx.store.command("document.download", {{"id", num(d, "id")}}, [](const json& reply) {
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                const json& r = reply["result"];
                platform::saveFile(
                    str(r, "name"), str(r, "mime_type"), widgets::base64Decode(str(r, "content_base64")));
            });
    }
    ImGui::EndTable();
}

void ViewClient::drawHolds(ViewContext& ctx)
{
    if (ctx.can("hold.write") && ImGui::Button(tr("page.new_hold"))) {
        m_hold = HoldForm{};
        ImGui::OpenPopup("##hold");
    }
    drawHoldForm(ctx);
    const QueryEntry& q = ctx.store.query("hold.list", {{"client_id", m_id}});
    if (!q.hasResult)
        return;
    if (q.result["rows"].empty())
        return ImGui::TextColored(theme::kMuted, "%s", tr("page.no_holds"));
    if (!ImGui::BeginTable("##client-holds", 5, kTable))
        return;
    ImGui::TableSetupColumn(tr("holds.kind"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("holds.status"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("holds.what"), 0, 2.5f);
    ImGui::TableSetupColumn(tr("holds.since"), 0, 1.0f);
    ImGui::TableSetupColumn("##do", 0, 1.0f);
    ImGui::TableHeadersRow();
    for (const auto& h : q.result["rows"]) {
        const std::int64_t id = num(h, "id");
        const std::string kind = str(h, "kind"), status = str(h, "status");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr(("holdkind." + kind).c_str()));
        ImGui::TableNextColumn();
        const char* statusText = tr(("holdstatus." + status).c_str());
        ImGui::TextColored(status == "broken" ? theme::kOverdue
                : status == "active"          ? theme::kWarn
                                              : theme::kMuted,
            "%s", statusText);
        testhook::note(("hold:" + kind).c_str(), statusText);
        ImGui::TableNextColumn();
        std::string what = str(h, "reason");
        if (kind == "promise")
            what = formatMoney(num(h, "amount_cents")) + " — " + formatDate(str(h, "date"));
        else if (kind == "plan")
            what = std::to_string(h["instalments"].size()) + " × — " + formatMoney(num(h, "missed_cents")) + " "
                + tr("holds.missed");
        ImGui::TextUnformatted(what.c_str());
        ImGui::TableNextColumn();
        widgets::dateCell(str(h, "starts_on"));
        ImGui::TableNextColumn();
        if (ctx.can("hold.write") && !h["ended_at"].is_string()
            && ImGui::SmallButton((std::string(tr("holds.end")) + "##hold-" + std::to_string(id)).c_str())) {
            m_endHold = id;
            ImGui::OpenPopup("##confirm-end-hold");
        }
    }
    ImGui::EndTable();
    if (widgets::confirmDialog("##confirm-end-hold", tr("holds.confirm_end"), "", tr("holds.end")))
        ctx.store.command("hold.end", {{"id", m_endHold}}, [](const json& reply) {
            if (reply.contains("error"))
                widgets::toastError(reply["error"]);
        });
}

// [SECTION] forms

bool ViewClient::suggestAllocations(ViewContext& ctx, const json& owed)
{
    // What payment.record would do without allocations — the core's rule (oldest due
    // first, disputes left alone), asked, not copied.
    const auto cents = widgets::parseAmount(m_pay.amount);
    json suggested = json::array();
    if (cents && *cents > 0) {
        const QueryEntry& q
            = ctx.store.query("payment.suggest_allocation", {{"client_id", m_id}, {"amount_cents", *cents}});
        if (!q.hasResult && q.error.is_null()) { // on its way: the rows stand as they are meanwhile
            if (m_pay.invoiceIds.size() != owed.size()) {
                m_pay.invoiceIds.clear();
                for (const auto& i : owed)
                    m_pay.invoiceIds.push_back(num(i, "id"));
                m_pay.allocated.assign(owed.size(), std::array<char, 32>{});
            }
            return false;
        }
        if (q.hasResult)
            suggested = q.result["allocations"];
    }
    m_pay.invoiceIds.clear();
    m_pay.allocated.clear();
    for (const auto& i : owed) {
        std::int64_t take = 0;
        for (const auto& a : suggested)
            if (num(a, "invoice_id") == num(i, "id"))
                take = num(a, "amount_cents");
        m_pay.invoiceIds.push_back(num(i, "id"));
        std::array<char, 32> text{};
        if (take > 0) {
            std::string s = formatMoney(take);
            s = s.substr(0, s.rfind('\xC2')); // "1 234,56 €" without the currency: the NBSP before it
            std::snprintf(text.data(), text.size(), "%s", s.c_str());
        }
        m_pay.allocated.push_back(text);
    }
    m_pay.suggestedFor = m_pay.amount;
    return true;
}

void ViewClient::drawPaymentForm(ViewContext& ctx)
{
    if (!widgets::beginDialog("##payment", tr("page.record_payment"), 640))
        return;
    auto& f = m_pay;
    // Two fields a line: date and amount, method and reference.
    bool submit = false;
    if (ImGui::BeginTable("##pay-fields", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        std::string iso;
        ImGui::TextUnformatted(tr("pay.date"));
        widgets::dateInput("##pay-date", f.date, sizeof f.date, iso);
        ImGui::TableNextColumn();
        if (ImGui::IsWindowAppearing())
            ImGui::SetKeyboardFocusHere();
        submit
            |= widgets::formField(tr("pay.amount"), "##pay-amount", "amount_cents", f.amount, sizeof f.amount, f.error);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr("pay.method"));
        ImGui::SetNextItemWidth(-1);
        // The methods the core takes (payment.record's `method`, from api.describe).
        const auto& methods = ctx.store.valuesOf("payment.record", "method");
        const std::string chosen = f.method.empty() && !methods.empty() ? methods.front() : f.method;
        if (ImGui::BeginCombo("##pay-method", chosen.empty() ? "" : tr(("paymethod." + chosen).c_str()))) {
            for (const auto& m : methods)
                if (ImGui::Selectable(tr(("paymethod." + m).c_str()), m == chosen))
                    f.method = m;
            ImGui::EndCombo();
        }
        ImGui::TableNextColumn();
        submit |= widgets::formField(
            tr("pay.reference"), "##pay-reference", "reference", f.reference, sizeof f.reference, f.error);
        ImGui::EndTable();
    }

    // The allocation editor: what each owed invoice receives; the rest stays as credit.
    const QueryEntry& owed = ctx.store.query("invoice.list",
        {{"client_id", m_id}, {"status", "unpaid"}, {"currency", "EUR"}, {"sort", "due_date"}, {"limit", 200},
            {"offset", 0}});
    std::int64_t allocated = 0;
    if (owed.hasResult) {
        const json& rows = owed.result["rows"];
        if (f.suggestedFor != f.amount || f.invoiceIds.size() != rows.size())
            suggestAllocations(ctx, rows);
        ImGui::Spacing();
        ImGui::TextColored(theme::kMuted, "%s", tr("pay.allocations"));
        if (ImGui::BeginTable("##pay-allocations", 4, kTable | ImGuiTableFlags_ScrollY, ImVec2(0, 150))) {
            ImGui::TableSetupColumn(tr("invoices.number"), 0, 1.2f);
            ImGui::TableSetupColumn(tr("invoices.due"), 0, 1.0f);
            ImGui::TableSetupColumn(tr("invoices.open"), 0, 1.0f);
            ImGui::TableSetupColumn(tr("pay.allocated"), 0, 1.2f);
            ImGui::TableHeadersRow();
            for (std::size_t k = 0; k < rows.size(); ++k) {
                const json& i = rows[k];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(str(i, "number").c_str());
                ImGui::TableNextColumn();
                widgets::dateCell(str(i, "due_date"));
                ImGui::TableNextColumn();
                widgets::moneyCell(num(i, "open_cents"), str(i, "currency"));
                ImGui::TableNextColumn();
                ImGui::SetNextItemWidth(-1);
                ImGui::InputText(("##alloc-" + str(i, "number")).c_str(), f.allocated[k].data(), f.allocated[k].size());
                allocated += widgets::parseAmount(f.allocated[k].data()).value_or(0);
            }
            ImGui::EndTable();
        }
    }
    const std::int64_t amount = widgets::parseAmount(f.amount).value_or(0);
    const std::string credit = formatMoney(amount - allocated);
    ImGui::TextColored(amount - allocated < 0 ? theme::kError : theme::kMuted, tr("pay.credit_left"), credit.c_str());
    testhook::note("pay:credit", credit.c_str());
    if (widgets::endDialog(f.error, {"amount_cents", "reference"}, submit, f.done, !f.saving, tr("pay.save"))) {
        const auto& methods = ctx.store.valuesOf("payment.record", "method");
        const std::string method = f.method.empty() && !methods.empty() ? methods.front() : f.method;
        json p = {
            {"client_id", m_id}, {"date", widgets::parseDate(f.date)}, {"method", method}, {"reference", f.reference}};
        const auto cents = widgets::parseAmount(f.amount);
        json allocations = json::array();
        bool bad = !cents;
        for (std::size_t k = 0; k < f.invoiceIds.size(); ++k) {
            if (f.allocated[k][0] == '\0')
                continue;
            const auto a = widgets::parseAmount(f.allocated[k].data());
            bad |= !a;
            if (a && *a > 0)
                allocations.push_back({{"invoice_id", f.invoiceIds[k]}, {"amount_cents", *a}});
        }
        if (bad) {
            f.error.set(amountError("amount_cents"));
        } else {
            p["amount_cents"] = *cents;
            p["allocations"] = allocations;
            f.saving = true;
            ctx.store.command("payment.record", p, [this](const json& reply) {
                bool done = false;
                m_pay.saving = false;
                onError(reply, m_pay.error, done);
                m_pay.done = done;
            });
        }
    }
}

void ViewClient::drawInvoiceForm(ViewContext& ctx)
{
    if (!widgets::beginDialog("##invoice", tr(m_inv.creditNote ? "page.add_credit_note" : "page.add_invoice")))
        return;
    auto& f = m_inv;
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    bool submit
        = widgets::formField(tr("invoices.number"), "##inv-number", "number", f.number, sizeof f.number, f.error);
    std::string iso;
    ImGui::TextUnformatted(tr(f.creditNote ? "pay.date" : "invoices.issue"));
    ImGui::SetNextItemWidth(160);
    widgets::dateInput("##inv-issue", f.issue, sizeof f.issue, iso);
    if (!f.creditNote) {
        ImGui::TextUnformatted(tr("invoices.due"));
        ImGui::SetNextItemWidth(160);
        widgets::dateInput("##inv-due", f.due, sizeof f.due, iso);
    }
    submit |= widgets::formField(
        tr("invoices.amount"), "##inv-amount", "amount_cents", f.amount, sizeof f.amount, f.error);
    if (f.creditNote)
        submit |= widgets::formField(tr("page.reason"), "##inv-reason", "reason", f.reason, sizeof f.reason, f.error);
    if (widgets::endDialog(f.error, {"number", "amount_cents", "reason"}, submit, f.done)) {
        const auto cents = widgets::parseAmount(f.amount);
        if (!cents) {
            f.error.set(amountError("amount_cents"));
        } else {
            json p = {{"client_id", m_id}, {"number", f.number}, {"amount_cents", *cents}};
            if (f.creditNote) {
                p["date"] = widgets::parseDate(f.issue);
                p["reason"] = f.reason;
            } else {
                p["issue_date"] = widgets::parseDate(f.issue);
                p["due_date"] = widgets::parseDate(f.due);
            }
            ctx.store.command(f.creditNote ? "credit_note.create" : "invoice.create", p, [this](const json& reply) {
                bool done = false;
                onError(reply, m_inv.error, done);
                m_inv.done = done;
            });
        }
    }
}

void ViewClient::drawNoteForm(ViewContext& ctx)
{
    if (!widgets::beginDialog("##note", tr("page.add_note")))
        return;
    auto& f = m_note;
    if (ImGui::IsWindowAppearing())
        ImGui::SetKeyboardFocusHere();
    const bool submit
        = widgets::formField(tr("timeline.subject"), "##note-subject", "subject", f.subject, sizeof f.subject, f.error);
    widgets::formField(
        tr("page.note"), "##note-body", "body", f.body, sizeof f.body, f.error, widgets::FieldKind::Multiline);
    if (widgets::endDialog(f.error, {"subject", "body"}, submit, f.done))
        ctx.store.command("communication.log",
            {{"client_id", m_id}, {"channel", "note"}, {"subject", f.subject}, {"body", f.body}},
            [this](const json& reply) {
                bool done = false;
                onError(reply, m_note.error, done);
                m_note.done = done;
            });
}

void ViewClient::drawRemindForm(ViewContext& ctx, const json& client)
{
    if (!widgets::beginDialog("##remind", tr("page.remind_now"), 680))
        return;
    auto& f = m_remind;
    // The client's language's e-mail and SMS templates.
    const QueryEntry& templates = ctx.store.query("relance_template.list", json::object());
    std::vector<std::pair<std::string, std::string>> choices; // code, name
    if (templates.hasResult)
        for (const auto& t : templates.result["rows"])
            if (str(t, "language") == str(client, "language")
                && (str(t, "channel") == "email" || str(t, "channel") == "sms"))
                choices.emplace_back(str(t, "code"), str(t, "name"));
    // The overdue reminder by default (the first template otherwise).
    if (f.templateCode.empty() && !choices.empty()) {
        f.templateCode = choices.front().first;
        for (const auto& c : choices)
            if (c.first == "reminder")
                f.templateCode = c.first;
    }
    std::string current = f.templateCode;
    for (const auto& [code, name] : choices)
        if (code == f.templateCode)
            current = name;
    ImGui::TextUnformatted(tr("page.template"));
    ImGui::SetNextItemWidth(-1);
    if (ImGui::BeginCombo("##remind-template", current.c_str())) {
        for (const auto& [code, name] : choices)
            if (ImGui::Selectable((name + "##tpl-" + code).c_str(), code == f.templateCode))
                f.templateCode = code;
        ImGui::EndCombo();
    }
    // The preview: what it says and the amounts it states (relance.compose writes nothing).
    const QueryEntry& q = ctx.store.query(
        "relance.compose", {{"client_id", m_id}, {"template_code", f.templateCode.empty() ? "-" : f.templateCode}});
    bool canSend = false;
    if (!q.error.is_null()) {
        const std::string why
            = errorText(q.error.value("code", ""), q.error.value("reason", ""), q.error.value("field", ""));
        ImGui::TextColored(theme::kError, "%s", why.c_str());
        testhook::note("remind:error", why.c_str());
    } else if (q.hasResult) {
        const json& r = q.result;
        const std::string cur = str(r, "currency");
        char line[400];
        std::snprintf(line, sizeof line, tr("page.remind_totals"), static_cast<int>(r["invoices"].size()),
            formatMoney(num(r, "open_cents"), cur).c_str(),
            r["interest_cents"].is_number_integer() ? formatMoney(num(r, "interest_cents"), cur).c_str() : "—",
            formatMoney(num(r, "fee_cents"), cur).c_str(), formatMoney(num(r, "total_cents"), cur).c_str());
        ImGui::TextWrapped("%s", line);
        testhook::note("remind:totals", line);
        ImGui::TextColored(theme::kMuted, "%s %s", tr("page.remind_to"),
            str(r, "recipient").empty() ? tr("err.no_recipient") : str(r, "recipient").c_str());
        if (!str(r, "subject").empty()) {
            ImGui::TextUnformatted(str(r, "subject").c_str());
            testhook::note("remind:subject", str(r, "subject").c_str());
        }
        std::string body = str(r, "body");
        ImGui::InputTextMultiline(
            "##remind-body", body.data(), body.size() + 1, ImVec2(-1, 220), ImGuiInputTextFlags_ReadOnly);
        canSend = !str(r, "recipient").empty();
    }
    const widgets::FieldError none; // the preview shows its own errors
    if (widgets::endDialog(none, {}, false, f.done, canSend && !f.sending, tr("page.remind_send"))) {
        f.sending = true;
        ctx.store.command(
            "relance.send_now", {{"client_id", m_id}, {"template_code", f.templateCode}}, [this](const json& reply) {
                m_remind.sending = false;
                if (reply.contains("error"))
                    return widgets::toastError(reply["error"]);
                platform::openUrl(str(reply["result"], "url"));
                widgets::toast(tr("page.remind_sent"));
                m_remind.done = true;
            });
    }
}

void ViewClient::drawHoldForm(ViewContext& ctx)
{
    if (!widgets::beginDialog("##hold", tr("page.new_hold")))
        return;
    auto& f = m_hold;
    for (int k = 0; k < 3; ++k) {
        if (k)
            ImGui::SameLine();
        ImGui::RadioButton(tr(("holdkind." + std::string(kHoldKinds[k])).c_str()), &f.kind, k);
    }
    std::string iso;
    json p = {{"client_id", m_id}, {"kind", kHoldKinds[f.kind]}};
    bool bad = false, submit = false;
    if (f.kind == 0) {
        ImGui::TextUnformatted(tr("relances.promise_date"));
        ImGui::SetNextItemWidth(160);
        widgets::dateInput("##hold-date", f.date, sizeof f.date, iso);
        submit |= widgets::formField(
            tr("relances.promise_amount"), "##hold-amount", "amount_cents", f.amount, sizeof f.amount, f.error);
        p["date"] = widgets::parseDate(f.date);
        const auto cents = widgets::parseAmount(f.amount);
        bad = !cents;
        p["amount_cents"] = cents.value_or(0);
    } else if (f.kind == 1) {
        widgets::formField(tr("holds.instalments"), "##hold-instalments", "instalments", f.instalments,
            sizeof f.instalments, f.error, widgets::FieldKind::Multiline);
        ImGui::TextColored(theme::kMuted, "%s", tr("holds.instalments_hint"));
        json list = json::array();
        std::istringstream lines(f.instalments);
        std::string line;
        while (std::getline(lines, line)) {
            const auto space = line.find(' ');
            if (line.find_first_not_of(" \t\r") == std::string::npos)
                continue;
            const auto cents = space == std::string::npos ? std::nullopt : widgets::parseAmount(line.substr(space + 1));
            bad |= !cents;
            list.push_back({{"date", widgets::parseDate(line.substr(0, space))}, {"amount_cents", cents.value_or(0)}});
        }
        p["instalments"] = list;
    } else {
        submit |= widgets::formField(tr("page.reason"), "##hold-reason", "reason", f.reason, sizeof f.reason, f.error);
        ImGui::TextUnformatted(tr("holds.until"));
        ImGui::SetNextItemWidth(160);
        widgets::dateInput("##hold-until", f.until, sizeof f.until, iso);
        p["reason"] = f.reason;
        if (f.until[0] != '\0')
            p["until"] = widgets::parseDate(f.until);
    }
    if (widgets::endDialog(f.error, {"amount_cents", "instalments", "reason"}, submit, f.done)) {
        if (bad)
            f.error.set(amountError(f.kind == 0 ? "amount_cents" : "instalments"));
        else
            ctx.store.command("hold.create", p, [this](const json& reply) {
                bool done = false;
                onError(reply, m_hold.error, done);
                m_hold.done = done;
            });
    }
}

} // namespace crm::app
