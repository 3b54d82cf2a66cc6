// UTF-8 helpers shared by validation and search.
//
// foldForSearch() is how the product compares text: lower case, accents removed
// ("Société Générale" -> "societe generale", "Œuvre" -> "oeuvre"), typographic
// apostrophes and dashes made plain, invisible characters dropped. SQLite in the browser has no ICU, so folding is
// done here, stored in a column (clients.search_key), and applied to the search text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace crm::text {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view s);

// The code point at s[i] (i < s.size()), advancing i past it; -1 on a malformed, overlong,
// truncated or surrogate sequence (i then stays).
long decodeUtf8(std::string_view s, std::size_t& i);
// Appends code point `cp` (<= U+10FFFF, not a surrogate) encoded as UTF-8.
void appendUtf8(std::string& out, long cp);

// Number of code points; `s` must be valid UTF-8.
std::size_t codePointCount(std::string_view s);

// True when `s` holds a C0/C1 control character (tab and newline allowed if `multiline`).
bool hasControlCharacters(std::string_view s, bool multiline);

// Leading and trailing ASCII white space removed.
std::string trim(std::string_view s);

// utf8proc's NFKC case folding (every script; compatibility forms such as full-width
// letters and ligatures made plain), marks stripped (composed or decomposed accents),
// default-ignorable code points removed (zero-width characters, soft hyphens, bidi
// controls such as U+200E, U+202E, U+2066, U+061C), dashes, quotes and spaces lumped, control
// characters removed; then the letters Unicode does not decompose made plain (ł → l,
// ø → o, œ → oe, æ → ae), white space runs collapsed and trimmed. Also the key of
// uniqueness for invoice numbers, client codes and credit-note numbers (migration 0008
// folded the stored keys again this way).
std::string foldForSearch(std::string_view s);

// Appends `s` as a JSON string literal, quotes included, byte for byte as nlohmann::json
// dumps it (control characters escaped, the rest as is; ill-formed UTF-8 replaced by
// U+FFFD) — the snapshot writer's and the PostgreSQL pull's, without a JSON value per cell.
void appendJsonString(std::string& out, std::string_view s);

// Escapes LIKE's wildcards so user text matches literally (with ESCAPE '\').
std::string likeEscape(std::string_view s);

} // namespace crm::text
