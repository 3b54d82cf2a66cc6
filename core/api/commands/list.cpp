// Command: list.export_csv — any list command's rows as a CSV file, the French way.
//
// It runs the list command it names (its own permission and parameters checked as if
// called directly), page after page, and writes one line per row: UTF-8 with a byte
// order mark (so that Excel reads the accents), `;` between fields, CRLF, amounts
// (`*_cents`) as `1234,56` under the header without `_cents`, dates as `24/11/2026`,
// booleans `oui`/`non`, lists joined by `, `, text that a spreadsheet would run as a formula
// (= + - @ tab CR first) behind an apostrophe. What import.preview reads back.
#include "core/api/commands/commands.hpp"
#include "core/import/csv.hpp"
#include "core/util/format.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

bool isDateKey(const std::string& k)
{
    return k == "date" || k == "as_of" || k == "until" || k.ends_with("_date") || k.ends_with("_on");
}

std::string cell(const std::string& key, const json& v)
{
    if (v.is_null())
        return "";
    if (v.is_boolean())
        return v.get<bool>() ? "oui" : "non";
    if (v.is_number_integer() && key.ends_with("_cents"))
        return fmt::hundredths(v.get<std::int64_t>(), false, false); // 1234,56: a number for a spreadsheet
    if (v.is_number())
        return v.dump();
    if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        return isDateKey(key) || key.ends_with("_at") ? fmt::date(s) : dataimport::spreadsheetText(s);
    }
    if (v.is_array()) {
        std::string out;
        for (const auto& item : v)
            if (item.is_primitive())
                out += (out.empty() ? "" : ", ") + cell(key, item);
        return out;
    }
    return "";
}

std::string header(const std::string& key)
{
    return key.ends_with("_cents") ? key.substr(0, key.size() - 6) : key;
}

} // namespace

void addExports(Registry& r, Services&)
{
    r.add({"list.export_csv",
        "The rows of a list command (client.list, invoice.list, payment.list, log.list…) as CSV: UTF-8 with BOM, `;`, "
        "CRLF, amounts 1234,56 (header without _cents), dates 24/11/2026 — every page, with the list's own "
        "filters and permission.",
        {{"list", PT::String, true, "the list command: client.list, invoice.list, payment.list…"},
            {"params", PT::Object, false, "its parameters (filters, sort); offset and limit are the export's"}},
        Perm::Self, {}, [&r](const Call& c) -> Outcome {
            const std::string list = str(c.p, "list");
            const Command* cmd = r.find(list);
            const bool isList = cmd && cmd->run && cmd->perm && list.ends_with(".list");
            if (!isList)
                return Error::validation("list", "unknown_value", "not a list command: " + list);
            if (auto e = service::require(c.actor, *cmd->perm))
                return *e;
            json params = has(c.p, "params") ? c.p["params"] : json::object();
            const bool paged = std::any_of(
                cmd->params.begin(), cmd->params.end(), [](const ParamSpec& s) { return s.name == "offset"; });
            const bool counts = std::any_of(
                cmd->params.begin(), cmd->params.end(), [](const ParamSpec& s) { return s.name == "with_total"; });
            constexpr std::int64_t kPage = 1000;
            std::vector<std::string> keys;
            std::string text = "\xEF\xBB\xBF";
            std::int64_t rows = 0;
            for (std::int64_t offset = 0;; offset += kPage) {
                if (paged) {
                    params["offset"] = offset;
                    params["limit"] = kPage;
                    if (counts)
                        params["with_total"] = false;
                }
                if (auto e = checkParams(params, cmd->params))
                    return Error::validation("params", e->reason, "params: " + e->message);
                Outcome page = cmd->run(Call{params, c.actor, c.session});
                if (!page.ok())
                    return page.error();
                const json& result = page.value();
                const json* items = result.is_array()                                            ? &result
                    : result.is_object() && result.contains("rows") && result["rows"].is_array() ? &result["rows"]
                                                                                                 : nullptr;
                if (!items)
                    return Error::validation("list", "unknown_value", list + " does not return rows");
                for (const auto& row : *items) {
                    if (!row.is_object())
                        continue;
                    if (keys.empty()) {
                        for (const auto& [k, v] : row.items())
                            if (v.is_primitive() || v.is_array())
                                keys.push_back(k);
                        for (std::size_t i = 0; i < keys.size(); ++i)
                            text += (i ? ";" : "") + dataimport::csvField(header(keys[i]), ';');
                        text += "\r\n";
                    }
                    for (std::size_t i = 0; i < keys.size(); ++i)
                        text += (i ? ";" : "")
                            + dataimport::csvField(cell(keys[i], row.contains(keys[i]) ? row[keys[i]] : json()), ';');
                    text += "\r\n";
                    ++rows;
                }
                if (!paged || static_cast<std::int64_t>(items->size()) < kPage)
                    break;
            }
            return json{{"content", text}, {"rows", rows}, {"size_bytes", text.size()}};
        }});
}

} // namespace crm::api::commands
