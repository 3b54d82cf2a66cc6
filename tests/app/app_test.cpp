// The shell's status screens: another tab holds the database, this one handed it over,
// it could not be opened.
#include "tests/app/screens.hpp"

using namespace crm;
using nlohmann::json;
using test::click;
using test::Headless;
using test::Screens;

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
