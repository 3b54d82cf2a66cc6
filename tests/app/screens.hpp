// The fixture of the screen tests (tests/app/view_*_test.cpp): each screen drawn headless
// (Dear ImGui without a window) against the real core in-process, frame by frame, and
// checked through the test hook.
#pragma once

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

namespace crm::test {

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
    nlohmann::json command(const std::string& method, const nlohmann::json& params)
    {
        nlohmann::json reply;
        app.store().command(method, params, [&](const nlohmann::json& r) { reply = r; });
        imgui.frame(app);
        return reply;
    }
};

// Clicks the widget the last frame recorded under `label` (real mouse input: move,
// press for a frame, release).
inline void click(Screens& s, const std::string& label)
{
    const nlohmann::json items = Headless::items();
    REQUIRE_MESSAGE(items.contains(label), label);
    const nlohmann::json r = items[label];
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = ImVec2(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
    s.imgui.frame(s.app);
    io.MouseDown[0] = true;
    s.imgui.frame(s.app);
    io.MouseDown[0] = false;
    s.imgui.frame(s.app);
    s.imgui.frame(s.app);
}

} // namespace crm::test
