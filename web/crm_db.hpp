// What the worker module's entry (crm_db_main.cpp) lends to the other entry points
// linked with it: the benchmark module's crm_db_bench (tests/bench/bench_worker.cpp).
#pragma once

#include "core/db/database.hpp"

#include <string>

namespace crm::web {

// The database crm_db_open opened (null before).
db::Database* openDatabase();
// `json` as a string the worker frees with crm_db_free.
char* replyString(const std::string& json);

} // namespace crm::web
