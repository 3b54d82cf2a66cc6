#include "core/api/dispatcher.hpp"

#include "core/db/embedded.hpp"
#include "core/service/client_service.hpp"
#include "core/util/result.hpp"

#include <limits>
#include <optional>

namespace crm::api {

// [SECTION] index
// - envelope helpers
// - parameter checking
// - JSON views of model rows
// - the command table
// - Dispatcher

// [SECTION] envelope helpers

json errorObject(const char* code, const std::string& message, const std::string& field, const std::string& reason)
{
    json e = {{"code", code}, {"message", message}};
    if (!field.empty())
        e["field"] = field;
    if (!reason.empty())
        e["reason"] = reason;
    return e;
}

namespace {

json toJson(const Error& e)
{
    return errorObject(errorCodeName(e.code), e.message, e.field, e.reason);
}

// What a command handler returns: a result object, or an Error.
using Outcome = Result<json>;

template <class T, class F> Outcome map(Result<T>&& r, F&& f)
{
    if (!r.ok())
        return r.error();
    return f(r.value());
}

// [SECTION] parameter checking

const char* typeName(ParamType t)
{
    switch (t) {
    case ParamType::String: return "string";
    case ParamType::Integer: return "integer";
    case ParamType::Boolean: return "boolean";
    case ParamType::Object: return "object";
    case ParamType::Array: return "array";
    }
    return "?";
}

bool hasType(const json& v, ParamType t)
{
    switch (t) {
    case ParamType::String: return v.is_string();
    case ParamType::Integer:
        return v.is_number_integer()
            && (!v.is_number_unsigned()
                || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    case ParamType::Boolean: return v.is_boolean();
    case ParamType::Object: return v.is_object();
    case ParamType::Array: return v.is_array();
    }
    return false;
}

std::optional<Error> checkParams(const json& params, const std::vector<ParamSpec>& specs)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParamSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == it.key())
                spec = &s;
        if (!spec)
            return Error::validation(it.key(), "unknown_parameter", "unknown parameter '" + it.key() + "'");
        // null stands for "absent" on optional parameters
        if (it.value().is_null() && !spec->required)
            continue;
        if (!hasType(it.value(), spec->type))
            return Error::validation(
                it.key(), "wrong_type", "parameter '" + it.key() + "' must be of type " + typeName(spec->type));
    }
    for (const auto& s : specs)
        if (s.required && (!params.contains(s.name) || params[s.name].is_null()))
            return Error::validation(s.name, "required", "parameter '" + s.name + "' is required");
    return std::nullopt;
}

std::optional<std::string> optString(const json& p, const char* key)
{
    if (!p.contains(key) || p[key].is_null())
        return std::nullopt;
    return p[key].get<std::string>();
}

std::int64_t getInt(const json& p, const char* key, std::int64_t fallback)
{
    if (!p.contains(key) || p[key].is_null())
        return fallback;
    return p[key].get<std::int64_t>();
}

// [SECTION] JSON views of model rows

json toJson(const model::Client& c)
{
    return {{"id", c.id}, {"code", c.code}, {"name", c.name}, {"email", c.email}, {"phone", c.phone},
        {"address", c.address}, {"siret", c.siret}, {"created_at", c.createdAt}, {"updated_at", c.updatedAt}};
}

service::ClientFields clientFields(const json& p)
{
    service::ClientFields f;
    f.code = optString(p, "code");
    f.name = optString(p, "name");
    f.email = optString(p, "email");
    f.phone = optString(p, "phone");
    f.address = optString(p, "address");
    f.siret = optString(p, "siret");
    return f;
}

const std::vector<ParamSpec> kClientFieldSpecs(bool codeAndNameRequired)
{
    return {
        {"code", ParamType::String, codeAndNameRequired, "client code, unique (letters, digits, - _ . /; max 32)"},
        {"name", ParamType::String, codeAndNameRequired, "company or person name (max 200)"},
        {"email", ParamType::String, false, "e-mail address"},
        {"phone", ParamType::String, false, "phone number"},
        {"address", ParamType::String, false, "postal address, may span lines (max 500)"},
        {"siret", ParamType::String, false, "14-digit SIRET, spaces ignored"},
    };
}

} // namespace

// [SECTION] the command table

struct Dispatcher::Command {
    std::string method;
    std::string doc;
    std::vector<ParamSpec> params;
    std::vector<std::string> writes; // tables written on success
    std::function<Outcome(const json&)> run;
};

