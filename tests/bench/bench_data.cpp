#include "tests/bench/bench_data.hpp"
#include "tests/bench/bench_util.hpp"

#include "core/seed/generator.hpp"
#include "core/service/snapshot_service.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/crypto.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <vector>

namespace crm::bench {

namespace {

using json = nlohmann::json;

} // namespace

json runDataBench(db::Database& db, const json& params, const OpenScratch& openScratch)
{
    const std::int64_t clients = params.value("clients", std::int64_t{1000});
    const std::int64_t invoices = params.value("invoices", std::int64_t{100000});
    const int runs = params.value("runs", 3);
    json out = {{"clients", clients}, {"invoices", invoices}, {"runs", runs}};

    if (noClients(db)) {
        seed::GeneratorOptions g;
        g.clients = clients;
        g.invoices = invoices;
        g.seed = params.value("seed", std::uint64_t{1});
        g.asOf = "2026-11-24";
        g.hashCost = crypto::HashCost::Minimal;
        const auto t0 = std::chrono::steady_clock::now();
        seed::generate(db, g);
        out["generate_ms"] = Ms(std::chrono::steady_clock::now() - t0).count();
    }
    std::int64_t rows = 0;
    for (const auto& [table, n] : snapshot::counts(db))
        rows += n;
    out["rows"] = rows;

    // Each run exports, then imports that text (moved in: a snapshot of a million invoices
    // is near a gigabyte, and the browser's heap stops at two).
    std::vector<double> exports, imports;
    for (int r = 0; r < runs; ++r) {
        auto t0 = std::chrono::steady_clock::now();
        std::string text = snapshot::exportText(db);
        exports.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
        out["bytes"] = text.size();
        const std::string digest = r == 0 ? crypto::sha256Hex(text) : "";
        auto target = openScratch("bench-import-" + std::to_string(r) + ".db");
        t0 = std::chrono::steady_clock::now();
        // As snapshot.import does it: the commands' rules on every row and the text's SHA-256
        // (the log line it adds is left out, so that the import exports the same text).
        service::Context ctx{*target, [] { return std::string("2026-11-24T12:00:00Z"); }};
        auto options = service::importOptions(ctx, 0, text, false);
        options.beforeCommit = nullptr;
        const auto report = snapshot::importText(*target, std::move(text), std::move(options));
        imports.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
        if (!report.ok())
            throw std::runtime_error(
                "bench: the import was refused: " + report.problems[0].path + ": " + report.problems[0].message);
        if (r == 0 && crypto::sha256Hex(snapshot::exportText(*target)) != digest)
            throw std::runtime_error("bench: the imported database does not export the same text");
    }
    out["export_ms"] = median(exports);
    out["import_ms"] = median(imports);
    return out;
}

} // namespace crm::bench
