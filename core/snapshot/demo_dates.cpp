// The demo portfolio's dates: it is built as of one day and loaded as of today.
#include "core/snapshot/snapshot.hpp"

#include "core/snapshot/tables.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace crm::snapshot {

using detail::isDateColumn;
using detail::isShiftedInstant;
using nlohmann::json;

std::string shiftDates(const std::string& text, long days)
{
    json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("tables") || !doc["tables"].is_object())
        return text;
    for (auto& [table, rows] : doc["tables"].items()) {
        if (!rows.is_array())
            continue;
        for (auto& row : rows) {
            if (!row.is_object())
                continue;
            for (auto& [column, value] : row.items()) {
                if (!value.is_string())
                    continue;
                const std::string& v = value.get_ref<const std::string&>();
                if (isDateColumn(column) && timeutil::isValidDate(v))
                    value = timeutil::addDays(v, days);
                else if (isShiftedInstant(column) && timeutil::isValidInstant(v))
                    value = timeutil::addSeconds(v, static_cast<long long>(days) * 86400);
            }
        }
    }
    return doc.dump();
}

std::string latestIssueDate(const std::string& text)
{
    const json doc = json::parse(text, nullptr, false);
    std::string latest;
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("tables") || !doc["tables"].contains("invoices"))
        return latest;
    for (const auto& row : doc["tables"]["invoices"])
        if (row.is_object() && row.contains("issue_date") && row["issue_date"].is_string())
            latest = std::max(latest, row["issue_date"].get<std::string>());
    return latest;
}

} // namespace crm::snapshot
