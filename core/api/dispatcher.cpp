#include "core/api/dispatcher.hpp"

#include <set>

#include "core/api/commands/commands.hpp"
#include "core/api/json_text.hpp"
#include "core/api/services.hpp"
#include "core/db/backup.hpp"

#include <algorithm>

namespace crm::api {

// [SECTION] index: the running command, the command table, requests, long commands

namespace {

// Tables that only mirror others (a per-client balance cache, sums and counts): writing
// them is not a change anyone needs to hear about — the tables they derive from are announced.
bool isCacheTable(const std::string& t)
{
    return t == "client_stats" || t == "money_totals" || t == "client_invoice_counts" || t == "daily_totals";
}

// The tables a cache is computed from: client_stats holds each client's open and overdue
// amounts, oldest owed due date and holds (ClientModel::refreshStats), money_totals the sum
// of every invoice's and payment's amount, client_invoice_counts each client's number of
// invoices, daily_totals the money owed, invoiced and collected day by day.
const std::vector<std::string>& cacheSources(const std::string& cache)
{
    static const std::vector<std::string> kStats
        = {"clients", "invoices", "payments", "payment_allocations", "holds", "hold_invoices"};
    static const std::vector<std::string> kTotals = {"invoices", "payments"};
    static const std::vector<std::string> kCounts = {"invoices"};
    static const std::vector<std::string> kDaily = {"invoices", "payments", "payment_allocations"};
    return cache == "client_stats" ? kStats
        : cache == "money_totals"  ? kTotals
        : cache == "daily_totals"  ? kDaily
                                   : kCounts;
}

json errorReply(const json& id, const Error& e)
{
    return {{"id", id}, {"error", errorJson(e)}};
}

// The Error of the exception being handled; call only inside a catch block. A storage
// failure keeps SQLite's reason (disk_full, busy...); anything else is `internal`.
Error currentException()
{
    try {
        throw;
    } catch (const db::DbError& e) {
        return {e.isStorage() ? ErrorCode::Storage : ErrorCode::Internal, e.what(), {}, e.reason()};
    } catch (const std::exception& e) {
        return {ErrorCode::Internal, e.what(), {}, "internal"};
    } catch (...) {
        return {ErrorCode::Internal, "unknown failure", {}, "internal"};
    }
}

} // namespace

std::string Reply::text() const
{
    if (!body.is_object() || !body.contains("result") || !isRaw(body["result"]))
        return body.dump();
    // The members in dump()'s order (sorted), the result's text as it is.
    std::string out = "{";
    for (const auto& [key, value] : body.items()) {
        if (out.size() > 1)
            out += ',';
        out += json(key).dump();
        out += ':';
        if (key == "result")
            out += rawText(value);
        else
            out += value.dump();
    }
    out += '}';
    return out;
}

json Reply::result() const
{
    if (!body.is_object() || !body.contains("result"))
        return nullptr;
    const json& r = body["result"];
    return isRaw(r) ? json::parse(rawText(r)) : r;
}

struct Dispatcher::Running {
    json id;
    const Command* command = nullptr;
    std::unique_ptr<db::ChangeObserver> observer;
    std::unique_ptr<db::ReadObserver> reads;
    std::unique_ptr<Job> job;
};

// [SECTION] the command table

Dispatcher::Dispatcher(db::Database& db, Clock clock, service::AuthConfig auth)
    : m_services(std::make_unique<Services>(db, std::move(clock), auth))
{
    // Auth first: a start asks auth.status before anything else.
    Services& s = *m_services;
    for (auto add : {commands::addAuth, commands::addUsers, commands::addClients, commands::addInvoices,
             commands::addPayments, commands::addCommunications, commands::addDocuments, commands::addTemplates,
             commands::addScenarios, commands::addSteps, commands::addSettings, commands::addRates,
             commands::addRelance, commands::addHolds, commands::addTasks, commands::addWorklist, commands::addReports,
             commands::addLog, commands::addDemo, commands::addSnapshots, commands::addImports, commands::addExports,
             commands::addStorage, commands::addBank})
        m_registry.addGroup([add, &s](Registry& r) { add(r, s); });
    m_registry.add({"api.describe",
        "Every method with its parameters (their types, the values some take), the roles allowed, and the tables it "
        "writes. What a call read comes with its reply (`reads`).",
        {}, std::nullopt, {}, [this](const Call&) -> Outcome { return describe(); }});
}

Dispatcher::~Dispatcher() = default;

json Dispatcher::describe()
{
    json methods = json::array();
    for (const auto& c : m_registry.all()) {
        json params = json::array();
        for (const auto& p : c.params)
            params.push_back(p.describe());
        methods.push_back({{"method", c.method}, {"doc", c.doc}, {"params", params}, {"writes", c.writes},
            {"session", c.perm.has_value()}, {"permission", c.perm ? json(service::permName(*c.perm)) : json()},
            {"roles", c.perm ? service::rolesWith(*c.perm) : std::vector<std::string>{}}, {"long", bool(c.start)}});
    }
    return {{"methods", methods}, {"session_lost_reasons", service::sessionLostReasons()}};
}

// [SECTION] requests

Reply Dispatcher::handleText(const std::string& requestText, const CallOptions& options)
{
    auto request = parseRequest(requestText);
    if (!request.ok())
        return {errorReply(nullptr, request.error()), {}};
    return runToEnd(request.value(), options); // parseRequest has bounded its depth
}

Reply Dispatcher::handle(const json& request, const CallOptions& options)
{
    if (deeperThan(request, kMaxDepth))
        return {errorReply(request.is_object() && request.contains("id") ? request["id"] : json(),
                    Error::validation("", "too_deep", "the request nests deeper than the API allows")),
            {}};
    return runToEnd(request, options);
}

Reply Dispatcher::runToEnd(const json& request, const CallOptions& options)
{
    if (auto reply = start(request))
        return *reply;
    if (options.onProgress)
        options.onProgress(progressDone(), progressTotal());
    for (;;) {
        const bool cancel = options.cancel && options.cancel->load();
        const std::int64_t total = progressTotal();
        if (auto reply = step(cancel)) {
            if (options.onProgress && !reply->isError())
                options.onProgress(total, total); // finished
            return *reply;
        }
        if (options.onProgress)
            options.onProgress(progressDone(), progressTotal());
    }
}

json Dispatcher::call(const std::string& method, const json& params, const std::string& session)
{
    Reply r = handle(json{{"id", 0}, {"method", method}, {"params", params}, {"session", session}});
    return r.isError() ? r.body["error"] : r.result();
}

std::optional<Reply> Dispatcher::begin(const std::string& requestText)
{
    auto request = parseRequest(requestText);
    if (!request.ok())
        return Reply{errorReply(nullptr, request.error()), {}};
    return start(request.value());
}

std::optional<Reply> Dispatcher::start(const json& request)
{
    json id = nullptr;
    auto fail = [&](const Error& e) { return Reply{errorReply(id, e), {}}; };
    if (!request.is_object())
        return fail(Error::validation("", "malformed", "the request must be a JSON object"));
    if (request.contains("id"))
        id = request["id"];
    if (m_running)
        return fail({ErrorCode::Storage, "another command is still running: wait for it or cancel it", {}, "busy"});
    if (!request.contains("method") || !request["method"].is_string())
        return fail(Error::validation("method", "required", "the request has no 'method' string"));
    const std::string method = request["method"].get<std::string>();
    json params = json::object();
    if (request.contains("params") && !request["params"].is_null()) {
        if (!request["params"].is_object())
            return fail(Error::validation("params", "wrong_type", "'params' must be an object"));
        params = request["params"];
    }
    std::string session;
    if (request.contains("session") && request["session"].is_string())
        session = request["session"].get<std::string>();
    const Command* cmd = m_registry.find(method);
    if (!cmd)
        return fail({ErrorCode::NotFound, "unknown method '" + method + "'", "method", "unknown_method"});
    if (auto e = checkParams(params, cmd->params))
        return fail(*e);
    auto running = std::make_unique<Running>();
    running->id = id;
    running->command = cmd;
    try {
        service::Actor actor;
        if (cmd->perm) {
            auto who = m_services->auth.authenticate(session);
            if (!who.ok())
                return fail(who.error());
            actor = who.value();
        }
        running->observer = std::make_unique<db::ChangeObserver>(m_services->ctx.db);
        running->reads = std::make_unique<db::ReadObserver>(m_services->ctx.db);
        const Call call{params, actor, session};
        if (cmd->run) {
            m_running = std::move(running);
            return finish(cmd->run(call));
        }
        auto job = cmd->start(call);
        if (!job.ok())
            return fail(job.error());
        running->job = std::move(job.value());
        m_running = std::move(running);
        return std::nullopt;
    } catch (...) {
        m_running.reset();
        return fail(currentException());
    }
}

// [SECTION] long commands

std::optional<Reply> Dispatcher::step(bool cancel)
{
    if (!m_running)
        return Reply{errorReply(nullptr, {ErrorCode::Internal, "no command is running", {}, "internal"}), {}};
    if (cancel) {
        m_running->job.reset(); // rolls back
        return finish(Error::cancelled("cancelled: nothing was written"));
    }
    try {
        auto out = m_running->job->step();
        if (!out)
            return std::nullopt;
        m_running->job.reset(); // before the observer: a job that failed rolls back here
        return finish(std::move(*out));
    } catch (...) {
        m_running->job.reset();
        return finish(currentException());
    }
}

Reply Dispatcher::finish(Outcome&& out)
{
    std::unique_ptr<Running> r = std::move(m_running);
    // What it read, a cache as the tables it mirrors (a change to those is announced) — on
    // a refusal too: "no such client" may hold no more once the clients change.
    std::set<std::string> reads;
    for (const auto& t : r->reads->tables())
        if (isCacheTable(t))
            reads.insert(cacheSources(t).begin(), cacheSources(t).end());
        else
            reads.insert(t);
    if (!out.ok()) {
        json body = errorReply(r->id, out.error());
        body["reads"] = reads;
        return {std::move(body), {}};
    }
    std::vector<std::string> changed;
    // A restore or an import replaced the whole file (SQLite's backup, which no hook sees).
    std::set<std::string> written = r->observer->tables();
    if (m_services->storage.takeReplaced())
        for (auto& t : db::tableNames(m_services->ctx.db))
            written.insert(std::move(t));
    for (const auto& t : written)
        if (!isCacheTable(t))
            changed.push_back(t);
    return {{{"id", r->id}, {"result", std::move(out.value())}, {"reads", reads}}, changed};
}

void Dispatcher::setStorageFiles(service::StorageFiles* files)
{
    m_services->storage.setFiles(files);
}

Result<bool> Dispatcher::autoBackup()
{
    if (m_running)
        return Error::storage("busy", "a command is running: the backup waits for it");
    try {
        return m_services->storage.autoBackup();
    } catch (...) {
        return currentException();
    }
}

std::int64_t Dispatcher::progressDone() const
{
    return m_running && m_running->job ? m_running->job->done : 0;
}

std::int64_t Dispatcher::progressTotal() const
{
    return m_running && m_running->job ? m_running->job->total : 0;
}

} // namespace crm::api
