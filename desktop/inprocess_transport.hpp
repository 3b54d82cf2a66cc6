// InProcessTransport: the core in the same process, behind the same JSON seam the
// browser worker serves — for the desktop window and the interface's tests. Not part of
// crm_app (which never links the core): only the programs that own a Dispatcher (the
// composition roots) compile it.
//
#pragma once

#include "app/transport.hpp"
#include "core/api/dispatcher.hpp"
#include "core/service/auth_service.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace crm::app {

// Runs each request in-process; replies and events wait for the next poll, as they
// would from the worker. Holds the window's session, as web/page.js does in the
// browser: learnt from a successful auth.login, attached to every request, forgotten
// on auth.logout or when a reply says the session is gone.
class InProcessTransport final : public Transport {
public:
    explicit InProcessTransport(crm::api::Dispatcher& api) : m_api(api) { }
    void send(const std::string& text) override
    {
        crm::api::json request = crm::api::json::parse(text, nullptr, false);
        if (request.is_object() && !request.contains("session") && !m_session.empty())
            request["session"] = m_session;
        crm::api::Reply r;
        if (m_storage && request.is_object() && request.value("method", "").rfind("storage.", 0) == 0)
            r.body = m_storage(request, r.changed); // the database as a file (desktop/file_storage.hpp)
        else
            r = m_api.handle(request);
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
            announceChanged(std::move(r.changed));
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
    // Tells the interface that something outside a request changed these tables (the
    // hourly automatic backup: {"backups"}), as the worker does in the browser.
    void announceChanged(std::vector<std::string> tables)
    {
        m_inbox.push_back(crm::api::json{{"event", "changed"}, {"tables", std::move(tables)}}.dump());
    }
    // Who answers the storage.* requests (the browser's worker does there).
    using Storage = std::function<crm::api::json(const crm::api::json& request, std::vector<std::string>& changed)>;
    void serveStorage(Storage storage) { m_storage = std::move(storage); }

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
    Storage m_storage;
};

} // namespace crm::app
