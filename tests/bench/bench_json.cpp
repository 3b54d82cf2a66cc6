// crm-bench-json: our JSON pull reader (core/util/json_pull.hpp) beside simdjson's On-Demand
// reader (Debian's libsimdjson-dev), each reading every value of a file — a snapshot of
// the generated million-invoice portfolio — as the snapshot import reads it: every key and
// string decoded, every integer read. simdjson runs with the kernel it picks for this CPU
// and with its portable "fallback" kernel, the one a WebAssembly build gets (simdjson
// has no WebAssembly SIMD kernel); each with a parser made for the read (as an import
// makes one) and with a parser kept from an earlier read. Prints medians; asserts nothing.
//   crm-bench-json FILE [--runs 3]
#include "core/util/json_pull.hpp"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Counts {
    std::int64_t values = 0, integerSum = 0, textBytes = 0;
    bool operator==(const Counts& o) const
    {
        return values == o.values && integerSum == o.integerSum && textBytes == o.textBytes;
    }
};

bool walkPull(crm::jsonpull::Reader& r, Counts& c)
{
    std::int64_t n = 0;
    std::string text;
    ++c.values;
    switch (r.value(n, text)) {
    case crm::jsonpull::Token::Object: {
        if (r.accept('}'))
            return true;
        std::string key;
        do {
            if (!r.string(key) || !r.expect(':'))
                return false;
            c.textBytes += static_cast<std::int64_t>(key.size());
            if (!walkPull(r, c))
                return false;
        } while (r.accept(','));
        return r.expect('}');
    }
    case crm::jsonpull::Token::Array:
        if (r.accept(']'))
            return true;
        do {
            if (!walkPull(r, c))
                return false;
        } while (r.accept(','));
        return r.expect(']');
    case crm::jsonpull::Token::Integer: c.integerSum += n; return true;
    case crm::jsonpull::Token::String: c.textBytes += static_cast<std::int64_t>(text.size()); return true;
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

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: crm-bench-json FILE [--runs 3]\n";
        return 2;
    }
    const int runs = argc >= 4 && std::string(argv[2]) == "--runs" ? std::atoi(argv[3]) : 3;
    std::ifstream in(argv[1], std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    const simdjson::padded_string padded(text);
    const double mb = static_cast<double>(text.size()) / 1e6;
    using Clock = std::chrono::steady_clock;
    auto time = [&](const std::function<Counts()>& read, Counts& counts) {
        std::vector<double> ms;
        for (int r = 0; r < runs; ++r) {
            const auto t0 = Clock::now();
            counts = read();
            ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
        }
        return median(ms);
    };
    Counts ours, simd, fallback;
    const double oursMs = time(
        [&] {
            Counts c;
            crm::jsonpull::Reader r(text);
            if (!walkPull(r, c))
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
    std::printf(
        "{\"mb\": %.1f, \"values\": %lld, \"same_values\": %s, \"json_pull_ms\": %.0f, \"json_pull_mb_s\": %.0f, "
        "\"simdjson_kernel\": \"%s\", \"simdjson_new_parser_ms\": %.0f, \"simdjson_new_parser_mb_s\": %.0f, "
        "\"simdjson_kept_parser_ms\": %.0f, \"simdjson_kept_parser_mb_s\": %.0f, "
        "\"fallback_new_parser_ms\": %.0f, \"fallback_new_parser_mb_s\": %.0f, "
        "\"fallback_kept_parser_ms\": %.0f, \"fallback_kept_parser_mb_s\": %.0f}\n",
        mb, static_cast<long long>(ours.values), ours == simd && ours == fallback && ours == kept ? "true" : "false",
        oursMs, rate(oursMs), native.c_str(), simdFresh, rate(simdFresh), simdKept, rate(simdKept), fallbackFresh,
        rate(fallbackFresh), fallbackKept, rate(fallbackKept));
    return 0;
}
