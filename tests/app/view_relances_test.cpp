// The Relances screen: the plan by client, select and execute, deliver, withheld, calls,
// and where the settings are.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

TEST_CASE("view: the Relances screen — the plan by client, select and execute, deliver, withheld, calls")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const json c = s.command("client.create",
        {{"code", "REL-1"}, {"name", "Relance Industrie"}, {"email", "compta@relance.fr"},
            {"phone", "0102030405"}})["result"];
    json last;
    for (const auto& [number, due] : {std::pair{"F-R1", "2026-11-17"}, {"F-R2", "2026-11-09"}, {"F-R3", "2026-11-17"}})
        last = s.command("invoice.create",
            {{"number", number}, {"client_id", c["id"]}, {"issue_date", "2026-10-01"}, {"due_date", due},
                {"amount_cents", 123456}});
    REQUIRE(last.contains("result"));
    s.command("invoice.dispute", {{"id", last["result"]["id"]}, {"reason", "Quantités"}});
    s.app.router().navigate({"relances", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "relances-client:1"));
    CHECK(Headless::items()["relances-client:1"][4] == "Relance Industrie");
    const json items = Headless::items();
    CHECK(items.contains("Relances##nav-relances"));
    CHECK(items["relances:counts"][4].get<std::string>().rfind("3 action(s) · 1 client(s)", 0) == 0);
    CHECK(items.contains("##sel-c1-s2")); // J+7 e-mail
    CHECK(items.contains("##sel-c1-s3")); // J+15 SMS
    CHECK(items.contains("##sel-c1-s4")); // J+15 call
    // Select the e-mail, execute the selection.
    click(s, "##sel-c1-s2");
    REQUIRE(s.imgui.frameUntil(s.app, "Exécuter la sélection (1)"));
    click(s, "Exécuter la sélection (1)");
    REQUIRE(s.imgui.frameUntil(s.app, "toast"));
    CHECK(Headless::items()["toast"][4].get<std::string>().rfind("1 relance(s) exécutée(s)", 0) == 0);
    for (int k = 0; k < 6; ++k)
        s.imgui.frame(s.app);
    CHECK_FALSE(Headless::items().contains("##sel-c1-s2")); // done: gone from the plan
    // The executed tab: open the e-mail (a mailto: link), download the .eml.
    s.app.router().navigate({"relances", {{"tab", "sent"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "Ouvrir l’e-mail##1"));
    click(s, "Ouvrir l’e-mail##1");
    for (int k = 0; k < 4 && app::platform::lastUrl().empty(); ++k)
        s.imgui.frame(s.app);
    CHECK(app::platform::lastUrl().rfind("mailto:compta@relance.fr?subject=", 0) == 0);
    click(s, "Télécharger##1");
    for (int k = 0; k < 4 && app::platform::lastFileName().empty(); ++k)
        s.imgui.frame(s.app);
    CHECK(app::platform::lastFileName() == "Relance-Relance_Industrie-2026-11-24.eml");
    // Withheld: the disputed invoice, with its reason.
    s.app.router().navigate({"relances", {{"tab", "withheld"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "withheld:F-R3:Première relance"));
    CHECK(Headless::items()["withheld:F-R3:Première relance"][4] == "Litige");
    // Execute the automatic ones: the SMS, and the call becomes a task logged from here.
    s.app.router().navigate({"relances", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "Exécuter les automatiques"));
    click(s, "Exécuter les automatiques");
    s.app.router().navigate({"relances", {{"tab", "calls"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "Messagerie##task-1"));
    click(s, "Messagerie##task-1");
    for (int k = 0; k < 8; ++k)
        s.imgui.frame(s.app);
    REQUIRE(s.imgui.frameUntil(s.app, "relances:empty"));
    CHECK(Headless::items()["relances:empty"][4] == "Aucun appel à passer.");
    // Settings: the company's details are on the Settings screen, the rules and the ECB
    // rates on the set-up screen (view_relance_setup_test.cpp); this tab leads there.
    s.app.router().navigate({"relances", {{"tab", "settings"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "relances:setup"));
    CHECK(Headless::items().contains("relances:company"));
    click(s, "Scénarios de relance##relances-setup");
    CHECK(s.app.router().current().view == "relance_setup");
}
