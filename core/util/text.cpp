#include "core/util/text.hpp"

#include <nlohmann/json.hpp>
#include <utf8proc.h>

#include <cstdint>
#include <cstdlib>
#include <new>

namespace crm::text {

namespace {

// Letters Unicode does not decompose (so stripping marks leaves them), and the quotes and
// dashes utf8proc's lumping leaves apart, folded as a French reader expects: ł → l, œ → oe.
// Applied after case folding: small letters only.
struct Plain {
    std::uint32_t cp;
    const char* plain;
};
// clang-format off
constexpr Plain kPlain[] = {
    {0xE6, "ae"}, {0xF0, "d"}, {0xF8, "o"}, {0xFE, "th"}, {0x111, "d"}, {0x127, "h"}, {0x131, "i"},
    {0x138, "k"}, {0x140, "l"}, {0x142, "l"}, {0x14B, "n"}, {0x153, "oe"}, {0x167, "t"},
    {0x2018, "'"}, {0x2019, "'"}, {0x201A, "'"}, {0x201B, "'"}, {0x201C, "\""}, {0x201D, "\""},
    {0x201E, "\""}, {0x201F, "\""}, {0x2010, "-"}, {0x2011, "-"}, {0x2012, "-"}, {0x2013, "-"},
    {0x2014, "-"}, {0x2015, "-"}, {0x2212, "-"},
};
// clang-format on

const char* plainOf(long cp)
{
    for (const auto& p : kPlain)
        if (static_cast<long>(p.cp) == cp)
            return p.plain;
    return nullptr;
}

// Latin-1 and Latin Extended-A letters, folded to plain lower case by this table rather
// than by the library: the same answer (case folded, marks stripped, then the table above),
// several times faster — the names, codes and numbers of French firms are nearly all ASCII
// and these letters, and inserting 100 000 clients folds each three times.
struct LatinRange {
    std::uint16_t first, last;
    const char* plain;
};
// clang-format off
constexpr LatinRange kLatin[] = {
    {0xC0, 0xC5, "a"}, {0xC6, 0xC6, "ae"}, {0xC7, 0xC7, "c"}, {0xC8, 0xCB, "e"}, {0xCC, 0xCF, "i"},
    {0xD0, 0xD0, "d"}, {0xD1, 0xD1, "n"}, {0xD2, 0xD6, "o"}, {0xD8, 0xD8, "o"}, {0xD9, 0xDC, "u"},
    {0xDD, 0xDD, "y"}, {0xDE, 0xDE, "th"}, {0xDF, 0xDF, "ss"}, {0xE0, 0xE5, "a"}, {0xE6, 0xE6, "ae"},
    {0xE7, 0xE7, "c"}, {0xE8, 0xEB, "e"}, {0xEC, 0xEF, "i"}, {0xF0, 0xF0, "d"}, {0xF1, 0xF1, "n"},
    {0xF2, 0xF6, "o"}, {0xF8, 0xF8, "o"}, {0xF9, 0xFC, "u"}, {0xFD, 0xFD, "y"}, {0xFE, 0xFE, "th"},
    {0xFF, 0xFF, "y"}, {0x100, 0x105, "a"}, {0x106, 0x10D, "c"}, {0x10E, 0x111, "d"}, {0x112, 0x11B, "e"},
    {0x11C, 0x123, "g"}, {0x124, 0x127, "h"}, {0x128, 0x131, "i"}, {0x132, 0x133, "ij"}, {0x134, 0x135, "j"},
    {0x136, 0x138, "k"}, {0x139, 0x142, "l"}, {0x143, 0x14B, "n"}, {0x14C, 0x151, "o"}, {0x152, 0x153, "oe"},
    {0x154, 0x159, "r"}, {0x15A, 0x161, "s"}, {0x162, 0x167, "t"}, {0x168, 0x173, "u"}, {0x174, 0x175, "w"},
    {0x176, 0x178, "y"}, {0x179, 0x17E, "z"}, {0x17F, 0x17F, "s"},
};
// clang-format on

const char* latinOf(long cp)
{
    if (cp < 0xC0 || cp > 0x17F)
        return nullptr;
    for (const auto& r : kLatin)
        if (cp >= r.first && cp <= r.last)
            return r.plain;
    return nullptr; // × and ÷: the library's
}

bool isSpace(long cp)
{
    return cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Appends `piece` to a folded text: white space runs collapsed to one space, none leading (the
// caller drops a trailing one).
void appendFolded(std::string& out, bool& pendingSpace, std::string_view piece)
{
    if (pendingSpace && !out.empty())
        out += ' ';
    pendingSpace = false;
    out += piece;
}

} // namespace

long decodeUtf8(std::string_view s, std::size_t& i)
{
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    long cp = 0;
    long min = 0;
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
        min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
        min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
        min = 0x10000;
    } else
        return -1;
    if (i + static_cast<std::size_t>(extra) >= s.size())
        return -1; // truncated sequence
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

void appendUtf8(std::string& out, long cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isValidUtf8(std::string_view s)
{
    for (std::size_t i = 0; i < s.size();)
        if (decodeUtf8(s, i) < 0)
            return false;
    return true;
}

std::size_t codePointCount(std::string_view s)
{
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++n;
    return n;
}

bool hasControlCharacters(std::string_view s, bool multiline)
{
    for (std::size_t i = 0; i < s.size();) {
        const long cp = decodeUtf8(s, i);
        if (cp < 0)
            return true;
        if (multiline && (cp == '\n' || cp == '\t' || cp == '\r'))
            continue;
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            return true;
    }
    return false;
}

std::string trim(std::string_view s)
{
    std::size_t b = 0;
    std::size_t e = s.size();
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (b < e && ws(s[b]))
        ++b;
    while (e > b && ws(s[e - 1]))
        --e;
    return std::string(s.substr(b, e - b));
}

std::string foldForSearch(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool pendingSpace = false;
    std::string run; // consecutive code points the library folds
    auto foldRun = [&] {
        if (run.empty())
            return;
        // Compatibility forms (full-width, ligatures ﬁ), case folding, marks stripped
        // (decomposed or not), default-ignorable code points removed (zero-width
        // characters, soft hyphens, bidi controls), spaces, dashes and quotes lumped,
        // control characters removed; then the table above.
        utf8proc_uint8_t* mapped = nullptr;
        const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(run.data()),
            static_cast<utf8proc_ssize_t>(run.size()), &mapped,
            static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD
                | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE | UTF8PROC_LUMP | UTF8PROC_STRIPCC));
        if (n < 0) // only on memory exhaustion: the run is well-formed UTF-8
            throw std::bad_alloc();
        const std::string_view folded(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(n));
        for (std::size_t k = 0; k < folded.size();) {
            const std::size_t at = k;
            const long cp = decodeUtf8(folded, k);
            if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')
                pendingSpace = true;
            else if (const char* plain = plainOf(cp))
                appendFolded(out, pendingSpace, plain);
            else
                appendFolded(out, pendingSpace, folded.substr(at, k - at));
        }
        std::free(mapped);
        run.clear();
    };
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        // ASCII (most of what is folded: numbers, codes, names) and the Latin letters of
        // the table go without the library: capitals lower, spaces collapse, control
        // characters dropped as the library drops them.
        if (b < 0x80) {
            foldRun();
            ++i;
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f' || b == '\v')
                pendingSpace = true;
            else if (b >= 0x20 && b != 0x7F) {
                const char lower = static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
                appendFolded(out, pendingSpace, std::string_view(&lower, 1));
            }
            continue;
        }
        const std::size_t at = i;
        const long cp = decodeUtf8(s, i);
        if (cp < 0) {
            i = at + 1; // a malformed byte is skipped (validation refuses such input before it is stored)
            continue;
        }
        const char* plain = latinOf(cp);
        if (!plain && !isSpace(cp)) {
            run.append(s.substr(at, i - at));
            continue;
        }
        foldRun();
        if (plain)
            appendFolded(out, pendingSpace, plain);
        else
            pendingSpace = true;
    }
    foldRun();
    return out;
}

std::string likeEscape(std::string_view s)
{
    std::string out;
    for (char ch : s) {
        if (ch == '%' || ch == '_' || ch == '\\')
            out += '\\';
        out += ch;
    }
    return out;
}

void appendJsonString(std::string& out, std::string_view s)
{
    if (!isValidUtf8(s)) { // rare: nlohmann's own replacement of each ill-formed sequence
        out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0; // start of the run not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(s.data() + plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            out += "\\u00";
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    out.append(s.data() + plain, s.size() - plain);
    out += '"';
}

} // namespace crm::text
