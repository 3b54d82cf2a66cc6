// App: the whole interface for one frame, drawn between ImGui::NewFrame and Render.
//
// Owns the Store, the Router and the screens. Before sign-in it shows the status of
// the database (opening, open in another tab, failed), then the first-start or the
// sign-in screen (ViewAuth); once signed in, the navigation bar — built from the
// registry of views (makeViews) and the user's capabilities (auth.me) — and the view
// the Router points at. Platform layers (platform_web.cpp, platform_desktop.cpp) create
// the window, feed input, and call frame() each frame.
#pragma once

#include "app/store.hpp"
#include "app/view.hpp"
#include "app/views/view_auth.hpp"

#include <memory>
#include <vector>

namespace crm::app {

class App {
public:
    explicit App(Transport& transport);
    void frame();
    Store& store() { return m_store; }
    Router& router() { return m_router; }
    // Applies our colours and spacing to the current ImGui context.
    static void applyStyle();

private:
    void drawMenuBar(const json* me);
    void drawNavigation(const json& me);
    // The screens the bar shows this user, in order.
    std::vector<View*> barViews(const ViewContext& ctx) const;
    // The screens of the bar's « Gestion » menu the user may open.
    std::vector<View*> menuViews(const ViewContext& ctx) const;
    void drawStatus();
    void drawHelp(); // the keyboard shortcuts ("?" in the bar, or the ? key)
    void drawUpdateBanner();
    // The signed-in user (auth.me), or null while signing in / signed out.
    const json* drawAuthGate();
    // The screen the route names, if the user may open it; a screen they may not open
    // (an address typed by hand) is `refused` (then nullptr): drawRefused says so.
    View* currentView(ViewContext& ctx, const View*& refused);
    void drawRefused(ViewContext& ctx, const View& view);

    Store m_store;
    Router m_router;
    ViewAuth m_auth;
    std::vector<std::unique_ptr<View>> m_views;
    std::int64_t m_languageFromUser = 0; // the user whose profile language was applied
    bool m_signedIn = false;
    bool m_help = false;
};

} // namespace crm::app
