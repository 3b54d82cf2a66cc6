#include "core/util/text.hpp"

#include <nlohmann/json.hpp>

#include <doctest/doctest.h>

using namespace crm::text;

TEST_CASE("foldForSearch lowers case and strips French accents")
{
    CHECK(foldForSearch("Société Générale") == "societe generale");
    CHECK(foldForSearch("ÉLAN Œuvre Ærospace") == "elan oeuvre aerospace");
    CHECK(foldForSearch("Çà et là, où êtes-vous ?") == "ca et la, ou etes-vous ?");
    CHECK(foldForSearch("Hôtel d’Aubière — Nord") == "hotel d'aubiere - nord");
    CHECK(foldForSearch("  two   spaces\tand tab ") == "two spaces and tab");
    CHECK(foldForSearch("Müller Straße") == "muller strasse");
}

TEST_CASE("UTF-8 validation refuses malformed sequences")
{
    CHECK(isValidUtf8("É€’ ok"));
    CHECK_FALSE(isValidUtf8("\xC3"));             // truncated
    CHECK_FALSE(isValidUtf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));     // surrogate
    CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80")); // beyond U+10FFFF
    CHECK(codePointCount("Éé€") == 3);
}

TEST_CASE("control characters")
{
    CHECK(hasControlCharacters("a\x01"
                               "b",
        false));
    CHECK(hasControlCharacters("line\nbreak", false));
    CHECK_FALSE(hasControlCharacters("line\nbreak", true));
    CHECK(hasControlCharacters("\xC2\x85", true)); // NEL, a C1 control
    CHECK(trim("  x y \n") == "x y");
}

TEST_CASE("appendJsonString writes what nlohmann::json dumps, byte for byte")
{
    const std::string samples[] = {"", "plain", "Société « Générale » €", "quote \" backslash \\ slash /",
        "controls \x01\x02\b\f\n\r\t\x1f end \x7f", "\xF0\x9F\x98\x80 emoji",
        "broken \xC3 utf-8 \xC0\xAF and \xED\xA0\x80"};
    for (const auto& s : samples) {
        CAPTURE(s);
        std::string mine = "prefix:";
        appendJsonString(mine, s);
        CHECK(mine == "prefix:" + nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    }
}
