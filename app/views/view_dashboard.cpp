#include "app/views/view_dashboard.hpp"

#include "app/format.hpp"
#include "app/i18n.hpp"
#include "app/json_fields.hpp"
#include "app/test_hook.hpp"
#include "app/theme.hpp"
#include "app/widgets/chart.hpp"
#include "app/widgets/widgets.hpp"
#include "core/util/time.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <functional>

namespace crm::app {

namespace chart = widgets::chart;

// [SECTION] index: scope and header, tiles, charts (aging, trend, cash-in, top overdue), collectors

namespace {

constexpr const char* kBuckets[] = {"not_due", "1_30", "31_60", "61_90", "over_90"};

ImU32 colour(float r, float g, float b)
{
    return ImGui::ColorConvertFloat4ToU32(ImVec4(r, g, b, 1.0f));
}

ImU32 bucketColour(int k)
{
    static const float rgb[5][3] = {{0.55f, 0.66f, 0.80f}, {0.96f, 0.73f, 0.30f}, {0.93f, 0.52f, 0.22f},
        {0.82f, 0.30f, 0.18f}, {0.58f, 0.12f, 0.12f}};
    return colour(rgb[k][0], rgb[k][1], rgb[k][2]);
}

double number(const json& j, const char* key)
{
    return j.contains(key) && j[key].is_number() ? j[key].get<double>() : 0.0;
}

// A tile: its title small and muted, its figure large, a line below; a click on it runs
// `open` (when given). Noted through the test hook as `note` with the figure.
void tile(const char* note, const char* title, const std::string& figure, const std::string& below,
    const std::function<void()>& open = {})
{
    // Five to a row across the screen, never narrower than their figures need.
    const ImGuiStyle& style = ImGui::GetStyle();
    const float w = std::max(
        200.0f, (ImGui::GetWindowContentRegionMax().x - style.WindowPadding.x - 4 * style.ItemSpacing.x) / 5);
    ImGui::BeginGroup();
    ImGui::PushID(note);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    const float line = ImGui::GetTextLineHeight();
    const ImVec2 size(w, line * 4.2f);
    const bool clicked = ImGui::InvisibleButton("##tile", size);
    const bool hovered = ImGui::IsItemHovered();
    testhook::note(note, figure.c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y),
        ImGui::GetColorU32(hovered && open ? ImGuiCol_FrameBgHovered : ImGuiCol_FrameBg), 6.0f);
    // The texts stay inside the tile (a long one is cut at its edge).
    dl->PushClipRect(p, ImVec2(p.x + size.x - 6, p.y + size.y), true);
    dl->AddText(ImVec2(p.x + 10, p.y + 6), ImGui::ColorConvertFloat4ToU32(theme::kMuted), title);
    ImFont* font = ImGui::GetFont();
    dl->AddText(font, ImGui::GetFontSize() * 1.5f, ImVec2(p.x + 10, p.y + 6 + line * 1.1f),
        ImGui::GetColorU32(ImGuiCol_Text), figure.c_str());
    dl->AddText(
        ImVec2(p.x + 10, p.y + size.y - line - 6), ImGui::ColorConvertFloat4ToU32(theme::kMuted), below.c_str());
    dl->PopClipRect();
    if (hovered && open)
        ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    if (clicked && open)
        open();
    ImGui::PopID();
    ImGui::EndGroup();
}

std::string days(const json& v)
{
    return v.is_number() ? chart::exact(v.get<double>(), chart::Format::Days) : "—";
}

} // namespace

bool ViewDashboard::isHome(const ViewContext& ctx) const
{
    return ctx.me.value("role", "agent") != "agent";
}

std::string ViewDashboard::asOf() const
{
    return widgets::parseDate(m_asOf);
}

json ViewDashboard::collectorsParams(ViewContext& ctx) const
{
    const std::string day = this->day(ctx);
    if (day.empty())
        return json();
    json p = scope(ctx);
    p["as_of"] = day;
    p["from"] = day.substr(0, 8) + "01";
    p["to"] = day;
    return p;
}

std::string ViewDashboard::day(ViewContext& ctx) const
{
    const std::string typed = asOf();
    return typed.empty() ? ctx.me.value("today", std::string()) : typed;
}

json ViewDashboard::scope(ViewContext&) const
{
    json p = json::object();
    if (!asOf().empty())
        p["as_of"] = asOf();
    widgets::setCollectorFilter(p, m_collector);
    return p;
}

void ViewDashboard::openInvoices(ViewContext& ctx, json filters)
{
    if (m_collector >= 0)
        filters["collector"] = m_collector;
    ctx.router.navigate({"invoices", filters});
}

