#include "core/util/text.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>

namespace crm::text {

namespace {

struct FoldRange {
    std::uint16_t first;
    std::uint16_t last;
    const char* plain;
};

// Latin-1 Supplement and Latin Extended-A letters, folded to plain lower case.
// clang-format off
constexpr FoldRange kFolds[] = {
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
    {0x2018, 0x201B, "'"}, {0x201C, 0x201F, "\""}, {0x2010, 0x2015, "-"}, {0x2212, 0x2212, "-"},
};
// clang-format on

const char* foldOf(long cp)
{
    for (const auto& r : kFolds)
        if (cp >= r.first && cp <= r.last)
            return r.plain;
    return nullptr;
}

bool isSpace(long cp)
{
    return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0 || cp == 0x1680
        || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

// Marks that only decorate the letter before them (a decomposed é is e + U+0301), and
// invisible characters: dropped, so decomposed and composed text fold alike (the NFC
// question disappears once accents are removed).
bool isIgnorable(long cp)
{
    return (cp >= 0x300 && cp <= 0x36F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF)
        || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200D)
        || cp == 0x2060 || cp == 0xFEFF || cp == 0xAD;
}

// Simple case folding beyond Latin: Greek and Cyrillic capitals to small letters.
long lowerOther(long cp)
{
    if ((cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2))
        return cp + 0x20; // Greek
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20; // Cyrillic А..Я
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50; // Cyrillic Ѐ..Џ
    if (cp == 0x3C2)
        return 0x3C3; // final sigma
    return cp;
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
    for (std::size_t i = 0; i < s.size();) {
        // ASCII (most of what is folded: numbers, codes, names) needs no table: spaces
        // collapse, capitals lower.
        if (const unsigned char b = static_cast<unsigned char>(s[i]); b < 0x80) {
            ++i;
            if (b == ' ' || b == '\t' || b == '\n' || b == '\r') {
                pendingSpace = !out.empty();
                continue;
            }
            if (pendingSpace) {
                out += ' ';
                pendingSpace = false;
            }
            out += static_cast<char>(b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
            continue;
        }
        long cp = decodeUtf8(s, i);
        if (cp < 0) {
            ++i; // skip a malformed byte; validation refuses such input before it is stored
            continue;
        }
        if (cp >= 0xFF01 && cp <= 0xFF5E)
            cp -= 0xFEE0; // full-width forms: their ASCII letters, digits and signs
        if (isIgnorable(cp))
            continue;
        if (isSpace(cp)) {
            pendingSpace = !out.empty();
            continue;
        }
        if (pendingSpace) {
            out += ' ';
            pendingSpace = false;
        }
        if (cp >= 'A' && cp <= 'Z') {
            out += static_cast<char>(cp - 'A' + 'a');
        } else if (const char* plain = foldOf(cp)) {
            out += plain;
        } else {
            appendUtf8(out, lowerOther(cp));
        }
    }
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
