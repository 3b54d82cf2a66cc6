// The command API: the one seam between the interface (or the CLI, or a script) and
// the core. See ARCHITECTURE.md, "The command API".
//
// Call flow: handle() parses the envelope {id, method, params, session} (parseRequest:
// bounded depth, no repeated keys), finds the command in the registry, checks `params`
// against its declaration (unknown, missing, mistyped, too long or null parameters are
// refused and named in error.field), turns the session into the Actor (public commands
// — auth.status, auth.setup, auth.login, api.describe — need none), runs the handler,
// and answers {id, result} or {id, error}. Permissions are enforced by the services;
// each command declares the one it needs, and api.describe derives its roles from it.
//
// Long commands (Command::start) run as a Job, a slice at a time: handle() runs the
// slices back to back, reporting progress and checking the cancel flag between them;
// the browser worker drives them itself with begin() / step() so it can read its
// messages (a cancel) between slices. A cancelled job rolls back and answers the
// `cancelled` error.
//
// Error contract: never throws. A DbError becomes `storage` (reason disk_full, busy,
// io_error, corrupt, read_only, storage) or `internal`, any other exception `internal`;
// a failed command changes nothing. Reply::changed lists the tables a successful
// command wrote, as observed (cache tables, which only mirror others, left out), for
// the worker's {"event": "changed"} message; a successful reply carries `reads`, the
// tables its result was read from, as observed (a cache as the tables it mirrors): the
// interface's store asks again when a `changed` event names one of them.
#pragma once

#include "core/api/encode.hpp"
#include "core/api/registry.hpp"
#include "core/db/database.hpp"
#include "core/service/auth_service.hpp"
#include "core/service/storage_service.hpp"
#include "core/util/clock.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::api {

struct Services;

struct Reply {
    json body;                        // the whole reply envelope
    std::vector<std::string> changed; // tables written (empty on error or read-only call)
    bool isError() const { return body.contains("error"); }
    // The envelope as JSON text: body.dump(), with a result written as text (json_text.hpp)
    // put in as it is.
    std::string text() const;
    // The `result` as a document (one written as text is parsed).
    json result() const;
};

struct CallOptions {
    // Called between the slices of a long command with how far it got.
    std::function<void(std::int64_t done, std::int64_t total)> onProgress;
    // Set (from anywhere) to stop a long command at its next slice.
    const std::atomic<bool>* cancel = nullptr;
};

class Dispatcher {
public:
    Dispatcher(db::Database& db, Clock clock, service::AuthConfig auth = {});
    ~Dispatcher();

    // Parses and runs one request; never throws.
    Reply handleText(const std::string& requestText, const CallOptions& options = {});
    // Runs an already-parsed request; never throws.
    Reply handle(const json& request, const CallOptions& options = {});
    // Convenience for in-process callers: the `result` or `error` object.
    json call(const std::string& method, const json& params, const std::string& session = {});

    // Stepwise running, for a caller with its own event loop (the browser worker):
    // begin() answers a short command at once, or starts a long one and returns nothing;
    // then step() advances it one slice, and returns its reply once it has finished (or
    // was cancelled). While a command runs, begin() refuses others (`storage`, busy).
    std::optional<Reply> begin(const std::string& requestText);
    std::optional<Reply> beginParsed(const json& request) { return start(request); }
    std::optional<Reply> step(bool cancel);
    bool running() const { return m_running != nullptr; }
    std::int64_t progressDone() const;
    std::int64_t progressTotal() const;

    json describe();

    // The host's files, for the storage.* commands (none: they answer storage/unavailable).
    void setStorageFiles(service::StorageFiles* files);
    // The automatic backup, when one is due by the schedule (hosts call it at start and
    // hourly, between commands): whether the list of backups changed.
    Result<bool> autoBackup();

private:
    struct Running;
    std::optional<Reply> start(const json& request);
    // start(), then the slices of a long command back to back.
    Reply runToEnd(const json& request, const CallOptions& options);
    Reply finish(Outcome&& out);

    std::unique_ptr<Services> m_services;
    Registry m_registry;
    std::unique_ptr<Running> m_running;
};

} // namespace crm::api
