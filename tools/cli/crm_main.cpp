// crm — the command-line face of the core: the same command API the interface uses.
//
//   crm call METHOD ['JSON-PARAMS' | @FILE | -] --db PATH [--user EMAIL | --session TOKEN] [--progress]
//   crm setup --db PATH --email EMAIL        create the first administrator
//   crm seed --demo --db PATH                the demo portfolio, into a new database
//   crm seed --demo --db PATH --user EMAIL   load the demo clients
//   crm demo-build --out FILE [--as-of DATE] rebuild seeds/demo-portfolio.json
//   crm pg schema                            the PostgreSQL DDL (schema/postgres/schema.sql)
//   crm schema                               a new database in one script (schema/new_database.sql)
//   crm pg push --url URL (--db PATH | FILE) [--replace]
//                                            a database or a snapshot into PostgreSQL (a
//                                            server holding data only with --replace)
//   crm pg pull --url URL [--out FILE]       PostgreSQL's rows back as a snapshot
//   crm seed --clients N --invoices M [--seed S] [--as-of DATE] --db PATH
//   crm seed --statement LINES --out FILE --db PATH [--seed S] [--as-of DATE]
//                                            a CAMT.053 statement paying that portfolio
//   crm methods                              list every method (api.describe)
//   crm export --db PATH [--out FILE]        the database as a JSON snapshot (stdout by default)
//   crm import --db PATH FILE [--replace]    a snapshot into the database, all or nothing
//   crm bank import --db PATH FILE --user EMAIL
//                                            a bank statement (CFONB 120, CAMT.053, OFX)
//                                            imported and matched (bank.import)
//   crm backup --db PATH [--out FILE]        a consistent copy of the database file
//   crm restore --db PATH FILE               the database replaced by a checked copy (the
//                                            replaced one kept beside it)
//
// Authentication: commands other than auth.status, auth.setup, auth.login and
// api.describe need a session. With --user EMAIL the CLI signs in (password from the
// CRM_PASSWORD environment variable, else asked on the terminal, else read from
// standard input), runs the command, and signs out; --session reuses a token from
// auth.login. `seed --clients` writes test data straight into an empty file and
// needs no account (it creates them: see docs/cli.md).
//
// `export` and `import` work on the file itself, like `seed`: whoever can read the file
// holds its data (the snapshot includes the users' password hashes). An import into a
// database holding data is refused unless --replace says to replace it.
//
// Only `setup`, `seed` and `import` create a database file; the other commands refuse a path
// that does not exist (a mistyped --db). The parameters may come from a file (@FILE)
// or standard input (-), for large ones such as documents. --progress draws a long
// command's progress on standard error; Ctrl+C cancels it (nothing is written).
#include "core/api/dispatcher.hpp"
#include "core/db/backup.hpp"
#include "core/db/database.hpp"
#include "core/seed/generator.hpp"
#include "core/seed/statements.hpp"
#include "core/service/disk_files.hpp"
#include "core/service/snapshot_service.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/clock.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"
#include "tools/cli/demo_build.hpp"
#include "tools/cli/pg.hpp"

#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using crm::api::json;

