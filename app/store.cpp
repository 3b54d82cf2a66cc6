#include "app/store.hpp"

#include <algorithm>

namespace crm::app {

namespace {
constexpr std::int64_t kEvictAfterFrames = 600;
const std::vector<std::string> kNoTables; // (an empty list, of tables or of values)

// Whether a cached query's key ("method params") is one of `method`'s.
bool isQueryOf(const std::string& key, const std::string& method)
{
    return key.size() > method.size() && key[method.size()] == ' ' && key.compare(0, method.size(), method) == 0;
}
// What a reply says its result was read from. The storage.* requests are answered beside
// the core (by the worker, or the desktop's file storage) and read the backups, which change
// without a command when an automatic backup is made ({event: "changed", tables: ["backups"]}).
std::vector<std::string> readsOf(const std::string& method, const json& reply)
{
    if (method.rfind("storage.", 0) == 0)
        return {"backups"};
    std::vector<std::string> out;
    for (const auto& t : reply.value("reads", json::array()))
        if (t.is_string())
            out.push_back(t.get<std::string>());
    return out;
}

} // namespace

std::int64_t Store::send(const std::string& method, const json& params)
{
    const std::int64_t id = m_nextId++;
    m_transport.send(json{{"id", id}, {"method", method}, {"params", params}}.dump());
    return id;
}

void Store::askDescribe()
{
    if (m_describeAsked || m_status != BackendStatus::Ready)
        return;
    m_describeAsked = true;
    m_pending[send("api.describe", json::object())] = Pending{{},
        [this](const json& reply) {
            if (!reply.contains("result")) {
                m_describeAsked = false; // ask again next frame
                return;
            }
            for (const auto& m : reply["result"].value("methods", json::array())) {
                for (const auto& p : m.value("params", json::array()))
                    if (p.contains("values"))
                        m_values[m.value("method", "") + " " + p.value("name", "")]
                            = p["values"].get<std::vector<std::string>>();
            }
            m_describeLoaded = true;
        },
        "api.describe", json::object()};
}

void Store::beginFrame()
{
    ++m_frame;
    m_inbox.clear();
    m_transport.poll(m_inbox);
    for (const auto& text : m_inbox)
        receive(text);
    askDescribe();
    for (auto it = m_queries.begin(); it != m_queries.end();) {
        if (!it->second.loading && m_frame - it->second.lastUsedFrame > kEvictAfterFrames)
            it = m_queries.erase(it);
        else
            ++it;
    }
}

const std::vector<std::string>& Store::valuesOf(const std::string& method, const std::string& param) const
{
    auto it = m_values.find(method + " " + param);
    return it == m_values.end() ? kNoTables : it->second;
}

const QueryEntry& Store::query(const std::string& method, const json& params)
{
    const std::string key = method + " " + params.dump();
    QueryEntry& e = m_queries[key];
    e.lastUsedFrame = m_frame;
    if (!e.loading && (!e.hasResult || e.stale) && e.error.is_null() && m_status == BackendStatus::Ready) {
        e.loading = true;
        e.stale = false;
        m_pending[send(method, params)] = Pending{key, nullptr, method, params};
    }
    return e;
}

std::int64_t Store::command(const std::string& method, const json& params, Callback onReply)
{
    const std::int64_t id = send(method, params);
    m_pending[id] = Pending{{}, std::move(onReply), method, params};
    return id;
}

bool Store::sending(const std::string& method, const json& match) const
{
    for (const auto& [id, p] : m_pending) {
        if (!p.queryKey.empty() || p.method != method)
            continue;
        bool all = true;
        for (const auto& [key, value] : match.items())
            all &= p.params.contains(key) && p.params[key] == value;
        if (all)
            return true;
    }
    return false;
}

std::pair<std::int64_t, std::int64_t> Store::progress(std::int64_t id) const
{
    auto it = m_progress.find(id);
    return it == m_progress.end() ? std::pair<std::int64_t, std::int64_t>{0, 0} : it->second;
}

void Store::cancel(std::int64_t id)
{
    if (m_pending.count(id))
        m_transport.cancel(id);
}

void Store::invalidate(const std::string& method)
{
    for (auto it = m_queries.begin(); it != m_queries.end();) {
        if (isQueryOf(it->first, method) && !it->second.loading)
            it = m_queries.erase(it);
        else
            ++it;
    }
}

void Store::refresh(const std::string& method)
{
    markStale([&](const std::string& key, const QueryEntry&) { return isQueryOf(key, method); });
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

void Store::markStale(const std::function<bool(const std::string&, const QueryEntry&)>& which)
{
    for (auto& [key, e] : m_queries)
        if (which(key, e)) {
            e.stale = true;
            e.error = nullptr; // an error may not hold any more either
        }
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
            if (m.contains("session_lost_reasons") && m["session_lost_reasons"].is_array()) {
                m_sessionLostReasons.clear();
                for (const auto& r : m["session_lost_reasons"])
                    if (r.is_string())
                        m_sessionLostReasons.push_back(r.get<std::string>());
            }
            markStale([](const std::string&, const QueryEntry&) { return true; });
        } else if (ev == "locked" || ev == "released") {
            m_status = BackendStatus::Locked;
            m_statusMessage = ev; // released: this tab handed the database over
        } else if (ev == "update") {
            m_updateAvailable = true;
        } else if (ev == "updating") {
            m_updating = true;
        } else if (ev == "taking-over") {
            m_status = BackendStatus::Starting;
            m_statusMessage = ev;
        } else if (ev == "fatal") {
            m_status = BackendStatus::Fatal;
            m_statusMessage = m.value("message", std::string());
        } else if (ev == "session" && m.contains("signed_in") && m["signed_in"].is_boolean()) {
            const bool in = m["signed_in"].get<bool>();
            if (m_signedIn && !in)
                m_sessionLost = true;
            m_signedIn = in;
            // Whatever was refused or read under another session is asked again.
            markStale([](const std::string&, const QueryEntry&) { return true; });
        } else if (ev == "progress" && m.contains("id") && m["id"].is_number_integer()) {
            m_progress[m["id"].get<std::int64_t>()]
                = {m.value("done", std::int64_t{0}), m.value("total", std::int64_t{0})};
        } else if (ev == "changed" && m.contains("tables") && m["tables"].is_array()) {
            std::vector<std::string> tables;
            for (const auto& t : m["tables"])
                if (t.is_string())
                    tables.push_back(t.get<std::string>());
            // A first request still in flight may read anything: asked again (its reads are
            // known once its reply has come).
            markStale([&](const std::string&, const QueryEntry& e) {
                return (e.loading && !e.answered)
                    || std::any_of(tables.begin(), tables.end(), [&](const std::string& t) {
                           return std::find(e.reads.begin(), e.reads.end(), t) != e.reads.end();
                       });
            });
        }
        return;
    }
    if (!m.contains("id") || !m["id"].is_number_integer())
        return;
    const std::int64_t id = m["id"].get<std::int64_t>();
    m_progress.erase(id);
    auto it = m_pending.find(id);
    if (it == m_pending.end())
        return;
    Pending p = std::move(it->second);
    m_pending.erase(it);
    if (m.contains("error") && m["error"].is_object() && m["error"].value("code", "") == "unauthenticated") {
        const std::string reason = m["error"].value("reason", "");
        if (std::find(m_sessionLostReasons.begin(), m_sessionLostReasons.end(), reason) != m_sessionLostReasons.end())
            m_sessionLost = true;
    }
    if (!p.queryKey.empty()) {
        auto q = m_queries.find(p.queryKey);
        if (q == m_queries.end())
            return;
        QueryEntry& e = q->second;
        e.loading = false;
        e.reads = readsOf(p.queryKey.substr(0, p.queryKey.find(' ')), m);
        e.answered = true;
        if (m.contains("result")) {
            e.result = m["result"];
            e.hasResult = true;
            e.error = nullptr;
        } else {
            e.error = m.value("error", json::object());
            if (e.stale) // a change arrived while it was in flight: the error may be old news
                e.error = nullptr;
        }
    } else if (p.callback) {
        p.callback(m);
    }
}

} // namespace crm::app
