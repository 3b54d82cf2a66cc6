#include "app/views/view_reports.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/actions.hpp"
#include "app/widgets/chart.hpp"

#include <imgui.h>

#include <cstdio>

namespace crm::app {

// [SECTION] index: scope and toolbar, aging, per month, per collector, cash-in

namespace {

namespace chart = widgets::chart;

constexpr const char* kTabs[] = {"aging", "monthly", "collectors", "cash_in"}; // report.export's names
constexpr const char* kTabKeys[]
    = {"reports.tab_aging", "reports.tab_monthly", "reports.tab_collectors", "reports.tab_cash_in"};
constexpr const char* kBuckets[] = {"not_due", "1_30", "31_60", "61_90", "over_90"};

const ImGuiTableFlags kTable = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp
    | ImGuiTableFlags_ScrollY;

// "14,3 %" from a ratio (0.1429), "22,2 %" from a percentage; "—" for none.
std::string percentText(const json& v, bool ratio)
{
    if (!v.is_number())
        return "—";
    const double p = ratio ? 100.0 * v.get<double>() : v.get<double>();
    return chart::exact(p, chart::Format::Percent);
}

void headers(std::initializer_list<const char*> keys)
{
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* k : keys)
        ImGui::TableSetupColumn(tr(k));
    ImGui::TableHeadersRow();
}

} // namespace

json ViewReports::scope() const
{
    json p = json::object();
    const std::string asOf = widgets::parseDate(m_asOf);
    if (!asOf.empty())
        p["as_of"] = asOf;
    widgets::setCollectorFilter(p, m_collector);
    return p;
}

// [SECTION] screen, toolbar and export

void ViewReports::drawContent(ViewContext& ctx)
{
    const std::string tab = str(ctx.params(), "tab");
    m_tab = tab == "monthly"  ? Tab::Monthly
        : tab == "collectors" ? Tab::Collectors
        : tab == "cash_in"    ? Tab::CashIn
                              : Tab::Aging;
    drawToolbar(ctx);
    if (!ImGui::BeginTabBar("##reports-tabs"))
        return;
    for (int k = 0; k < 4; ++k) {
        const std::string label = std::string(tr(kTabKeys[k])) + "###" + kTabKeys[k];
        const bool open = ImGui::BeginTabItem(label.c_str(), nullptr,
            static_cast<int>(m_tab) == k ? ImGuiTabItemFlags_SetSelected : ImGuiTabItemFlags_None);
        if (ImGui::IsItemClicked() && static_cast<int>(m_tab) != k)
            ctx.router.replace({"reports", {{"tab", kTabs[k]}}});
        if (open) {
            if (static_cast<int>(m_tab) == k) {
                ImGui::Spacing();
                switch (m_tab) {
                case Tab::Aging: drawAging(ctx); break;
                case Tab::Monthly: drawMonthly(ctx); break;
                case Tab::Collectors: drawCollectors(ctx); break;
                case Tab::CashIn: drawCashIn(ctx); break;
                }
            }
            ImGui::EndTabItem();
        }
    }
    ImGui::EndTabBar();
}

