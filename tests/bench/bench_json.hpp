// Our JSON pull reader (core/util/json_pull.hpp) beside simdjson's On-Demand reader, each
// reading every value of a snapshot as the import reads it: every key and string decoded,
// every integer read. Natively Debian's libsimdjson-dev, with the kernel it picks for the
// processor and with its portable "fallback" kernel; in the browser the Debian source
// package built for WebAssembly by tools/setup (the fallback kernel is all it has). Each
// simdjson figure twice: a parser made for the read (as an import makes one: its buffers
// sized for the whole text, new memory) and a parser kept from a read before.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace crm::bench {

// {mb, values, same_values, json_pull_ms, simdjson_kernel, simdjson_new_parser_ms,
// simdjson_kept_parser_ms, fallback_new_parser_ms, fallback_kept_parser_ms, and MB/s of each}
nlohmann::json measureJsonReaders(const std::string& text, int runs);
// The snapshot of `db` (a portfolio of `clients` and `invoices` generated first if it is
// empty, as the data benchmark makes it), measured.
nlohmann::json runJsonBench(db::Database& db, const nlohmann::json& params);

} // namespace crm::bench
