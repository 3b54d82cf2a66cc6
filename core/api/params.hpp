// Parameters of the command API: how a command declares them, how a request's
// `params` are checked against the declaration, and how handlers read them.
//
// Call flow: parseRequest() turns request text into JSON, refusing (before any deep
// work) nesting beyond kMaxDepth and an object that repeats a key; checkParams() then
// refuses unknown, missing, mistyped, over-long and (unless declared nullable) null
// parameters, strings outside their declared values — and applies the same rules inside the objects of a list whose
// items are declared (`allocations[2].amount_cents`). Handlers read checked params with the small readers below, which
// never throw on checked input.
//
// Null: a parameter is either present with a value of its type or absent. `null` is
// refused, except for parameters declared `nullable`, where it means "none" (clear the
// credit limit, unassign a client, detach a rule's template).
#pragma once

#include "core/util/result.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm::api {

using json = nlohmann::json;

enum class ParamType { String, Integer, Boolean, Object, Array };

const char* typeName(ParamType t);

// The longest string a parameter takes unless it declares otherwise (a search text, a
// name, a reason). Bounds every filter handed to SQL (LIKE patterns included).
constexpr std::size_t kDefaultMaxLength = 1000;
// Deeper requests are refused before they are built (a hostile request of 65 000
// nested `[` would otherwise exhaust the stack; the browser worker's is smaller).
constexpr int kMaxDepth = 32;

struct ParamSpec {
    std::string name;
    ParamType type = ParamType::String;
    bool required = false;
    std::string doc;
    bool nullable = false;                     // null means "none" (see above)
    std::size_t maxLength = kDefaultMaxLength; // strings: most characters (bytes of UTF-8)
    std::vector<ParamSpec> items;              // arrays of objects: the fields of each item
    std::optional<ParamType> itemType;         // arrays of scalars: the type of each item
    std::vector<std::string> orWords;          // arrays: also one of these strings ("all")
    std::vector<std::string> values;           // strings: the only values taken (described too)

    ParamSpec() = default;
    ParamSpec(std::string n, ParamType t, bool req, std::string d = {})
        : name(std::move(n)),
          type(t),
          required(req),
          doc(std::move(d))
    {
    }
    ParamSpec& orNull()
    {
        nullable = true;
        return *this;
    }
    ParamSpec& maxLen(std::size_t n)
    {
        maxLength = n;
        return *this;
    }
    ParamSpec& of(std::vector<ParamSpec> fields)
    {
        items = std::move(fields);
        return *this;
    }
    ParamSpec& ofType(ParamType t)
    {
        itemType = t;
        return *this;
    }
    ParamSpec& orWord(std::string word)
    {
        orWords.push_back(std::move(word));
        return *this;
    }
    // A string taking one of `words` only: refused otherwise (unknown_value, listing them),
    // and listed by api.describe, where the interface reads its choices.
    ParamSpec& oneOf(std::vector<std::string> words)
    {
        values = std::move(words);
        return *this;
    }
    json describe() const;
};

// Request text -> JSON. Errors: `validation` with reason `malformed` (not JSON),
// `too_deep` (nesting over kMaxDepth) or `duplicate_key` (field names the key's path).
Result<json> parseRequest(const std::string& text);

// Nesting depth of an already-built value (for callers that did not parse text).
bool deeperThan(const json& v, int limit);

// The first problem of `params` against `specs`, or nothing.
std::optional<Error> checkParams(const json& params, const std::vector<ParamSpec>& specs);

// Readers of checked params: absent (or null) gives the fallback / nullopt.
bool has(const json& p, const char* key);
std::string str(const json& p, const char* key, const std::string& fallback = {});
std::optional<std::string> optStr(const json& p, const char* key);
std::int64_t integer(const json& p, const char* key, std::int64_t fallback = 0);
std::optional<std::int64_t> optInt(const json& p, const char* key);
// A filter on an id where null means "rows with none" (a collector filter: null is the
// unassigned clients): absent gives nullopt (no filter), null gives 0, an id itself.
std::optional<std::int64_t> idFilter(const json& p, const char* key);
bool boolean(const json& p, const char* key, bool fallback = false);
std::optional<bool> optBool(const json& p, const char* key);
// Nullable parameters: absent -> nullopt (leave as is); null -> a disengaged inner
// optional (clear); a value -> set.
std::optional<std::optional<std::int64_t>> nullableInt(const json& p, const char* key);
std::optional<std::optional<std::string>> nullableStr(const json& p, const char* key);
std::vector<std::int64_t> integers(const json& p, const char* key);

// Parameters shared by many commands.
ParamSpec idParam(const char* doc = "id");
ParamSpec offsetParam();
ParamSpec limitParam();
ParamSpec asOfParam();

// What `name` stands for in a table of names (a sort key...), or nothing.
template <class E, std::size_t N>
std::optional<E> lookup(const std::string& name, const std::pair<const char*, E> (&table)[N])
{
    for (const auto& [key, value] : table)
        if (name == key)
            return value;
    return std::nullopt;
}

template <class... Lists> std::vector<ParamSpec> concat(std::vector<ParamSpec> a, const Lists&... rest)
{
    (a.insert(a.end(), rest.begin(), rest.end()), ...);
    return a;
}

} // namespace crm::api
