// App: the whole interface for one frame, drawn between ImGui::NewFrame and Render.
//
// Owns the Store and one object per screen. Platform layers (platform_web.cpp,
// platform_desktop.cpp) create the window, feed input, and call frame() each frame.
#pragma once

#include "app/store.hpp"
#include "app/views/view_auth.hpp"
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
    void drawMenuBar(const json* me);
    void drawStatus();
    // The signed-in user (auth.me), or null while signing in / signed out.
    const json* drawAuthGate();

    Store m_store;
    ViewAuth m_auth;
    ViewClients m_clients;
    std::int64_t m_languageFromUser = 0; // the user whose profile language was applied
    bool m_signedIn = false;
};

} // namespace crm::app
