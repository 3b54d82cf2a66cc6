// Transport: how the interface reaches the core — JSON text only (ARCHITECTURE.md).
//
// In the browser, requests go to the database worker by postMessage and replies come
// back asynchronously; on the desktop, the core runs in-process behind the same API.
// Either way the interface sends text and, once per frame, polls the messages that
// arrived: replies ({id, result|error}) and events ({event: ...}).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace crm::app {

class Transport {
public:
    virtual ~Transport() = default;
    virtual void send(const std::string& requestJson) = 0;
    // Moves the messages received since the last call into `out`.
    virtual void poll(std::vector<std::string>& out) = 0;
    // Asks the backend to take the database again after "locked" (browser only).
    virtual void retry() { }
    // Reloads on the new build the page was told of ({"event": "update"}), once no
    // command runs (browser only).
    virtual void applyUpdate() { }
    // Asks the backend to stop the long command sent with request id `id`.
    virtual void cancel(std::int64_t /*id*/) { }
};

} // namespace crm::app
