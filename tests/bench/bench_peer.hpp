// The storage benchmark against the official SQLite WebAssembly build: the same SQL
// workloads run by our core (our Database/Statement wrapper, our OPFS VFS in the browser,
// the disk natively) and, in the same Chromium, by npm's @sqlite.org/sqlite-wasm with its
// opfs-sahpool VFS (web/bench_peer.mjs, which takes the SQL from this routine's result so
// both run the very same statements). Figures in milliseconds (medians); asserts nothing.
//
// Workloads on one table of invoices with an index on the due date:
//   insert_ms   100 000 rows in one transaction (one prepared INSERT, one bound integer a row)
//   update_ms   10 000 single-row UPDATEs, each its own transaction
//   page_ms     the 100 000 rows read in due-date order, 100 at a time (keyset pages)
//   aging_ms    the open amounts by age bucket (one GROUP BY over the table)
//   open_ms     open the file and answer the first query (a count)
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace crm::bench {

// params: {"n": 100000, "updates": 10000, "runs": 3}; `vfs` empty for the disk.
nlohmann::json runPeerBench(const nlohmann::json& params, const std::string& path, const std::string& vfs);

// The statements both sides run: {pragmas, drop, create, insert, update, page, aging, count}.
nlohmann::json peerSql();

} // namespace crm::bench
