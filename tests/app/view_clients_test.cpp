// The Clients list and form, through the router, and what an agent's capabilities show.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

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
    // An unknown route falls back to the user's home screen (an administrator's: the dashboard).
    s.app.router().navigate({"nowhere", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:dashboard"));
    CHECK(s.app.router().current().view == "dashboard");
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
    CHECK_FALSE(Headless::items().contains("Stockage##nav-storage")); // not in the bar
    // Its address typed anyway: said plainly, with the way home (Today, an agent's).
    s.app.router().navigate({"storage", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:refused"));
    CHECK(Headless::items()["refused:text"][4].get<std::string>().find("Stockage") != std::string::npos);
    CHECK_FALSE(Headless::items().contains("view:storage"));
    click(s, "Revenir à mon écran d’accueil");
    REQUIRE(s.imgui.frameUntil(s.app, "view:today"));
}

TEST_CASE("view: clients ticked in the list are assigned together to a collector")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    const json agent = s.api.call(
        "user.create", {{"email", "agent@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin);
    for (const char* code : {"PICK-1", "PICK-2", "PICK-3"})
        s.api.call("client.create", {{"code", code}, {"name", std::string("Client ") + code}}, admin);
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"clients", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "##pick-PICK-1"));
    click(s, "##pick-PICK-1");
    click(s, "##pick-PICK-3");
    REQUIRE(s.imgui.frameUntil(s.app, "##assign-to"));
    click(s, "##assign-to");
    REQUIRE(s.imgui.click(s.app, "agent@pme.fr##" + std::to_string(agent["id"].get<std::int64_t>())));
    REQUIRE(s.imgui.click(s.app, "Attribuer"));
    REQUIRE(s.imgui.frameUntil(s.app, "toast"));
    const json mine = s.api.call("client.list", {{"collector_id", agent["id"]}}, admin);
    REQUIRE(mine["total"] == 2);
    CHECK(mine["rows"][0]["code"] == "PICK-1");
    CHECK(mine["rows"][1]["code"] == "PICK-3");
    for (int k = 0; k < 4; ++k)
        s.imgui.frame(s.app);
    CHECK_FALSE(Headless::items().contains("##assign-to")); // the selection is cleared
}
