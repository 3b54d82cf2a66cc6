// InProcessTransport: the core in the same process, behind the same JSON seam the
// browser worker serves — for the desktop window and the interface's tests. Not part of
// crm_app (which never links the core): only the programs that own a Dispatcher (the
// composition roots) compile it.
//
#pragma once

#include "app/transport.hpp"
#include "core/api/dispatcher.hpp"
#include "core/api/session.hpp"

#include <string>
#include <vector>

namespace crm::app {

// Runs each request in-process; replies and events wait for the next poll, as they
// would from the worker. The window's session is kept by the core's SessionHolder, as
// the browser's worker keeps the tab's.
class InProcessTransport final : public Transport {
public:
    explicit InProcessTransport(crm::api::Dispatcher& api) : m_api(api) { }
    void send(const std::string& text) override
    {
        crm::api::json request = crm::api::json::parse(text, nullptr, false);
        const std::string carried = m_sessions.attach(request);
        crm::api::Reply r = m_api.handle(request);
        if (m_sessions.observe(request, carried, r.body))
            m_inbox.push_back(m_sessions.event().dump()); // before the reply, as the browser's worker sends it
        m_inbox.push_back(r.text());
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
    void adopt(const std::string& session)
    {
        if (m_sessions.adopt(session))
            m_inbox.push_back(m_sessions.event().dump());
    }
    // Tells the interface that something outside a request changed these tables (the
    // hourly automatic backup: {"backups"}), as the worker does in the browser.
    void announceChanged(std::vector<std::string> tables)
    {
        m_inbox.push_back(crm::api::json{{"event", "changed"}, {"tables", std::move(tables)}}.dump());
    }

private:
    crm::api::Dispatcher& m_api;
    std::vector<std::string> m_inbox;
    crm::api::SessionHolder m_sessions;
};

} // namespace crm::app
