#include "core/util/json_pull.hpp"

#include "core/util/text.hpp"

#include <cstring>
#include <limits>

namespace crm::jsonpull {

namespace {

bool isSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

} // namespace

bool Reader::fail(const std::string& what)
{
    if (!m_error.empty())
        return false;
    std::size_t line = 1, column = 1;
    const std::size_t end = m_at < m_text.size() ? m_at : m_text.size();
    for (std::size_t i = 0; i < end; ++i) {
        if (m_text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
            ++column; // code points, not bytes
    }
    m_error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what;
    return false;
}

void Reader::whitespace()
{
    while (m_at < m_text.size() && isSpace(m_text[m_at]))
        ++m_at;
}

char Reader::peek()
{
    if (failed())
        return '\0';
    whitespace();
    return m_at < m_text.size() ? m_text[m_at] : '\0';
}

bool Reader::accept(char c)
{
    if (peek() != c || m_at >= m_text.size())
        return false;
    ++m_at;
    return true;
}

bool Reader::expect(char c)
{
    if (failed())
        return false;
    if (accept(c))
        return true;
    if (m_at >= m_text.size())
        return fail(std::string("the text ends where '") + c + "' was expected");
    return fail(std::string("expected '") + c + "'");
}

bool Reader::atEnd()
{
    whitespace();
    return m_at >= m_text.size();
}

bool Reader::hex4(unsigned& out)
{
    if (m_text.size() - m_at < 4)
        return fail("a \\u escape needs four hexadecimal digits");
    out = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = m_text[m_at++];
        out <<= 4;
        if (c >= '0' && c <= '9')
            out |= static_cast<unsigned>(c - '0');
        else if (c >= 'a' && c <= 'f')
            out |= static_cast<unsigned>(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            out |= static_cast<unsigned>(c - 'A' + 10);
        else {
            --m_at;
            return fail("a \\u escape needs four hexadecimal digits");
        }
    }
    return true;
}

bool Reader::string(std::string& out)
{
    out.clear();
    if (!expect('"'))
        return false;
    const std::size_t n = m_text.size();
    const char* s = m_text.data();
    while (true) {
        // The plain run up to the next quote, escape, control or non-ASCII byte, copied at once.
        std::size_t run = m_at;
        while (run < n) {
            const unsigned char c = static_cast<unsigned char>(s[run]);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
                break;
            ++run;
        }
        out.append(s + m_at, run - m_at);
        m_at = run;
        if (m_at >= n)
            return fail("the text ends inside a string");
        const unsigned char c = static_cast<unsigned char>(s[m_at]);
        if (c == '"') {
            ++m_at;
            return true;
        }
        if (c < 0x20)
            return fail("a control character must be escaped in a string");
        if (c >= 0x80) {
            std::size_t next = m_at;
            if (text::decodeUtf8(m_text, next) < 0)
                return fail("a string is not valid UTF-8");
            out.append(s + m_at, next - m_at);
            m_at = next;
            continue;
        }
        // An escape.
        if (++m_at >= n)
            return fail("the text ends inside a string");
        const char e = s[m_at++];
        switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
            unsigned cp = 0;
            if (!hex4(cp))
                return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail("a lone low surrogate in a \\u escape");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned low = 0;
                if (n - m_at < 2 || s[m_at] != '\\' || s[m_at + 1] != 'u')
                    return fail("a high surrogate must be followed by a low one");
                m_at += 2;
                if (!hex4(low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail("a high surrogate must be followed by a low one");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            text::appendUtf8(out, cp);
            break;
        }
        default: --m_at; return fail("an unknown escape in a string");
        }
    }
}

bool Reader::number(std::int64_t& integer, bool& isInteger)
{
    const std::size_t n = m_text.size();
    bool negative = false;
    if (m_text[m_at] == '-') {
        negative = true;
        ++m_at;
    }
    if (m_at >= n || !isDigit(m_text[m_at]))
        return fail("a number needs digits");
    // The magnitude accumulated as unsigned, to tell what fits an int64.
    std::uint64_t magnitude = 0;
    bool overflow = false;
    if (m_text[m_at] == '0')
        ++m_at;
    else
        while (m_at < n && isDigit(m_text[m_at])) {
            const auto d = static_cast<std::uint64_t>(m_text[m_at] - '0');
            if (magnitude > (std::numeric_limits<std::uint64_t>::max() - d) / 10)
                overflow = true;
            else
                magnitude = magnitude * 10 + d;
            ++m_at;
        }
    isInteger = true;
    if (m_at < n && m_text[m_at] == '.') {
        isInteger = false;
        ++m_at;
        if (m_at >= n || !isDigit(m_text[m_at]))
            return fail("a number needs digits after its decimal point");
        while (m_at < n && isDigit(m_text[m_at]))
            ++m_at;
    }
    if (m_at < n && (m_text[m_at] == 'e' || m_text[m_at] == 'E')) {
        isInteger = false;
        ++m_at;
        if (m_at < n && (m_text[m_at] == '+' || m_text[m_at] == '-'))
            ++m_at;
        if (m_at >= n || !isDigit(m_text[m_at]))
            return fail("a number needs digits in its exponent");
        while (m_at < n && isDigit(m_text[m_at]))
            ++m_at;
    }
    if (!isInteger)
        return true;
    const auto limit = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    if (overflow || magnitude > limit + (negative ? 1 : 0)) {
        isInteger = false;
        return true;
    }
    integer = negative ? static_cast<std::int64_t>(0 - magnitude) : static_cast<std::int64_t>(magnitude);
    return true;
}

bool Reader::literal(std::string_view word)
{
    if (m_text.substr(m_at, word.size()) != word)
        return fail("not a JSON value");
    m_at += word.size();
    return true;
}

Token Reader::value(std::int64_t& integer, std::string& text)
{
    const char c = peek();
    if (failed())
        return Token::Error;
    switch (c) {
    case '{': ++m_at; return Token::Object;
    case '[': ++m_at; return Token::Array;
    case '"': return string(text) ? Token::String : Token::Error;
    case 'n': return literal("null") ? Token::Null : Token::Error;
    case 't': return literal("true") ? Token::True : Token::Error;
    case 'f': return literal("false") ? Token::False : Token::Error;
    case '\0':
        if (m_at >= m_text.size()) {
            fail("the text ends where a value was expected");
            return Token::Error;
        }
        break;
    default:
        if (c == '-' || isDigit(c)) {
            bool isInteger = false;
            if (!number(integer, isInteger))
                return Token::Error;
            return isInteger ? Token::Integer : Token::Number;
        }
    }
    fail("not a JSON value");
    return Token::Error;
}

bool Reader::skip()
{
    return skipNested(0);
}

bool Reader::skipNested(int depth)
{
    std::int64_t integer = 0;
    std::string text;
    const Token token = value(integer, text);
    if ((token == Token::Object || token == Token::Array) && depth >= kMaxDepth)
        return fail("values nested deeper than " + std::to_string(kMaxDepth) + " levels");
    switch (token) {
    case Token::Error: return false;
    case Token::Object:
        if (accept('}'))
            return true;
        do {
            if (!string(text) || !expect(':') || !skipNested(depth + 1))
                return false;
        } while (accept(','));
        return expect('}');
    case Token::Array:
        if (accept(']'))
            return true;
        do {
            if (!skipNested(depth + 1))
                return false;
        } while (accept(','));
        return expect(']');
    default: return true;
    }
}

bool Reader::skipArrayCounting(std::int64_t& elements)
{
    elements = 0;
    if (!expect('['))
        return false;
    const std::size_t n = m_text.size();
    const char* s = m_text.data();
    int depth = 1;
    bool any = false;
    while (m_at < n) {
        const char c = s[m_at++];
        switch (c) {
        case '"': {
            // To the closing quote, over escaped characters.
            while (true) {
                const void* q = std::memchr(s + m_at, '"', n - m_at);
                if (!q) {
                    m_at = n;
                    return fail("the text ends inside a string");
                }
                std::size_t at = static_cast<std::size_t>(static_cast<const char*>(q) - s);
                std::size_t backslashes = 0;
                while (at - backslashes > m_at && s[at - backslashes - 1] == '\\')
                    ++backslashes;
                m_at = at + 1;
                if (backslashes % 2 == 0)
                    break;
            }
            any = any || depth == 1;
            break;
        }
        case '[':
        case '{':
            any = any || depth == 1;
            ++depth;
            break;
        case ']':
        case '}':
            if (--depth == 0) {
                if (c != ']') {
                    --m_at;
                    return fail("expected ']'");
                }
                elements += any ? 1 : 0;
                return true;
            }
            break;
        case ',':
            if (depth == 1)
                ++elements;
            break;
        default:
            if (depth == 1 && !isSpace(c))
                any = true;
        }
    }
    return fail("the text ends inside an array");
}

} // namespace crm::jsonpull
