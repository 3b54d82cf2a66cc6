#include "app/views/view_invoices.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

// [SECTION] index: the list and its filters, an invoice's page

namespace {

constexpr const char* kStatuses[] = {"", "unpaid", "open", "partially_paid", "paid", "disputed", "cancelled"};
constexpr const char* kBuckets[] = {"", "not_due", "1_30", "31_60", "61_90", "over_90"};
constexpr ImGuiTableFlags kTable
    = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;

} // namespace

json ViewInvoices::filters(ViewContext&) const
{
    json f = json::object();
    if (m_status > 0)
        f["status"] = kStatuses[m_status];
    if (m_bucket > 0) {
        f["bucket"] = kBuckets[m_bucket];
        if (const std::string d = widgets::parseDate(m_asOf); !d.empty())
            f["as_of"] = d;
    }
    if (const std::string d = widgets::parseDate(m_dueFrom); !d.empty())
        f["due_from"] = d;
    if (const std::string d = widgets::parseDate(m_dueTo); !d.empty())
        f["due_to"] = d;
    if (m_number[0] != '\0')
        f["number"] = m_number;
    if (m_client[0] != '\0')
        f["client"] = m_client;
    widgets::setCollectorFilter(f, m_collector);
    return f;
}

void ViewInvoices::applyRoute(const json& p)
{
    auto index = [](const char* const* values, int n, const std::string& v) {
        for (int k = 0; k < n; ++k)
            if (v == values[k])
                return k;
        return 0;
    };
    auto text = [&](char* buf, std::size_t size, const char* key) {
        std::snprintf(buf, size, "%s", p.contains(key) && p[key].is_string() ? p[key].get<std::string>().c_str() : "");
    };
    m_status = index(kStatuses, 7, str(p, "status"));
    m_bucket = index(kBuckets, 6, str(p, "bucket"));
    text(m_asOf, sizeof m_asOf, "as_of");
    text(m_dueFrom, sizeof m_dueFrom, "due_from");
    text(m_dueTo, sizeof m_dueTo, "due_to");
    text(m_client, sizeof m_client, "client");
    m_number[0] = '\0';
    m_collector
        = p.contains("collector") && p["collector"].is_number_integer() ? p["collector"].get<std::int64_t>() : -1;
}

void ViewInvoices::drawContent(ViewContext& ctx)
{
    if (ctx.params() != m_route) {
        m_route = ctx.params();
        applyRoute(m_route);
    }
    const json f = filters(ctx);
    const QueryEntry& first = ctx.store.query("invoice.list", m_table.pageParams(f, 0));
    drawFilters(ctx, first.hasResult ? num(first.result, "total") : -1);
    if (!first.error.is_null())
        ImGui::TextColored(theme::kError, "%s",
            errorText(first.error.value("code", ""), first.error.value("reason", ""), first.error.value("field", ""))
                .c_str());
    m_table.draw(ctx.store, f, [&](const json& i) {
        widgets::invoiceRow(i, true, [&] { ctx.router.navigate({"invoice", {{"id", num(i, "id")}}}); });
    });
}

