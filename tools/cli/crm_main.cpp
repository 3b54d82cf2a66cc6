// crm — the command-line face of the core: the same command API the interface uses.
//
//   crm call METHOD 'JSON-PARAMS' --db PATH     print the reply as JSON; exit 1 on an error reply
//   crm seed --demo --db PATH                   load the demo clients into an empty database
//   crm methods                                 list every method (api.describe)
//
// Authentication: the CLI opens the database file directly, so whoever can read and
// write the file has the data (as with the sqlite3 shell). See README, "The CLI".
#include "core/api/dispatcher.hpp"
#include "core/db/database.hpp"
#include "core/util/clock.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

namespace {

int usage(int status)
{
    std::fprintf(status ? stderr : stdout,
        "usage:\n"
        "  crm call METHOD ['JSON-PARAMS'] --db PATH   run one command, print the reply as JSON\n"
        "  crm seed --demo --db PATH                   load the demo clients into an empty database\n"
        "  crm methods                                 list the methods of the command API\n"
        "The database path may also come from the CRM_DB environment variable.\n");
    return status;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string dbPath = std::getenv("CRM_DB") ? std::getenv("CRM_DB") : "";
    std::vector<std::string> positional;
    bool demo = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i] == "--db" && i + 1 < args.size())
            dbPath = args[++i];
        else if (args[i] == "--demo")
            demo = true;
        else if (args[i] == "-h" || args[i] == "--help")
            return usage(0);
        else if (args[i].rfind("--", 0) == 0)
            return std::fprintf(stderr, "crm: unknown option '%s'\n", args[i].c_str()), usage(2);
        else
            positional.push_back(args[i]);
    }
    if (positional.empty())
        return usage(2);
    const std::string verb = positional[0];

    std::string method;
    crm::api::json params = crm::api::json::object();
    if (verb == "call") {
        if (positional.size() < 2 || positional.size() > 3)
            return usage(2);
        method = positional[1];
        if (positional.size() == 3) {
            params = crm::api::json::parse(positional[2], nullptr, false);
            if (params.is_discarded()) {
                std::fprintf(stderr, "crm: the parameters are not valid JSON: %s\n", positional[2].c_str());
                return 2;
            }
        }
    } else if (verb == "seed") {
        if (!demo)
            return std::fprintf(stderr, "crm seed: say what to load (--demo)\n"), 2;
        method = "demo.load";
    } else if (verb == "methods") {
        method = "api.describe";
        if (dbPath.empty())
            dbPath = ":memory:";
    } else {
        std::fprintf(stderr, "crm: unknown command '%s'\n", verb.c_str());
        return usage(2);
    }
    if (dbPath.empty()) {
        std::fprintf(stderr, "crm: no database: pass --db PATH or set CRM_DB\n");
        return 2;
    }

    try {
        auto db = crm::db::Database::open(dbPath);
        crm::api::Dispatcher dispatcher(*db, crm::systemClock());
        const crm::api::Reply reply
            = dispatcher.handle(crm::api::json {{"id", 1}, {"method", method}, {"params", params}});
        if (reply.isError()) {
            std::cout << reply.body["error"].dump(2) << "\n";
            return 1;
        }
        std::cout << reply.body["result"].dump(2) << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm: %s\n", e.what());
        return 1;
    }
}
