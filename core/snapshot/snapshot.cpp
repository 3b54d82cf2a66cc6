#include "core/snapshot/snapshot.hpp"

#include "core/db/embedded.hpp"
#include "core/model/client_model.hpp"
#include "core/model/snapshot_model.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace crm::snapshot {

namespace {

using nlohmann::json;

struct TableDef {
    const char* name;
    const char* orderBy;
};

// The columns a snapshot carries: the stored ones but the derived keys.
std::vector<model::ColumnInfo> carried(model::SnapshotModel& m, const std::string& table)
{
    std::vector<std::string> skip;
    for (const auto& [column, expression] : model::SnapshotModel::derived(table))
        skip.push_back(column);
    return m.columns(table, skip);
}

const std::vector<TableDef>& tables()
{
    static const std::vector<TableDef> kTables = {
        {"users", "id"},
        {"profiles", "user_id"},
        {"company_settings", "id"},
        {"ecb_rates", "year, half"},
        {"relance_templates", "id"},
        {"relance_scenarios", "id"},
        {"relance_steps", "id"},
        {"clients", "id"},
        {"invoices", "id"},
        {"payments", "id"},
        {"payment_allocations", "id"},
        {"communications", "id"},
        {"communication_invoices", "communication_id, invoice_id"},
        {"documents", "id"},
        {"holds", "id"},
        {"hold_invoices", "hold_id, invoice_id"},
        {"hold_instalments", "hold_id, seq"},
        {"relance_actions", "id"},
        {"relance_done", "invoice_id, step_id"},
        {"tasks", "id"},
        {"system_logs", "id"},
    };
    return kTables;
}

// The tables whose rows are the users' work (a database holding none is "empty": only
// what set-up, the migrations and their log lines put there).
bool isWork(const std::string& table)
{
    return table != "users" && table != "profiles" && table != "company_settings" && table != "ecb_rates"
        && table != "relance_templates" && table != "relance_scenarios" && table != "relance_steps"
        && table != "system_logs";
}

// Dates and instants are checked strictly (SQLite's date() lets 2026-02-30 through).
bool isDateColumn(const std::string& c)
{
    return c == "date" || c == "until" || c == "as_of" || c == "due_on" || c == "done_on" || c == "starts_on"
        || (c.size() > 5 && c.compare(c.size() - 5, 5, "_date") == 0);
}
bool isInstantColumn(const std::string& c)
{
    return c.size() > 3 && c.compare(c.size() - 3, 3, "_at") == 0;
}

std::string quote(const std::string& s)
{
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

const std::vector<std::string>& tableNames()
{
    static const std::vector<std::string> kNames = [] {
        std::vector<std::string> out;
        for (const auto& t : tables())
            out.push_back(t.name);
        return out;
    }();
    return kNames;
}

void write(db::Database& db, const std::function<void(const std::string&)>& out,
    const std::function<void(std::int64_t)>& progress)
{
    model::SnapshotModel m(db);
    out("{\"format\":" + quote(kFormat) + ",\"version\":" + std::to_string(kVersion)
        + ",\"schema_version\":" + std::to_string(db.schemaVersion()) + ",\"tables\":{");
    std::int64_t rows = 0;
    bool firstTable = true;
    for (const auto& t : tables()) {
        const auto cols = carried(m, t.name);
        std::vector<std::string> keys;
        for (const auto& c : cols)
            keys.push_back(quote(c.name) + ":");
        std::string buf = std::string(firstTable ? "" : ",") + "\n" + quote(t.name) + ":[";
        firstTable = false;
        bool firstRow = true;
        m.scan(t.name, cols, t.orderBy, [&](const std::vector<model::Cell>& cells) {
            buf += firstRow ? "\n{" : ",\n{";
            firstRow = false;
            for (std::size_t i = 0; i < cols.size(); ++i) {
                if (i)
                    buf += ',';
                buf += keys[i];
                const auto& c = cells[i];
                if (c.null)
                    buf += "null";
                else if (cols[i].type == model::ColumnType::Integer)
                    buf += std::to_string(c.integer);
                else if (cols[i].type == model::ColumnType::Blob)
                    buf += quote(crypto::base64Encode(c.text));
                else
                    buf += quote(c.text);
            }
            buf += '}';
            if (buf.size() > (1u << 20)) {
                out(buf);
                buf.clear();
            }
            ++rows;
        });
        buf += firstRow ? "]" : "\n]";
        out(buf);
        if (progress)
            progress(rows);
    }
    out("\n}}\n");
}

std::string exportText(db::Database& db)
{
    std::string text;
    write(db, [&](const std::string& piece) { text += piece; });
    return text;
}

std::map<std::string, std::int64_t> counts(db::Database& db)
{
    model::SnapshotModel m(db);
    std::map<std::string, std::int64_t> out;
    for (const auto& t : tables())
        out[t.name] = m.count(t.name);
    return out;
}

bool isEmpty(db::Database& db)
{
    const auto n = counts(db);
    for (const auto& [table, rows] : n)
        if (isWork(table) && rows > 0)
            return false;
    return n.at("users") <= 1;
}

ImportReport importText(db::Database& db, const std::string& text, bool replace, const std::string& today)
{
    ImportReport report;
    auto problem = [&](std::string path, std::string reason, std::string message) {
        if (report.problems.size() < 200)
            report.problems.push_back({std::move(path), std::move(reason), std::move(message)});
    };
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        problem("$", "invalid_json", std::string("not valid JSON: ") + e.what());
        return report;
    }
    if (!doc.is_object() || doc.value("format", json()) != kFormat) {
        problem("$.format", "wrong_format", std::string("not a snapshot: format must be \"") + kFormat + "\"");
        return report;
    }
    if (!doc.contains("version") || doc["version"] != kVersion) {
        problem("$.version", "wrong_version", "this program reads snapshot version " + std::to_string(kVersion));
        return report;
    }
    const int latest = embedded::migrations().back().version;
    if (!doc.contains("schema_version") || !doc["schema_version"].is_number_integer()
        || doc["schema_version"].get<int>() > latest || doc["schema_version"].get<int>() < 1) {
        problem("$.schema_version", "newer_schema",
            "the snapshot's schema_version must be 1 to " + std::to_string(latest) + " (update the application)");
        return report;
    }
    if (!doc.contains("tables") || !doc["tables"].is_object()) {
        problem("$.tables", "wrong_type", "tables must be an object of table name to rows");
        return report;
    }
    const json& tablesIn = doc["tables"];
    for (auto it = tablesIn.begin(); it != tablesIn.end(); ++it)
        if (std::find(tableNames().begin(), tableNames().end(), it.key()) == tableNames().end())
            problem("$.tables." + it.key(), "unknown_table", "no table '" + it.key() + "' in a snapshot");
    if (!report.problems.empty())
        return report;

    report.replaced = counts(db);
    const bool wasEmpty = isEmpty(db); // asked once the snapshot is known to be good

    model::SnapshotModel m(db);
    db::Transaction tx(db);
    // What the database holds goes first (children first), then the snapshot's rows.
    for (auto t = tables().rbegin(); t != tables().rend(); ++t)
        m.clear(t->name);
    m.clear("sessions");
    for (const auto& t : tables()) {
        const std::string base = std::string("$.tables.") + t.name;
        const auto cols = carried(m, t.name);
        if (!tablesIn.contains(t.name)) {
            report.rows[t.name] = 0;
            continue;
        }
        const json& rows = tablesIn[t.name];
        if (!rows.is_array()) {
            problem(base, "wrong_type", "a table is an array of rows");
            continue;
        }
        std::vector<model::Cell> cells(cols.size());
        for (std::size_t r = 0; r < rows.size(); ++r) {
            const std::string at = base + "[" + std::to_string(r) + "]";
            const json& row = rows[r];
            if (!row.is_object()) {
                problem(at, "wrong_type", "a row is an object of column to value");
                continue;
            }
            bool bad = false;
            for (auto it = row.begin(); it != row.end(); ++it)
                if (std::none_of(cols.begin(), cols.end(), [&](const auto& c) { return c.name == it.key(); })) {
                    problem(at + "." + it.key(), "unknown_column", "no column '" + it.key() + "' in " + t.name);
                    bad = true;
                }
            for (std::size_t i = 0; i < cols.size(); ++i) {
                const auto& c = cols[i];
                auto& cell = cells[i];
                cell = model::Cell{};
                const auto v = row.find(c.name);
                if (v == row.end() || v->is_null()) {
                    if (c.notNull) {
                        problem(at + "." + c.name, "required", c.name + " is required");
                        bad = true;
                    }
                    continue;
                }
                cell.null = false;
                if (c.type == model::ColumnType::Integer) {
                    if (!v->is_number_integer()
                        || (v->is_number_unsigned()
                            && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))) {
                        problem(at + "." + c.name, "wrong_type", c.name + " must be an integer");
                        bad = true;
                        continue;
                    }
                    cell.integer = v->get<std::int64_t>();
                } else if (!v->is_string()) {
                    problem(at + "." + c.name, "wrong_type", c.name + " must be a string");
                    bad = true;
                } else if (c.type == model::ColumnType::Blob) {
                    auto bytes = crypto::base64Decode(v->get<std::string>());
                    if (!bytes) {
                        problem(at + "." + c.name, "wrong_type", c.name + " must be base64");
                        bad = true;
                        continue;
                    }
                    cell.text = std::move(*bytes);
                } else {
                    cell.text = v->get<std::string>();
                    if (isDateColumn(c.name) && !timeutil::isValidDate(cell.text)) {
                        problem(at + "." + c.name, "invalid_date", c.name + " must be a date YYYY-MM-DD");
                        bad = true;
                    } else if (isInstantColumn(c.name) && !timeutil::isValidInstant(cell.text)) {
                        problem(at + "." + c.name, "invalid_date", c.name + " must be an instant YYYY-MM-DDTHH:MM:SSZ");
                        bad = true;
                    }
                }
            }
            if (bad)
                continue;
            if (auto refused = m.insert(t.name, cols, cells))
                problem(at, "constraint", *refused);
        }
        report.rows[t.name] = static_cast<std::int64_t>(rows.size());
    }
    if (report.problems.empty()) {
        for (const auto& [table, id] : m.inconsistentSums())
            problem("$.tables." + table, "inconsistent_sum",
                table + " " + std::to_string(id) + ": its cached sum or copies disagree with its allocations");
    }
    if (report.problems.empty() && !replace && !wasEmpty)
        problem("$", "not_empty", "the database holds data: import with replace to replace it");
    if (!report.problems.empty())
        return report; // the transaction rolls back: nothing changed
    model::ClientModel(db).refreshStats(today, true);
    tx.commit();
    return report;
}

} // namespace crm::snapshot
