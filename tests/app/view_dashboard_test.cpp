// The dashboard: a manager's home, its tiles' figures, a chart's bar clicked through to
// the invoices behind it; an agent keeps Today as home and sees their own portfolio.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

namespace {

// Two collectors' clients, as of 2026-11-24 (the screens' clock): Alpha (agent 1) owes
// 1 000,00 not yet due and 500,00 20 days late; Beta (agent 2) owes 800,00 65 days late.
struct Team {
    std::string admin;
    std::int64_t agent = 0, agent2 = 0;
    explicit Team(Screens& s)
    {
        s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
        admin = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
        agent = s.api.call(
            "user.create", {{"email", "agent@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin)["id"];
        agent2 = s.api.call(
            "user.create", {{"email", "agent2@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin)["id"];
        const auto a
            = s.api.call("client.create", {{"code", "ALPHA"}, {"name", "Alpha"}, {"assigned_to", agent}}, admin);
        const auto b
            = s.api.call("client.create", {{"code", "BETA"}, {"name", "Beta"}, {"assigned_to", agent2}}, admin);
        auto invoice
            = [&](const json& client, const char* number, std::int64_t cents, const char* issue, const char* due) {
                  REQUIRE(s.api
                              .call("invoice.create",
                                  {{"number", number}, {"client_id", client["id"]}, {"issue_date", issue},
                                      {"due_date", due}, {"amount_cents", cents}},
                                  admin)
                              .contains("id"));
              };
        invoice(a, "A-1", 100000, "2026-10-31", "2026-11-30");
        invoice(a, "A-2", 50000, "2026-10-05", "2026-11-04");
        invoice(b, "B-1", 80000, "2026-08-21", "2026-09-20");
    }
};

} // namespace

TEST_CASE("view: the dashboard is a manager's home; its tiles; an aging bar opens the invoices behind it")
{
    Screens s;
    Team team(s);
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    REQUIRE(s.imgui.frameUntil(s.app, "view:dashboard"));
    REQUIRE(s.imgui.frameUntil(s.app, "tile:receivables"));
    json items = Headless::items();
    CHECK(items["tile:receivables"][4] == "2\u202F300,00\u00A0€");
    CHECK(items["tile:overdue"][4] == "1\u202F300,00\u00A0€");
    CHECK(items.contains("Tableau de bord##nav-dashboard"));
    // The aging per collector (report.collectors: in the collectors' order, agent@ before
    // agent2@; no bar for the unassigned clients, there are none), the buckets stacked
    // (series 0 not due ... 4 over 90 days).
    REQUIRE(s.imgui.frameUntil(s.app, "##chart-aging:4:1"));
    items = Headless::items();
    CHECK(items["##chart-aging:3:1"][4] == "800,00\u00A0€");        // Beta (agent 2), 61–90 days
    CHECK(items["##chart-aging:0:0"][4] == "1\u202F000,00\u00A0€"); // Alpha (agent 1), not due
    CHECK(items["##chart-aging:1:0"][4] == "500,00\u00A0€");        // Alpha, 1–30 days
    CHECK_FALSE(items.contains("##chart-aging:0:2"));
    // Alpha's 1–30 days bar is half as tall as its not-due one.
    CHECK(items["##chart-aging:1:0"][3].get<double>()
        == doctest::Approx(items["##chart-aging:0:0"][3].get<double>() / 2).epsilon(0.02));
    REQUIRE(s.imgui.frameUntil(s.app, "##chart-top:0:0"));
    CHECK(Headless::items()["##chart-top:0:0"][4] == "800,00\u00A0€"); // the most overdue: Beta
    // Beta's 61–90 days: the Invoices list, filtered so, holds B-1 only.
    click(s, "##chart-aging:3:1");
    CHECK(s.app.router().current().view == "invoices");
    CHECK(s.app.router().current().params["bucket"] == "61_90");
    CHECK(s.app.router().current().params["collector"] == team.agent2);
    REQUIRE(s.imgui.frameUntil(s.app, "invoices:total"));
    for (int k = 0; k < 6 && Headless::items()["invoices:total"][4] != "1"; ++k)
        s.imgui.frame(s.app);
    CHECK(Headless::items()["invoices:total"][4] == "1");
    CHECK(Headless::items().contains("B-1"));
    // Back on the dashboard, the top overdue client opens its page.
    s.app.router().back();
    REQUIRE(s.imgui.frameUntil(s.app, "##chart-top:0:0"));
    click(s, "##chart-top:0:0");
    CHECK(s.app.router().current().view == "client");
}

TEST_CASE("view: an agent lands on Today and sees their own portfolio's dashboard")
{
    Screens s;
    Team team(s);
    s.command("auth.login", {{"email", "agent@pme.fr"}, {"password", test::kPassword}});
    REQUIRE(s.imgui.frameUntil(s.app, "view:today"));
    s.app.router().navigate({"dashboard", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "tile:receivables"));
    CHECK(Headless::items()["tile:receivables"][4] == "1\u202F500,00\u00A0€"); // Alpha's only
    REQUIRE(s.imgui.frameUntil(s.app, "##chart-aging:1:0"));
    CHECK_FALSE(Headless::items().contains("##chart-aging:0:1")); // one bar: no other collector's
}
