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

TEST_CASE("view: letters withheld for the company's details are said on Relances and Today, and lead to Settings")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const json c = s.command("client.create",
        {{"code", "LET-1"}, {"name", "Lettre SA"}, {"address", "3 rue du Port\n13002 Marseille"}})["result"];
    const json noAddress = s.command("client.create", {{"code", "LET-2"}, {"name", "Sans Adresse"}})["result"];
    for (const auto& [client, number] : {std::pair{c["id"], "F-L1"}, {noAddress["id"], "F-L2"}})
        s.command("invoice.create",
            {{"number", number}, {"client_id", client}, {"issue_date", "2026-09-01"}, {"due_date", "2026-10-20"},
                {"amount_cents", 50000}}); // J+35 on the 24th: the formal notice
    s.app.router().navigate({"relances", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "letters:no_company"));
    CHECK(Headless::items()["letters:no_company"][4].get<std::string>().rfind("2 lettre(s) retenue(s)", 0) == 0);
    s.app.router().navigate({"today", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "letters:no_company"));
    click(s, "Compléter dans Paramètres");
    CHECK(s.app.router().current().view == "settings");
    REQUIRE(s.imgui.frameUntil(s.app, "settings:missing"));
    CHECK(Headless::items()["settings:missing"][4].get<std::string>().find("Signataire") != std::string::npos);
    // Once the company is complete, the client without an address is the one still waiting.
    s.command("settings.update",
        {{"legal_name", "Recouvra SAS"}, {"address", "1 place de la Bourse\n69002 Lyon"}, {"siret", "73282932000074"},
            {"iban", "FR76 3000 6000 0112 3456 7890 189"}, {"bic", "AGRIFRPP"}, {"signatory", "Claire Dupuis"}});
    REQUIRE(s.imgui.frameUntilText(s.app, "settings:missing", ""));
    s.app.router().navigate({"relances", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "letters:no_address"));
    CHECK(Headless::items()["letters:no_address"][4].get<std::string>().rfind("1 lettre(s) retenue(s)", 0) == 0);
    CHECK_FALSE(Headless::items().contains("letters:no_company"));
}
