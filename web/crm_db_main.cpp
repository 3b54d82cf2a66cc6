// crm_db_main.cpp — the worker module's C entry points (see web/worker.js).
//
//   crm_db_open(name)     open `name` through the "opfs" VFS (":memory:" for an
//                         in-memory database); returns {"ok": true, "schema": N}
//                         or {"error": {...}}
//   crm_db_call(request)  one command-API request (JSON text); returns
//                         {"reply": {...}, "changed": [tables]}, or, for a long command
//                         (demo.generate...), {"pending": true, "done": n, "total": m}:
//                         then call crm_db_step until it returns a reply. A request
//                         without a session gets the one the window holds
//                         (api::SessionHolder); when a reply changes it, the answer
//                         adds "session": {"token", "signed_in"}. A storage.* command
//                         adds "files": {"needs": {open, create} | null, "remove": [names]}
//                         (web/opfs_files.hpp): with needs, the worker opens those
//                         backups' handles and sends the request again.
//   crm_db_step(cancel)   advances the long command one slice (cancel != 0: stops it; it
//                         rolls back and replies `cancelled`); returns what crm_db_call does
//   crm_db_files(state)   what the worker gathered of the backups directory before a
//                         storage.* command (OpfsFiles::prepare)
//   crm_db_auto_backup()  the automatic backup if the schedule says it is due:
//                         {"changed": bool, "files": {...}} or {"error": {...}}
//   crm_db_adopt(token)   the session a reload kept (the page's sessionStorage)
//   crm_db_free(p)        frees a string returned by the functions here
//   crm_db_close()        closes the database (the tab hands it over to another)
//   crm_db_portfolio(text) the demo portfolio (seeds/demo-portfolio.json), which the worker
//                         fetches before the first demo.portfolio: this module does not
//                         carry it (2.7 MB less to fetch at every start)
//
// Returned strings are malloc'ed UTF-8 JSON; the caller frees them with crm_db_free.
// The benchmark module adds crm_db_bench (tests/bench/bench_worker.cpp).
#include "core/api/dispatcher.hpp"
#include "core/api/session.hpp"
#include "core/db/database.hpp"
#include "core/db/embedded.hpp"
#include "core/util/clock.hpp"

#include "web/crm_db.hpp"
#include "web/opfs_files.hpp"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>

extern "C" int crm_opfs_register(void);

namespace {

using crm::api::json;

std::unique_ptr<crm::db::Database> g_db;
std::unique_ptr<crm::web::OpfsFiles> g_files;
std::unique_ptr<crm::api::Dispatcher> g_api;
crm::api::SessionHolder g_sessions;
std::string g_portfolio; // given by crm_db_portfolio
// The request running (a long one answers later) and the session it carried.
json g_request;
std::string g_carried;

char* dup(const std::string& s)
{
    char* p = static_cast<char*>(std::malloc(s.size() + 1));
    std::memcpy(p, s.c_str(), s.size() + 1);
    return p;
}

json filesAnswer()
{
    return {{"needs", g_files ? g_files->wanted() : json()},
        {"remove", g_files ? g_files->removed() : std::vector<std::string>{}}};
}

// A finished command's reply and the tables it wrote, or how far a long one got.
char* answer(const std::optional<crm::api::Reply>& r)
{
    if (!r)
        return dup(json{{"pending", true}, {"done", g_api->progressDone()}, {"total", g_api->progressTotal()}}.dump());
    json out = {{"changed", r->changed}};
    if (g_sessions.observe(g_request, g_carried, r->body))
        out["session"] = {{"token", g_sessions.session()}, {"signed_in", g_sessions.signedIn()}};
    if (g_request.is_object() && g_request.value("method", "").rfind("storage.", 0) == 0)
        out["files"] = filesAnswer();
    // The reply as text (a large one was written as text, json_text.hpp), then the rest.
    std::string text = "{\"reply\":" + r->text() + ",";
    text += out.dump().substr(1);
    return dup(text);
}

char* notOpen()
{
    json reply = {{"id", nullptr}, {"error", crm::api::errorObject("storage", "the database is not open")}};
    return dup(json{{"reply", reply}, {"changed", json::array()}}.dump());
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
    try {
        g_api.reset();
        g_files.reset();
        g_db.reset();
        crm::db::OpenOptions options;
        const bool inMemory = std::strcmp(name, ":memory:") == 0;
        if (!inMemory) {
            if (crm_opfs_register() != 0)
                return dup(
                    json{{"error", crm::api::errorObject("storage", "cannot register the OPFS file system")}}.dump());
            options.vfs = "opfs";
        }
        g_db = crm::db::Database::open(name, options);
        g_api = std::make_unique<crm::api::Dispatcher>(*g_db, crm::systemClock());
        if (!inMemory) {
            g_files = std::make_unique<crm::web::OpfsFiles>(name);
            g_api->setStorageFiles(g_files.get());
        }
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
    if (!g_api)
        return notOpen();
    g_request = json::parse(request, nullptr, false);
    if (g_request.is_discarded()) {
        g_request = nullptr;
        g_carried.clear();
        return answer(g_api->begin(std::string(request))); // its error names what is wrong
    }
    g_carried = g_sessions.attach(g_request);
    return answer(g_api->beginParsed(g_request));
}

char* crm_db_step(int cancel)
{
    if (!g_api || !g_api->running()) {
        json reply = {{"id", nullptr}, {"error", crm::api::errorObject("internal", "no command is running")}};
        return dup(json{{"reply", reply}, {"changed", json::array()}}.dump());
    }
    return answer(g_api->step(cancel != 0));
}

void crm_db_files(const char* state)
{
    if (g_files)
        g_files->prepare(json::parse(state, nullptr, false));
}

char* crm_db_auto_backup()
{
    if (!g_api)
        return dup(json{{"error", crm::api::errorObject("storage", "the database is not open")}}.dump());
    auto done = g_api->autoBackup();
    if (!done.ok())
        return dup(json{{"error", crm::api::errorJson(done.error())}, {"files", filesAnswer()}}.dump());
    return dup(json{{"changed", done.value()}, {"files", filesAnswer()}}.dump());
}

void crm_db_adopt(const char* token)
{
    g_sessions.adopt(token);
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
    g_files.reset();
    g_db.reset(); // the last transaction ended with its command: closing loses nothing
}

} // extern "C"
