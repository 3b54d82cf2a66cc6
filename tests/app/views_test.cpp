// Each screen drawn headless (Dear ImGui without a window) against the real core
// in-process, frame by frame, and checked through the test hook: what the user would
// see — the first start, sign-in, the Clients list and form, the status screens, the
// English switch, the router's history.
#include "app/app.hpp"
#include "app/i18n.hpp"
#include "app/platform.hpp"
#include "app/test_hook.hpp"
#include "desktop/inprocess_transport.hpp"
#include "tests/app/fake_transport.hpp"
#include "tests/app/headless.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>
#include <imgui.h>

#include <functional>

using namespace crm;
using nlohmann::json;

namespace {

using test::Headless;

struct Screens {
    std::unique_ptr<db::Database> db = test::memoryDb();
    api::Dispatcher api{*db, test::testClock(), test::fastAuth()};
    app::InProcessTransport transport{api};
    Headless imgui;
    app::App app{transport};
    Screens()
    {
        app::setLanguage(app::Language::Fr);
        transport.announceReady();
    }
    json command(const std::string& method, const json& params)
    {
        json reply;
        app.store().command(method, params, [&](const json& r) { reply = r; });
        imgui.frame(app);
        return reply;
    }
};

} // namespace

TEST_CASE("view: first start, then sign-in, then the Clients screen")
{
    Screens s;
    REQUIRE(s.imgui.frameUntil(s.app, "##setup-email"));
    CHECK(Headless::items().contains("Créer le compte administrateur"));
    REQUIRE(s.command("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}}).contains("result"));
    REQUIRE(s.imgui.frameUntil(s.app, "##login-email"));
    REQUIRE(s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}}).contains("result"));
    REQUIRE(s.imgui.frameUntil(s.app, "view:today")); // the home screen: the day's work
    REQUIRE(s.imgui.frameUntil(s.app, "count:to_confirm"));
    s.app.router().navigate({"clients", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "##clients-search"));
    REQUIRE(s.imgui.frameUntil(s.app, "Charger les données de démonstration")); // the empty list
    const json items = Headless::items();
    CHECK(items.contains("Clients##nav-clients")); // the navigation bar, from the registry
    CHECK(items.contains("Nouveau client"));       // an administrator may create clients
    CHECK(items.contains("view:clients"));
    // Signing out returns to the sign-in form.
    s.command("auth.logout", json::object());
    CHECK(s.imgui.frameUntil(s.app, "##login-email"));
}

