#include "tests/bench/bench_workspace.hpp"

#include "app/app.hpp"
#include "app/test_hook.hpp"
#include "core/api/dispatcher.hpp"
#include "core/util/clock.hpp"
#include "core/util/time.hpp"
#include "desktop/inprocess_transport.hpp"
#include "tests/app/headless.hpp"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace crm::bench {

using json = nlohmann::json;
using Ms = std::chrono::duration<double, std::milli>;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double median(std::vector<double> v)
{
    return percentile(std::move(v), 0.5);
}

// CPU time of one frame: NewFrame, the App's frame (store, view, widgets), Render.
double timedFrame(test::Headless& ui, app::App& a)
{
    const auto t0 = std::chrono::steady_clock::now();
    ui.frame(a);
    return Ms(std::chrono::steady_clock::now() - t0).count();
}

} // namespace

json runWorkspaceBench(db::Database& db, const json& params)
{
    const int runs = params.value("runs", 3);
    const std::string today = timeutil::dateOf(systemClock()());
    api::Dispatcher api(db, fixedClock(today + "T10:00:00Z"));
    const json login = api.call("auth.login", {{"email", "manager@exemple.fr"}, {"password", "Recouvrement-2026"}});
    if (!login.contains("token"))
        throw std::runtime_error(
            "bench: cannot sign in as manager@exemple.fr (generate a portfolio with crm seed): " + login.dump());
    const std::string session = login["token"];
    json out = json::object();
    out["invoices"] = api.call("invoice.list", {{"limit", 1}}, session)["total"];

    test::Headless ui;
    app::InProcessTransport transport(api);
    app::App a(transport);
    transport.announceReady();
    transport.adopt(session);

    // The Invoices list, scrolled with the mouse wheel: one notch a frame, 600 frames.
    a.router().navigate({"invoices", json::object()});
    if (!ui.frameUntil(a, "invoices:total", 200))
        throw std::runtime_error("bench: the Invoices screen never drew its list");
    for (int k = 0; k < 20; ++k)
        ui.frame(a);
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(640, 400);
    std::vector<double> frames;
    for (int k = 0; k < 600; ++k) {
        io.MouseWheel = -3.0f;
        frames.push_back(timedFrame(ui, a));
    }
    io.MouseWheel = 0;
    out["scroll_frames"] = frames.size();
    out["scroll_frame_median_ms"] = median(frames);
    out["scroll_frame_p95_ms"] = percentile(frames, 0.95);
    out["scroll_frame_max_ms"] = percentile(frames, 1.0);
    // Still frames (nothing moves): what an idle screen costs.
    std::vector<double> idle;
    for (int k = 0; k < 200; ++k)
        idle.push_back(timedFrame(ui, a));
    out["idle_frame_median_ms"] = median(idle);

    // A client page with 500 invoices: from the click to the first complete frame (header,
    // balance and the first page of its invoices drawn; the hook reports a frame one frame
    // late, so the figure includes one frame more). A new client each run: nothing cached.
    std::vector<double> opens;
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count() % 1000000000;
    for (int r = 0; r < runs; ++r) {
        const json c = api.call("client.create",
            {{"code", "B500-" + std::to_string(stamp) + "-" + std::to_string(r)}, {"name", "Client 500 factures"}},
            session);
        if (!c.contains("id"))
            throw std::runtime_error("bench: " + c.dump());
        const std::int64_t id = c["id"];
        for (int k = 0; k < 500; ++k)
            api.call("invoice.create",
                {{"number", "B500-" + std::to_string(id) + "-" + std::to_string(k)}, {"client_id", id},
                    {"issue_date", timeutil::addDays(today, -400 + k / 2)},
                    {"due_date", timeutil::addDays(today, -370 + k / 2)}, {"amount_cents", 10000 + k}},
                session);
        a.router().navigate({"today", json::object()});
        for (int k = 0; k < 5; ++k)
            ui.frame(a);
        const auto t0 = std::chrono::steady_clock::now();
        a.router().navigate({"client", {{"id", id}}});
        int drawn = 0;
        for (; drawn < 100; ++drawn) {
            ui.frame(a);
            const json items = json::parse(app::testhook::itemsJson());
            const std::string row = "status:B500-" + std::to_string(id) + "-";
            bool listed = false;
            for (auto it = items.begin(); it != items.end() && !listed; ++it)
                listed = it.key().rfind(row, 0) == 0;
            if (items.contains("page.balance") && listed)
                break;
        }
        opens.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
        out["client_page_frames"] = drawn + 1;
        api.call("client.update", {{"id", id}, {"status", "archived"}}, session);
    }
    out["client_page_500_ms"] = median(opens);

    // The dashboard: from the navigation to the first complete frame (every tile and every
    // chart drawn), each run after the queries were forgotten (a change announced anew).
    const char* const charts[] = {"tile:receivables",
        "##chart-aging:", "##chart-top:", "##chart-overdue:", "##chart-dso:", "##chart-flows:", "##chart-cash-in:"};
    auto complete = [&]() {
        const json items = json::parse(app::testhook::itemsJson());
        for (const char* prefix : charts) {
            bool found = false;
            for (auto it = items.begin(); it != items.end() && !found; ++it)
                found = it.key().rfind(prefix, 0) == 0;
            if (!found)
                return false;
        }
        return true;
    };
    std::vector<double> dashboards;
    for (int r = 0; r < runs; ++r) {
        a.router().navigate({"today", json::object()});
        for (int k = 0; k < 5; ++k)
            ui.frame(a);
        for (const char* m : {"report.aging", "report.kpis", "report.trend", "report.top_overdue", "report.cash_in",
                 "report.collectors", "report.collection_rate"})
            a.store().invalidate(m);
        const auto t0 = std::chrono::steady_clock::now();
        a.router().navigate({"dashboard", json::object()});
        int k = 0;
        for (; k < 200 && !complete(); ++k)
            ui.frame(a);
        if (k == 200)
            throw std::runtime_error("bench: the dashboard never drew all its charts");
        dashboards.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
    }
    out["dashboard_first_frame_ms"] = median(dashboards);
    // A frame while the mouse moves over the charts' bars (tooltips with the exact figure).
    std::vector<ImVec2> bars;
    {
        const json items = json::parse(app::testhook::itemsJson());
        for (auto it = items.begin(); it != items.end(); ++it)
            if (it.key().rfind("##chart-", 0) == 0) {
                const json& r = it.value();
                bars.emplace_back(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
            }
    }
    std::vector<double> hovers;
    for (int k = 0; k < 600 && !bars.empty(); ++k) {
        io.MousePos = bars[static_cast<std::size_t>(k) % bars.size()];
        hovers.push_back(timedFrame(ui, a));
    }
    // Each of the dashboard's queries alone, as its first frame asks them (the team's, as of
    // today; tools/bench_browser.mjs asks the same).
    {
        const std::string lastMonth = timeutil::addMonths(today, -1), monthStart = today.substr(0, 8) + "01";
        const std::vector<std::pair<std::string, json>> queries
            = {{"report.kpis", {{"from", timeutil::addDays(timeutil::addMonths(today, -3), 1)}, {"to", today}}},
                {"report.collection_rate", {{"from", monthStart}, {"to", today}, {"with_rate", false}}},
                {"report.collection_rate (last month)",
                    {{"from", lastMonth.substr(0, 8) + "01"}, {"to", lastMonth}, {"with_rate", false}}},
                {"report.collectors", {{"as_of", today}, {"from", monthStart}, {"to", today}}},
                {"report.top_overdue", {{"limit", 10}}}, {"report.trend", {{"months", 12}}},
                {"report.cash_in", {{"weeks", 8}}}};
        json times = json::object();
        for (const auto& [name, p] : queries) {
            std::vector<double> each;
            for (int r = 0; r < runs; ++r) {
                const auto t0 = std::chrono::steady_clock::now();
                const api::Reply reply = api.handle(
                    {{"id", 1}, {"method", name.substr(0, name.find(' '))}, {"params", p}, {"session", session}});
                const std::string text = reply.text(); // as the worker sends it
                each.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
                if (reply.isError())
                    throw std::runtime_error("bench: " + name + ": " + text.substr(0, 300));
            }
            times[name] = std::round(median(each) * 10) / 10;
        }
        out["dashboard_queries_ms"] = times;
    }
    out["dashboard_hover_frame_median_ms"] = median(hovers);
    out["dashboard_hover_frame_p95_ms"] = percentile(hovers, 0.95);

    // The set-up screen's simulation of tomorrow: the totals and the first page.
    std::vector<double> sims;
    for (int r = 0; r < runs; ++r) {
        const auto t0 = std::chrono::steady_clock::now();
        const json plan = api.call(
            "relance.plan", {{"as_of", timeutil::addDays(today, 1)}, {"limit", 100}, {"withheld_limit", 100}}, session);
        if (!plan.contains("totals"))
            throw std::runtime_error("bench: " + plan.dump().substr(0, 300));
        sims.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
        out["simulation_actions"] = plan["totals"]["actions"];
    }
    out["simulation_ms"] = median(sims);
    return out;
}

} // namespace crm::bench
