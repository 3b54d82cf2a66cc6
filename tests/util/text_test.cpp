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

// Issue 23, finding 9: invoice numbers differing only by bidi controls were accepted beside
// each other. Every default-ignorable code point is dropped now (utf8proc), as zero-width
// characters and soft hyphens were.
TEST_CASE("foldForSearch drops every default-ignorable code point: bidi controls too")
{
    for (const char* invisible : {"\u200E", "\u200F", "\u202A", "\u202C", "\u202E", "\u2066", "\u2069", "\u061C",
             "\u200B", "\u200D", "\u00AD", "\u2060", "\uFEFF", "\u180E"}) {
        CAPTURE(invisible);
        CHECK(foldForSearch(std::string("F-2026") + invisible + "-0042") == "f-2026-0042");
        CHECK(foldForSearch(std::string(invisible) + "ACME") == "acme");
    }
}

TEST_CASE("foldForSearch: every script's case, compatibility forms, marks, letters without a decomposition")
{
    CHECK(foldForSearch("ΑΘΗΝΑ Ἀθῆναι") == "αθηνα αθηναι"); // Greek, accents and breathings
    CHECK(foldForSearch("ЖУК Жук ёлка") == "жук жук елка"); // Cyrillic; ё is е with a mark
    CHECK(foldForSearch("ＡＣＭＥ－１２") == "acme-12");    // full-width
    CHECK(foldForSearch("ﬁnance ǅ") == "finance dz");       // ligatures and digraphs
    CHECK(foldForSearch("Łódź Øresund Đakovo") == "lodz oresund dakovo");
    CHECK(foldForSearch("Cafe\u0301 Cafe\u0300") == "cafe cafe"); // decomposed accents
    CHECK(foldForSearch("東京 Straße") == "東京 strasse");
    CHECK(foldForSearch("a\u00A0b\u202Fc\u3000d") == "a b c d"); // no-break and ideographic spaces
    CHECK(foldForSearch("x\x01y\u0085z") == "xy z");             // controls dropped, NEL a line break
    CHECK(foldForSearch("bad \xC3 byte") == "bad byte");         // a malformed byte is skipped
    CHECK(foldForSearch("") == "");
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
