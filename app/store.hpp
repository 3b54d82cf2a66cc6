// Store: the interface's query cache and command sender.
//
// query(method, params, reads) returns the cached entry for (method, params) and sends
// the request when there is none or it went stale; a {"event": "changed"} naming a
// table in `reads` marks the entry stale, and it is fetched again the next time a
// screen asks for it, while the old result stays on screen. Entries not asked for
// during 10 seconds of frames are dropped. command() sends a one-off request (a
// mutation) and calls back with the reply. Everything runs on the UI thread.
#pragma once

#include "app/transport.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace crm::app {

using json = nlohmann::json;

enum class BackendStatus { Starting, Ready, Locked, Fatal };

struct QueryEntry {
    bool loading = false; // a request is in flight
    bool hasResult = false;
    bool stale = false;
    json result; // last good result
    json error;  // last error object, null when the last reply succeeded
    std::vector<std::string> reads;
    std::int64_t lastUsedFrame = 0;
};

class Store {
public:
    using Callback = std::function<void(const json& reply)>;

    explicit Store(Transport& transport) : m_transport(transport) { }

    // Call once per frame, before drawing: takes the messages that arrived.
    void beginFrame();

    const QueryEntry& query(const std::string& method, const json& params, const std::vector<std::string>& reads);
    void command(const std::string& method, const json& params, Callback onReply);

    // Forgets a cached query so the next frame asks again (e.g. auth.me after sign-out).
    void invalidate(const std::string& method);
    // True once after a reply said the session is gone (expired, closed, deactivated).
    bool takeSessionLost();

    BackendStatus status() const { return m_status; }
    const std::string& statusMessage() const { return m_statusMessage; }
    void retry();
    std::size_t inFlight() const { return m_pending.size(); }

    // Feeds one message (exposed for tests).
    void receive(const std::string& text);

private:
    struct Pending {
        std::string queryKey; // empty for a command
        Callback callback;
    };

    std::int64_t send(const std::string& method, const json& params);

    Transport& m_transport;
    std::map<std::string, QueryEntry> m_queries;
    std::map<std::int64_t, Pending> m_pending;
    std::int64_t m_nextId = 1;
    std::int64_t m_frame = 0;
    BackendStatus m_status = BackendStatus::Starting;
    std::string m_statusMessage;
    std::vector<std::string> m_inbox;
    bool m_sessionLost = false;
};

} // namespace crm::app