int usage(int status)
{
    std::fprintf(status ? stderr : stdout,
        "usage:\n"
        "  crm call METHOD ['JSON-PARAMS' | @FILE | -] --db PATH [--user EMAIL | --session TOKEN] [--progress]\n"
        "  crm setup --db PATH --email EMAIL          create the first administrator\n"
        "  crm seed --demo --db PATH                  the demo portfolio, into a new database\n"
        "  crm pg schema                              the PostgreSQL DDL of our tables\n"
        "  crm schema                                 the migrations' result as one script (schema/new_database.sql)\n"
        "  crm pg push --url URL (--db PATH | FILE) [--replace]\n"
        "                                            a database (or a snapshot) into PostgreSQL, one transaction;\n"
        "                                            a server holding data only with --replace\n"
        "  crm pg pull --url URL [--out FILE]         PostgreSQL's rows back as a snapshot\n"
        "  crm seed --demo --db PATH --user EMAIL     load the demo clients\n"
        "  crm seed --clients N --invoices M [--seed S] [--as-of YYYY-MM-DD] --db PATH\n"
        "  crm seed --statement LINES --out FILE --db PATH   a CAMT.053 statement paying that portfolio\n"
        "  crm methods                                list the methods of the command API\n"
        "  crm export --db PATH [--out FILE]          the database as a JSON snapshot\n"
        "  crm bank import --db PATH FILE --user EMAIL  a bank statement (CFONB 120, CAMT.053, OFX) imported and "
        "matched\n"
        "  crm backup --db PATH [--out FILE]          a consistent copy of the database file\n"
        "  crm restore --db PATH FILE                 replace the database by a checked copy\n"
        "  crm import --db PATH FILE [--replace]      load a JSON snapshot (all or nothing)\n"
        "The database may also come from CRM_DB, the password from CRM_PASSWORD.\n");
    return status;
}

std::string readPassword(const std::string& prompt)
{
    if (const char* env = std::getenv("CRM_PASSWORD"))
        return env;
    std::string line;
    if (isatty(STDIN_FILENO)) {
        std::fprintf(stderr, "%s", prompt.c_str());
        termios old{};
        tcgetattr(STDIN_FILENO, &old);
        termios quiet = old;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
        std::getline(std::cin, line);
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        std::fprintf(stderr, "\n");
    } else {
        std::getline(std::cin, line);
    }
    return line;
}

std::atomic<bool> g_cancel{false};

void onInterrupt(int)
{
    g_cancel = true;
}

