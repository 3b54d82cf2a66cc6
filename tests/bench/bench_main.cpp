// crm-bench: prints benchmark figures (medians); asserts nothing.
//   crm-bench clients   [--n 100000] [--runs 3] [--db PATH]
//   crm-bench portfolio [--clients 10000] [--invoices 1000000] [--runs 5] [--db PATH] [--relance no]
//                       (--relance no: the reports and lists only, the file left unchanged)
//   crm-bench workspace --db PATH [--runs 3]    (a portfolio made by crm seed or the portfolio bench)
//   crm-bench data      [--clients 1000] [--invoices 100000] [--runs 3] [--db PATH]
//   crm-bench bank      [--clients 10000] [--invoices 1000000] [--lines 10000] [--warm 3000] [--runs 3] [--db PATH]
//   crm-bench peer      [--n 100000] [--runs 3]   (the workloads compared with sqlite-wasm, on disk)
// Without --db, a file in /tmp, removed after; with --db an existing portfolio is reused.
#include "tests/bench/bench_bank.hpp"
#include "tests/bench/bench_clients.hpp"
#include "tests/bench/bench_data.hpp"
#include "tests/bench/bench_peer.hpp"
#include "tests/bench/bench_portfolio.hpp"
#include "tests/bench/bench_workspace.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>
#include <vector>

int main(int argc, char** argv)
{
    nlohmann::json params = nlohmann::json::object();
    const std::string what = argc > 1 && argv[1][0] != '-' ? argv[1] : "clients";
    const int first = argc > 1 && argv[1][0] != '-' ? 2 : 1;
    std::string path = "/tmp/crm-bench-" + std::to_string(::getpid()) + ".db";
    bool keep = false;
    for (int i = first; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--n")
            params["n"] = std::atoll(argv[i + 1]);
        else if (a == "--clients")
            params["clients"] = std::atoll(argv[i + 1]);
        else if (a == "--invoices")
            params["invoices"] = std::atoll(argv[i + 1]);
        else if (a == "--runs")
            params["runs"] = std::atoi(argv[i + 1]);
        else if (a == "--relance")
            params["relance"] = std::string(argv[i + 1]) != "no";
        else if (a == "--lines")
            params["lines"] = std::atoll(argv[i + 1]);
        else if (a == "--warm")
            params["warm"] = std::atoll(argv[i + 1]);
        else if (a == "--db")
            path = argv[i + 1], keep = true;
    }
    if (!keep)
        std::remove(path.c_str());
    try {
        if (what == "peer") {
            std::cout << crm::bench::runPeerBench(params, path, "").dump() << "\n";
            std::remove(path.c_str());
            return 0;
        }
        auto db = crm::db::Database::open(path);
        std::vector<std::string> scratch;
        const auto openScratch = [&](const std::string& name) {
            scratch.push_back(path + "." + name);
            std::remove(scratch.back().c_str());
            return crm::db::Database::open(scratch.back());
        };
        const auto figures = what == "portfolio" ? crm::bench::runPortfolioBench(*db, params)
            : what == "data"                     ? crm::bench::runDataBench(*db, params, openScratch)
            : what == "workspace"                ? crm::bench::runWorkspaceBench(*db, params)
            : what == "bank"                     ? crm::bench::runBankBench(*db, params)
                                                 : crm::bench::runClientsBench(*db, params);
        std::cout << figures.dump() << "\n";
        for (const auto& f : scratch) {
            std::remove(f.c_str());
            std::remove((f + "-journal").c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "crm-bench: %s\n", e.what());
        return 1;
    }
    if (!keep) {
        std::remove(path.c_str());
        std::remove((path + "-journal").c_str());
    }
    return 0;
}
