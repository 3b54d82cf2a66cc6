// Helpers of the import tests: a CSV or FEC file sent to import.preview / import.apply as
// the interface sends it, the verdicts of a preview, a count.
#pragma once

#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"

#include <string>
#include <vector>

namespace crm::test {

using api::json;

inline json csv(test::World& w, const std::string& method, const std::string& kind, const std::string& bytes,
    json extra = json::object())
{
    extra["kind"] = kind;
    extra["content_base64"] = crypto::base64Encode(bytes);
    return w.call(method, extra, w.admin);
}

inline json fec(test::World& w, const std::string& method, const std::string& bytes, json extra = json::object())
{
    extra["format"] = "fec";
    extra["content_base64"] = crypto::base64Encode(bytes);
    return w.call(method, extra, w.admin);
}

inline std::vector<std::string> verdicts(const json& r)
{
    std::vector<std::string> out;
    for (const auto& row : r.at("rows"))
        out.push_back(row["verdict"].get<std::string>());
    return out;
}

inline std::int64_t countWhere(db::Database& db, const std::string& sql)
{
    db::Statement st(db, sql);
    st.step();
    return st.getInt(0);
}

} // namespace crm::test
