// crm-bench-json: our JSON reader beside simdjson's (tests/bench/bench_json.hpp) on a file,
// or on the snapshot of a portfolio generated in memory (the browser's bench measures that
// one: tools/bench --only json). Prints medians as JSON; asserts nothing.
//   crm-bench-json FILE [--runs 3]
//   crm-bench-json --clients 1000 --invoices 100000 [--runs 3]
#include "tests/bench/bench_json.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv)
{
    nlohmann::json params = nlohmann::json::object();
    std::string file;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (i + 1 < argc && (a == "--runs" || a == "--clients" || a == "--invoices"))
            params[a.substr(2)] = std::atoll(argv[++i]);
        else
            file = a;
    }
    try {
        if (file.empty()) {
            auto db = crm::db::Database::open(":memory:");
            std::cout << crm::bench::runJsonBench(*db, params).dump() << "\n";
            return 0;
        }
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "crm-bench-json: cannot read " << file << "\n";
            return 2;
        }
        std::ostringstream buffer;
        buffer << in.rdbuf();
        std::cout << crm::bench::measureJsonReaders(buffer.str(), params.value("runs", 3)).dump() << "\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "crm-bench-json: " << e.what() << "\n";
        return 1;
    }
}