// A progress bar on standard error: [########------------]  40 %  4 000 / 10 000
void drawProgress(std::int64_t done, std::int64_t total)
{
    const int width = 30;
    const double f = total > 0 ? static_cast<double>(done) / static_cast<double>(total) : 0.0;
    const int filled = static_cast<int>(f * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar += std::string(static_cast<std::size_t>(width - filled), '-');
    std::fprintf(stderr, "\r[%s] %3d %%  %lld / %lld", bar.c_str(), static_cast<int>(f * 100.0),
        static_cast<long long>(done), static_cast<long long>(total));
    std::fflush(stderr);
}

// The parameters' text: inline, @FILE, or - (standard input).
bool readParams(const std::string& arg, std::string& out)
{
    // Read whole, straight into the string (a snapshot can be a gigabyte: no stream copies).
    auto readAll = [&out](std::FILE* f) {
        out.clear();
        char buf[1 << 16];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
            out.append(buf, n);
        return std::ferror(f) == 0;
    };
    if (arg == "-")
        return readAll(stdin) || (std::fprintf(stderr, "crm: cannot read the standard input\n"), false);
    if (!arg.empty() && arg[0] == '@') {
        const std::string path = arg.substr(1);
        std::FILE* f = std::fopen(path.c_str(), "rb");
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (f && !ec)
            out.reserve(size);
        const bool ok = f && readAll(f);
        if (f)
            std::fclose(f);
        if (!ok)
            std::fprintf(stderr, "crm: cannot read the parameters file '%s'\n", path.c_str());
        return ok;
    }
    out = arg;
    return true;
}

// A name for a copy of `dbPath` made now, not yet taken: crm.db -> crm.db.backup-20261130-221000.sqlite.
std::string datedCopy(const std::string& dbPath, const std::string& what)
{
    std::string stamp = crm::systemClock()(); // 2026-11-30T22:10:00Z
    std::string compact;
    for (const char c : stamp)
        if (std::isdigit(static_cast<unsigned char>(c)))
            compact += c;
    const std::string stem = dbPath + "." + what + "-" + compact.substr(0, 8) + "-" + compact.substr(8, 6);
    std::string name = stem + ".sqlite";
    for (int k = 2; std::filesystem::exists(name); ++k) // two copies within one second
        name = stem + "-" + std::to_string(k) + ".sqlite";
    return name;
}

// crm backup / crm restore: the database as a whole file.
int fileCommand(const std::string& verb, const std::vector<std::string>& positional,
    std::map<std::string, std::string>& opt, const std::string& dbPath)
{
    auto fail = [](const std::string& reason, const std::string& message) {
        std::cout << crm::api::errorObject("validation", message, "file", reason).dump(2) << "\n";
        return 1;
    };
    if (verb == "backup") {
        const std::string out = opt.count("--out") ? opt["--out"] : datedCopy(dbPath, "backup");
        if (std::filesystem::exists(out))
            return fail("exists", "'" + out + "' already exists: give another --out");
        auto db = crm::db::Database::open(dbPath);
        crm::db::copyTo(*db, out);
        const auto check = crm::db::checkFile(out);
        std::cout << json{{"file", out}, {"size_bytes", std::filesystem::file_size(out)},
            {"schema_version", check.schemaVersion}, {"rows", check.rows}}
                         .dump(2)
                  << "\n";
        return check.ok ? 0 : 1;
    }
    if (positional.size() != 2)
        return std::fprintf(stderr, "crm restore: give the file to restore from\n"), 2;
    const auto check = crm::db::checkFile(positional[1]);
    if (!check.ok)
        return fail(check.reason, check.message);
    auto db = crm::db::Database::open(dbPath);
    const json previous = datedCopy(dbPath, "before-restore"); // what is replaced stays beside it
    crm::db::copyTo(*db, previous.get<std::string>());
    crm::db::replaceFrom(*db, positional[1]);
    std::cout << json{{"restored", true}, {"schema_version", db->schemaVersion()},
        {"from_schema_version", check.schemaVersion}, {"rows", check.rows}, {"previous", previous}}
                     .dump(2)
              << "\n";
    return 0;
}

// Prints a reply's result or error; returns the exit status.
int print(const crm::api::Reply& reply)
{
    if (reply.isError()) {
        std::cout << reply.body["error"].dump(2) << "\n";
        return 1;
    }
    std::cout << reply.result().dump(2) << "\n";
    return 0;
}

// crm pg schema | push --url URL (--db PATH | SNAPSHOT) | pull --url URL [--out FILE]
int pgCommand(const std::vector<std::string>& positional, std::map<std::string, std::string>& opt,
    const std::string& dbPath, bool replace)
{
    const std::string sub = positional.size() > 1 ? positional[1] : "";
    try {
        if (sub == "schema") {
            auto db = crm::db::Database::open(":memory:");
            std::cout << crm::cli::pgDdl(*db);
            return 0;
        }
        if (sub != "push" && sub != "pull")
            return std::fprintf(stderr, "crm pg: schema, push or pull\n"), usage(2);
        if (!opt.count("--url"))
            return std::fprintf(stderr, "crm pg %s: give --url postgresql://…\n", sub.c_str()), 2;
        crm::cli::PgCounts counts;
        if (sub == "pull") {
            const std::string text = crm::cli::pgPull(opt["--url"], counts);
            if (opt.count("--out")) {
                std::ofstream out(opt["--out"], std::ios::binary);
                out << text;
                if (!out.flush())
                    return std::fprintf(stderr, "crm pg pull: cannot write '%s'\n", opt["--out"].c_str()), 1;
            } else {
                std::cout << text;
            }
            std::fprintf(stderr, "pulled %lld rows\n", static_cast<long long>(counts.rows));
            return 0;
        }
        // push: a database file, or a snapshot file checked by importing it into a scratch database.
        std::unique_ptr<crm::db::Database> db;
        if (positional.size() > 2) {
            std::string text;
            if (!readParams("@" + positional[2], text))
                return 2;
            db = crm::db::Database::open(":memory:");
            // A scratch database: the commands' rules, but no log line (nor the text's hash for it).
            auto options = crm::snapshot::plainImport(true, crm::timeutil::dateOf(crm::systemClock()()));
            options.rules = crm::service::snapshotRules(options.today);
            const auto r = crm::snapshot::importText(*db, std::move(text), std::move(options));
            if (!r.ok())
                return std::fprintf(stderr, "crm pg push: the snapshot is refused: %s: %s\n",
                           r.problems[0].path.c_str(), r.problems[0].message.c_str()),
                       1;
        } else if (!dbPath.empty() && std::filesystem::exists(dbPath)) {
            db = crm::db::Database::open(dbPath);
        } else {
            return std::fprintf(stderr, "crm pg push: give --db PATH (an existing database) or a snapshot file\n"), 2;
        }
        counts = crm::cli::pgPush(opt["--url"], *db, replace);
        std::cout << json{{"pushed", true}, {"rows", counts.rows}, {"bytes", counts.bytes}}.dump(2) << "\n";
        return 0;
    } catch (const crm::cli::ServerNotEmpty& e) {
        json error = crm::api::errorObject("conflict", e.what(), "replace", "not_empty");
        error["details"] = e.held;
        std::cout << error.dump(2) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm pg %s: %s\n", sub.c_str(), e.what());
        return 1;
    }
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string dbPath = std::getenv("CRM_DB") ? std::getenv("CRM_DB") : "";
    std::map<std::string, std::string> opt;
    std::vector<std::string> positional;
    bool demo = false;
    bool progress = false;
    bool replace = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--demo")
            demo = true;
        else if (a == "--progress")
            progress = true;
        else if (a == "--replace")
            replace = true;
        else if (a == "-")
            positional.push_back(a);
        else if (a == "-h" || a == "--help")
            return usage(0);
        else if (a.rfind("--", 0) == 0) {
            static const char* kValued[] = {"--db", "--user", "--session", "--email", "--clients", "--invoices",
                "--seed", "--as-of", "--out", "--url", "--statement"};
            bool known = false;
            for (const char* k : kValued)
                known |= a == k;
            if (!known || i + 1 >= args.size())
                return std::fprintf(stderr, "crm: unknown option or missing value '%s'\n", a.c_str()), usage(2);
            opt[a] = args[++i];
        } else
            positional.push_back(a);
    }
    if (opt.count("--db"))
        dbPath = opt["--db"];
    if (positional.empty())
        return usage(2);
    const std::string verb = positional[0];
    if (verb == "pg")
        return pgCommand(positional, opt, dbPath, replace);
    if (verb == "schema") {
        std::cout << crm::db::newDatabaseScript();
        return 0;
    }
    if (verb == "demo-build") {
        if (!opt.count("--out"))
            return std::fprintf(stderr, "crm demo-build: give --out FILE (seeds/demo-portfolio.json)\n"), 2;
        const std::string asOf = opt.count("--as-of") ? opt["--as-of"] : crm::timeutil::dateOf(crm::systemClock()());
        try {
            std::ofstream out(opt["--out"], std::ios::binary);
            out << crm::cli::buildDemoPortfolio(asOf);
            if (!out.flush())
                return std::fprintf(stderr, "crm demo-build: cannot write '%s'\n", opt["--out"].c_str()), 1;
        } catch (const std::exception& e) {
            return std::fprintf(stderr, "crm: %s\n", e.what()), 1;
        }
        return 0;
    }
    if (verb == "methods" && dbPath.empty())
        dbPath = ":memory:";
    if (dbPath.empty()) {
        std::fprintf(stderr, "crm: no database: pass --db PATH or set CRM_DB\n");
        return 2;
    }

    // Only `crm setup`, `crm seed` and `crm import` create a database; every other verb
    // needs one there already (a mistyped --db must not become a new, empty database),
    // and a file of 0 bytes is no database either. The error is the usual JSON object.
    const bool creates = verb == "setup" || verb == "seed" || verb == "import";
    if (!creates && dbPath != ":memory:") {
        std::error_code ec;
        const bool isFile = std::filesystem::is_regular_file(dbPath, ec);
        const std::string message = !isFile ? "no database at '" + dbPath
                + "' (a mistyped --db?); only `crm setup`, `crm seed` and `crm import` create one"
                                            : "the file '" + dbPath + "' is empty: it holds no database";
        if (!isFile || std::filesystem::file_size(dbPath, ec) == 0) {
            std::cout
                << crm::api::errorObject("not_found", message, "db", isFile ? "empty_file" : "no_database").dump(2)
                << "\n";
            return 1;
        }
    }

    if (verb == "backup" || verb == "restore") {
        try {
            return fileCommand(verb, positional, opt, dbPath);
        } catch (const crm::db::DbError& e) {
            std::cout << crm::api::errorObject("storage", e.what(), {}, e.reason()).dump(2) << "\n";
            return 1;
        }
    }

    std::string method;
    json params = json::object();
    if (verb == "call") {
        if (positional.size() < 2 || positional.size() > 3)
            return usage(2);
        method = positional[1];
        if (positional.size() == 3) {
            std::string text;
            if (!readParams(positional[2], text))
                return 2;
            auto parsed = crm::api::parseRequest(text);
            if (!parsed.ok() || !parsed.value().is_object()) {
                std::fprintf(stderr, "crm: the parameters are not a JSON object: %s\n",
                    parsed.ok() ? "another JSON value" : parsed.error().message.c_str());
                return 2;
            }
            params = std::move(parsed.value());
        }
    } else if (verb == "setup") {
        if (!opt.count("--email"))
            return std::fprintf(stderr, "crm setup: give the administrator's --email\n"), 2;
        method = "auth.setup";
        params = {{"email", opt["--email"]}};
    } else if (verb == "seed") {
        if (demo)
            method = opt.count("--user") || opt.count("--session") ? "demo.load" : "demo.portfolio";
        else if (!opt.count("--clients") && !opt.count("--statement"))
            return std::fprintf(stderr, "crm seed: say what to load (--demo, or --clients N --invoices M)\n"), 2;
    } else if (verb == "methods") {
        method = "api.describe";
    } else if (verb == "bank") {
        if (positional.size() != 3 || positional[1] != "import")
            return std::fprintf(stderr, "crm bank: give `import FILE` (a CFONB 120, CAMT.053 or OFX statement)\n"), 2;
        std::string bytes;
        if (!readParams("@" + positional[2], bytes))
            return 2;
        method = "bank.import";
        params = {{"content_base64", crm::crypto::base64Encode(bytes)},
            {"file_name", std::filesystem::path(positional[2]).filename().string()}};
    } else if (verb == "export" || verb == "import") {
        if (verb == "import" && positional.size() != 2)
            return std::fprintf(stderr, "crm import: give the snapshot file\n"), 2;
    } else {
        std::fprintf(stderr, "crm: unknown command '%s'\n", verb.c_str());
        return usage(2);
    }

    const bool existed = dbPath == ":memory:" || std::filesystem::exists(dbPath);
    try {
        auto db = crm::db::Database::open(dbPath);
        if (verb == "seed" && opt.count("--statement")) {
            // A bank statement for the portfolio in the file, to try bank import on test data.
            if (!opt.count("--out"))
                return std::fprintf(stderr, "crm seed --statement: give --out FILE\n"), 2;
            crm::seed::StatementOptions s;
            s.lines = std::atoll(opt["--statement"].c_str());
            s.seed = opt.count("--seed") ? std::strtoull(opt["--seed"].c_str(), nullptr, 10) : 1;
            s.asOf = opt.count("--as-of") ? opt["--as-of"] : crm::timeutil::dateOf(crm::systemClock()());
            const auto g = crm::seed::generateStatement(*db, s);
            std::ofstream out(opt["--out"], std::ios::binary);
            out << g.bytes;
            if (!out.flush())
                return std::fprintf(stderr, "crm seed: cannot write '%s'\n", opt["--out"].c_str()), 1;
            std::cout << json{{"lines", g.truth.size()}, {"bytes", g.bytes.size()}}.dump(2) << "\n";
            return 0;
        }
        if (verb == "seed" && !demo) {
            crm::seed::GeneratorOptions g;
            g.clients = std::atoll(opt["--clients"].c_str());
            g.invoices = opt.count("--invoices") ? std::atoll(opt["--invoices"].c_str()) : 0;
            g.seed = opt.count("--seed") ? std::strtoull(opt["--seed"].c_str(), nullptr, 10) : 1;
            if (opt.count("--as-of"))
                g.asOf = opt["--as-of"];
            if (const char* pw = std::getenv("CRM_PASSWORD"))
                g.password = pw;
            std::cout << crm::seed::generate(*db, g).dump(2) << "\n";
            return 0;
        }
        if (verb == "export") {
            std::ofstream file;
            if (opt.count("--out")) {
                file.open(opt["--out"], std::ios::binary);
                if (!file)
                    return std::fprintf(stderr, "crm export: cannot write '%s'\n", opt["--out"].c_str()), 1;
            }
            std::ostream& out = opt.count("--out") ? static_cast<std::ostream&>(file) : std::cout;
            crm::snapshot::write(*db, [&](const std::string& piece) { out << piece; });
            out.flush();
            return out ? 0 : (std::fprintf(stderr, "crm export: writing failed\n"), 1);
        }
        if (verb == "import") {
            std::string text;
            if (!readParams(positional[1] == "-" ? "-" : "@" + positional[1], text))
                return 2;
            crm::service::Context ctx{*db, crm::systemClock()};
            auto options = crm::service::importOptions(ctx, 0, text, replace);
            const auto r = crm::snapshot::importText(*db, std::move(text), std::move(options));
            json out = {{"imported", r.ok()}, {"rows", r.rows}, {"replaced", r.replaced}};
            if (!r.ok()) {
                json problems = json::array();
                for (const auto& p : r.problems)
                    problems.push_back({{"path", p.path}, {"reason", p.reason}, {"message", p.message}});
                out["problems"] = problems;
            }
            std::cout << out.dump(2) << "\n";
            if (!r.ok() && !existed) { // a refused snapshot leaves no new file behind
                db.reset();
                std::filesystem::remove(dbPath);
            }
            return r.ok() ? 0 : 1;
        }
        crm::api::Dispatcher api(*db, crm::systemClock());
        // storage.* on the file: its backups beside it, an export into the working folder.
        crm::service::DiskFiles files(dbPath, nullptr, std::filesystem::current_path());
        if (dbPath != ":memory:")
            api.setStorageFiles(&files);
        if (method == "auth.setup")
            params["password"] = readPassword("Password for " + opt["--email"] + ": ");

        std::string session = opt.count("--session") ? opt["--session"] : "";
        bool signedIn = false;
        if (session.empty() && opt.count("--user")) {
            const json login = api.call("auth.login",
                {{"email", opt["--user"]}, {"password", readPassword("Password for " + opt["--user"] + ": ")}});
            if (!login.contains("token")) {
                std::cout << login.dump(2) << "\n";
                return 1;
            }
            session = login["token"].get<std::string>();
            signedIn = true;
        }
        crm::api::CallOptions options;
        options.cancel = &g_cancel;
        std::signal(SIGINT, onInterrupt);
        if (progress)
            options.onProgress = drawProgress;
        const crm::api::Reply reply
            = api.handle(json{{"id", 1}, {"method", method}, {"params", params}, {"session", session}}, options);
        std::signal(SIGINT, SIG_DFL);
        if (progress)
            std::fprintf(stderr, "\n");
        if (signedIn)
            api.call("auth.logout", json::object(), session);
        return print(reply);
    } catch (const crm::db::DbError& e) {
        // Storage trouble outside a command (opening the file, its migrations): the same
        // envelope a command's storage failure prints (code storage, reason busy...).
        std::cout << crm::api::errorObject("storage", std::string("the database: ") + e.what(), {}, e.reason()).dump(2)
                  << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm: %s\n", e.what());
        return 1;
    }
}
