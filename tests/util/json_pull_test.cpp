// The pull reader against nlohmann::json, the parser the rest of the product uses: what
// one accepts the other accepts, with the same values; what one refuses the other does.
#include "core/util/json_pull.hpp"

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

using namespace crm;
using jsonpull::Reader;
using jsonpull::Token;
using nlohmann::json;

namespace {

// Reads one whole value into a nlohmann tree, the pull reader's way (false when it fails).
bool read(Reader& r, json& out)
{
    std::int64_t integer = 0;
    std::string text;
    switch (r.value(integer, text)) {
    case Token::Error: return false;
    case Token::Null: out = nullptr; return true;
    case Token::True: out = true; return true;
    case Token::False: out = false; return true;
    case Token::Integer: out = integer; return true;
    case Token::Number: out = "<number>"; return true;
    case Token::String: out = text; return true;
    case Token::Object:
        out = json::object();
        if (r.accept('}'))
            return true;
        do {
            std::string key;
            json v;
            if (!r.string(key) || !r.expect(':') || !read(r, v))
                return false;
            out[key] = v;
        } while (r.accept(','));
        return r.expect('}');
    case Token::Array:
        out = json::array();
        if (r.accept(']'))
            return true;
        do {
            json v;
            if (!read(r, v))
                return false;
            out.push_back(v);
        } while (r.accept(','));
        return r.expect(']');
    }
    return false;
}

// Numbers that are not int64 integers become "<number>" for the comparison.
json normalized(const json& j)
{
    if (j.is_number_float() || (j.is_number_unsigned() && j.get<std::uint64_t>() > INT64_MAX))
        return "<number>";
    if (j.is_object()) {
        json o = json::object();
        for (auto it = j.begin(); it != j.end(); ++it)
            o[it.key()] = normalized(*it);
        return o;
    }
    if (j.is_array()) {
        json a = json::array();
        for (const auto& v : j)
            a.push_back(normalized(v));
        return a;
    }
    return j;
}

} // namespace

TEST_CASE("json_pull reads what nlohmann reads, the same way")
{
    const char* good[] = {
        R"({"a": 1, "b": [true, false, null, -0, 0, -12, 3.5, 1e3, -2E-2], "c": {"d": "x"}})",
        R"(  [ ]  )",
        R"({})",
        R"("\u00e9t\u00E9 \ud83d\ude00 \n\t\"\\\/\b\f\r")",
        "\"Soci\xC3\xA9t\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"",
        R"([9223372036854775807, -9223372036854775808, 9223372036854775808, 18446744073709551616])",
        R"([[[[[]]]], {"": ""}])",
    };
    for (const char* text : good) {
        CAPTURE(text);
        Reader r(text);
        json mine;
        REQUIRE_MESSAGE(read(r, mine), r.error());
        CHECK(r.atEnd());
        CHECK(mine == normalized(json::parse(text)));
        Reader skipper(text);
        CHECK(skipper.skip());
        CHECK(skipper.atEnd());
    }
    Reader big("[9223372036854775807, -9223372036854775808, 9223372036854775808]");
    std::int64_t i = 0;
    std::string s;
    REQUIRE(big.value(i, s) == Token::Array);
    CHECK(big.value(i, s) == Token::Integer);
    CHECK(i == INT64_MAX);
    big.accept(',');
    CHECK(big.value(i, s) == Token::Integer);
    CHECK(i == INT64_MIN);
    big.accept(',');
    CHECK(big.value(i, s) == Token::Number); // beyond int64: not an integer column's value
}

TEST_CASE("json_pull refuses what nlohmann refuses, saying where")
{
    const char* bad[] = {
        R"({"a": 1,})",       // trailing comma
        R"([1 2])",           // missing comma
        R"({"a" 1})",         // missing colon
        R"({'a': 1})",        // single quotes
        R"([01])",            // leading zero
        R"([1.])",            // no digits after the point
        R"([-])",             // a lone minus
        R"([1e])",            // no exponent digits
        R"(["a\x"])",         // unknown escape
        R"(["\u12G4"])",      // bad hex
        R"(["\udc00"])",      // lone low surrogate
        R"(["\ud800x"])",     // high surrogate alone
        "[\"tab\there\"]",    // raw control character
        "[\"\xC3\"]",         // truncated UTF-8
        "[\"\xC0\xAF\"]",     // overlong
        "[\"\xED\xA0\x80\"]", // encoded surrogate
        R"([tru])",           // bad literal
        R"({"a": [1, 2)",     // the text ends
        R"(["open)",          // inside a string
        R"(// comment
           1)",
        "",
    };
    for (const char* text : bad) {
        CAPTURE(text);
        CHECK_FALSE(json::accept(text));
        Reader r(text);
        json mine;
        const bool ok = read(r, mine) && r.atEnd();
        CHECK_FALSE(ok);
        if (!ok && r.failed())
            CHECK(r.error().rfind("line ", 0) == 0);
    }
    Reader where("{\n  \"a\": [1,\n   2,,3]}");
    json out;
    CHECK_FALSE(read(where, out));
    CHECK(where.error() == "line 3, column 6: not a JSON value");
}

TEST_CASE("json_pull counts an array's elements in a quick first pass")
{
    auto count = [](const std::string& text) {
        Reader r(text);
        std::int64_t n = -1;
        return r.skipArrayCounting(n) && r.atEnd() ? n : -1;
    };
    CHECK(count("[]") == 0);
    CHECK(count(" [ ] ") == 0);
    CHECK(count("[1]") == 1);
    CHECK(count(R"([{"a": [1, 2, 3], "b": "x,y]"}, {"c": "\"],"}, 3])") == 3);
    CHECK(count(R"(["\\", "\\\""])") == 2);
    CHECK(count("[1, 2") == -1);
    CHECK(count(R"(["a])") == -1);
    CHECK(count("[1}") == -1);
    CHECK(count("{}") == -1);
}
