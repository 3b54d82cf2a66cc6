// View, Router: the app shell.
//
// A View is one screen: an id (the address: "#/clients"), a title key (the navigation
// bar), the capability it needs (from auth.me: the bar shows it, and the App opens it,
// only for users who hold it — the services still enforce every call), and draw(),
// which is final: it sets up what every screen shares and calls the view's own
// drawContent(). Views are listed once, in app/views/views.cpp (makeViews).
//
// The Router holds where the user is — a view id and its parameters (a client id, a
// tab) — and the back/forward history. In the browser each navigation becomes a
// history entry (onNavigate pushes it), so the browser's Back button works; on the
// desktop Alt+← / Alt+→ walk the same history.
#pragma once

#include "app/store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::app {

struct Route {
    std::string view;
    json params = json::object(); // flat: string and integer values
    bool operator==(const Route& o) const { return view == o.view && params == o.params; }
};

class Router {
public:
    // Goes to `route` (dropping the forward history); no-op when already there.
    void navigate(const Route& route);
    // Changes the current entry without a new history entry (a redirect).
    void replace(const Route& route);
    bool back();
    bool forward();
    bool canBack() const { return m_index > 0; }
    bool canForward() const { return m_index + 1 < m_history.size(); }
    const Route& current() const;
    // "#/clients?client_id=42" and back (nullopt: not a route).
    static std::string toPath(const Route& route);
    static std::optional<Route> fromPath(const std::string& path);
    // Called after every change made by navigate/back/forward (the platform mirrors it).
    std::function<void(const Route&, bool pushed)> onNavigate;

private:
    std::vector<Route> m_history{Route{}};
    std::size_t m_index = 0;
};

struct ViewContext {
    Store& store;
    Router& router;
    const json& me; // auth.me: the user, profile, capabilities
    // True when the signed-in user holds `capability` ("client.create"...).
    bool can(const char* capability) const;
    const json& params() const { return router.current().params; }
};

class View {
public:
    virtual ~View() = default;
    virtual const char* id() const = 0;
    virtual const char* titleKey() const = 0;
    virtual const char* capability() const = 0;
    // False for pages reached from another screen (a client's page), not from the bar.
    virtual bool inNavigation() const { return true; }
    // True for the screens of the bar's « Gestion » menu (the set-up, the team, the log,
    // storage, settings, import / export): the bar keeps the daily work.
    virtual bool inManageMenu() const { return false; }
    // The screen a user lands on (after signing in, or at an address they may not open):
    // the first in the bar that is home for them, else the first they may open.
    virtual bool isHome(const ViewContext&) const { return false; }
    // The entry of the bar lit while this screen shows (a client's page lights Clients).
    virtual const char* navigationId() const { return id(); }
    // Draws the screen: shared set-up, then drawContent().
    void draw(ViewContext& ctx);

protected:
    virtual void drawContent(ViewContext& ctx) = 0;
};

// Every screen reachable once signed in, in navigation-bar order.
std::vector<std::unique_ptr<View>> makeViews();

} // namespace crm::app
