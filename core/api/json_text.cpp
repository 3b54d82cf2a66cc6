#include "core/api/json_text.hpp"

#include <charconv>
#include <stdexcept>

namespace crm::api {

namespace {

// The length of the UTF-8 sequence starting at s[i], 0 when it is malformed (as dump()'s
// strict check refuses: overlong forms, surrogates, past U+10FFFF, cut short).
std::size_t sequence(std::string_view s, std::size_t i)
{
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    const auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2))
            return 0;
        if ((c == 0xE0 && b(i + 1) < 0xA0) || (c == 0xED && b(i + 1) > 0x9F))
            return 0;
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3))
            return 0;
        if ((c == 0xF0 && b(i + 1) < 0x90) || (c == 0xF4 && b(i + 1) > 0x8F))
            return 0;
        return 4;
    }
    return 0;
}

} // namespace

void JsonText::comma()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back())
            m_out += ',';
        m_first.back() = false;
    }
}

JsonText& JsonText::beginObject()
{
    comma();
    m_out += '{';
    m_first.push_back(true);
    return *this;
}

JsonText& JsonText::endObject()
{
    m_out += '}';
    m_first.pop_back();
    return *this;
}

JsonText& JsonText::beginArray()
{
    comma();
    m_out += '[';
    m_first.push_back(true);
    return *this;
}

JsonText& JsonText::endArray()
{
    m_out += ']';
    m_first.pop_back();
    return *this;
}

JsonText& JsonText::key(std::string_view k)
{
    value(k);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

JsonText& JsonText::value(std::string_view s)
{
    comma();
    m_out += '"';
    std::size_t plain = 0; // start of the run of bytes copied as they are
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = sequence(s, i);
            if (n == 0)
                throw std::invalid_argument("invalid UTF-8 byte at index " + std::to_string(i) + " in a reply");
            i += n;
            continue;
        }
        if (c >= 0x20 && c != '"' && c != '\\') {
            ++i;
            continue;
        }
        m_out.append(s.data() + plain, i - plain);
        switch (c) {
        case '"': m_out += "\\\""; break;
        case '\\': m_out += "\\\\"; break;
        case '\b': m_out += "\\b"; break;
        case '\f': m_out += "\\f"; break;
        case '\n': m_out += "\\n"; break;
        case '\r': m_out += "\\r"; break;
        case '\t': m_out += "\\t"; break;
        default: {
            static const char hex[] = "0123456789abcdef";
            m_out += "\\u00";
            m_out += hex[c >> 4];
            m_out += hex[c & 0xF];
        }
        }
        plain = ++i;
    }
    m_out.append(s.data() + plain, s.size() - plain);
    m_out += '"';
    return *this;
}

JsonText& JsonText::integer(std::int64_t n)
{
    comma();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, n).ptr;
    m_out.append(buf, end);
    return *this;
}

JsonText& JsonText::value(bool b)
{
    comma();
    m_out += b ? "true" : "false";
    return *this;
}

JsonText& JsonText::null()
{
    comma();
    m_out += "null";
    return *this;
}

JsonText& JsonText::values(const std::vector<std::string>& list)
{
    beginArray();
    for (const auto& s : list)
        value(s);
    return endArray();
}

JsonText& JsonText::values(const std::set<std::string>& list)
{
    beginArray();
    for (const auto& s : list)
        value(s);
    return endArray();
}

JsonText& JsonText::values(const std::vector<std::int64_t>& list)
{
    beginArray();
    for (auto n : list)
        integer(n);
    return endArray();
}

JsonText& JsonText::raw(std::string_view text)
{
    comma();
    m_out += text;
    return *this;
}

nlohmann::json rawResult(std::string text)
{
    return nlohmann::json::binary(std::vector<std::uint8_t>(text.begin(), text.end()), kRawSubtype);
}

bool isRaw(const nlohmann::json& j)
{
    return j.is_binary() && j.get_binary().has_subtype() && j.get_binary().subtype() == kRawSubtype;
}

std::string_view rawText(const nlohmann::json& j)
{
    const auto& b = j.get_binary();
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

} // namespace crm::api
