// A database as a whole file: a consistent copy of it (a backup), the checks a file must
// pass before it replaces a database, and the replacement itself.
//
//   copyTo(db, "crm.backup.sqlite")        VACUUM INTO: a compact copy of one moment, taken
//                                          while others go on writing; throws DbError
//   checkFile("upload.sqlite")             {ok, reason, message, schemaVersion, rows}: a
//                                          readable SQLite file whose tables, columns,
//                                          indexes and triggers are exactly those of its
//                                          schema version (the migrations up to it)
//   replaceFrom(db, "upload.sqlite")       only after checkFile said ok: SQLite's online
//                                          backup into db in one step (another connection
//                                          sees the old content or the new); a file of an
//                                          older schema is migrated in memory first, so a
//                                          failure at any point leaves db as it was
//   rowCounts(db)                          {clients, invoices, payments, users}: what a
//                                          file holds, as the Storage screen shows it
//   fileBytes(db)                          the size of its file (pages × page size)
//   tableNames(db)                         its tables, by name
//   tablesAtVersion(5)                     the tables schema version 5 has (its migrations)
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace crm::db {

struct FileCheck {
    bool ok = false;
    std::string reason;  // not_found | not_sqlite | damaged | foreign | newer_schema
    std::string message; // English, says what is wrong
    int schemaVersion = 0;
    std::map<std::string, std::int64_t> rows; // clients, invoices, payments, users
};

// `vfs`: a file of another SQLite VFS than the disk's ("opfs" in the browser, where the
// caller checks the first bytes with hasSqliteHeader before writing the file there).
void copyTo(Database& db, const std::string& path);
FileCheck checkFile(const std::string& path, const std::string& vfs = {});
void replaceFrom(Database& db, const std::string& path, const std::string& vfs = {});
bool hasSqliteHeader(const std::string& bytes);
std::map<std::string, std::int64_t> rowCounts(Database& db);
std::uint64_t fileBytes(Database& db);
std::vector<std::string> tableNames(Database& db);
std::vector<std::string> tablesAtVersion(int version);
extern const char* const kNotSqlite; // the message of reason not_sqlite

} // namespace crm::db