void ViewDashboard::drawContent(ViewContext& ctx)
{
    drawHeader(ctx);
    drawTiles(ctx);
    ImGui::Spacing();
    const float gap = theme::kGap;
    const float half = (ImGui::GetContentRegionAvail().x - gap) / 2;
    drawAging(ctx, half);
    ImGui::SameLine(0, gap);
    drawTopOverdue(ctx, half);
    drawTrend(ctx, half); // and, on its right, the month's flows and the cash-in to come
    drawCollectors(ctx);
}

// [SECTION] scope and header

void ViewDashboard::drawHeader(ViewContext& ctx)
{
    ImGui::TextColored(theme::kMuted, "%s", tr("dashboard.as_of"));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120);
    std::string iso;
    widgets::dateInput("##dashboard-as-of", m_asOf, sizeof m_asOf, iso);
    if (ctx.can("client.assign")) { // managers: the team or one collector
        ImGui::SameLine();
        widgets::collectorCombo(ctx.store, "##dashboard-collector", m_collector);
    }
    ImGui::Spacing();
}

// [SECTION] tiles

void ViewDashboard::drawTiles(ViewContext& ctx)
{
    // The day the figures are for: typed, or the core's today (auth.me says it).
    const std::string day = this->day(ctx);
    if (day.empty())
        return;
    json s = scope(ctx);
    s.erase("as_of");
    json kpi = s;
    kpi["from"] = timeutil::addDays(timeutil::addMonths(day, -3), 1);
    kpi["to"] = day;
    json month = s, before = s; // what was collected: the rate itself is not shown
    month["with_rate"] = before["with_rate"] = false;
    month["from"] = day.substr(0, 8) + "01";
    month["to"] = day;
    const std::string lastDay = timeutil::addMonths(day, -1);
    before["from"] = lastDay.substr(0, 8) + "01";
    before["to"] = lastDay;
    const QueryEntry& k = ctx.store.query("report.kpis", kpi);
    const QueryEntry& now = ctx.store.query("report.collection_rate", month);
    const QueryEntry& then = ctx.store.query("report.collection_rate", before);
    if (!widgets::queryReady(k) || !now.hasResult || !then.hasResult)
        return;
    const json& r = k.result;
    const std::int64_t closing = num(r, "closing_receivables_cents");
    const std::int64_t overdue = num(r, "closing_overdue_cents");
    const double share = closing > 0 ? 100.0 * static_cast<double>(overdue) / static_cast<double>(closing) : 0.0;
    char below[160];
    tile("tile:receivables", tr("dashboard.receivables"), formatMoney(closing), tr("dashboard.all_open"), [&] {
        openInvoices(ctx, {{"status", "unpaid"}});
    });
    ImGui::SameLine();
    std::snprintf(
        below, sizeof below, tr("dashboard.overdue_share"), chart::exact(share, chart::Format::Percent).c_str());
    tile("tile:overdue", tr("dashboard.overdue"), formatMoney(overdue), below, [&] {
        openInvoices(ctx, {{"status", "unpaid"}, {"due_to", timeutil::addDays(day, -1)}});
    });
    ImGui::SameLine();
    std::snprintf(below, sizeof below, tr("dashboard.best_dso"), days(r["best_possible_dso_days"]).c_str());
    tile("tile:dso", tr("dashboard.dso"), days(r["dso_days"]), below);
    ImGui::SameLine();
    tile("tile:add", tr("dashboard.add"), days(r["add_days"]), tr("dashboard.add_hint"));
    ImGui::SameLine();
    tile("tile:cei", tr("dashboard.cei"),
        r["cei_percent"].is_number() ? chart::exact(r["cei_percent"].get<double>(), chart::Format::Percent) : "—",
        tr("dashboard.cei_hint"));
    // Second row.
    const std::int64_t collected = num(now.result, "collected_cents");
    const std::int64_t earlier = num(then.result, "collected_cents");
    std::snprintf(below, sizeof below, tr("dashboard.collected_before"), formatMoney(earlier).c_str());
    tile("tile:collected", tr("dashboard.collected"), formatMoney(collected), below);
    ImGui::SameLine();
    const json& pr = r["promises"];
    std::snprintf(below, sizeof below, tr("dashboard.promises_kept_broken"), static_cast<long long>(num(pr, "kept")),
        static_cast<long long>(num(pr, "broken")));
    // The amount promised as the figure (the count beside it overflowed the tile at 1 280 px).
    char title[120];
    std::snprintf(title, sizeof title, tr("dashboard.promises"), static_cast<long long>(num(pr, "pending")));
    tile("tile:promises", title, formatMoney(num(pr, "pending_cents")), below);
    ImGui::SameLine();
    tile("tile:disputed", tr("dashboard.disputed"), formatMoney(num(r, "disputed_cents")),
        tr("dashboard.disputed_hint"), [&] {
            openInvoices(ctx, {{"status", "disputed"}});
        });
}