void ViewReports::drawToolbar(ViewContext& ctx)
{
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("reports.as_of"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    std::string iso;
    widgets::dateInput("##reports-as-of", m_asOf, sizeof m_asOf, iso);
    if (m_asOf[0] == '\0') {
        ImGui::SameLine();
        ImGui::TextColored(theme::kMuted, "%s", tr("reports.today"));
    }
    if (ctx.can("client.assign")) {
        ImGui::SameLine(0, 24);
        ImGui::TextUnformatted(tr("reports.collector"));
        ImGui::SameLine();
        widgets::collectorCombo(ctx.store, "##reports-collector", m_collector);
    }
    ImGui::SameLine(0, 24);
    const bool busy = ctx.store.sending("report.export");
    ImGui::BeginDisabled(busy);
    if (ImGui::Button(tr("reports.export_csv")))
        exportFile(ctx, "csv");
    ImGui::SameLine();
    if (ImGui::Button(tr("reports.export_pdf")))
        exportFile(ctx, "pdf");
    ImGui::EndDisabled();
    ImGui::Spacing();
}

void ViewReports::exportFile(ViewContext& ctx, const char* format)
{
    json p = scope();
    p["report"] = kTabs[static_cast<int>(m_tab)];
    p["format"] = format;
    p["language"] = language() == Language::En ? "en" : "fr";
    if (m_tab == Tab::Collectors) {
        const std::string from = widgets::parseDate(m_from), to = widgets::parseDate(m_to);
        if (!from.empty())
            p["from"] = from;
        if (!to.empty())
            p["to"] = to;
    }
    ctx.store.command("report.export", p, [](const json& reply) {
        if (reply.contains("error"))
            return widgets::toastError(reply["error"]);
        const json& r = reply["result"];
        const std::string bytes
            = r.contains("content") ? str(r, "content") : widgets::base64Decode(str(r, "content_base64"));
        const std::string where = platform::saveFile(str(r, "name"), str(r, "mime_type"), bytes);
        char line[512];
        std::snprintf(line, sizeof line, tr("export.done"), static_cast<long long>(num(r, "rows")), where.c_str());
        widgets::toast(line);
    });
}

// [SECTION] aging: totals, then per client

void ViewReports::drawAging(ViewContext& ctx)
{
    json p = scope();
    p["by_client"] = true;
    p["offset"] = m_agingPage * kPage;
    p["limit"] = kPage;
    const QueryEntry& q = ctx.store.query("report.aging", p);
    if (!widgets::queryReady(q))
        return;
    const json& r = q.result;
    const json& total = r["total"];
    // The buckets' totals, as a line of figures; each opens its invoices.
    ImGui::BeginGroup();
    for (int b = 0; b < 5; ++b) {
        if (b)
            ImGui::SameLine(0, 28);
        ImGui::BeginGroup();
        ImGui::TextColored(theme::kMuted, "%s", tr((std::string("bucket.") + kBuckets[b]).c_str()));
        const std::string amount = formatMoney(num(total, kBuckets[b]));
        if (ImGui::Selectable((amount + "##aging-" + kBuckets[b]).c_str(), false, 0,
                ImVec2(ImGui::CalcTextSize(amount.c_str()).x, 0))) {
            json f = {{"bucket", kBuckets[b]}, {"status", "unpaid"}};
            if (p.contains("as_of"))
                f["as_of"] = p["as_of"];
            if (m_collector >= 0)
                f["collector"] = m_collector;
            ctx.router.navigate({"invoices", f});
        }
        testhook::note((std::string("aging-total:") + kBuckets[b]).c_str(), amount.c_str());
        ImGui::EndGroup();
    }
    ImGui::SameLine(0, 40);
    ImGui::BeginGroup();
    ImGui::TextColored(theme::kMuted, "%s", tr("reports.total"));
    ImGui::TextUnformatted(formatMoney(num(total, "total")).c_str());
    testhook::note("aging-total:total", formatMoney(num(total, "total")).c_str());
    ImGui::EndGroup();
    ImGui::EndGroup();
    ImGui::Spacing();
    m_agingPage = widgets::pager("aging", m_agingPage, kPage, num(r, "clients_total"));
    if (r["clients"].empty()) {
        widgets::emptyState(tr("reports.no_clients"), "reports:empty");
        return;
    }
    if (!ImGui::BeginTable("##reports-aging", 8, kTable))
        return;
    headers({"reports.client", "reports.code", "bucket.not_due", "bucket.1_30", "bucket.31_60", "bucket.61_90",
        "bucket.over_90", "reports.total"});
    for (const auto& c : r["clients"]) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The row opens the client's unpaid invoices (as of the same day).
        const std::string label = str(c, "name") + "##aging-client-" + std::to_string(num(c, "client_id"));
        if (ImGui::Selectable(label.c_str(), false, ImGuiSelectableFlags_SpanAllColumns)) {
            json f = {{"client", str(c, "code")}, {"status", "unpaid"}};
            if (p.contains("as_of"))
                f["as_of"] = p["as_of"];
            ctx.router.navigate({"invoices", f});
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(str(c, "code").c_str());
        for (const char* b : kBuckets) {
            ImGui::TableNextColumn();
            widgets::moneyCell(num(c, b), str(r, "currency"), std::string(b) != "not_due");
        }
        ImGui::TableNextColumn();
        widgets::moneyCell(num(c, "total"), str(r, "currency"));
        testhook::note(("aging-client:" + str(c, "code")).c_str(), formatMoney(num(c, "total")).c_str());
    }
    ImGui::EndTable();
}

// [SECTION] per month: collection rate and CEI

void ViewReports::drawMonthly(ViewContext& ctx)
{
    json p = scope();
    p["months"] = 12;
    const QueryEntry& q = ctx.store.query("report.trend", p);
    if (!widgets::queryReady(q))
        return;
    const json& points = q.result["points"];
    chart::LineChart c;
    c.format = chart::Format::Percent;
    c.series = {{tr("reports.rate"), ImGui::GetColorU32(ImVec4(0.13f, 0.42f, 0.72f, 1)), {}},
        {tr("reports.cei"), ImGui::GetColorU32(ImVec4(0.10f, 0.55f, 0.30f, 1)), {}}};
    for (const auto& pt : points) {
        c.categories.push_back(chart::shortDate(str(pt, "month")));
        c.series[0].values.push_back(100.0 * pt.value("collection_rate", 0.0));
        c.series[1].values.push_back(pt["cei_percent"].is_number() ? pt["cei_percent"].get<double>() : 0.0);
    }
    chart::lines("##reports-monthly", c, ImVec2(-1, 200));
    ImGui::Spacing();
    if (!ImGui::BeginTable("##reports-months", 9, kTable))
        return;
    headers({"reports.month", "reports.opening", "reports.invoiced", "reports.collected", "reports.rate", "reports.cei",
        "reports.closing", "reports.overdue", "reports.dso"});
    for (const auto& pt : points) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(chart::shortDate(str(pt, "month")).c_str());
        for (const char* k : {"opening_receivables_cents", "invoiced_cents", "collected_cents"}) {
            ImGui::TableNextColumn();
            widgets::moneyCell(num(pt, k));
        }
        ImGui::TableNextColumn();
        const std::string rate = percentText(pt["collection_rate"], true);
        ImGui::TextUnformatted(rate.c_str());
        testhook::note(("month-rate:" + str(pt, "month")).c_str(), rate.c_str());
        ImGui::TableNextColumn();
        const std::string cei = percentText(pt["cei_percent"], false);
        ImGui::TextUnformatted(cei.c_str());
        testhook::note(("month-cei:" + str(pt, "month")).c_str(), cei.c_str());
        for (const char* k : {"receivables_cents", "overdue_cents"}) {
            ImGui::TableNextColumn();
            widgets::moneyCell(num(pt, k), "EUR", std::string(k) == "overdue_cents");
        }
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(chart::exact(pt.value("dso_days", 0.0), chart::Format::Days).c_str());
    }
    ImGui::EndTable();
}

