// crm_db_main.cpp — the worker module's C entry points (see web/worker.js).
//
//   crm_db_open(name)     open `name` through the "opfs" VFS (":memory:" for an
//                         in-memory database); returns {"ok": true, "schema": N}
//                         or {"error": {...}}
//   crm_db_call(request)  one command-API request (JSON text); returns
//                         {"reply": {...}, "changed": [tables]}, or, for a long command
//                         (demo.generate...), {"pending": true, "done": n, "total": m}:
//                         then call crm_db_step until it returns a reply
//   crm_db_step(cancel)   advances the long command one slice (cancel != 0: stops it; it
//                         rolls back and replies `cancelled`); returns what crm_db_call does
//   crm_db_free(p)        frees a string returned by the functions here
//   crm_db_close()        closes the database (the tab hands it over to another)
//   crm_db_info()         {"schema": N, "bytes": size, "rows": {clients, invoices, payments, users},
//                         "tables": [names]}
//   crm_db_check(name)    checks a database file the worker wrote to the handle `name`
//                         (integrity, our tables, schema version): {"ok": true, "schema": N,
//                         "rows": {...}} or {"error": {code: "validation", reason, message}}
//   crm_db_replace(name)  replaces the open database by that file (after crm_db_check said
//                         ok), migrates it if older: {"ok": true, "schema": N} or {"error"}
//   crm_db_portfolio(text) the demo portfolio (seeds/demo-portfolio.json), which the worker
//                         fetches before the first demo.portfolio: this module does not
//                         carry it (2.7 MB less to fetch at every start)
//
// Returned strings are malloc'ed UTF-8 JSON; the caller frees them with crm_db_free.
// The benchmark module adds crm_db_bench (tests/bench/bench_worker.cpp).
#include "core/api/dispatcher.hpp"
#include "core/db/backup.hpp"
#include "core/db/database.hpp"
#include "core/db/embedded.hpp"
#include "core/util/clock.hpp"

#include "web/crm_db.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

extern "C" int crm_opfs_register(void);

namespace {

std::unique_ptr<crm::db::Database> g_db;
std::unique_ptr<crm::api::Dispatcher> g_api;
std::string g_portfolio; // given by crm_db_portfolio

char* dup(const std::string& s)
{
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

// A finished command's reply and the tables it wrote, or how far a long one got.
char* answer(const std::optional<crm::api::Reply>& r)
{
    using crm::api::json;
    if (!r)
        return dup(json{{"pending", true}, {"done", g_api->progressDone()}, {"total", g_api->progressTotal()}}.dump());
    return dup(json{{"reply", r->body}, {"changed", r->changed}}.dump());
}

} // namespace

crm::db::Database* crm::web::openDatabase()
{
    return g_db.get();
}

char* crm::web::replyString(const std::string& json)
{
    return dup(json);
}

// Empty until the worker gives it: demo.portfolio then says it is unavailable.
const char* crm::embedded::demoPortfolio()
{
    return g_portfolio.c_str();
}

extern "C" {

char* crm_db_open(const char* name)
{
    using crm::api::json;
    try {
        g_api.reset();
        g_db.reset();
        crm::db::OpenOptions options;
        if (std::strcmp(name, ":memory:") != 0) {
            if (crm_opfs_register() != 0)
                return dup(
                    json{{"error", crm::api::errorObject("storage", "cannot register the OPFS file system")}}.dump());
            options.vfs = "opfs";
        }
        g_db = crm::db::Database::open(name, options);
        g_api = std::make_unique<crm::api::Dispatcher>(*g_db, crm::systemClock());
        return dup(json{{"ok", true}, {"schema", g_db->schemaVersion()},
            {"session_lost_reasons", crm::service::sessionLostReasons()}}
                       .dump());
    } catch (const std::exception& e) {
        g_db.reset();
        return dup(json{{"error", crm::api::errorObject("storage", e.what())}}.dump());
    }
}

char* crm_db_call(const char* request)
{
    using crm::api::json;
    if (!g_api) {
        json reply = {{"id", nullptr}, {"error", crm::api::errorObject("storage", "the database is not open")}};
        return dup(json{{"reply", reply}, {"changed", json::array()}}.dump());
    }
    return answer(g_api->begin(request));
}

char* crm_db_step(int cancel)
{
    using crm::api::json;
    if (!g_api || !g_api->running()) {
        json reply = {{"id", nullptr}, {"error", crm::api::errorObject("internal", "no command is running")}};
        return dup(json{{"reply", reply}, {"changed", json::array()}}.dump());
    }
    return answer(g_api->step(cancel != 0));
}

void crm_db_free(char* p)
{
    std::free(p);
}

void crm_db_portfolio(const char* text)
{
    g_portfolio = text;
}

void crm_db_close()
{
    g_api.reset();
    g_db.reset(); // the last transaction ended with its command: closing loses nothing
}

char* crm_db_info()
{
    using crm::api::json;
    if (!g_db)
        return dup(json{{"error", crm::api::errorObject("storage", "the database is not open")}}.dump());
    try {
        crm::db::Statement size(*g_db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
        size.step();
        return dup(json{{"schema", g_db->schemaVersion()}, {"bytes", size.getInt(0)},
            {"rows", crm::db::rowCounts(*g_db)}, {"tables", crm::db::tableNames(*g_db)}}
                       .dump());
    } catch (const std::exception& e) {
        return dup(json{{"error", crm::api::errorObject("storage", e.what())}}.dump());
    }
}

char* crm_db_check(const char* name)
{
    using crm::api::json;
    const auto c = crm::db::checkFile(name, "opfs");
    if (!c.ok)
        return dup(json{{"error", {{"code", "validation"}, {"reason", c.reason}, {"message", c.message}}}}.dump());
    return dup(json{{"ok", true}, {"schema", c.schemaVersion}, {"rows", c.rows}}.dump());
}

char* crm_db_replace(const char* name)
{
    using crm::api::json;
    if (!g_db)
        return dup(json{{"error", crm::api::errorObject("storage", "the database is not open")}}.dump());
    try {
        crm::db::replaceFrom(*g_db, name, "opfs");
        // A new dispatcher: nothing it learnt of the old content survives.
        g_api = std::make_unique<crm::api::Dispatcher>(*g_db, crm::systemClock());
        return dup(json{{"ok", true}, {"schema", g_db->schemaVersion()}}.dump());
    } catch (const std::exception& e) {
        return dup(json{{"error", crm::api::errorObject("storage", e.what())}}.dump());
    }
}

} // extern "C"
