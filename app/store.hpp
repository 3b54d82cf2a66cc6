// Store: the interface's query cache and command sender.
//
// query(method, params) returns the cached entry for (method, params) and sends the
// request when there is none or it went stale. Which tables a result depends on is not
// said by the screens, nor declared: each reply says what the core observed it read
// (`reads`), and a {"event": "changed"} naming one of them marks the entry stale — even
// while its request is in flight — so it is fetched again the next time a screen asks,
// while the old result stays on screen. Entries not asked for during 600 frames are dropped.
// command() sends a one-off request (a mutation) and calls back with the reply;
// progress(id) and cancel(id) follow and stop a long one.
//
// The session is held by the transport (web/page.js, or the desktop's in-process
// transport), which announces each change ({"event": "session", "signed_in"}): a
// sign-in made elsewhere (a script through window.crm.call) refreshes every query
// that had failed; a sign-out raises sessionLost. Which `unauthenticated` reasons mean
// "the session is gone" comes from the core with the ready event. Everything runs on
// the UI thread.
#pragma once

#include "app/transport.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crm::app {

using json = nlohmann::json;

enum class BackendStatus { Starting, Ready, Locked, Fatal };

struct QueryEntry {
    bool loading = false; // a request is in flight
    bool hasResult = false;
    bool stale = false;
    json result;                    // last good result
    json error;                     // last error object, null when the last reply succeeded
    std::vector<std::string> reads; // what the last reply said it read
    bool answered = false;          // a reply has come (until then, what it reads is unknown)
    std::int64_t lastUsedFrame = 0;
};

class Store {
public:
    using Callback = std::function<void(const json& reply)>;

    explicit Store(Transport& transport) : m_transport(transport) { }

    // Call once per frame, before drawing: takes the messages that arrived.
    void beginFrame();

    const QueryEntry& query(const std::string& method, const json& params);
    // Sends a command; returns its request id (for progress and cancel).
    std::int64_t command(const std::string& method, const json& params, Callback onReply);
    // True while a command `method` is on its way whose params hold every member of
    // `match` (a button greys meanwhile: "the export of client.list").
    bool sending(const std::string& method, const json& match = json::object()) const;
    // {done, total} of a long command in flight (0, 0 before the first report).
    std::pair<std::int64_t, std::int64_t> progress(std::int64_t id) const;
    void cancel(std::int64_t id);
    // The values a parameter takes (api.describe's `values`: payment methods…), in the
    // core's order; empty until api.describe has arrived.
    const std::vector<std::string>& valuesOf(const std::string& method, const std::string& param) const;
    bool describeLoaded() const { return m_describeLoaded; }
    bool signedIn() const { return m_signedIn; }

    // Forgets a cached query so the next frame asks again (e.g. auth.me after sign-out).
    void invalidate(const std::string& method);
    // Asks again for `method`'s cached queries, keeping their results on screen meanwhile.
    void refresh(const std::string& method);
    // True once after a reply said the session is gone (expired, closed, deactivated).
    bool takeSessionLost();

    BackendStatus status() const { return m_status; }
    const std::string& statusMessage() const { return m_statusMessage; }
    void retry();
    // A new build of the site waits ({"event": "update"}); applyUpdate() reloads on it
    // once no command runs ({"event": "updating"} meanwhile).
    bool updateAvailable() const { return m_updateAvailable; }
    bool updating() const { return m_updating; }
    void applyUpdate() { m_transport.applyUpdate(); }
    std::size_t inFlight() const { return m_pending.size(); }

    // Feeds one message (exposed for tests).
    void receive(const std::string& text);

private:
    struct Pending {
        std::string queryKey; // empty for a command
        Callback callback;
        std::string method; // a command's
        json params;
    };

    std::int64_t send(const std::string& method, const json& params);
    void askDescribe();
    void markStale(const std::function<bool(const std::string&, const QueryEntry&)>& which);

    Transport& m_transport;
    std::map<std::string, QueryEntry> m_queries;
    std::map<std::int64_t, Pending> m_pending;
    std::int64_t m_nextId = 1;
    std::int64_t m_frame = 0;
    BackendStatus m_status = BackendStatus::Starting;
    std::string m_statusMessage;
    std::vector<std::string> m_inbox;
    bool m_sessionLost = false;
    bool m_signedIn = false;
    bool m_describeLoaded = false;
    bool m_updateAvailable = false;
    bool m_updating = false;
    bool m_describeAsked = false;
    std::map<std::string, std::vector<std::string>> m_values; // "method param" -> its values
    std::vector<std::string> m_sessionLostReasons;            // from the ready event
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> m_progress;
};

} // namespace crm::app
