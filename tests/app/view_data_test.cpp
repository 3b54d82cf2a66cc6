// The Data and Import / export screens: a snapshot downloaded, picked, refused with its
// problems; a CSV of invoices previewed, its mapping fixed, imported.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

TEST_CASE("view: Data — download a snapshot, pick one, a refused one lists its problems")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("client.create", {{"code", "DATA-1"}, {"name", "Données Utiles"}});
    std::string offered;
    app::platform::install({nullptr, nullptr, [&](const std::string&) {
                                app::platform::filePicked("instantane.json", offered);
                                return true;
                            }});
    s.app.router().navigate({"data", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "Télécharger l’instantané (JSON)"));
    click(s, "Télécharger l’instantané (JSON)");
    for (int k = 0; k < 6 && app::platform::lastFileName() != "crm-instantane.json"; ++k)
        s.imgui.frame(s.app);
    CHECK(app::platform::lastFileName() == "crm-instantane.json");
    // A broken snapshot: refused, with where.
    offered = "{\"format\": \"autre chose\"}";
    click(s, "Choisir un fichier…");
    REQUIRE(s.imgui.frameUntil(s.app, "data:picked"));
    click(s, "Remplacer les données");
    REQUIRE(s.imgui.frameUntil(s.app, "Oui, tout remplacer"));
    click(s, "Oui, tout remplacer");
    REQUIRE(s.imgui.frameUntil(s.app, "data:problem"));
    CHECK(Headless::items()["data:problem"][4] == "$.format");
    CHECK(s.command("client.list", json::object())["result"]["total"] == 1); // nothing changed
    app::platform::install({});
}

TEST_CASE("view: Import / export — a CSV of invoices previewed row by row, its mapping fixed, then imported")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("client.create", {{"code", "C1"}, {"name", "Client Un"}});
    // "Pièce" is not a header the screen recognises: the number is mapped by hand.
    std::string offered = "Pièce;Code client;Date;Montant TTC\r\nFA-1;C1;01/10/2026;1 200,50\r\n"
                          "FA-2;C1;15/10/2026;-3,00\r\nFA-3;C1;16/10/2026;80\r\n";
    app::platform::install({nullptr, nullptr, [&](const std::string&) {
                                app::platform::filePicked("factures.csv", offered);
                                return true;
                            }});
    s.app.router().navigate({"data", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "Choisir un CSV ou un FEC…"));
    click(s, "Choisir un CSV ou un FEC…");
    REQUIRE(s.imgui.frameUntil(s.app, "imp:counts"));
    // "piece" is one of the number's names: guessed. Two rows fine, one in error.
    CHECK(Headless::items()["imp:counts"][4] == "2 nouvelles · 0 modifiées · 0 inchangées · 1 en erreur");
    CHECK(Headless::items()["imp:row_error"][4].get<std::string>().rfind("3 colonne « Montant TTC »", 0) == 0);
    CHECK(Headless::items().contains("Importer (2 lignes)"));
    // Rows in error hold the import back until the user says to skip them.
    click(s, "Ignorer les lignes en erreur");
    click(s, "Importer (2 lignes)");
    REQUIRE(s.imgui.frameUntil(s.app, "imp:report"));
    CHECK(Headless::items()["imp:report"][4] == "Import terminé : 2 nouvelles, 0 modifiées, 0 inchangées, 1 ignorées.");
    REQUIRE(s.imgui.frameUntil(s.app, "imp:counts"));
    for (int k = 0; k < 6; ++k)
        s.imgui.frame(s.app);
    CHECK(Headless::items()["imp:counts"][4] == "0 nouvelles · 0 modifiées · 2 inchangées · 1 en erreur");
    const json list = s.command("invoice.list", json::object())["result"];
    CHECK(list["total"] == 2);
    CHECK(list["rows"][0]["amount_cents"] == 120050);

    // A file whose required column has no recognisable header: the screen asks for it.
    offered = "Facture n°X;Tiers;Le;Somme\nFA-9;C1;01/11/2026;10,00\n";
    click(s, "Choisir un CSV ou un FEC…");
    REQUIRE(s.imgui.frameUntil(s.app, "imp:mapping_problem"));
    CHECK(Headless::items()["imp:mapping_problem"][4] == "unmapped");
    app::platform::install({});
}
