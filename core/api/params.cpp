#include "core/api/params.hpp"

#include "core/util/limits.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <limits>
#include <set>

namespace crm::api {

const char* typeName(ParamType t)
{
    switch (t) {
    case ParamType::String: return "string";
    case ParamType::Integer: return "integer";
    case ParamType::Boolean: return "boolean";
    case ParamType::Object: return "object";
    case ParamType::Array: return "array";
    }
    return "?";
}

json ParamSpec::describe() const
{
    json j = {{"name", name}, {"type", typeName(type)}, {"required", required}, {"doc", doc}};
    if (nullable)
        j["nullable"] = true;
    if (type == ParamType::String)
        j["max_length"] = maxLength;
    if (!items.empty()) {
        json fields = json::array();
        for (const auto& f : items)
            fields.push_back(f.describe());
        j["items"] = fields;
    }
    if (itemType)
        j["item_type"] = typeName(*itemType);
    if (!orWords.empty())
        j["or_words"] = orWords;
    if (!values.empty())
        j["values"] = values;
    return j;
}

namespace {

bool hasType(const json& v, ParamType t)
{
    switch (t) {
    case ParamType::String: return v.is_string();
    case ParamType::Integer:
        return v.is_number_integer()
            && (!v.is_number_unsigned()
                || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    case ParamType::Boolean: return v.is_boolean();
    case ParamType::Object: return v.is_object();
    case ParamType::Array: return v.is_array();
    }
    return false;
}

// Nesting depth of JSON text, strings skipped; stops counting past `limit`.
bool textDeeperThan(const std::string& text, int limit)
{
    int depth = 0;
    bool inString = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\')
                ++i;
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit)
                return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

// Rows are numbered from 1 (SQLite's rowids, the snapshot's ids): an id below 1 names nothing,
// and a filter of 0 or -1 must never read as "no filter" (2026-12: `relance.execute` with
// `client_id: -1` executed reminders for held clients — the holds were looked up for client
// -1, the invoices for every client). So every integer parameter named `id` or `..._id`, and
// every item of an integer list named `..._ids`, is 1 or more — and at most 2^53 - 1, the
// largest the browser reads exactly; "none" is `null` where a parameter allows it.
std::optional<Error> checkId(const std::string& path, const json& v)
{
    if (v.is_number_integer()
        && (v.is_number_unsigned() ? v.get<std::uint64_t>() > static_cast<std::uint64_t>(kMaxExactInteger)
                                   : v.get<std::int64_t>() < 1 || v.get<std::int64_t>() > kMaxExactInteger))
        return Error::validation(path, "invalid_id", "parameter '" + path + "' must be an id (1 to 2^53 - 1)");
    return std::nullopt;
}

// Rules that hold for a parameter by its name, in every command, before any service reads
// it (each service had its own copy, and relance.actions had none: as_of "2026-02-30" and
// offset -1 went through): a day (`as_of`, `date`, `..._date`) is a real YYYY-MM-DD date
// when given, `offset` is 0 or more, `limit` 1 or more (its upper bound is the command's).
std::optional<Error> checkByName(const std::string& path, const json& v, const ParamSpec& spec)
{
    const std::string& name = spec.name;
    if (spec.type == ParamType::Integer && (name == "id" || name.ends_with("_id")))
        return checkId(path, v);
    if (spec.type == ParamType::String && (name == "as_of" || name == "date" || name.ends_with("_date"))) {
        const std::string& day = v.get_ref<const std::string&>();
        if (!day.empty() && !timeutil::isValidDate(day))
            return Error::validation(path, "invalid_date", "parameter '" + path + "' must be a date YYYY-MM-DD");
    }
    if (spec.type == ParamType::Integer && v.is_number_integer() && !v.is_number_unsigned()) {
        const auto n = v.get<std::int64_t>();
        if (name == "offset" && n < 0)
            return Error::validation(path, "out_of_range", "offset must not be negative");
        if (name == "limit" && n < 1)
            return Error::validation(path, "out_of_range", "limit must be 1 or more");
    }
    return std::nullopt;
}

std::optional<Error> checkOne(const std::string& path, const json& v, const ParamSpec& spec)
{
    if (v.is_null()) {
        if (spec.nullable)
            return std::nullopt;
        return Error::validation(path, spec.required ? "required" : "null_not_allowed",
            spec.required ? "parameter '" + path + "' is required"
                          : "parameter '" + path + "' may not be null: leave it out instead");
    }
    if (v.is_string()
        && std::find(spec.orWords.begin(), spec.orWords.end(), v.get<std::string>()) != spec.orWords.end())
        return std::nullopt;
    if (!hasType(v, spec.type))
        return Error::validation(path, "wrong_type", "parameter '" + path + "' must be of type " + typeName(spec.type));
    if (auto e = checkByName(path, v, spec))
        return e;
    if (!spec.values.empty() && v.is_string()
        && std::find(spec.values.begin(), spec.values.end(), v.get_ref<const std::string&>()) == spec.values.end()) {
        std::string list;
        for (const auto& w : spec.values)
            list += (list.empty() ? "" : ", ") + w;
        return Error::validation(path, "unknown_value", "parameter '" + path + "' is one of " + list);
    }
    if (spec.type == ParamType::String && v.get_ref<const std::string&>().size() > spec.maxLength)
        return Error::validation(path, "too_long",
            "parameter '" + path + "' is longer than " + std::to_string(spec.maxLength) + " characters");
    if (spec.type == ParamType::Object && !spec.items.empty())
        if (auto e = checkParams(v, spec.items)) {
            e->field = path + "." + e->field;
            e->message = "in '" + path + "': " + e->message;
            return e;
        }
    if (spec.type == ParamType::Array) {
        for (std::size_t k = 0; k < v.size(); ++k) {
            const std::string at = path + "[" + std::to_string(k) + "]";
            if (spec.itemType && !hasType(v[k], *spec.itemType))
                return Error::validation(at, "wrong_type", "'" + at + "' must be of type " + typeName(*spec.itemType));
            if (spec.itemType == ParamType::Integer && spec.name.ends_with("_ids"))
                if (auto e = checkId(at, v[k]))
                    return e;
            if (!spec.items.empty()) {
                if (!v[k].is_object())
                    return Error::validation(at, "wrong_type", "'" + at + "' must be an object");
                if (auto e = checkParams(v[k], spec.items)) {
                    e->field = at + "." + e->field;
                    e->message = "in '" + at + "': " + e->message;
                    return e;
                }
            }
        }
    }
    return std::nullopt;
}

} // namespace

Result<json> parseRequest(const std::string& text)
{
    if (textDeeperThan(text, kMaxDepth))
        return Error::validation(
            "", "too_deep", "the request nests objects or lists deeper than " + std::to_string(kMaxDepth) + " levels");
    std::vector<std::set<std::string>> open; // the keys seen in each object being read
    std::string duplicate;
    json::parser_callback_t cb = [&](int, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start: open.emplace_back(); break;
        case json::parse_event_t::object_end:
            if (!open.empty())
                open.pop_back();
            break;
        case json::parse_event_t::key:
            if (!open.empty() && parsed.is_string() && !open.back().insert(parsed.get<std::string>()).second
                && duplicate.empty())
                duplicate = parsed.get<std::string>();
            break;
        default: break;
        }
        return true;
    };
    json request = json::parse(text, cb, false);
    if (request.is_discarded())
        return Error::validation("", "malformed", "the request is not valid JSON");
    if (!duplicate.empty())
        return Error::validation(duplicate, "duplicate_key", "the key '" + duplicate + "' appears twice in an object");
    return request;
}

bool deeperThan(const json& v, int limit)
{
    if (limit < 0)
        return true;
    if (v.is_object() || v.is_array())
        for (const auto& x : v)
            if (deeperThan(x, limit - 1))
                return true;
    return false;
}

std::optional<Error> checkParams(const json& params, const std::vector<ParamSpec>& specs)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParamSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == it.key())
                spec = &s;
        if (!spec)
            return Error::validation(it.key(), "unknown_parameter", "unknown parameter '" + it.key() + "'");
        if (auto e = checkOne(it.key(), it.value(), *spec))
            return e;
    }
    for (const auto& s : specs)
        if (s.required && !params.contains(s.name))
            return Error::validation(s.name, "required", "parameter '" + s.name + "' is required");
    return std::nullopt;
}

