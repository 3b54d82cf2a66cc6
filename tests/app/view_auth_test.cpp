// The first start, sign-in, English, the demo's first-run screen, and a session that ends
// while a form is typed — drawn headless against the core (tests/app/screens.hpp).
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

TEST_CASE("view: first start, then sign-in, then the Clients screen")
{
    Screens s;
    REQUIRE(s.imgui.frameUntil(s.app, "##setup-email"));
    CHECK(Headless::items().contains("Créer le compte administrateur"));
    REQUIRE(s.command("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}}).contains("result"));
    REQUIRE(s.imgui.frameUntil(s.app, "##login-email"));
    REQUIRE(s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}}).contains("result"));
    REQUIRE(s.imgui.frameUntil(s.app, "view:dashboard")); // an administrator's home screen
    s.app.router().navigate({"today", json::object()});
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

TEST_CASE("view: English")
{
    Screens s;
    app::setLanguage(app::Language::En);
    REQUIRE(s.imgui.frameUntil(s.app, "Create the administrator account"));
    app::setLanguage(app::Language::Fr);
}

TEST_CASE("view: the first-run screen loads the demo portfolio and signs in to it")
{
    Screens s;
    REQUIRE(s.imgui.frameUntil(s.app, "Essayer avec des données de démonstration"));
    click(s, "Essayer avec des données de démonstration");
    REQUIRE(s.imgui.frameUntil(s.app, "view:dashboard", 400));
    const json clients = s.command("client.list", json::object())["result"];
    CHECK(clients["total"].get<int>() >= 200);
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
