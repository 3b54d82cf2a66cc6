#include "core/service/validation.hpp"

#include "core/util/text.hpp"

#include <algorithm>

namespace crm::service {

std::optional<Error> checkText(
    const char* field, const std::string& value, std::size_t max, bool multiline, std::size_t min)
{
    if (!text::isValidUtf8(value) || text::hasControlCharacters(value, multiline))
        return Error::validation(
            field, "invalid_characters", std::string(field) + " contains control characters or malformed UTF-8");
    const std::size_t n = text::codePointCount(value);
    if (n < min)
        return Error::validation(field, "required", std::string(field) + " is required");
    if (n > max)
        return Error::validation(
            field, "too_long", std::string(field) + " is longer than " + std::to_string(max) + " characters");
    return std::nullopt;
}

bool oneOf(const std::string& value, std::initializer_list<const char*> values)
{
    return std::any_of(values.begin(), values.end(), [&](const char* v) { return value == v; });
}

bool isCurrencyCode(const std::string& code)
{
    return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

} // namespace crm::service
