// Checks shared by every service, so a field is refused the same way everywhere.
#pragma once

#include "core/util/result.hpp"

#include <initializer_list>
#include <optional>
#include <string>

namespace crm::service {

// A free-text field: well-formed UTF-8, no control characters (tab and newlines are
// allowed when `multiline`), between `min` and `max` characters (code points).
// Reasons: invalid_characters, required (shorter than min), too_long.
std::optional<Error> checkText(
    const char* field, const std::string& value, std::size_t max, bool multiline = false, std::size_t min = 0);

// `value` is one of `values`.
bool oneOf(const std::string& value, std::initializer_list<const char*> values);

// Three upper-case letters (ISO 4217 shape).
bool isCurrencyCode(const std::string& code);

} // namespace crm::service
