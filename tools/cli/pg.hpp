// crm pg: PostgreSQL as the server database of a team (schema/postgres/README.md).
//
//   ddl(db)              the server's tables for our snapshot tables: the DDL of
//                        schema/postgres/schema.sql, derived from the SQLite schema
//                        (columns, types, NOT NULL, primary and foreign keys)
//   push(url, db, replace)
//                        the snapshot of `db` into the server: in one transaction, the
//                        tables created when missing, emptied, then each loaded with COPY;
//                        crm_meta records the schema version and when it was pushed. A
//                        server holding clients, invoices, payments or users is refused
//                        (ServerNotEmpty, saying what it holds) unless `replace`
//   pull(url)            the server's rows back as a snapshot text — the same bytes
//                        `crm export` gives for the database that was pushed
//
// Errors are thrown as std::runtime_error with the server's message (a connection
// refused, a missing table, a row the server refuses); a failed push rolls back and
// leaves the server as it was.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>

namespace crm::cli {

std::string pgDdl(db::Database& db);

struct PgCounts {
    std::int64_t rows = 0;
    std::int64_t bytes = 0; // COPY data sent or received
};

// A push refused because the server holds data: what it holds, by table.
struct ServerNotEmpty : std::runtime_error {
    ServerNotEmpty(const std::string& message, std::map<std::string, std::int64_t> rows)
        : std::runtime_error(message),
          held(std::move(rows))
    {
    }
    std::map<std::string, std::int64_t> held;
};

PgCounts pgPush(const std::string& url, db::Database& db, bool replace);
std::string pgPull(const std::string& url, PgCounts& counts);

} // namespace crm::cli
