// Headless: Dear ImGui with a display and a font atlas but no window or GPU, to draw the
// interface frame by frame against the core in-process and read what it drew through the
// test hook — the user's hands included (a click on a widget, text typed into a field).
// Shared by the interface tests and the workspace benchmark.
#pragma once

#include "app/app.hpp"
#include "app/test_hook.hpp"

#include <imgui.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <string>

namespace crm::test {

struct Headless {
    ImGuiContext* ctx;
    Headless()
    {
        ctx = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(1280, 720);
        io.IniFilename = nullptr;
        io.Fonts->AddFontDefault();
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        app::App::applyStyle();
    }
    ~Headless() { ImGui::DestroyContext(ctx); }
    void frame(app::App& a)
    {
        ImGui::GetIO().DeltaTime = 1.0f / 60.0f;
        ImGui::NewFrame();
        a.frame();
        ImGui::Render();
    }
    // Draws frames until the last complete one holds `label` (the test hook's items).
    bool frameUntil(app::App& a, const std::string& label, int max = 30)
    {
        for (int k = 0; k < max; ++k) {
            frame(a);
            frame(a); // the hook publishes a frame's items at the start of the next
            if (items().contains(label))
                return true;
        }
        std::fprintf(stderr, "headless: no %s; items: %s\n", label.c_str(), items().dump().c_str());
        return false;
    }
    static nlohmann::json items() { return nlohmann::json::parse(app::testhook::itemsJson()); }

    // The user's hands: a click in the middle of the widget `label` (as the last frame
    // drew it), text typed into the field `label`.
    bool click(app::App& a, const std::string& label)
    {
        if (!frameUntil(a, label))
            return false;
        const nlohmann::json r = items()[label];
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(r[0].get<float>() + r[2].get<float>() / 2, r[1].get<float>() + r[3].get<float>() / 2);
        frame(a); // hover
        io.MouseDown[0] = true;
        frame(a);
        io.MouseDown[0] = false;
        frame(a);
        frame(a);
        return true;
    }
    bool type(app::App& a, const std::string& label, const std::string& text)
    {
        if (!click(a, label))
            return false;
        ImGuiIO& io = ImGui::GetIO();
        io.AddInputCharactersUTF8(text.c_str());
        frame(a);
        frame(a);
        return true;
    }
    // Draws frames until the noted text of `label` is `text`.
    bool frameUntilText(app::App& a, const std::string& label, const std::string& text, int max = 40)
    {
        for (int k = 0; k < max; ++k) {
            frame(a);
            frame(a);
            const nlohmann::json it = items();
            if (it.contains(label) && it[label].size() > 4 && it[label][4] == text)
                return true;
        }
        std::fprintf(stderr, "headless: %s is %s\n", label.c_str(),
            items().contains(label) ? items()[label].dump().c_str() : "absent");
        return false;
    }
};

} // namespace crm::test