TEST_CASE("view: the Clients list, a client's form through the router, Back")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const json c = s.command("client.create", {{"code", "VUE-1"}, {"name", "Vue Imprenable"}})["result"];
    s.command("invoice.create",
        {{"number", "F-V1"}, {"client_id", c["id"]}, {"issue_date", "2026-09-01"}, {"due_date", "2026-10-01"},
            {"amount_cents", 123456}});
    s.app.router().navigate({"clients", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "Vue Imprenable"));
    CHECK(Headless::items()["overdue_cents:VUE-1"][4] == "1\u202F234,56\u00A0€");
    CHECK(Headless::items().contains("header:overdue"));
    s.app.router().navigate({"clients", {{"client_id", c["id"]}}});
    REQUIRE(s.imgui.frameUntil(s.app, "##form-code"));
    REQUIRE(s.imgui.frameUntil(s.app, "invoice:F-V1"));
    CHECK(Headless::items()["summary.open:EUR"][4] == "1\u202F234,56\u00A0€");
    REQUIRE(s.imgui.frameUntil(s.app, "summary.stage"));
    CHECK(Headless::items()["summary.stage"][4] == "Amiable");
    CHECK(s.app.router().canBack());
    s.app.router().back();
    for (int k = 0; k < 4; ++k)
        s.imgui.frame(s.app);
    CHECK_FALSE(Headless::items().contains("##form-code"));
    // An unknown route falls back to the first screen the user may see.
    s.app.router().navigate({"nowhere", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:today"));
    CHECK(s.app.router().current().view == "today");
}

TEST_CASE("view: an agent's capabilities decide what is shown")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    s.api.call("user.create", {{"email", "agent@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin);
    s.command("auth.login", {{"email", "agent@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"clients", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "##clients-search"));
    for (int k = 0; k < 6; ++k)
        s.imgui.frame(s.app);
    CHECK(Headless::items().contains("Clients##nav-clients"));
    CHECK_FALSE(Headless::items().contains("Nouveau client"));
    CHECK_FALSE(Headless::items().contains("Charger les données de démonstration"));
}

TEST_CASE("view: English")
{
    Screens s;
    app::setLanguage(app::Language::En);
    REQUIRE(s.imgui.frameUntil(s.app, "Create the administrator account"));
    app::setLanguage(app::Language::Fr);
}

TEST_CASE("view: the status screens (another tab holds the database, this one handed it over, it could not be opened)")
{
    Headless imgui;
    test::FakeTransport t;
    app::App a(t);
    app::setLanguage(app::Language::Fr);
    t.push({{"event", "locked"}});
    REQUIRE(imgui.frameUntil(a, "notice:locked"));
    CHECK(Headless::items().contains("Prendre la main ici"));
    // Handed over to another tab: said so, and it can be taken back.
    t.push({{"event", "released"}});
    REQUIRE(imgui.frameUntil(a, "notice:released"));
    CHECK(Headless::items().contains("Reprendre la main ici"));
    t.push({{"event", "taking-over"}});
    REQUIRE(imgui.frameUntil(a, "notice:starting"));
    CHECK(Headless::items()["notice:starting"][4] == "taking-over");
    // A new build waits: offered, then said to wait for the running command.
    t.push({{"event", "update"}});
    REQUIRE(imgui.frameUntil(a, "Recharger pour mettre à jour"));
    t.push({{"event", "updating"}});
    REQUIRE(imgui.frameUntilText(a, "notice:update", "Mise à jour dès la fin de l’opération en cours…"));
    CHECK(!Headless::items().contains("Recharger pour mettre à jour"));
    t.push({{"event", "fatal"}, {"message", "disque plein"}});
    REQUIRE(imgui.frameUntil(a, "notice:fatal"));
    CHECK(Headless::items()["notice:fatal"][4] == "disque plein");
}

namespace {

// Clicks the widget the last frame recorded under `label` (real mouse input: move,
// press for a frame, release).
void click(Screens& s, const std::string& label)
{
    const json items = Headless::items();
    REQUIRE_MESSAGE(items.contains(label), label);
    const json r = items[label];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
    s.imgui.frame(s.app);
    io.MouseDown[0] = true;
    s.imgui.frame(s.app);
    io.MouseDown[0] = false;
    s.imgui.frame(s.app);
    s.imgui.frame(s.app);
}

} // namespace

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
    // Settings: the shipped ECB rates, the company form for an administrator.
    s.app.router().navigate({"relances", {{"tab", "settings"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "rate:2026-S1"));
    CHECK(Headless::items()["rate:2026-S1"][4] == "2,15\u00A0%");
    CHECK(Headless::items()["rate:2023-S2"][4] == "4,00\u00A0%");
    CHECK(Headless::items()["legal-rate:2026-S1"][4] == "12,15\u00A0%"); // the core's legal_rate_bp
    CHECK(Headless::items().contains("##set-iban"));
}

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

TEST_CASE("view: the first-run screen loads the demo portfolio and signs in to it")
{
    Screens s;
    REQUIRE(s.imgui.frameUntil(s.app, "Essayer avec des données de démonstration"));
    click(s, "Essayer avec des données de démonstration");
    REQUIRE(s.imgui.frameUntil(s.app, "view:today", 400));
    const json clients = s.command("client.list", json::object())["result"];
    CHECK(clients["total"].get<int>() >= 200);
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

TEST_CASE("view: a collector's main path with the mouse and the keyboard — client, invoice, partial payment, "
          "a call's promise, today's plan")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    auto& ui = s.imgui;
    // Sign in through the form.
    REQUIRE(ui.type(s.app, "##login-email", "chef@pme.fr"));
    REQUIRE(ui.type(s.app, "##login-password", test::kPassword));
    REQUIRE(ui.click(s.app, "Se connecter"));
    REQUIRE(ui.frameUntil(s.app, "view:today"));

    // A new client, from the Clients screen.
    REQUIRE(ui.click(s.app, "Clients##nav-clients"));
    REQUIRE(ui.click(s.app, "Nouveau client"));
    REQUIRE(ui.type(s.app, "##form-code", "DUR-01"));
    REQUIRE(ui.type(s.app, "##form-name", "Durand Menuiserie"));
    REQUIRE(ui.type(s.app, "##form-phone", "+33102030405"));
    REQUIRE(ui.click(s.app, "Enregistrer"));
    const json list = s.api.call("client.list", {{"search", "DUR-01"}}, "");
    const std::int64_t id = [&] {
        for (int k = 0; k < 20; ++k) {
            ui.frame(s.app);
            const json items = Headless::items();
            for (auto it = items.begin(); it != items.end(); ++it)
                if (it.key().rfind("Durand Menuiserie##client-", 0) == 0)
                    return std::stoll(it.key().substr(std::string("Durand Menuiserie##client-").size()));
        }
        return 0LL;
    }();
    REQUIRE(id > 0);
    // Its page, from the list; an invoice typed the French way.
    REQUIRE(ui.click(s.app, "Durand Menuiserie##client-" + std::to_string(id)));
    REQUIRE(ui.frameUntilText(s.app, "client:name", "Durand Menuiserie"));
    REQUIRE(ui.click(s.app, "Nouvelle facture"));
    REQUIRE(ui.type(s.app, "##inv-number", "FA-100"));
    REQUIRE(ui.type(s.app, "##inv-issue", "01/09/2026"));
    REQUIRE(ui.type(s.app, "##inv-due", "01/10/2026"));
    REQUIRE(ui.type(s.app, "##inv-amount", "1 500,00"));
    REQUIRE(ui.click(s.app, "Enregistrer"));
    REQUIRE(ui.frameUntilText(s.app, "status:FA-100", "open"));
    REQUIRE(ui.frameUntilText(s.app, "page.balance", "1\u202F500,00\u00A0€"));
    CHECK(Headless::items()["page.days"][4] == "54");

    // A partial payment: the editor suggests the oldest invoice; balance and status follow.
    REQUIRE(ui.click(s.app, "Enregistrer un règlement"));
    REQUIRE(ui.type(s.app, "##pay-date", "24/11/2026"));
    REQUIRE(ui.type(s.app, "##pay-amount", "600"));
    REQUIRE(ui.frameUntilText(s.app, "pay:credit", "0,00\u00A0€")); // all of it on FA-100
    REQUIRE(ui.click(s.app, "Enregistrer le règlement"));
    REQUIRE(ui.frameUntilText(s.app, "status:FA-100", "partially_paid"));
    REQUIRE(ui.frameUntilText(s.app, "page.balance", "900,00\u00A0€"));
    REQUIRE(ui.frameUntilText(s.app, "open:FA-100", "900,00\u00A0€"));

    // A call: the client promises 900 € on 1 December; the chase is held.
    REQUIRE(ui.click(s.app, "Promesse…##log-call"));
    REQUIRE(ui.type(s.app, "##promise-date", "01/12/2026"));
    REQUIRE(ui.type(s.app, "##promise-amount", "900,00"));
    REQUIRE(ui.click(s.app, "Enregistrer la promesse"));
    REQUIRE(ui.frameUntilText(s.app, "held:FA-100", "⏸ suspendue")); // the invoices tab marks it
    REQUIRE(ui.click(s.app, "tab:holds"));
    REQUIRE(ui.frameUntilText(s.app, "hold:promise", "En cours"));
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    const json plan = s.api.call("relance.plan", {{"client_id", id}}, admin);
    REQUIRE(plan["withheld"].size() == 1);
    CHECK(plan["withheld"][0]["reason"] == "promise");
    CHECK(s.api.call("client.list", {{"held", true}}, admin)["total"] == 1);

    // Today: another client's overdue invoice is chased from the home screen.
    const json other = s.api.call(
        "client.create", {{"code", "MAR-02"}, {"name", "Martin Frères"}, {"email", "compta@martin.fr"}}, admin);
    s.api.call("invoice.create",
        {{"number", "FA-200"}, {"client_id", other["id"]}, {"issue_date", "2026-10-01"}, {"due_date", "2026-11-17"},
            {"amount_cents", 48000}},
        admin);
    REQUIRE(ui.click(s.app, "Aujourd’hui##nav-today"));
    REQUIRE(ui.frameUntilText(s.app, "count:automatic", "1"));
    REQUIRE(ui.click(s.app, "Exécuter les 1 relances automatiques"));
    REQUIRE(ui.frameUntilText(s.app, "count:to_send", "1"));
    CHECK(Headless::items()["count:automatic"][4] == "0");
    CHECK(Headless::items().contains("Martin Frères##send-1"));
    // The line opens its client.
    REQUIRE(ui.click(s.app, "Martin Frères##send-1"));
    REQUIRE(ui.frameUntilText(s.app, "client:name", "Martin Frères"));
    // A reminder written now from a template, previewed with its amounts, then sent.
    REQUIRE(ui.click(s.app, "Relancer maintenant…"));
    REQUIRE(ui.frameUntil(s.app, "remind:totals"));
    CHECK(Headless::items()["remind:totals"][4].get<std::string>().rfind("1 facture(s) échue(s) : principal 480,00", 0)
        == 0);
    REQUIRE(ui.click(s.app, "Envoyer (ouvre la messagerie)"));
    for (int k = 0; k < 6; ++k)
        ui.frame(s.app);
    CHECK(app::platform::lastUrl().rfind("mailto:compta@martin.fr?subject=", 0) == 0);
    REQUIRE(ui.click(s.app, "tab:timeline"));
    CHECK(s.api.call("communication.list", {{"client_id", other["id"]}}, admin)["total"] == 2); // the plan's, this one
    // The shortcuts are one click (or the ? key) away.
    REQUIRE(ui.click(s.app, "?##help"));
    REQUIRE(ui.frameUntil(s.app, "help"));
    CHECK(Headless::items()["help"][4] == "Raccourcis clavier");
}

TEST_CASE("view: a session that ends while a form is being typed returns to sign-in, and the text is still there")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const json login = s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["result"];
    REQUIRE(login.contains("token"));
    auto& ui = s.imgui;
    s.app.router().navigate({"clients", {{"new", 1}}});
    REQUIRE(ui.type(s.app, "##form-code", "BRO-1"));
    REQUIRE(ui.type(s.app, "##form-name", "Brouillon Durable"));
    // The session ends elsewhere (another tab signed out, or it expired); saving finds out.
    s.api.call("auth.logout", json::object(), login["token"].get<std::string>());
    REQUIRE(ui.click(s.app, "Enregistrer"));
    REQUIRE(ui.frameUntil(s.app, "##login-email"));
    REQUIRE(ui.type(s.app, "##login-email", "chef@pme.fr"));
    REQUIRE(ui.type(s.app, "##login-password", test::kPassword));
    REQUIRE(ui.click(s.app, "Se connecter"));
    // Back on the form, as it was left.
    REQUIRE(ui.frameUntil(s.app, "##form-name"));
    CHECK(s.app.router().current().view == "clients");
    REQUIRE(ui.click(s.app, "Enregistrer"));
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    for (int k = 0; k < 10; ++k)
        ui.frame(s.app);
    const json found = s.api.call("client.list", {{"search", "BRO-1"}}, admin);
    REQUIRE(found["rows"].size() == 1);
    CHECK(found["rows"][0]["name"] == "Brouillon Durable");
}