bool has(const json& p, const char* key)
{
    return p.contains(key) && !p[key].is_null();
}

std::string str(const json& p, const char* key, const std::string& fallback)
{
    return has(p, key) ? p[key].get<std::string>() : fallback;
}

std::optional<std::string> optStr(const json& p, const char* key)
{
    return has(p, key) ? std::optional(p[key].get<std::string>()) : std::nullopt;
}

std::int64_t integer(const json& p, const char* key, std::int64_t fallback)
{
    return has(p, key) ? p[key].get<std::int64_t>() : fallback;
}

std::optional<std::int64_t> optInt(const json& p, const char* key)
{
    return has(p, key) ? std::optional(p[key].get<std::int64_t>()) : std::nullopt;
}

std::optional<std::int64_t> idFilter(const json& p, const char* key)
{
    if (!p.contains(key))
        return std::nullopt;
    return p[key].is_null() ? 0 : p[key].get<std::int64_t>();
}

bool boolean(const json& p, const char* key, bool fallback)
{
    return has(p, key) ? p[key].get<bool>() : fallback;
}

std::optional<bool> optBool(const json& p, const char* key)
{
    return has(p, key) ? std::optional(p[key].get<bool>()) : std::nullopt;
}

std::optional<std::optional<std::int64_t>> nullableInt(const json& p, const char* key)
{
    if (!p.contains(key))
        return std::nullopt;
    if (p[key].is_null())
        return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(p[key].get<std::int64_t>());
}

std::optional<std::optional<std::string>> nullableStr(const json& p, const char* key)
{
    if (!has(p, key))
        return std::nullopt;
    if (p[key].is_null())
        return std::optional<std::string>();
    return std::optional<std::string>(p[key].get<std::string>());
}

std::vector<std::int64_t> integers(const json& p, const char* key)
{
    std::vector<std::int64_t> out;
    if (has(p, key))
        for (const auto& v : p[key])
            out.push_back(v.get<std::int64_t>());
    return out;
}

ParamSpec idParam(const char* doc)
{
    return {"id", ParamType::Integer, true, doc};
}
ParamSpec offsetParam()
{
    return {"offset", ParamType::Integer, false, "rows to skip (default 0)"};
}
ParamSpec limitParam()
{
    return {"limit", ParamType::Integer, false, "rows to return, 1..1000 (default 50)"};
}
ParamSpec asOfParam()
{
    return {"as_of", ParamType::String, false, "YYYY-MM-DD (default today)"};
}

} // namespace crm::api
