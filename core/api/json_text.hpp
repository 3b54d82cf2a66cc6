// JsonText: a reply written straight to JSON text, for the large ones (a day's plan on a
// million-invoice portfolio is 48 MB) — without building nlohmann's document tree first,
// which took two-thirds of the time. The text is byte for byte what the tree's dump()
// writes: keys in sorted order (the caller writes them so; tests parse and dump the text
// again and compare), no spaces, strings escaped as dump() escapes them (", \, the
// control characters; UTF-8 kept as it is, and refused when malformed, as dump() does).
//
//   JsonText w;
//   w.beginObject().key("actions").beginArray() ... .endArray().key("as_of").value(day).endObject();
//   json result = rawResult(std::move(w).text());   // carried as the command's result
//
// A command's Outcome holds such a result as a json binary value of subtype kRawSubtype;
// Reply::text() writes it into the envelope as it is, Dispatcher::call() parses it.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace crm::api {

class JsonText {
public:
    JsonText& beginObject();
    JsonText& endObject();
    JsonText& beginArray();
    JsonText& endArray();
    JsonText& key(std::string_view k);
    JsonText& value(std::string_view s);
    JsonText& value(const char* s) { return value(std::string_view(s)); }
    JsonText& value(const std::string& s) { return value(std::string_view(s)); }
    template <class I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>, int> = 0>
    JsonText& value(I n)
    {
        return integer(static_cast<std::int64_t>(n));
    }
    JsonText& value(bool b);
    JsonText& null();
    // null when absent or empty (the engine's optional texts).
    JsonText& valueOrNull(const std::string& s) { return s.empty() ? null() : value(s); }
    JsonText& valueOrNull(const std::optional<std::int64_t>& n) { return n ? integer(*n) : null(); }
    JsonText& values(const std::vector<std::string>& list);
    JsonText& values(const std::set<std::string>& list);
    JsonText& values(const std::vector<std::int64_t>& list);
    // A value already written as JSON text.
    JsonText& raw(std::string_view text);

    void reserve(std::size_t bytes) { m_out.reserve(bytes); }
    std::string text() && { return std::move(m_out); }

private:
    void comma();
    JsonText& integer(std::int64_t n);

    std::string m_out;
    std::vector<bool> m_first; // per open container: nothing written in it yet
    bool m_afterKey = false;
};

inline constexpr std::uint8_t kRawSubtype = 0x4a; // 'J'

// A result already written as text, carried in a json value.
nlohmann::json rawResult(std::string text);
bool isRaw(const nlohmann::json& j);
std::string_view rawText(const nlohmann::json& j);

} // namespace crm::api
