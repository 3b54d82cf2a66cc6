// The Team screen: a user created with the mouse gets a temporary password shown once
// that signs them in; a portfolio moved; managers read; agents are told it is not theirs.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

TEST_CASE("view: the Team screen creates a user with a temporary password, moves a portfolio")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    const json lea
        = s.api.call("user.create", {{"email", "lea@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin);
    s.api.call("user.create", {{"email", "resp@pme.fr"}, {"password", test::kPassword}, {"role", "manager"}}, admin);
    for (const char* code : {"T-1", "T-2", "T-3"})
        s.api.call("client.create", {{"code", code}, {"name", code}, {"assigned_to", lea["id"]}}, admin);
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"team", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "team:clients:lea@pme.fr"));
    CHECK(Headless::items()["team:clients:lea@pme.fr"][4] == "3");
    CHECK(Headless::items()["team:state:lea@pme.fr"][4] == "Actif");
    // A new collector, typed in the dialog.
    REQUIRE(s.imgui.click(s.app, "Nouvel utilisateur"));
    REQUIRE(s.imgui.type(s.app, "##team-email", "paul@pme.fr"));
    REQUIRE(s.imgui.type(s.app, "##team-first", "Paul"));
    REQUIRE(s.imgui.click(s.app, "Enregistrer"));
    REQUIRE(s.imgui.frameUntil(s.app, "team:temporary"));
    const std::string temporary = Headless::items()["team:temporary"][4];
    CHECK(s.api.call("auth.login", {{"email", "paul@pme.fr"}, {"password", temporary}}).contains("token"));
    click(s, "C’est noté");
    s.imgui.frame(s.app);
    s.imgui.frame(s.app);
    CHECK_FALSE(Headless::items().contains("team:temporary"));
    // Léa's portfolio to Paul, through the move dialog.
    const json users = s.command("user.list", json::object())["result"]["rows"];
    std::int64_t paul = 0;
    for (const auto& u : users)
        if (u["email"] == "paul@pme.fr")
            paul = u["id"];
    REQUIRE(paul > 0);
    REQUIRE(s.imgui.click(s.app, "Transférer un portefeuille"));
    REQUIRE(s.imgui.click(s.app, "##move-from"));
    REQUIRE(s.imgui.click(s.app, "lea@pme.fr##" + std::to_string(lea["id"].get<std::int64_t>())));
    REQUIRE(s.imgui.click(s.app, "##move-to"));
    REQUIRE(s.imgui.click(s.app, "Paul##" + std::to_string(paul)));
    REQUIRE(s.imgui.click(s.app, "Transférer"));
    REQUIRE(s.imgui.frameUntil(s.app, "toast"));
    REQUIRE(s.imgui.frameUntil(s.app, "team:clients:paul@pme.fr"));
    for (int k = 0; k < 10 && Headless::items()["team:clients:paul@pme.fr"][4] != "3"; ++k)
        s.imgui.frame(s.app);
    CHECK(Headless::items()["team:clients:paul@pme.fr"][4] == "3");
    // A manager reads; an agent is refused.
    s.command("auth.login", {{"email", "resp@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"team", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "team:clients:paul@pme.fr"));
    CHECK_FALSE(Headless::items().contains("Nouvel utilisateur"));
    s.command("auth.login", {{"email", "lea@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"team", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:refused"));
}