// [SECTION] charts

void ViewDashboard::drawAging(ViewContext& ctx, float width)
{
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("dashboard.aging"));
    chart::BarChart c;
    c.stacked = true;
    for (int b = 0; b < 5; ++b)
        c.series.push_back({tr((std::string("bucket.") + kBuckets[b]).c_str()), bucketColour(b), {}});
    std::vector<std::int64_t> collectors; // per bar: -1 the whole scope, 0 unassigned, else a user
    auto add = [&](const std::string& name, std::int64_t collector, const json& total) {
        c.categories.push_back(name);
        collectors.push_back(collector);
        for (int b = 0; b < 5; ++b)
            c.series[static_cast<std::size_t>(b)].values.push_back(number(total, kBuckets[b]));
    };
    bool ready = true;
    if (m_collector < 0 && ctx.can("client.assign")) {
        // A bar per collector, and one for the clients nobody follows: report.collectors
        // gives each one's aging (the collectors' table below asks the same).
        const QueryEntry& q = ctx.store.query("report.collectors", collectorsParams(ctx));
        ready = q.hasResult;
        if (q.hasResult)
            for (const auto& l : q.result["collectors"]) {
                const bool nobody = l["collector_id"].is_null();
                const std::int64_t who = nobody ? 0 : num(l, "collector_id");
                add(nobody ? tr("dashboard.unassigned") : widgets::userName(ctx.store, who), who, l["aging"]);
            }
    } else {
        const QueryEntry& q = ctx.store.query("report.aging", scope(ctx));
        ready = q.hasResult;
        if (q.hasResult)
            add(tr("dashboard.portfolio"), m_collector, q.result["total"]);
    }
    if (!ready) {
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        ImGui::Dummy(ImVec2(width, 220));
    } else if (auto hit = chart::bars("##chart-aging", c, ImVec2(width, 240))) {
        json f = {{"bucket", kBuckets[hit->series]}, {"status", "unpaid"}};
        if (!asOf().empty())
            f["as_of"] = asOf();
        const std::int64_t who = collectors[static_cast<std::size_t>(hit->category)];
        if (who >= 0)
            f["collector"] = who;
        ctx.router.navigate({"invoices", f});
    }
    ImGui::EndGroup();
}

void ViewDashboard::drawTopOverdue(ViewContext& ctx, float width)
{
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("dashboard.top_overdue"));
    json p = scope(ctx);
    p["limit"] = 10;
    const QueryEntry& q = ctx.store.query("report.top_overdue", p);
    if (!q.hasResult) {
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        ImGui::Dummy(ImVec2(width, 220));
        ImGui::EndGroup();
        return;
    }
    chart::BarChart c;
    c.horizontal = true;
    c.series.push_back({tr("dashboard.overdue"), ImGui::ColorConvertFloat4ToU32(theme::kOverdue), {}});
    std::vector<std::int64_t> ids;
    for (const auto& row : q.result["clients"]) {
        c.categories.push_back(str(row, "name"));
        c.series[0].values.push_back(number(row, "overdue"));
        ids.push_back(num(row, "client_id"));
    }
    if (auto hit = chart::bars("##chart-top", c, ImVec2(width, 240)))
        ctx.router.navigate({"client", {{"id", ids[static_cast<std::size_t>(hit->category)]}}});
    ImGui::EndGroup();
}

