// Reading the text files accounting packages and spreadsheets write: CSV (and FEC's
// tab- or pipe-separated lines), their encodings, French amounts and dates.
//
// Call flow: decode(bytes) gives UTF-8 text and the encoding it was in; detectSeparator
// picks the separator from the first lines; parse cuts records (RFC 4180 quoting, a
// quoted field may hold separators, doubled quotes and line breaks), each with the line
// it starts on. A cell's amount and date are read by fmt::readAmount and fmt::readDate
// (core/util/format.hpp: the same readers as the interface's forms). Nothing here throws on bad
// input: a malformed file is a ParseError naming its line, a bad cell an empty optional.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::dataimport {

struct Decoded {
    std::string text;     // UTF-8, without a byte order mark
    std::string encoding; // utf-8 | utf-8-bom | windows-1252
};

// UTF-8 (with or without BOM) is kept; anything that is not valid UTF-8 is read as
// Windows-1252 (what Excel and most French accounting packages write).
// `forced` ("utf-8" | "windows-1252") skips the detection.
Decoded decode(std::string_view bytes, const std::string& forced = {});

// The separator among ; , tab | that cuts the first lines (outside quotes) into the same
// number of fields, the most fields winning; ';' when nothing tells.
char detectSeparator(std::string_view text);

struct Record {
    std::int64_t line = 0; // 1-based line of the file where the record starts
    std::vector<std::string> fields;
};

struct ParseError {
    std::int64_t line = 0;
    std::string message;
};

struct Parsed {
    std::vector<Record> records; // blank lines skipped
    std::optional<ParseError> error;
};

Parsed parse(std::string_view text, char separator);

// ',' when the amounts in `cells` read as decimal-comma figures ("12,50", "1 234,5"), '.'
// when they read as decimal-point ones; `fallback` when they say neither.
char detectDecimal(const std::vector<std::string>& cells, char fallback);

// The format that reads every non-empty cell of `cells` ("dmy" when none does).
std::string detectDateFormat(const std::vector<std::string>& cells);

// Header text folded for matching: lower case, no accents, letters and digits only.
std::string headerKey(std::string_view header);

// Writing: one CSV field, quoted when it holds the separator, a quote or a line break.
std::string csvField(std::string_view value, char separator);

// Text for a spreadsheet cell that a spreadsheet will not run as a formula (CSV injection,
// as OWASP describes it): text starting with = + - @, a tab or a carriage return gets a
// leading apostrophe, which spreadsheets show as text. Only for text: amounts and numbers
// are written as numbers. parse() drops that apostrophe again when it reads such a field,
// so an export reads back as it was.
std::string spreadsheetText(std::string_view value);

} // namespace crm::dataimport
