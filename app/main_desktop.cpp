// crm-desktop: the native window. The core runs in-process behind the same command
// API the browser worker serves; the interface still only exchanges JSON text with it.
//
//   crm-desktop [--db PATH] [--user EMAIL] [--lang fr|en] [--frames N]
//
// --user signs in at start with the password in CRM_PASSWORD (otherwise the window
// asks, as it does without --user).
// Default database: $XDG_DATA_HOME/crm-recouvrement/crm.db (~/.local/share/...).
#include "app/i18n.hpp"
#include "app/platform_desktop.hpp"
#include "app/transport.hpp"
#include "core/api/dispatcher.hpp"
#include "core/db/database.hpp"
#include "core/util/clock.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace {

// Runs each request in-process; replies and events wait for the next poll, as they
// would from the worker. Holds the window's session, as web/page.js does in the
// browser: learnt from a successful auth.login, attached to every request, forgotten
// on auth.logout or when a reply says the session is gone.
class InProcessTransport final : public crm::app::Transport {
public:
    explicit InProcessTransport(crm::api::Dispatcher& api) : m_api(api) { }
    void send(const std::string& text) override
    {
        crm::api::json request = crm::api::json::parse(text, nullptr, false);
        if (request.is_object() && !request.contains("session") && !m_session.empty())
            request["session"] = m_session;
        const crm::api::Reply r = m_api.handle(request);
        const auto& body = r.body;
        if (request.is_object() && request.value("method", "") == "auth.logout") {
            setSession({});
        } else if (body.contains("result") && body["result"].is_object() && body["result"].contains("token")
            && body["result"].contains("expires_at")) {
            setSession(body["result"]["token"].get<std::string>());
        } else if (body.contains("error") && body["error"].value("code", "") == "unauthenticated") {
            const auto& lost = crm::service::sessionLostReasons();
            if (std::find(lost.begin(), lost.end(), body["error"].value("reason", "")) != lost.end())
                setSession({});
        }
        m_inbox.push_back(body.dump());
        if (!r.changed.empty())
            m_inbox.push_back(crm::api::json{{"event", "changed"}, {"tables", r.changed}}.dump());
    }
    void poll(std::vector<std::string>& out) override
    {
        for (auto& m : m_inbox)
            out.push_back(std::move(m));
        m_inbox.clear();
    }
    void announceReady()
    {
        m_inbox.push_back(
            crm::api::json{{"event", "ready"}, {"session_lost_reasons", crm::service::sessionLostReasons()}}.dump());
    }
    void adopt(std::string session) { setSession(std::move(session)); }

private:
    // As web/page.js: the interface hears of every change of session.
    void setSession(std::string session)
    {
        if (session == m_session)
            return;
        m_session = std::move(session);
        m_inbox.push_back(crm::api::json{{"event", "session"}, {"signed_in", !m_session.empty()}}.dump());
    }

    crm::api::Dispatcher& m_api;
    std::vector<std::string> m_inbox;
    std::string m_session;
};

std::string defaultDbPath()
{
    namespace fs = std::filesystem;
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".local" / "share";
    else
        base = ".";
    base /= "crm-recouvrement";
    std::error_code ec;
    fs::create_directories(base, ec);
    return (base / "crm.db").string();
}

} // namespace

int main(int argc, char** argv)
{
    std::string dbPath;
    std::string user;
    crm::app::DesktopOptions options;
    options.fontPath = CRM_FONT_PATH;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--db" && i + 1 < argc)
            dbPath = argv[++i];
        else if (a == "--user" && i + 1 < argc)
            user = argv[++i];
        else if (a == "--frames" && i + 1 < argc)
            options.frames = std::atoi(argv[++i]);
        else if (a == "--lang" && i + 1 < argc)
            crm::app::setLanguage(std::string(argv[++i]) == "en" ? crm::app::Language::En : crm::app::Language::Fr);
        else {
            std::fprintf(stderr, "usage: crm-desktop [--db PATH] [--user EMAIL] [--lang fr|en] [--frames N]\n");
            return 2;
        }
    }
    if (dbPath.empty())
        dbPath = defaultDbPath();
    try {
        auto db = crm::db::Database::open(dbPath);
        crm::api::Dispatcher api(*db, crm::systemClock());
        InProcessTransport transport(api);
        transport.announceReady();
        if (!user.empty() && std::getenv("CRM_PASSWORD")) {
            const auto login = api.call("auth.login", {{"email", user}, {"password", std::getenv("CRM_PASSWORD")}});
            if (login.contains("token"))
                transport.adopt(login["token"].get<std::string>());
            else
                std::fprintf(stderr, "crm-desktop: could not sign in as %s: %s\n", user.c_str(),
                    login.value("message", "").c_str());
        }
        return crm::app::runDesktop(transport, options);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm-desktop: %s\n", e.what());
        return 1;
    }
}
