// SessionHolder: the one signed-in session of a window (the browser tab's worker, the
// desktop window), and the rules that keep it — once, for both hosts:
//   - a request that carries no session gets the one held;
//   - a successful auth.login (a result with token and expires_at) gives it;
//   - auth.logout forgets it (whatever the reply: the user asked to leave);
//   - an `unauthenticated` reply whose reason means "session gone"
//     (service::sessionLostReasons) forgets it — only if the refused request carried the
//     session held (one sent without it, before a sign-in, does not undo that sign-in).
// The host tells the interface of every change ({event: "session", signed_in}); the
// browser's page also keeps the token in sessionStorage so a reload keeps the user signed
// in, and gives it back with adopt() when the worker starts.
#pragma once

#include "core/api/encode.hpp"
#include "core/service/auth_service.hpp"

#include <algorithm>
#include <string>

namespace crm::api {

class SessionHolder {
public:
    // Before the request runs: adds the session held unless it has one; returns the
    // session the request carries.
    std::string attach(json& request) const
    {
        if (!request.is_object())
            return {};
        if (!request.contains("session") || !request["session"].is_string() || request["session"].empty()) {
            if (m_session.empty())
                return {};
            request["session"] = m_session;
        }
        return request["session"].get<std::string>();
    }

    // After its reply: true when the session held changed (signedIn() tells which way).
    bool observe(const json& request, const std::string& carried, const json& reply)
    {
        const std::string method = request.is_object() ? request.value("method", "") : "";
        if (method == "auth.logout")
            return forget();
        if (reply.contains("result") && reply["result"].is_object() && reply["result"].contains("token")
            && reply["result"]["token"].is_string() && reply["result"].contains("expires_at"))
            return adopt(reply["result"]["token"].get<std::string>());
        if (reply.contains("error") && reply["error"].is_object()
            && reply["error"].value("code", "") == "unauthenticated" && !carried.empty() && carried == m_session) {
            const auto& lost = service::sessionLostReasons();
            if (std::find(lost.begin(), lost.end(), reply["error"].value("reason", "")) != lost.end())
                return forget();
        }
        return false;
    }

    // Holds `session` (a sign-in made elsewhere, the token a reload kept); true if it changed.
    bool adopt(const std::string& session)
    {
        if (session == m_session)
            return false;
        m_session = session;
        return true;
    }
    // Forgets the session held; true if there was one.
    bool forget()
    {
        if (m_session.empty())
            return false;
        m_session.clear();
        return true;
    }

    const std::string& session() const { return m_session; }
    bool signedIn() const { return !m_session.empty(); }
    // The event the interface hears of a change.
    json event() const { return {{"event", "session"}, {"signed_in", signedIn()}}; }

private:
    std::string m_session;
};

} // namespace crm::api
