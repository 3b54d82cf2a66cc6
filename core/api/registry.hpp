// The command table: what each command is called, takes, needs and writes, and
// the handler that decodes its params, calls one service and encodes the result.
//
// Each domain adds its commands from its own file (core/api/commands/<prefix>.cpp, named
// after the method prefix it registers, declared in commands/commands.hpp), as a group
// registered when first needed;
// Registry::add refuses a name already taken, so a clash stops the program (at the
// latest when the whole table is listed, as api.describe and the tests do) rather than
// shadowing a command.
//
// Facts about a command are declared once, here:
//   perm    the permission of core/service/permissions.hpp it needs (none: public);
//           api.describe derives its `roles` from it.
//   writes  documentation of what it may write; what it did write is observed (SQLite's
//           pre-update hook), and a test fails if it writes an undeclared table.
// What a command reads is not declared: it is observed (SQLite's authorizer, see
// db::ReadObserver) and sent with each reply, where the interface's store finds which
// `changed` events make it ask again.
#pragma once

#include "core/api/params.hpp"
#include "core/service/context.hpp"
#include "core/service/permissions.hpp"
#include "core/util/result.hpp"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::api {

// What a handler returns: a result object, or an Error.
using Outcome = Result<json>;

// A long command's work, done a slice at a time so that the caller can report progress
// and cancel between slices (the browser worker returns to its event loop there). The
// job holds its own transaction: dropping an unfinished job rolls it back.
class Job {
public:
    virtual ~Job() = default;
    // Does one slice (a fraction of a second of work); returns the outcome once finished.
    virtual std::optional<Outcome> step() = 0;
    std::int64_t done = 0;
    std::int64_t total = 0;
};

struct Call {
    const json& p;
    const service::Actor& actor;
    const std::string& session;
};

struct Command {
    std::string method;
    std::string doc;
    std::vector<ParamSpec> params;
    std::optional<service::Perm> perm; // nullopt: public, no session needed
    std::vector<std::string> writes;
    std::function<Outcome(const Call&)> run;
    // Long commands set `start` instead of `run`.
    std::function<Result<std::unique_ptr<Job>>(const Call&)> start = {};
};

class Registry {
public:
    // One domain's commands, added when first needed: find() registers the pending groups
    // in the order they were given until one holds the method, all() registers them all.
    // Building the whole table (84 commands, their parameters and texts) is code run once;
    // in the browser, compiling it cost the start ~100 ms before the first answer, and a
    // start needs only the auth group.
    using Group = std::function<void(Registry&)>;
    void addGroup(Group group);
    // Throws std::logic_error when `command.method` is already registered, or when it has
    // neither or both of `run` and `start`.
    void add(Command command);
    const Command* find(const std::string& method);
    const std::deque<Command>& all();

private:
    // Registers the first pending group; false when none is left.
    bool registerNextGroup();

    std::deque<Group> m_pending;
    std::deque<Command> m_commands; // a deque: a Command found stays put as groups are added
    std::map<std::string, std::size_t> m_index;
};

} // namespace crm::api
