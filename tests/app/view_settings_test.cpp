// The Settings screen: the company's details typed, a wrong SIRET refused under its
// field, then saved; an agent is told it is not theirs.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::Headless;
using test::Screens;

TEST_CASE("view: Settings saves the company's details, a bad SIRET shown under its field")
{
    Screens s;
    s.api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    const std::string admin
        = s.api.call("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}})["token"];
    s.api.call("user.create", {{"email", "agent@pme.fr"}, {"password", test::kPassword}, {"role", "agent"}}, admin);
    s.command("auth.login", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"settings", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "##settings-legal_name"));
    REQUIRE(s.imgui.type(s.app, "##settings-legal_name", "Recouvrements Dupuis SAS"));
    REQUIRE(s.imgui.type(s.app, "##settings-siret", "12345"));
    REQUIRE(s.imgui.click(s.app, "Enregistrer"));
    REQUIRE(s.imgui.frameUntil(s.app, "error:siret"));
    CHECK(s.command("settings.get", json::object())["result"]["legal_name"] == ""); // nothing saved
    // A valid SIRET (Luhn): 732 829 320 00074.
    REQUIRE(s.imgui.click(s.app, "##settings-siret"));
    ImGuiIO& io = ImGui::GetIO();
    for (int k = 0; k < 5; ++k) {
        io.KeyMap[ImGuiKey_Backspace] = 8;
        io.KeysDown[8] = true;
        s.imgui.frame(s.app);
        io.KeysDown[8] = false;
        s.imgui.frame(s.app);
    }
    io.AddInputCharactersUTF8("73282932000074");
    s.imgui.frame(s.app);
    REQUIRE(s.imgui.click(s.app, "Enregistrer"));
    REQUIRE(s.imgui.frameUntil(s.app, "toast"));
    const json saved = s.command("settings.get", json::object())["result"];
    CHECK(saved["legal_name"] == "Recouvrements Dupuis SAS");
    CHECK(saved["siret"] == "73282932000074");
    s.command("auth.login", {{"email", "agent@pme.fr"}, {"password", test::kPassword}});
    s.app.router().navigate({"settings", json::object()});
    REQUIRE(s.imgui.frameUntil(s.app, "view:refused"));
}