void ViewDashboard::drawTrend(ViewContext& ctx, float width)
{
    json p = scope(ctx);
    p["months"] = 12;
    const QueryEntry& q = ctx.store.query("report.trend", p);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("dashboard.trend"));
    if (!q.hasResult) {
        // The cash-in to come is asked for now, not once the trend has come: in the
        // browser each wait is a round trip to the worker.
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        ImGui::EndGroup();
        ImGui::SameLine(0, theme::kGap);
        ImGui::BeginGroup();
        ImGui::TextUnformatted(tr("dashboard.flows"));
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        drawCashIn(ctx, width);
        ImGui::EndGroup();
        return;
    }
    chart::LineChart overdue, dso;
    overdue.series.push_back({tr("dashboard.overdue"), ImGui::ColorConvertFloat4ToU32(theme::kOverdue), {}});
    overdue.series.push_back({tr("dashboard.receivables"), colour(0.13f, 0.27f, 0.47f), {}});
    dso.format = chart::Format::Days;
    dso.series.push_back({tr("dashboard.dso"), colour(0.35f, 0.25f, 0.60f), {}});
    chart::BarChart flows;
    flows.series.push_back({tr("dashboard.invoiced"), colour(0.13f, 0.27f, 0.47f), {}});
    flows.series.push_back({tr("dashboard.collected"), ImGui::ColorConvertFloat4ToU32(theme::kOk), {}});
    std::vector<std::string> dates;
    for (const auto& pt : q.result["points"]) {
        const std::string label = chart::shortDate(str(pt, "month"));
        for (auto* labels : {&overdue.categories, &dso.categories, &flows.categories})
            labels->push_back(label);
        overdue.series[0].values.push_back(number(pt, "overdue_cents"));
        overdue.series[1].values.push_back(number(pt, "receivables_cents"));
        dso.series[0].values.push_back(number(pt, "dso_days"));
        flows.series[0].values.push_back(number(pt, "invoiced_cents"));
        flows.series[1].values.push_back(number(pt, "collected_cents"));
        dates.push_back(str(pt, "date"));
    }
    // A point: the invoices still unpaid that were past due on that day.
    if (auto hit = chart::lines("##chart-overdue", overdue, ImVec2(width, 210))) {
        const std::string& d = dates[static_cast<std::size_t>(hit->category)];
        openInvoices(ctx, {{"status", "unpaid"}, {"due_to", timeutil::addDays(d, -1)}});
    }
    chart::lines("##chart-dso", dso, ImVec2(width, 170));
    ImGui::EndGroup();
    ImGui::SameLine(0, theme::kGap);
    ImGui::BeginGroup();
    ImGui::TextUnformatted(tr("dashboard.flows"));
    chart::bars("##chart-flows", flows, ImVec2(width, 200));
    drawCashIn(ctx, width);
    ImGui::EndGroup();
}

void ViewDashboard::drawCashIn(ViewContext& ctx, float width)
{
    json p = scope(ctx);
    p["weeks"] = 8;
    const QueryEntry& q = ctx.store.query("report.cash_in", p);
    ImGui::TextUnformatted(tr("dashboard.cash_in"));
    if (!q.hasResult) {
        ImGui::TextColored(theme::kMuted, "%s", tr("clients.loading"));
        return;
    }
    chart::BarChart c;
    c.series.push_back({tr("dashboard.expected"), colour(0.13f, 0.47f, 0.40f), {}});
    std::vector<std::pair<std::string, std::string>> weeks;
    for (const auto& w : q.result["weeks"]) {
        c.categories.push_back(chart::shortDate(str(w, "week_start")));
        c.series[0].values.push_back(number(w, "expected_cents"));
        weeks.emplace_back(str(w, "week_start"), str(w, "week_end"));
    }
    if (auto hit = chart::bars("##chart-cash-in", c, ImVec2(width, 200))) {
        const auto& [from, to] = weeks[static_cast<std::size_t>(hit->category)];
        openInvoices(ctx, {{"status", "unpaid"}, {"due_from", from}, {"due_to", to}});
    }
}

// [SECTION] collectors

void ViewDashboard::drawCollectors(ViewContext& ctx)
{
    if (!ctx.can("client.assign"))
        return;
    const json p = collectorsParams(ctx);
    if (p.is_null())
        return;
    const QueryEntry& q = ctx.store.query("report.collectors", p);
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("dashboard.collectors"));
    if (!q.hasResult)
        return;
    const ImGuiTableFlags flags
        = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("##dashboard-collectors", 7, flags))
        return;
    for (const char* key : {"dashboard.collector", "dashboard.clients", "dashboard.receivables", "dashboard.overdue",
             "dashboard.collected", "dashboard.actions", "dashboard.kept_rate"})
        ImGui::TableSetupColumn(tr(key));
    ImGui::TableHeadersRow();
    for (const auto& l : q.result["collectors"]) {
        const bool nobody = l["collector_id"].is_null();
        const std::int64_t who = nobody ? 0 : num(l, "collector_id");
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        const std::string name = nobody ? tr("dashboard.unassigned") : widgets::userName(ctx.store, who);
        if (ImGui::Selectable((name + "##collector-" + std::to_string(who)).c_str()))
            ctx.router.navigate({"invoices", {{"status", "unpaid"}, {"collector", who}}});
        widgets::collectorFigures(l);
        ImGui::TableNextColumn();
        // Promises due this month kept, of those due ("—" when none fell due).
        const std::string kept = l["promises_kept_rate"].is_number()
            ? chart::exact(100.0 * l["promises_kept_rate"].get<double>(), chart::Format::Percent) + " ("
                + std::to_string(num(l, "promises_kept")) + "/"
                + std::to_string(num(l, "promises_kept") + num(l, "promises_broken")) + ")"
            : "—";
        ImGui::TextUnformatted(kept.c_str());
        testhook::note(("dashboard-kept:" + name).c_str(), kept.c_str());
    }
    ImGui::EndTable();
}

} // namespace crm::app
