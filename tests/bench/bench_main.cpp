// crm-bench: prints benchmark figures (medians); asserts nothing.
//   crm-bench [--n 100000] [--runs 3] [--db PATH]   (default: a file in /tmp, removed after)
#include "tests/bench/bench_clients.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <unistd.h>

int main(int argc, char** argv)
{
    nlohmann::json params = nlohmann::json::object();
    std::string path = "/tmp/crm-bench-" + std::to_string(::getpid()) + ".db";
    bool keep = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--n")
            params["n"] = std::atoll(argv[i + 1]);
        else if (a == "--runs")
            params["runs"] = std::atoi(argv[i + 1]);
        else if (a == "--db")
            path = argv[i + 1], keep = true;
    }
    std::remove(path.c_str());
    try {
        auto db = crm::db::Database::open(path);
        const auto figures = crm::bench::runClientsBench(*db, params);
        std::cout << figures.dump() << "\n";
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
