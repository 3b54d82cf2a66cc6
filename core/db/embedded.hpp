// Text compiled into the core by cmake/embed.cmake: the schema migrations
// (schema/NNNN_name.sql, in order) and the demo seed (seeds/demo.json).
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
const char* demoSeed();

} // namespace crm::embedded
