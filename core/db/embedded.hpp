// Text compiled into the core by cmake/embed.cmake: the schema migrations
// (schema/NNNN_name.sql, in order), the new-database script (schema/new_database.sql), the demo clients
// (seeds/demo.json) and the demo portfolio (seeds/demo-portfolio.json).
#pragma once

#include <string>
#include <vector>

namespace crm::embedded {

struct Migration {
    int version;      // NNNN of the file name
    const char* name; // file name without extension
    const char* sql;
};

const std::vector<Migration>& migrations();
// schema/new_database.sql: a new database at the version its first line names, in one script.
const char* newDatabaseSql();
const char* demoSeed();
// The demo portfolio (seeds/demo-portfolio.json): a snapshot, dated as of when it was built.
// Compiled in (generated/portfolio.cpp, the crm_portfolio library) except in the browser's
// database module, which is given the file by its worker when asked for it: empty until then.
const char* demoPortfolio();

} // namespace crm::embedded
