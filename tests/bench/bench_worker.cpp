// The benchmark module's entry point beside the worker module's (web/crm_db_main.cpp):
//
//   crm_db_bench(params)   runs one benchmark ({"kind": "clients" | "portfolio" | "data" |
//                          "peer" | "json", …}) on the open database and returns its figures (JSON)
//
// Linked into crm_db_bench.js only: the site's module carries no benchmark.
#include "tests/bench/bench_bank.hpp"
#include "tests/bench/bench_clients.hpp"
#include "tests/bench/bench_data.hpp"
#include "tests/bench/bench_json.hpp"
#include "tests/bench/bench_peer.hpp"
#include "tests/bench/bench_portfolio.hpp"
#include "web/crm_db.hpp"

#include <nlohmann/json.hpp>

extern "C" char* crm_db_bench(const char* params)
{
    using nlohmann::json;
    crm::db::Database* db = crm::web::openDatabase();
    if (!db)
        return crm::web::replyString(json{{"error", "the database is not open"}}.dump());
    try {
        const json p = json::parse(params, nullptr, false);
        const json q = p.is_object() ? p : json::object();
        const std::string kind = q.value("kind", "");
        const auto openScratch = [](const std::string& name) {
            crm::db::OpenOptions options;
            options.vfs = "opfs";
            return crm::db::Database::open(name, options);
        };
        const json figures = kind == "portfolio" ? crm::bench::runPortfolioBench(*db, q)
            : kind == "data"                     ? crm::bench::runDataBench(*db, q, openScratch)
            : kind == "peer"                     ? crm::bench::runPeerBench(q, "peer-ours.db", "opfs")
            : kind == "json"                     ? crm::bench::runJsonBench(*db, q)
            : kind == "bank"                     ? crm::bench::runBankBench(*db, q)
                                                 : crm::bench::runClientsBench(*db, q);
        return crm::web::replyString(figures.dump());
    } catch (const std::exception& e) {
        return crm::web::replyString(json{{"error", e.what()}}.dump());
    }
}
