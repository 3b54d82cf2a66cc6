// Reading the fields of a command's reply where a screen shows them: a missing or
// null field reads as empty text or zero (a screen draws what it has).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace crm::app {

inline std::string str(const nlohmann::json& j, const char* key)
{
    return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

inline std::int64_t num(const nlohmann::json& j, const char* key)
{
    return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : 0;
}

} // namespace crm::app