Dispatcher::Dispatcher(db::Database& db, Clock clock) : m_db(db), m_clock(std::move(clock))
{
    auto clients = std::make_shared<service::ClientService>(m_db, m_clock);

    auto updateSpecs = kClientFieldSpecs(false);
    updateSpecs.insert(updateSpecs.begin(), {"id", ParamType::Integer, true, "client id"});

    m_commands = {
        {"client.create", "Create a client.", kClientFieldSpecs(true), {"clients"},
            [clients](const json& p) {
                return map(clients->create(clientFields(p)), [](const model::Client& c) { return toJson(c); });
            }},
        {"client.update", "Change some fields of a client; absent fields are kept.", updateSpecs, {"clients"},
            [clients](const json& p) {
                return map(clients->update(p["id"].get<std::int64_t>(), clientFields(p)),
                    [](const model::Client& c) { return toJson(c); });
            }},
        {"client.get", "One client by id.", {{"id", ParamType::Integer, true, "client id"}}, {},
            [clients](const json& p) {
                return map(clients->get(p["id"].get<std::int64_t>()), [](const model::Client& c) { return toJson(c); });
            }},
        {"client.list",
            "A page of clients: search on name and code (case- and accent-insensitive), sorted, with the total.",
            {{"search", ParamType::String, false, "text contained in the code or name"},
                {"sort", ParamType::String, false, "name (default) | code | email | created_at | updated_at"},
                {"desc", ParamType::Boolean, false, "descending order"},
                {"offset", ParamType::Integer, false, "rows to skip (default 0)"},
                {"limit", ParamType::Integer, false, "rows to return, 1..1000 (default 50)"}},
            {},
            [clients](const json& p) -> Outcome {
                model::ClientQuery q;
                q.search = optString(p, "search").value_or("");
                const std::string sort = optString(p, "sort").value_or("name");
                if (sort == "name")
                    q.sort = model::ClientSort::Name;
                else if (sort == "code")
                    q.sort = model::ClientSort::Code;
                else if (sort == "email")
                    q.sort = model::ClientSort::Email;
                else if (sort == "created_at")
                    q.sort = model::ClientSort::CreatedAt;
                else if (sort == "updated_at")
                    q.sort = model::ClientSort::UpdatedAt;
                else
                    return Error::validation(
                        "sort", "unknown_value", "sort must be one of name, code, email, created_at, updated_at");
                q.desc = p.contains("desc") && p["desc"].is_boolean() && p["desc"].get<bool>();
                q.offset = getInt(p, "offset", 0);
                q.limit = getInt(p, "limit", 50);
                return map(clients->list(q), [](const model::ClientPage& page) {
                    json rows = json::array();
                    for (const auto& c : page.rows)
                        rows.push_back(toJson(c));
                    return json {{"rows", rows}, {"total", page.total}};
                });
            }},
        {"client.delete", "Delete a client.", {{"id", ParamType::Integer, true, "client id"}}, {"clients"},
            [clients](const json& p) {
                return map(clients->remove(p["id"].get<std::int64_t>()), [&](const Unit&) {
                    return json {{"deleted", p["id"]}};
                });
            }},
        {"demo.load", "Load the demo clients of seeds/demo.json (only into an empty database).", {}, {"clients"},
            [this, clients](const json&) -> Outcome {
                const json seed = json::parse(embedded::demoSeed(), nullptr, false);
                if (seed.is_discarded() || !seed.contains("clients") || !seed["clients"].is_array())
                    return Error {ErrorCode::Internal, "the embedded demo seed is malformed", {}, {}};
                model::ClientModel model(m_db);
                if (model.count() > 0)
                    return Error {ErrorCode::Conflict, "demo data loads only into an empty database", {}, "not_empty"};
                db::Transaction tx(m_db);
                std::int64_t created = 0;
                for (const auto& row : seed["clients"]) {
                    auto r = clients->create(clientFields(row));
                    if (!r.ok())
                        return r.error(); // rolls back: nothing half-loaded
                    ++created;
                }
                tx.commit();
                return json {{"clients", created}};
            }},
        {"api.describe", "Every method with its parameters and their types.", {}, {},
            [this](const json&) -> Outcome { return describe(); }},
    };
}

Dispatcher::~Dispatcher() = default;

json Dispatcher::describe() const
{
    json methods = json::array();
    for (const auto& c : m_commands) {
        json params = json::array();
        for (const auto& p : c.params)
            params.push_back({{"name", p.name}, {"type", typeName(p.type)}, {"required", p.required}, {"doc", p.doc}});
        methods.push_back({{"method", c.method}, {"doc", c.doc}, {"params", params}, {"writes", c.writes}});
    }
    return {{"methods", methods}};
}

// [SECTION] Dispatcher

Reply Dispatcher::handleText(const std::string& requestText)
{
    const json request = json::parse(requestText, nullptr, false);
    if (request.is_discarded())
        return {
            {{"id", nullptr}, {"error", errorObject("validation", "the request is not valid JSON", "", "malformed")}},
            {}};
    return handle(request);
}

Reply Dispatcher::handle(const json& request)
{
    json id = nullptr;
    auto fail = [&](const json& error) { return Reply {{{"id", id}, {"error", error}}, {}}; };
    if (!request.is_object())
        return fail(errorObject("validation", "the request must be a JSON object", "", "malformed"));
    if (request.contains("id"))
        id = request["id"];
    if (!request.contains("method") || !request["method"].is_string())
        return fail(errorObject("validation", "the request has no 'method' string", "method", "required"));
    const std::string method = request["method"].get<std::string>();
    json params = json::object();
    if (request.contains("params") && !request["params"].is_null()) {
        if (!request["params"].is_object())
            return fail(errorObject("validation", "'params' must be an object", "params", "wrong_type"));
        params = request["params"];
    }
    const Command* cmd = nullptr;
    for (const auto& c : m_commands)
        if (c.method == method)
            cmd = &c;
    if (!cmd)
        return fail(errorObject("not_found", "unknown method '" + method + "'", "method", "unknown_method"));
    if (auto e = checkParams(params, cmd->params))
        return fail(toJson(*e));
    try {
        Outcome out = cmd->run(params);
        if (!out.ok())
            return fail(toJson(out.error()));
        return {{{"id", id}, {"result", std::move(out.value())}}, cmd->writes};
    } catch (const db::DbError& e) {
        return fail(errorObject(e.isStorage() ? "storage" : "internal", e.what()));
    } catch (const std::exception& e) {
        return fail(errorObject("internal", e.what()));
    } catch (...) {
        return fail(errorObject("internal", "unknown failure"));
    }
}

json Dispatcher::call(const std::string& method, const json& params)
{
    Reply r = handle(json {{"id", 0}, {"method", method}, {"params", params}});
    return r.isError() ? r.body["error"] : r.body["result"];
}

} // namespace crm::api