// [SECTION] per collector: over a period

void ViewReports::drawCollectors(ViewContext& ctx)
{
    json p = scope();
    const std::string asOf = p.contains("as_of") ? str(p, "as_of") : ctx.me.value("today", std::string());
    if (asOf.empty())
        return;
    // The period: the as-of day's month so far, unless typed.
    if (m_from[0] == '\0')
        std::snprintf(m_from, sizeof m_from, "%s", formatDate(asOf.substr(0, 8) + "01").c_str());
    if (m_to[0] == '\0')
        std::snprintf(m_to, sizeof m_to, "%s", formatDate(asOf).c_str());
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("reports.from"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    std::string iso;
    widgets::dateInput("##reports-from", m_from, sizeof m_from, iso);
    ImGui::SameLine();
    ImGui::TextUnformatted(tr("reports.to"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    widgets::dateInput("##reports-to", m_to, sizeof m_to, iso);
    const std::string from = widgets::parseDate(m_from), to = widgets::parseDate(m_to);
    if (from.empty() || to.empty())
        return;
    p["from"] = from;
    p["to"] = to;
    const QueryEntry& q = ctx.store.query("report.collectors", p);
    if (!widgets::queryReady(q))
        return;
    const json& lines = q.result["collectors"];
    if (lines.empty()) {
        widgets::emptyState(tr("reports.no_clients"), "reports:empty");
        return;
    }
    if (!ImGui::BeginTable("##reports-collectors", 8, kTable))
        return;
    headers({"reports.collector_col", "reports.clients", "reports.receivables", "reports.overdue", "reports.collected",
        "reports.actions", "reports.promises", "reports.kept_rate"});
    for (const auto& l : lines) {
        const bool unassigned = l["collector_id"].is_null();
        std::string name = unassigned ? tr("team.unassigned") : str(l, "name");
        if (name.find_first_not_of(' ') == std::string::npos)
            name = str(l, "email");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        // The row opens the collector's unpaid invoices.
        const std::int64_t who = unassigned ? 0 : num(l, "collector_id");
        if (ImGui::Selectable(
                (name + "##collector-" + std::to_string(who)).c_str(), false, ImGuiSelectableFlags_SpanAllColumns))
            ctx.router.navigate({"invoices", {{"status", "unpaid"}, {"collector", who}}});
        widgets::collectorFigures(l);
        testhook::note(("collector-actions:" + name).c_str(), std::to_string(num(l, "actions")).c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%lld / %lld", static_cast<long long>(num(l, "promises_kept")),
            static_cast<long long>(num(l, "promises_kept") + num(l, "promises_broken")));
        ImGui::TableNextColumn();
        const std::string kept = percentText(l["promises_kept_rate"], true);
        ImGui::TextUnformatted(kept.c_str());
        testhook::note(("collector-kept:" + name).c_str(), kept.c_str());
    }
    ImGui::EndTable();
}

// [SECTION] cash-in: by week

void ViewReports::drawCashIn(ViewContext& ctx)
{
    json p = scope();
    p["weeks"] = 8;
    const QueryEntry& q = ctx.store.query("report.cash_in", p);
    if (!widgets::queryReady(q))
        return;
    const json& r = q.result;
    chart::BarChart c;
    c.series = {{tr("reports.expected"), ImGui::GetColorU32(ImVec4(0.13f, 0.42f, 0.72f, 1)), {}}};
    for (const auto& w : r["weeks"]) {
        c.categories.push_back(chart::shortDate(str(w, "week_start")));
        c.series[0].values.push_back(static_cast<double>(num(w, "expected_cents")));
    }
    chart::bars("##reports-cash-in", c, ImVec2(-1, 200));
    ImGui::Spacing();
    if (!ImGui::BeginTable("##reports-weeks", 3, kTable))
        return;
    headers({"reports.week_from", "reports.week_to", "reports.expected"});
    auto line = [&](const std::string& a, const std::string& b, std::int64_t cents, const char* hook) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(a.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(b.c_str());
        ImGui::TableNextColumn();
        widgets::moneyCell(cents);
        testhook::note(hook, formatMoney(cents).c_str());
    };
    line(tr("reports.already_due"), "", num(r, "overdue_cents"), "cash-in:overdue");
    for (const auto& w : r["weeks"])
        line(formatDate(str(w, "week_start")), formatDate(str(w, "week_end")), num(w, "expected_cents"),
            ("cash-in:" + str(w, "week_start")).c_str());
    line(tr("reports.later"), "", num(r, "later_cents"), "cash-in:later");
    ImGui::EndTable();
}

} // namespace crm::app
