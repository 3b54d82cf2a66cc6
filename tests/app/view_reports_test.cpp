// The Reports screen: the aged balance with its drill-down to a client's invoices, the
// months' collection rate and CEI, the collectors' actions and promises, the cash-in by
// week, and a report saved as CSV and as PDF.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

TEST_CASE("view: the Reports screen — aging with drill-down, per month, per collector, cash-in, exports")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    const json lea = s.api.call("user.create",
        {{"email", "lea@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}, {"first_name", "Léa"},
            {"last_name", "Martin"}},
        admin);
    const json c = s.api.call(
        "client.create", {{"code", "RAP-1"}, {"name", "Rapport Industrie"}, {"assigned_to", lea["id"]}}, admin);
    // Today 2026-11-24: 1 200,00 due on 04/11 (20 days late), 300,00 not due.
    for (const auto& [number, due, cents] : {std::tuple{"F-R1", "2026-11-04", 120000}, {"F-R2", "2026-12-10", 30000}})
        REQUIRE(s.api
                    .call("invoice.create",
                        {{"number", number}, {"client_id", c["id"]}, {"issue_date", "2026-10-05"}, {"due_date", due},
                            {"amount_cents", cents}},
                        admin)
                    .contains("id"));
    s.api.call("payment.record",
        {{"client_id", c["id"]}, {"date", "2026-11-20"}, {"amount_cents", 20000}, {"method", "transfer"}}, admin);
    s.api.call("communication.log",
        {{"client_id", c["id"]}, {"channel", "call"}, {"occurred_at", "2026-11-21T10:00:00Z"}}, admin);
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"reports", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "aging-client:RAP-1"));
    CHECK(Headless::items().contains("Rapports##nav-reports"));
    CHECK(Headless::items()["aging-client:RAP-1"][4] == "1\u202F300,00\u00A0€");
    CHECK(Headless::items()["aging-total:1_30"][4] == "1\u202F000,00\u00A0€"); // 1 200 − 200 paid (oldest first)
    CHECK(Headless::items()["aging-total:not_due"][4] == "300,00\u00A0€");
    // The client's row opens its unpaid invoices.
    click(s, "Rapport Industrie##aging-client-" + std::to_string(c["id"].get<std::int64_t>()));
    CHECK(s.app.router().current().view == "invoices");
    CHECK(s.app.router().current().params["client"] == "RAP-1");

    // Per month: November's collection rate, 200,00 of the 1 500,00 owed on 31/10 (nothing
    // invoiced since): 13,3 %; CEI (1 500 − 1 300) / (1 500 − 300) = 16,7 %.
    s.app.router().navigate({"reports", {{"tab", "monthly"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "month-rate:2026-11"));
    CHECK(Headless::items()["month-rate:2026-11"][4].get<std::string>().rfind("13,3", 0) == 0);
    CHECK(Headless::items()["month-cei:2026-11"][4].get<std::string>().rfind("16,7", 0) == 0);
    // Per collector: Léa's call.
    s.app.router().navigate({"reports", {{"tab", "collectors"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "collector-actions:Léa Martin"));
    CHECK(Headless::items()["collector-actions:Léa Martin"][4] == "1");
    // Cash-in: 1 000,00 already due, 300,00 in the week of 10/12 (the third).
    s.app.router().navigate({"reports", {{"tab", "cash_in"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "cash-in:overdue"));
    CHECK(Headless::items()["cash-in:overdue"][4] == "1\u202F000,00\u00A0€");
    CHECK(Headless::items()["cash-in:2026-12-08"][4] == "300,00\u00A0€");
    // Exports: the tab's report, CSV then PDF.
    click(s, "Exporter (CSV)");
    for (int k = 0; k < 6 && app::platform::lastFileName() != "encaissements-attendus-2026-11-24.csv"; ++k)
        s.imgui.frame(s.app);
    CHECK(app::platform::lastFileName() == "encaissements-attendus-2026-11-24.csv");
    click(s, "Imprimer (PDF)");
    for (int k = 0; k < 6 && app::platform::lastFileName() != "encaissements-attendus-2026-11-24.pdf"; ++k)
        s.imgui.frame(s.app);
    CHECK(app::platform::lastFileName() == "encaissements-attendus-2026-11-24.pdf");
}
