#include "core/db/backup.hpp"

#include "core/db/embedded.hpp"

#include <sqlite3.h>

#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace crm::db {

namespace {

std::string sqlQuoted(const std::string& s)
{
    std::string out = "'";
    for (const char c : s)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

// A file URI that opens `path` read-only, whatever characters it holds (a name of the
// browser's file system as it is; a path on disk made absolute).
std::string readOnlyUri(const std::string& path, const std::string& vfs)
{
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string uri = "file:";
    for (const unsigned char c : vfs.empty() ? std::filesystem::absolute(path).string() : path) {
        if (std::isalnum(c) || std::strchr("/-._~", c))
            uri += static_cast<char>(c);
        else {
            uri += '%';
            uri += kHex[c >> 4];
            uri += kHex[c & 15];
        }
    }
    return uri + "?mode=ro";
}

FileCheck refused(std::string reason, std::string message)
{
    FileCheck c;
    c.reason = std::move(reason);
    c.message = std::move(message);
    return c;
}

} // namespace

const char* const kNotSqlite = "not an SQLite 3 database (its first bytes are not \"SQLite format 3\")";

void copyTo(Database& db, const std::string& path)
{
    db.exec("VACUUM INTO " + sqlQuoted(path));
}

std::map<std::string, std::int64_t> rowCounts(Database& db)
{
    std::map<std::string, std::int64_t> rows;
    for (const char* table : {"clients", "invoices", "payments", "users"}) {
        Statement count(db, std::string("SELECT count(*) FROM \"") + table + "\"");
        count.step();
        rows[table] = count.getInt(0);
    }
    return rows;
}

std::vector<std::string> tableNames(Database& db)
{
    std::vector<std::string> names;
    Statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
    while (tables.step())
        names.push_back(tables.getText(0));
    return names;
}

bool hasSqliteHeader(const std::string& bytes)
{
    return bytes.size() >= 16 && std::memcmp(bytes.data(), "SQLite format 3", 16) == 0;
}

FileCheck checkFile(const std::string& path, const std::string& vfs)
{
    if (vfs.empty()) {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            return refused("not_found", "no file at '" + path + "'");
        std::string header(16, '\0');
        if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
            header.resize(std::fread(header.data(), 1, header.size(), f));
            std::fclose(f);
        } else
            return refused("not_found", "cannot read '" + path + "'");
        if (!hasSqliteHeader(header))
            return refused("not_sqlite", kNotSqlite);
    }
    try {
        OpenOptions ro;
        ro.migrate = false;
        ro.vfs = vfs;
        auto candidate = Database::open(readOnlyUri(path, vfs), ro);
        {
            Statement check(*candidate, "PRAGMA integrity_check(20)");
            std::string problems;
            while (check.step())
                if (const std::string line = check.getText(0); line != "ok")
                    problems += (problems.empty() ? "" : "; ") + line;
            if (!problems.empty())
                return refused("damaged", "the file is damaged: " + problems);
        }
        FileCheck c;
        for (const char* table : {"users", "clients", "invoices", "payments"}) {
            Statement has(*candidate, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1");
            has.bind(1, std::string(table));
            has.step();
            if (has.getInt(0) == 0)
                return refused(
                    "foreign", std::string("not a CRM Recouvrement database: it has no table '") + table + "'");
        }
        c.rows = rowCounts(*candidate);
        c.schemaVersion = candidate->schemaVersion();
        const int latest = embedded::migrations().back().version;
        if (c.schemaVersion < 1)
            return refused("foreign", "not a CRM Recouvrement database: it has no schema version");
        if (c.schemaVersion > latest)
            return refused("newer_schema",
                "the file's schema version " + std::to_string(c.schemaVersion) + " is newer than this program's ("
                    + std::to_string(latest) + "): update the application");
        c.ok = true;
        return c;
    } catch (const DbError& e) {
        // SQLite refuses to read it at all (a malformed header or schema).
        return refused("damaged", std::string("the file is damaged: ") + e.what());
    }
}

void replaceFrom(Database& db, const std::string& path, const std::string& vfs)
{
    OpenOptions ro;
    ro.migrate = false;
    ro.vfs = vfs;
    auto source = Database::open(readOnlyUri(path, vfs), ro);
    sqlite3_backup* b = sqlite3_backup_init(db.handle(), "main", source->handle(), "main");
    if (!b)
        throw DbError(sqlite3_extended_errcode(db.handle()), sqlite3_errmsg(db.handle()));
    const int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        throw DbError(rc, std::string("replacing the database failed: ") + sqlite3_errstr(rc));
    db.migrate();
}

} // namespace crm::db
