// The Journal: a log line's change field by field, the list filtered, a line opened to
// its record; an agent is told the screen is not theirs.
#include "app/views/view_log.hpp"
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

TEST_CASE("log: a change field by field, the changed fields first")
{
    const auto c = app::fieldChanges(
        {{"amount", 1}, {"name", "x"}, {"old", "y"}}, {{"amount", 2}, {"name", "x"}, {"added", true}});
    REQUIRE(c.size() == 4);
    CHECK(c[0].field == "added");
    CHECK(c[0].before.empty());
    CHECK(c[0].after == "true");
    CHECK(c[1].field == "amount");
    CHECK(c[1].before == "1");
    CHECK(c[1].after == "2");
    CHECK(c[2].field == "old");
    CHECK(c[2].after.empty());
    CHECK(c[3].field == "name");
    CHECK_FALSE(c[3].changed);
    // A creation: every field is new; a line with no detail has none.
    const auto created = app::fieldChanges(nullptr, {{"code", "A"}, {"name", "Alpha"}});
    CHECK(created.size() == 2);
    CHECK(std::all_of(created.begin(), created.end(), [](const app::FieldChange& f) { return f.changed; }));
    CHECK(app::fieldChanges(nullptr, nullptr).empty());
    // Nested values read as their JSON.
    CHECK(app::fieldChanges(nullptr, {{"tags", {1, 2}}})[0].after == "[1,2]");
}

TEST_CASE("view: the Journal lists the changes, filters them, shows one field by field and opens its record")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    s.api.call("user.create", {{"email", "agent@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin);
    const json c = s.api.call("client.create", {{"code", "JRN"}, {"name", "Ancien Nom"}}, admin);
    REQUIRE(c.contains("id"));
    REQUIRE(
        s.api.call("client.update", {{"id", c["id"]}, {"code", "JRN"}, {"name", "Nouveau Nom"}}, admin).contains("id"));
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"log", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:log"));
    REQUIRE(s.imgui.frameUntil(s.app, "log:total"));
    // In the bar's « Gestion » menu.
    REQUIRE(s.imgui.click(s.app, "Gestion ▾##nav-menu"));
    CHECK(s.imgui.frameUntil(s.app, "Journal##nav-log"));
    REQUIRE(s.imgui.click(s.app, "Journal##nav-log"));
    // Only the clients' lines: the creation and the change.
    const json clientsOnly = s.command("log.list", {{"entity", "clients"}})["result"];
    REQUIRE(clientsOnly["total"] == 2);
    const std::int64_t updateLine = clientsOnly["rows"][0]["id"]; // newest first
    CHECK(clientsOnly["rows"][0]["action"] == "client.update");
    REQUIRE(s.imgui.frameUntil(s.app, "log:action:" + std::to_string(updateLine)));
    // The line chosen: its change field by field, then its record.
    const json row = Headless::items()["log:action:" + std::to_string(updateLine)];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(40, row[1].get<float>() + row[3].get<float>() / 2); // the row's first cell
    s.imgui.frame(s.app);
    io.MouseDown[0] = true;
    s.imgui.frame(s.app);
    io.MouseDown[0] = false;
    REQUIRE(s.imgui.frameUntil(s.app, "change:name"));
    CHECK(Headless::items()["change:name"][4] == "Ancien Nom -> Nouveau Nom");
    click(s, "Ouvrir la fiche");
    CHECK(s.app.router().current().view == "client");
    CHECK(s.app.router().current().params["id"] == c["id"]);
    // An agent: not theirs.
    s.command("auth.login", {{"email", "agent@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"log", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:refused"));
    CHECK_FALSE(Headless::items().contains("Gestion ▾##nav-menu")); // nothing of it is theirs
}
