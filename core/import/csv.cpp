#include "core/import/csv.hpp"

#include "core/util/format.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <array>
#include <cstdio>

namespace crm::dataimport {

namespace {

// Text a spreadsheet would run as a formula (spreadsheetText).
bool startsFormula(std::string_view v)
{
    return !v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@' || v[0] == '\t' || v[0] == '\r');
}

// Windows-1252's 0x80..0x9F (the rest of the upper half is Latin-1: the code point
// equals the byte); 0 marks the five bytes it leaves undefined.
constexpr std::array<char32_t, 32> kCp1252High = {0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6,
    0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
    0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string fromCp1252(std::string_view bytes)
{
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80)
            out += ch;
        else if (b < 0xA0)
            appendUtf8(out, kCp1252High[b - 0x80] ? kCp1252High[b - 0x80] : 0xFFFD);
        else
            appendUtf8(out, b);
    }
    return out;
}

// Fields per line of the first lines cut by `sep` outside quotes.
std::vector<std::size_t> fieldCounts(std::string_view text, char sep, std::size_t maxLines)
{
    std::vector<std::size_t> counts;
    std::size_t fields = 1;
    bool quoted = false;
    bool any = false;
    for (std::size_t i = 0; i < text.size() && counts.size() < maxLines; ++i) {
        const char c = text[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == sep) {
            ++fields;
        } else if (!quoted && (c == '\n' || c == '\r')) {
            if (any)
                counts.push_back(fields);
            fields = 1;
            any = false;
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            continue;
        }
        any = true;
    }
    if (any && counts.size() < maxLines)
        counts.push_back(fields);
    return counts;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

Decoded decode(std::string_view bytes, const std::string& forced)
{
    const bool bom = bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF";
    if (forced == "windows-1252")
        return {fromCp1252(bytes), "windows-1252"};
    if (bom)
        bytes.remove_prefix(3);
    if (forced == "utf-8" || text::isValidUtf8(bytes))
        return {std::string(bytes), bom ? "utf-8-bom" : "utf-8"};
    return {fromCp1252(bytes), "windows-1252"};
}

char detectSeparator(std::string_view text)
{
    char best = ';';
    std::size_t bestFields = 1;
    for (const char sep : {';', '\t', '|', ','}) {
        const auto counts = fieldCounts(text, sep, 20);
        if (counts.empty())
            continue;
        bool same = true;
        for (const auto n : counts)
            same = same && n == counts.front();
        // A separator must cut every line alike; a lone header line counts too.
        if (same && counts.front() > bestFields) {
            best = sep;
            bestFields = counts.front();
        }
    }
    return best;
}

Parsed parse(std::string_view text, char separator)
{
    Parsed out;
    Record rec;
    std::string field;
    std::int64_t line = 1;
    rec.line = 1;
    bool quoted = false;    // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (then only a separator or end may follow)
    bool lineEmpty = true;  // nothing on this record yet
    std::int64_t quoteLine = 0;
    auto endField = [&] {
        if (field.size() > 1 && field[0] == '\'' && startsFormula(std::string_view(field).substr(1)))
            field.erase(0, 1); // written by spreadsheetText (our exports)
        rec.fields.push_back(wasQuoted ? field : text::trim(field));
        field.clear();
        wasQuoted = false;
    };
    auto endRecord = [&] {
        if (!lineEmpty) {
            endField();
            out.records.push_back(std::move(rec));
        }
        rec = Record{};
        field.clear();
        wasQuoted = false;
        lineEmpty = true;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n')
                    ++line;
                if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                    continue; // a CRLF inside quotes is kept as LF
                field += c == '\r' ? '\n' : c;
            }
            continue;
        }
        if (c == '\r' || c == '\n') {
            endRecord();
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
                ++i;
            ++line;
            rec.line = line;
            continue;
        }
        if (lineEmpty) {
            lineEmpty = false;
            rec.line = line;
        }
        if (c == separator) {
            endField();
        } else if (c == '"' && text::trim(field).empty() && !wasQuoted) {
            field.clear();
            quoted = true;
            wasQuoted = true;
            quoteLine = line;
        } else if (wasQuoted) {
            if (c != ' ' && c != '\t') {
                out.error = ParseError{line, "text after the closing quote of a field"};
                return out;
            }
        } else {
            field += c;
        }
    }
    if (quoted) {
        out.error = ParseError{quoteLine, "a quote opened on this line is never closed"};
        return out;
    }
    endRecord();
    return out;
}

char detectDecimal(const std::vector<std::string>& cells, char fallback)
{
    int comma = 0;
    int point = 0;
    for (const auto& raw : cells) {
        const std::string s = text::trim(raw);
        const auto c = s.rfind(',');
        const auto p = s.rfind('.');
        // The last mark, followed by one or two digits and nothing else, is the decimal one.
        auto decimalAt = [&](std::size_t at) {
            if (at == std::string::npos)
                return false;
            std::size_t n = 0;
            for (std::size_t i = at + 1; i < s.size() && isDigit(s[i]); ++i)
                ++n;
            return n >= 1 && n <= 2;
        };
        if (c != std::string::npos && (p == std::string::npos || c > p) && decimalAt(c))
            ++comma;
        else if (p != std::string::npos && (c == std::string::npos || p > c) && decimalAt(p))
            ++point;
    }
    if (comma > point)
        return ',';
    if (point > comma)
        return '.';
    return fallback;
}

std::string detectDateFormat(const std::vector<std::string>& cells)
{
    for (const char* f : {"dmy", "ymd", "compact"}) {
        bool all = true;
        bool any = false;
        for (const auto& c : cells) {
            if (text::trim(c).empty())
                continue;
            any = true;
            if (!fmt::readDate(c, f)) {
                all = false;
                break;
            }
        }
        if (any && all)
            return f;
    }
    return "dmy";
}

std::string headerKey(std::string_view header)
{
    std::string out;
    for (const char c : text::foldForSearch(header))
        if (isDigit(c) || (c >= 'a' && c <= 'z'))
            out += c;
    return out;
}

std::string spreadsheetText(std::string_view value)
{
    return startsFormula(value) ? "'" + std::string(value) : std::string(value);
}

std::string csvField(std::string_view value, char separator)
{
    if (value.find_first_of(std::string{separator, '"', '\n', '\r'}) == std::string_view::npos)
        return std::string(value);
    std::string out = "\"";
    for (const char c : value) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
    return out;
}

} // namespace crm::dataimport
