// The relance set-up screen, with the user's hands: a step added and simulated for
// tomorrow before it is saved, then saved from the simulation; a template edited with the
// palette and its preview following on a client picked by name, a placeholder error shown
// in place; the ECB rates; an agent refused.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

namespace {

bool hasStep(Screens& s, const std::string& name)
{
    const json all = s.command("scenario.list", json::object());
    for (const auto& sc : all["result"]["rows"])
        for (const auto& st : sc["steps"])
            if (st["name"] == name)
                return true;
    return false;
}

} // namespace

TEST_CASE("view: the relance set-up — a step simulated before it is saved, a template previewed, the rates")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    s.api.call("user.create", {{"email", "resp@pme.fr"}, {"password", test::kPassword}, {"role", "manager"}}, admin);
    s.api.call("user.create", {{"email", "lea@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin);
    s.api.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 200}}, admin);
    s.api.call("settings.update",
        {{"legal_name", "Recouvra SAS"}, {"address", "1 place de la Bourse\n69002 Lyon"}, {"siret", "73282932000074"},
            {"iban", "FR76 3000 6000 0112 3456 7890 189"}, {"bic", "AGRIFRPP"}, {"signatory", "Claire Dupuis"}},
        admin);
    const json c = s.api.call("client.create",
        {{"code", "REL-1"}, {"name", "Relance Industrie"}, {"email", "compta@relance.fr"},
            {"address", "3 rue du Port\n13002 Marseille"}},
        admin);
    // Today 2026-11-24: due on 17/11, J+8 tomorrow.
    s.api.call("invoice.create",
        {{"number", "F-S1"}, {"client_id", c["id"]}, {"issue_date", "2026-10-01"}, {"due_date", "2026-11-17"},
            {"amount_cents", 100000}},
        admin);
    s.command("auth.login", {{"email", "resp@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"relance_setup", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "setup-step:Première relance"));
    CHECK(Headless::items()["setup-step:Première relance"][4] == "J+7 E-mail");
    CHECK(Headless::items()["setup:scenario"][4] == "Scénario standard");

    // A letter at J+7, typed in the step form, simulated for tomorrow without saving.
    auto letterStep = [&] {
        REQUIRE(s.imgui.click(s.app, "Ajouter une étape"));
        REQUIRE(s.imgui.type(s.app, "##step-name", "Courrier J+7"));
        REQUIRE(s.imgui.click(s.app, "##step-channel"));
        REQUIRE(s.imgui.click(s.app, "Courrier##step-channel-letter"));
        REQUIRE(s.imgui.click(s.app, "##step-template"));
        REQUIRE(s.imgui.click(s.app, "formal_notice — Mise en demeure (Courrier)##tpl-formal_notice"));
        REQUIRE(s.imgui.click(s.app, "Simuler sans enregistrer"));
    };
    letterStep();
    REQUIRE(s.imgui.frameUntil(s.app, "sim:draft"));
    REQUIRE(s.imgui.frameUntil(s.app, "sim-step:Courrier J+7"));
    CHECK(Headless::items()["sim-step:Courrier J+7"][4] == "1");
    CHECK(Headless::items()["sim-step:Première relance"][4] == "1");
    CHECK(Headless::items()["sim:totals"][4].get<std::string>().rfind("2 relance(s) pour 1 client(s)", 0) == 0);
    CHECK_FALSE(hasStep(s, "Courrier J+7")); // a simulation saves nothing
    // Without the change, the letter is gone from tomorrow's plan.
    click(s, "Sans la modification");
    REQUIRE(s.imgui.frameUntil(s.app, "sim-step:Première relance"));
    for (int k = 0; k < 5; ++k)
        s.imgui.frame(s.app);
    CHECK_FALSE(Headless::items().contains("sim-step:Courrier J+7"));
    // Again, and saved from the simulation.
    s.app.router().navigate({"relance_setup", {{"tab", "steps"}}});
    letterStep();
    REQUIRE(s.imgui.click(s.app, "Enregistrer la modification"));
    for (int k = 0; k < 5 && !hasStep(s, "Courrier J+7"); ++k)
        s.imgui.frame(s.app);
    CHECK(hasStep(s, "Courrier J+7"));
    s.app.router().navigate({"relance_setup", {{"tab", "steps"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "setup-step:Courrier J+7"));
    CHECK(Headless::items()["setup-step:Courrier J+7"][4] == "J+7 Courrier");

    // A template: the palette inserts at the cursor, the preview follows on a client picked
    // by name; a wrong placeholder is named in place.
    s.app.router().navigate({"relance_setup", {{"tab", "templates"}}});
    std::int64_t reminder = 0;
    const json templates = s.command("relance_template.list", json::object());
    for (const auto& t : templates["result"]["rows"])
        if (t["code"] == "reminder" && t["language"] == "fr")
            reminder = t["id"];
    REQUIRE(s.imgui.click(s.app, "reminder (fr)##tpl-" + std::to_string(reminder)));
    REQUIRE(s.imgui.type(s.app, "##preview-client", "relance"));
    REQUIRE(s.imgui.click(s.app, "Relance Industrie (REL-1)##pick-" + std::to_string(c["id"].get<std::int64_t>())));
    REQUIRE(s.imgui.frameUntil(s.app, "preview:body"));
    CHECK(Headless::items()["preview:body"][4].get<std::string>().find("F-S1") != std::string::npos);
    REQUIRE(s.imgui.click(s.app, "{client.code}"));
    CHECK(s.imgui.frameUntil(s.app, "preview:body"));
    bool followed = false;
    for (int k = 0; k < 20 && !followed; ++k) {
        s.imgui.frame(s.app);
        const std::string body = Headless::items()["preview:body"][4];
        followed = body.size() >= 5 && body.compare(body.size() - 5, 5, "REL-1") == 0;
    }
    CHECK(followed);
    REQUIRE(s.imgui.type(s.app, "##tpl-subject", " {client.nom}"));
    REQUIRE(s.imgui.frameUntil(s.app, "preview:error"));
    CHECK(Headless::items()["preview:error"][4] == "Champ de fusion inconnu.");
    CHECK(Headless::items()["preview:where"][4].get<std::string>().find("client.nom") != std::string::npos);

    // The rates.
    s.app.router().navigate({"relance_setup", {{"tab", "rates"}}});
    REQUIRE(s.imgui.frameUntil(s.app, "rate:2026-S1"));
    CHECK(Headless::items()["rate:2026-S1"][4] == "2,15\u00A0%");
    CHECK(Headless::items()["rate:2026-S2"][4] == "2,00\u00A0%");
    CHECK(Headless::items()["legal-rate:2026-S1"][4] == "12,15\u00A0%"); // the core's legal_rate_bp

    // An agent is told the screen is not theirs.
    s.command("auth.login", {{"email", "lea@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"relance_setup", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:refused"));
}
