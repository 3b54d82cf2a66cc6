#include "tests/bench/bench_json.hpp"
#include "tests/bench/bench_util.hpp"

#include "core/seed/generator.hpp"
#include "core/snapshot/snapshot.hpp"
#include "core/util/crypto.hpp"
#include "core/util/json_pull.hpp"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <iostream>
#include <vector>

namespace crm::bench {

namespace {

struct Counts {
    std::int64_t values = 0, integerSum = 0, textBytes = 0;
    bool operator==(const Counts& o) const
    {
        return values == o.values && integerSum == o.integerSum && textBytes == o.textBytes;
    }
};

// The strings read into two buffers kept from value to value, as the importer keeps its own
// (a new string per value would measure the allocator, not the reader).
struct Scratch {
    std::string text, key;
};

bool walkPull(crm::jsonpull::Reader& r, Counts& c, Scratch& s)
{
    std::int64_t n = 0;
    ++c.values;
    switch (r.value(n, s.text)) {
    case crm::jsonpull::Token::Object: {
        if (r.accept('}'))
            return true;
        do {
            if (!r.string(s.key) || !r.expect(':'))
                return false;
            c.textBytes += static_cast<std::int64_t>(s.key.size());
            if (!walkPull(r, c, s))
                return false;
        } while (r.accept(','));
        return r.expect('}');
    }
    case crm::jsonpull::Token::Array:
        if (r.accept(']'))
            return true;
        do {
            if (!walkPull(r, c, s))
                return false;
        } while (r.accept(','));
        return r.expect(']');
    case crm::jsonpull::Token::Integer: c.integerSum += n; return true;
    case crm::jsonpull::Token::String: c.textBytes += static_cast<std::int64_t>(s.text.size()); return true;
    case crm::jsonpull::Token::Error: return false;
    default: return true;
    }
}

void walkSimd(simdjson::ondemand::value v, Counts& c)
{
    ++c.values;
    switch (v.type().value()) {
    case simdjson::ondemand::json_type::object:
        for (auto field : v.get_object()) {
            c.textBytes += static_cast<std::int64_t>(field.unescaped_key().value().size());
            walkSimd(field.value().value(), c);
        }
        break;
    case simdjson::ondemand::json_type::array:
        for (auto element : v.get_array())
            walkSimd(element.value(), c);
        break;
    case simdjson::ondemand::json_type::number:
        if (v.get_number_type().value() == simdjson::ondemand::number_type::signed_integer)
            c.integerSum += v.get_int64().value();
        else
            (void)v.get_double().value();
        break;
    case simdjson::ondemand::json_type::string:
        c.textBytes += static_cast<std::int64_t>(v.get_string().value().size());
        break;
    default: break;
    }
}

} // namespace

nlohmann::json measureJsonReaders(const std::string& text, int runs)
{
    const simdjson::padded_string padded(text);
    const double mb = static_cast<double>(text.size()) / 1e6;
    auto time = [&](const std::function<Counts()>& read, Counts& counts) {
        std::vector<double> ms;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = std::chrono::steady_clock::now();
            counts = read();
            ms.push_back(Ms(std::chrono::steady_clock::now() - t0).count());
        }
        return median(ms);
    };
    Counts ours, simd, fallback;
    const double oursMs = time(
        [&] {
            Counts c;
            crm::jsonpull::Reader r(text);
            Scratch scratch;
            if (!walkPull(r, c, scratch))
                std::cerr << "json_pull: " << r.error() << "\n";
            return c;
        },
        ours);
    // A parser made for the read, as an import makes one (its buffers sized for the whole
    // text: new memory, each page faulted in), and one parser kept from a read before.
    auto simdRead = [&](simdjson::ondemand::parser& parser) {
        Counts c;
        auto doc = parser.iterate(padded);
        walkSimd(doc.get_value().value(), c);
        return c;
    };
    auto fresh = [&] {
        simdjson::ondemand::parser parser;
        return simdRead(parser);
    };
    const std::string native = simdjson::get_active_implementation()->name();
    Counts kept;
    double simdFresh = time(fresh, simd), simdKept = 0, fallbackFresh = 0, fallbackKept = 0;
    {
        simdjson::ondemand::parser parser;
        simdRead(parser);
        simdKept = time([&] { return simdRead(parser); }, kept);
    }
    simdjson::get_active_implementation() = simdjson::get_available_implementations()["fallback"];
    fallbackFresh = time(fresh, fallback);
    {
        simdjson::ondemand::parser parser;
        simdRead(parser);
        fallbackKept = time([&] { return simdRead(parser); }, kept);
    }
    const auto rate = [mb](double ms) { return mb / ms * 1000; };
    return {{"mb", mb}, {"values", ours.values}, {"same_values", ours == simd && ours == fallback && ours == kept},
        {"json_pull_ms", oursMs}, {"json_pull_mb_s", rate(oursMs)}, {"simdjson_kernel", native},
        {"simdjson_new_parser_ms", simdFresh}, {"simdjson_new_parser_mb_s", rate(simdFresh)},
        {"simdjson_kept_parser_ms", simdKept}, {"simdjson_kept_parser_mb_s", rate(simdKept)},
        {"fallback_new_parser_ms", fallbackFresh}, {"fallback_new_parser_mb_s", rate(fallbackFresh)},
        {"fallback_kept_parser_ms", fallbackKept}, {"fallback_kept_parser_mb_s", rate(fallbackKept)}};
}

nlohmann::json runJsonBench(db::Database& db, const nlohmann::json& params)
{
    if (noClients(db)) {
        seed::GeneratorOptions g;
        g.clients = params.value("clients", std::int64_t{1000});
        g.invoices = params.value("invoices", std::int64_t{100000});
        g.seed = params.value("seed", std::uint64_t{1});
        g.asOf = "2026-11-24";
        g.hashCost = crypto::HashCost::Minimal;
        seed::generate(db, g);
    }
    return measureJsonReaders(snapshot::exportText(db), params.value("runs", 3));
}

} // namespace crm::bench
