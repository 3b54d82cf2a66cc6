// A collector's main path on the client page, with the mouse and the keyboard: client,
// invoice, partial payment, a call's promise, today's plan.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

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
    REQUIRE(ui.frameUntil(s.app, "view:dashboard")); // an administrator's home

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
    std::fprintf(stderr, "BEFORE %s\n", Headless::items().dump().c_str());
    REQUIRE(ui.click(s.app, "tab:timeline"));
    CHECK(s.api.call("communication.list", {{"client_id", other["id"]}}, admin)["total"] == 2); // the plan's, this one
    // The shortcuts are one click (or the ? key) away.
    REQUIRE(ui.click(s.app, "?##help"));
    REQUIRE(ui.frameUntil(s.app, "help"));
    CHECK(Headless::items()["help"][4] == "Raccourcis clavier");
}
