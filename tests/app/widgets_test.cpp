// The widgets' pure helpers, and the dialog drawn headless (the screens' tests,
// tests/app/view_*_test.cpp, check the rest of the drawing).
#include "app/test_hook.hpp"
#include "app/widgets/widgets.hpp"
#include "tests/app/headless.hpp"

#include <doctest/doctest.h>
#include <imgui.h>
#include <nlohmann/json.hpp>

using nlohmann::json;

TEST_CASE("widgets: the collector filter's choice becomes the list's collector_id (null: the unassigned)")
{
    json all = {{"search", ""}};
    crm::app::widgets::setCollectorFilter(all, -1); // the whole team: no filter
    CHECK_FALSE(all.contains("collector_id"));
    json unassigned = json::object();
    crm::app::widgets::setCollectorFilter(unassigned, 0); // never 0: no id is below 1
    REQUIRE(unassigned.contains("collector_id"));
    CHECK(unassigned["collector_id"].is_null());
    json one = json::object();
    crm::app::widgets::setCollectorFilter(one, 7);
    CHECK(one["collector_id"] == 7);
}

// The modal form every dialog draws: Enter in a field saves (unless saving is greyed),
// an error naming no field shown appears under the fields, `done` and Esc close it.
TEST_CASE("widgets: a dialog saves on Enter, shows a form error, closes when done or on Esc")
{
    using namespace crm::app;
    const crm::test::Headless ui; // a context with a display and fonts, no window
    ImGuiIO& io = ImGui::GetIO();
    widgets::FieldError error;
    bool submit = false, done = false, canSave = true, open = true;
    int saves = 0;
    char name[32] = "x";
    auto frame = [&] {
        io.DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        testhook::beginFrame();
        ImGui::Begin("host");
        if (open) {
            ImGui::OpenPopup("##d");
            open = false;
        }
        if (widgets::beginDialog("##d", "Titre", 300)) {
            widgets::formField("Nom", "##name", "name", name, sizeof name, error);
            if (widgets::endDialog(error, {"name"}, submit, done, canSave))
                ++saves;
        }
        const bool shown = ImGui::IsPopupOpen("##d");
        ImGui::End();
        ImGui::Render();
        return shown;
    };
    CHECK(frame());
    submit = true; // Enter in a field
    frame();
    CHECK(saves == 1);
    canSave = false; // a command is on its way
    frame();
    CHECK(saves == 1);
    submit = false;
    canSave = true;
    error.set({{"code", "conflict"}, {"reason", "duplicate_number"}, {"message", "déjà pris"}});
    frame();
    frame();
    CHECK(json::parse(testhook::itemsJson()).contains("error:form")); // names no field shown
    error.set({{"code", "validation"}, {"reason", "required"}, {"field", "name"}, {"message", "requis"}});
    frame();
    frame();
    CHECK_FALSE(json::parse(testhook::itemsJson()).contains("error:form")); // shown under its field
    done = true;                                                            // the command succeeded
    frame();
    CHECK_FALSE(frame());
    CHECK(saves == 1);
    // Opened again, Esc closes it.
    done = false;
    open = true;
    CHECK(frame());
    io.KeyMap[ImGuiKey_Escape] = 27; // ImGui 1.86: the platform's key index for Esc
    io.KeysDown[27] = true;
    frame();
    io.KeysDown[27] = false;
    CHECK_FALSE(frame());
}
