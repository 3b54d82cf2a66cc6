// App: the whole interface for one frame, drawn between ImGui::NewFrame and Render.
//
// Owns the Store and one object per screen. Platform layers (platform_web.cpp,
// platform_desktop.cpp) create the window, feed input, and call frame() each frame.
#pragma once

#include "app/store.hpp"
#include "app/views/view_clients.hpp"

namespace crm::app {

class App {
public:
    explicit App(Transport& transport);
    void frame();
    Store& store() { return m_store; }
    // Applies our colours and spacing to the current ImGui context.
    static void applyStyle();

private:
    void drawMenuBar();
    void drawStatus();

    Store m_store;
    ViewClients m_clients;
};

} // namespace crm::app
