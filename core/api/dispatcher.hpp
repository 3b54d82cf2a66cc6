// The command API: the one seam between the interface (or the CLI, or a script) and
// the core. See ARCHITECTURE.md, "The command API".
//
// Call flow: handle() parses the envelope {id, method, params, session}, finds the
// command in the table, checks `params` against the command's declared parameters
// (unknown, missing or mistyped parameters are refused and named in error.field),
// turns the session token into the Actor (commands open to the public — auth.status,
// auth.setup, auth.login, api.describe — need none), runs the service call, and
// answers {id, result} or {id, error}. Permissions are enforced by the services
// themselves; each command's `roles` (listed by api.describe) mirror them.
//
// Error contract: handle() never throws. A DbError becomes `storage` (or `internal`),
// any other exception `internal`; services run each call in one transaction, so a
// failed command changes nothing. `changed` lists the tables a successful command
// wrote, for the worker's {"event": "changed"} message.
#pragma once

#include "core/db/database.hpp"
#include "core/service/auth_service.hpp"
#include "core/util/clock.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crm::api {

using json = nlohmann::json;

enum class ParamType { String, Integer, Boolean, Object, Array };

struct ParamSpec {
    std::string name;
    ParamType type;
    bool required;
    std::string doc;
};

struct Reply {
    json body;                        // the whole reply envelope
    std::vector<std::string> changed; // tables written (empty on error or read-only call)
    bool isError() const { return body.contains("error"); }
};

class Dispatcher {
public:
    Dispatcher(db::Database& db, Clock clock, service::AuthConfig auth = {});
    ~Dispatcher();

    // Parses and runs one request; never throws.
    Reply handleText(const std::string& requestText);
    // Runs an already-parsed request; never throws.
    Reply handle(const json& request);
    // Convenience for in-process callers: the `result` or `error` object.
    json call(const std::string& method, const json& params, const std::string& session = {});

    json describe() const;

    struct Command;
    struct Services;

private:
    void addCommands();

    std::vector<Command> m_commands;
    std::unique_ptr<Services> m_services;
};

// The error envelope's inner object for an error code, message, field, reason.
json errorObject(
    const char* code, const std::string& message, const std::string& field = {}, const std::string& reason = {});

} // namespace crm::api