void ViewInvoices::drawFilters(ViewContext& ctx, std::int64_t total)
{
    ImGui::SetNextItemWidth(160);
    ImGui::InputTextWithHint("##invoices-number", tr("invoices.number_hint"), m_number, sizeof m_number);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(180);
    ImGui::InputTextWithHint("##invoices-client", tr("invoices.client_hint"), m_client, sizeof m_client);
    ImGui::SameLine();
    widgets::valueCombo("##invoices-status", "status.", "invoices.any_status", kStatuses, 7, m_status, 170);
    ImGui::SameLine();
    widgets::valueCombo("##invoices-bucket", "bucket.", "invoices.any_bucket", kBuckets, 6, m_bucket, 170);
    std::string iso;
    if (m_bucket > 0) {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMuted, "%s", tr("invoices.as_of"));
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110);
        widgets::dateInput("##invoices-as-of", m_asOf, sizeof m_asOf, iso);
    }
    ImGui::SameLine();
    ImGui::TextColored(theme::kMuted, "%s", tr("invoices.due_between"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    widgets::dateInput("##invoices-due-from", m_dueFrom, sizeof m_dueFrom, iso);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    widgets::dateInput("##invoices-due-to", m_dueTo, sizeof m_dueTo, iso);
    if (ctx.can("client.assign")) {
        ImGui::SameLine();
        widgets::collectorCombo(ctx.store, "##invoices-collector", m_collector);
    }
    if (total >= 0)
        ImGui::TextColored(theme::kMuted, tr("invoices.count"), static_cast<long long>(total));
    else
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
    ImGui::SameLine();
    widgets::exportCsvButton(ctx.store, "##invoices-csv", "invoice.list", filters(ctx), "Factures.csv");
    testhook::note("invoices:total", std::to_string(total).c_str());
    ImGui::Spacing();
}

// [SECTION] an invoice's page

void ViewInvoice::drawContent(ViewContext& ctx)
{
    const json& p = ctx.params();
    const std::int64_t id = p.contains("id") && p["id"].is_number_integer() ? p["id"].get<std::int64_t>() : 0;
    const QueryEntry& q = ctx.store.query("invoice.get", {{"id", id}});
    if (!widgets::queryReady(q))
        return;
    const json& inv = q.result;
    const std::int64_t client = num(inv, "client_id");
    if (ImGui::SmallButton(tr("ipage.back_to_client")))
        ctx.router.navigate({"client", {{"id", client}}});
    ImGui::SetWindowFontScale(1.35f);
    ImGui::Text("%s %s", tr("invoices.invoice"), str(inv, "number").c_str());
    ImGui::SetWindowFontScale(1.0f);
    ImGui::SameLine();
    widgets::statusBadge(str(inv, "status"));
    testhook::note("invoice:status", str(inv, "status").c_str());
    if (ImGui::BeginTable("##invoice-head", 5, ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextRow();
        const std::string cur = str(inv, "currency");
        const std::pair<const char*, std::string> cells[] = {{"invoices.issue", formatDate(str(inv, "issue_date"))},
            {"invoices.due", formatDate(str(inv, "due_date"))},
            {"invoices.amount", formatMoney(num(inv, "amount_cents"), cur)},
            {"ipage.paid", formatMoney(num(inv, "paid_cents"), cur)},
            {"invoices.open", formatMoney(num(inv, "open_cents"), cur)}};
        for (const auto& [key, value] : cells) {
            ImGui::TableNextColumn();
            ImGui::TextColored(theme::kMuted, "%s", tr(key));
            ImGui::TextUnformatted(value.c_str());
            testhook::note(key, value.c_str());
        }
        ImGui::EndTable();
    }
    if (inv.value("disputed", false))
        ImGui::TextColored(theme::kWarn, "%s %s", tr("ipage.disputed_because"), str(inv, "dispute_reason").c_str());
    // Dispute, or settle the dispute.
    if (ctx.can("invoice.dispute") && !inv["cancelled_at"].is_string()) {
        if (inv.value("disputed", false)) {
            if (ImGui::Button(tr("ipage.resolve")))
                ctx.store.command("invoice.resolve_dispute", {{"id", id}}, [](const json& r) {
                    if (r.contains("error"))
                        widgets::toastError(r["error"]);
                });
        } else if (num(inv, "open_cents") > 0) {
            ImGui::SetNextItemWidth(360);
            ImGui::InputTextWithHint("##dispute-reason", tr("ipage.dispute_reason"), m_reason, sizeof m_reason);
            ImGui::SameLine();
            if (ImGui::Button(tr("ipage.dispute")))
                ctx.store.command("invoice.dispute", {{"id", id}, {"reason", m_reason}}, [this](const json& r) {
                    if (r.contains("error"))
                        m_error.set(r["error"]);
                    else
                        m_error.clear();
                });
            widgets::formError(m_error, {});
        }
    }
    ImGui::Spacing();
    // The history: payments allocated, messages about it, holds naming it, the log.
    ImGui::TextUnformatted(tr("ipage.history"));
    if (!ImGui::BeginTable("##invoice-history", 3, kTable))
        return;
    ImGui::TableSetupColumn(tr("timeline.when"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("timeline.channel"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("timeline.subject"), 0, 4.0f);
    ImGui::TableHeadersRow();
    auto line = [](const std::string& when, const std::string& what, const std::string& text) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        widgets::dateCell(when.substr(0, 10));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(what.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(text.c_str());
    };
    for (const auto& a : inv["allocations"])
        line(str(a, "created_at"), tr("ipage.payment"),
            formatMoney(num(a, "amount_cents"), str(inv, "currency")) + " (#" + std::to_string(num(a, "payment_id"))
                + ")");
    const QueryEntry& comms
        = ctx.store.query("communication.list", {{"client_id", client}, {"invoice_id", id}, {"limit", 100}});
    if (comms.hasResult)
        for (const auto& c : comms.result["rows"])
            line(str(c, "occurred_at"), tr(("channel." + str(c, "channel")).c_str()),
                str(c, "subject").empty() ? str(c, "body").substr(0, 120) : str(c, "subject"));
    const QueryEntry& holds = ctx.store.query("hold.list", {{"client_id", client}});
    if (holds.hasResult)
        for (const auto& h : holds.result["rows"]) {
            bool names = h["invoice_ids"].empty();
            for (const auto& i : h["invoice_ids"])
                names |= i.get<std::int64_t>() == id;
            if (names)
                line(str(h, "starts_on"), tr(("holdkind." + str(h, "kind")).c_str()),
                    tr(("holdstatus." + str(h, "status")).c_str()));
        }
    if (ctx.can("log.read")) {
        const QueryEntry& log = ctx.store.query("log.list", {{"entity", "invoices"}, {"entity_id", id}, {"limit", 50}});
        if (log.hasResult)
            for (const auto& l : log.result["rows"])
                line(str(l, "at"), tr("ipage.log"), str(l, "action"));
    }
    ImGui::EndTable();
}

} // namespace crm::app
