#include "app/store.hpp"

#include <algorithm>

namespace crm::app {

namespace {
constexpr std::int64_t kEvictAfterFrames = 600;
}

std::int64_t Store::send(const std::string& method, const json& params)
{
    const std::int64_t id = m_nextId++;
    m_transport.send(json{{"id", id}, {"method", method}, {"params", params}}.dump());
    return id;
}

void Store::beginFrame()
{
    ++m_frame;
    m_inbox.clear();
    m_transport.poll(m_inbox);
    for (const auto& text : m_inbox)
        receive(text);
    for (auto it = m_queries.begin(); it != m_queries.end();) {
        if (!it->second.loading && m_frame - it->second.lastUsedFrame > kEvictAfterFrames)
            it = m_queries.erase(it);
        else
            ++it;
    }
}

const QueryEntry& Store::query(const std::string& method, const json& params, const std::vector<std::string>& reads)
{
    const std::string key = method + " " + params.dump();
    QueryEntry& e = m_queries[key];
    e.lastUsedFrame = m_frame;
    if (e.reads.empty())
        e.reads = reads;
    if (!e.loading && (!e.hasResult || e.stale) && e.error.is_null() && m_status != BackendStatus::Locked) {
        e.loading = true;
        e.stale = false;
        m_pending[send(method, params)] = Pending{key, nullptr};
    }
    return e;
}

void Store::command(const std::string& method, const json& params, Callback onReply)
{
    m_pending[send(method, params)] = Pending{{}, std::move(onReply)};
}

void Store::invalidate(const std::string& method)
{
    for (auto it = m_queries.begin(); it != m_queries.end();) {
        if (it->first.compare(0, method.size() + 1, method + " ") == 0 && !it->second.loading)
            it = m_queries.erase(it);
        else
            ++it;
    }
}

bool Store::takeSessionLost()
{
    const bool lost = m_sessionLost;
    m_sessionLost = false;
    return lost;
}

void Store::retry()
{
    m_status = BackendStatus::Starting;
    for (auto& [key, e] : m_queries)
        e.error = nullptr; // ask again once the database is back
    m_transport.retry();
}

void Store::receive(const std::string& text)
{
    const json m = json::parse(text, nullptr, false);
    if (m.is_discarded() || !m.is_object())
        return;
    if (m.contains("event") && m["event"].is_string()) {
        const std::string ev = m["event"].get<std::string>();
        if (ev == "ready") {
            m_status = BackendStatus::Ready;
            for (auto& [key, e] : m_queries) {
                e.error = nullptr;
                e.stale = true;
            }
        } else if (ev == "locked") {
            m_status = BackendStatus::Locked;
        } else if (ev == "fatal") {
            m_status = BackendStatus::Fatal;
            m_statusMessage = m.value("message", std::string());
        } else if (ev == "changed" && m.contains("tables") && m["tables"].is_array()) {
            for (auto& [key, e] : m_queries)
                for (const auto& t : m["tables"])
                    if (t.is_string()
                        && std::find(e.reads.begin(), e.reads.end(), t.get<std::string>()) != e.reads.end()) {
                        e.stale = true;
                        e.error = nullptr; // an error may not hold any more either
                    }
        }
        return;
    }
    if (!m.contains("id") || !m["id"].is_number_integer())
        return;
    auto it = m_pending.find(m["id"].get<std::int64_t>());
    if (it == m_pending.end())
        return;
    Pending p = std::move(it->second);
    m_pending.erase(it);
    if (m.contains("error") && m["error"].is_object() && m["error"].value("code", "") == "unauthenticated") {
        const std::string reason = m["error"].value("reason", "");
        if (reason == "no_session" || reason == "session_expired" || reason == "inactive")
            m_sessionLost = true;
    }
    if (!p.queryKey.empty()) {
        auto q = m_queries.find(p.queryKey);
        if (q == m_queries.end())
            return;
        q->second.loading = false;
        if (m.contains("result")) {
            q->second.result = m["result"];
            q->second.hasResult = true;
            q->second.error = nullptr;
        } else {
            q->second.error = m.value("error", json::object());
        }
    } else if (p.callback) {
        p.callback(m);
    }
}

} // namespace crm::app
