#include "core/db/backup.hpp"

#include "core/db/embedded.hpp"

#include <sqlite3.h>

#include <algorithm>
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

// What a database is made of: each table's columns (name, declared type, NOT NULL, key)
// and the names of its indexes, triggers and views — SQLite's own objects aside.
using Shape = std::map<std::string, std::vector<std::string>>; // "table NAME" -> columns; "index NAME" -> {}

Shape shapeOf(Database& db)
{
    Shape shape;
    Statement objects(
        db, "SELECT type, name FROM sqlite_schema WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name");
    while (objects.step()) {
        const std::string type = objects.getText(0), name = objects.getText(1);
        auto& columns = shape[type + " '" + name + "'"];
        if (type != "table")
            continue;
        Statement info(db, "SELECT name, type, \"notnull\", pk FROM pragma_table_info(?1) ORDER BY cid");
        info.bind(1, name);
        while (info.step())
            columns.push_back(info.getText(0) + " " + info.getText(1) + (info.getInt(2) ? " NOT NULL" : "")
                + (info.getInt(3) ? " KEY" : ""));
    }
    return shape;
}

// The shape of schema version `version`: the migrations up to it, applied to an empty database.
Shape shapeOfVersion(int version)
{
    OpenOptions bare;
    bare.migrate = false;
    auto db = Database::open(":memory:", bare);
    for (const auto& m : embedded::migrations())
        if (m.version <= version)
            db->exec(m.sql);
    return shapeOf(*db);
}

// The first difference between a file's shape and its version's, in words; empty when none.
std::string shapeDifference(const Shape& file, const Shape& expected, int version)
{
    const std::string v = std::to_string(version);
    for (const bool tables : {true, false})
        for (const auto& [object, columns] : expected) {
            if ((object.rfind("table ", 0) == 0) != tables)
                continue; // the tables first: a missing table says more than its missing indexes
            const auto found = file.find(object);
            if (found == file.end())
                return "it has no " + object + ", which schema version " + v + " has";
            for (const auto& column : columns)
                if (std::find(found->second.begin(), found->second.end(), column) == found->second.end())
                    return object + " has no column '" + column + "' as schema version " + v + " has it";
            for (const auto& column : found->second)
                if (std::find(columns.begin(), columns.end(), column) == columns.end())
                    return object + " has a column '" + column + "' that schema version " + v + " does not have";
        }
    for (const auto& entry : file)
        if (!expected.count(entry.first))
            return "it has a " + entry.first + " that schema version " + v + " does not have";
    return {};
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

std::uint64_t fileBytes(Database& db)
{
    Statement size(db, "SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
    size.step();
    return static_cast<std::uint64_t>(size.getInt(0));
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
        // Every table, column, index and trigger of its version, and nothing else: a file
        // that only looks like ours would replace the database and fail every call after.
        if (const auto difference
            = shapeDifference(shapeOf(*candidate), shapeOfVersion(c.schemaVersion), c.schemaVersion);
            !difference.empty())
            return refused("foreign", "not a CRM Recouvrement database: " + difference);
        c.ok = true;
        return c;
    } catch (const DbError& e) {
        // SQLite refuses to read it at all (a malformed header or schema).
        return refused("damaged", std::string("the file is damaged: ") + e.what());
    }
}

namespace {

// Every page of `from` into `to`, in one step: another connection sees the old content or
// the new, and a failure leaves `to` as it was.
void copyPages(Database& from, Database& to)
{
    sqlite3_backup* b = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
    if (!b)
        throw DbError(sqlite3_extended_errcode(to.handle()), sqlite3_errmsg(to.handle()));
    const int rc = sqlite3_backup_step(b, -1);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        throw DbError(rc, std::string("replacing the database failed: ") + sqlite3_errstr(rc));
}

} // namespace

std::vector<std::string> tablesAtVersion(int version)
{
    std::vector<std::string> names;
    for (const auto& [object, columns] : shapeOfVersion(version))
        if (object.rfind("table '", 0) == 0)
            names.push_back(object.substr(7, object.size() - 8));
    return names;
}

void replaceFrom(Database& db, const std::string& path, const std::string& vfs)
{
    OpenOptions ro;
    ro.migrate = false;
    ro.vfs = vfs;
    auto source = Database::open(readOnlyUri(path, vfs), ro);
    const int latest = embedded::migrations().back().version;
    if (source->schemaVersion() == latest) {
        copyPages(*source, db);
        return;
    }
    // An older file is migrated before it replaces anything (in memory: only backups
    // from an older version pay for it), so a migration that fails changes nothing.
    OpenOptions memory;
    memory.migrate = false;
    auto migrated = Database::open(":memory:", memory);
    copyPages(*source, *migrated);
    migrated->migrate();
    copyPages(*migrated, db);
}

} // namespace crm::db
