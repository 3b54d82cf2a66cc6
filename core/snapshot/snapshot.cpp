#include "core/snapshot/snapshot.hpp"

#include "core/db/embedded.hpp"
#include "core/model/client_model.hpp"
#include "core/model/snapshot_model.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>

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
        {"import_mappings", "shape"},
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
        && table != "import_mappings" && table != "relance_templates" && table != "relance_scenarios"
        && table != "relance_steps" && table != "system_logs";
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

// A system log line's time is `at`.
bool isShiftedInstant(const std::string& c)
{
    return isInstantColumn(c) || c == "at";
}

std::string quote(const std::string& s)
{
    return json(s).dump(-1, ' ', false, json::error_handler_t::replace);
}

} // namespace

std::vector<TableLayout> layout(db::Database& db)
{
    model::SnapshotModel m(db);
    std::vector<TableLayout> out;
    for (const auto& t : tables())
        out.push_back({t.name, t.orderBy, carried(m, t.name)});
    return out;
}

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

struct Importer::State {
    db::Database& db;
    model::SnapshotModel m;
    ImportReport report;
    json doc;
    bool replace = false, wasEmpty = true, finished = false;
    std::string today;
    std::unique_ptr<db::Transaction> tx;
    std::size_t table = 0, row = 0;
    std::vector<model::ColumnInfo> cols;
    std::int64_t done = 0, total = 0;

    State(db::Database& d) : db(d), m(d) { }

    void problem(std::string path, std::string reason, std::string message)
    {
        if (report.problems.size() < 200)
            report.problems.push_back({std::move(path), std::move(reason), std::move(message)});
    }

    // The format's header; false (with the problem) when this is not a snapshot we read.
    bool checkHeader(const std::string& text)
    {
        try {
            doc = json::parse(text);
        } catch (const json::parse_error& e) {
            problem("$", "invalid_json", std::string("not valid JSON: ") + e.what());
            return false;
        }
        if (!doc.is_object() || doc.value("format", json()) != kFormat) {
            problem("$.format", "wrong_format", std::string("not a snapshot: format must be \"") + kFormat + "\"");
            return false;
        }
        if (!doc.contains("version") || doc["version"] != kVersion) {
            problem("$.version", "wrong_version", "this program reads snapshot version " + std::to_string(kVersion));
            return false;
        }
        const int latest = embedded::migrations().back().version;
        if (!doc.contains("schema_version") || !doc["schema_version"].is_number_integer()
            || doc["schema_version"].get<int>() > latest || doc["schema_version"].get<int>() < 1) {
            problem("$.schema_version", "newer_schema",
                "the snapshot's schema_version must be 1 to " + std::to_string(latest) + " (update the application)");
            return false;
        }
        if (!doc.contains("tables") || !doc["tables"].is_object()) {
            problem("$.tables", "wrong_type", "tables must be an object of table name to rows");
            return false;
        }
        for (auto it = doc["tables"].begin(); it != doc["tables"].end(); ++it) {
            if (std::find(tableNames().begin(), tableNames().end(), it.key()) == tableNames().end())
                problem("$.tables." + it.key(), "unknown_table", "no table '" + it.key() + "' in a snapshot");
            else if (!it->is_array())
                problem("$.tables." + it.key(), "wrong_type", "a table is an array of rows");
            else
                total += static_cast<std::int64_t>(it->size());
        }
        return report.problems.empty();
    }

    void importRow(const std::string& name, const json& values, const std::string& at)
    {
        if (!values.is_object()) {
            problem(at, "wrong_type", "a row is an object of column to value");
            return;
        }
        bool bad = false;
        for (auto it = values.begin(); it != values.end(); ++it)
            if (std::none_of(cols.begin(), cols.end(), [&](const auto& c) { return c.name == it.key(); })) {
                problem(at + "." + it.key(), "unknown_column", "no column '" + it.key() + "' in " + name);
                bad = true;
            }
        std::vector<model::Cell> cells(cols.size());
        for (std::size_t i = 0; i < cols.size(); ++i) {
            const auto& c = cols[i];
            auto& cell = cells[i];
            const auto v = values.find(c.name);
            if (v == values.end() || v->is_null()) {
                if (c.notNull) {
                    problem(at + "." + c.name, "required", c.name + " is required");
                    bad = true;
                }
                continue;
            }
            cell.null = false;
            if (c.type == model::ColumnType::Integer) {
                if (!v->is_number_integer()
                    || (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))) {
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
        if (!bad)
            if (auto refused = m.insert(name, cols, cells))
                problem(at, "constraint", *refused);
    }

    // The checks that need every row, then commit — or roll back with the problems.
    void finish()
    {
        if (report.problems.empty())
            for (const auto& [name, id] : m.inconsistentSums())
                problem("$.tables." + name, "inconsistent_sum",
                    name + " " + std::to_string(id) + ": its cached sum or copies disagree with its allocations");
        if (report.problems.empty() && !replace && !wasEmpty)
            problem("$", "not_empty", "the database holds data: import with replace to replace it");
        if (report.problems.empty()) {
            model::ClientModel(db).refreshStats(today, true);
            tx->commit();
        }
        tx.reset(); // not committed: rolled back, nothing changed
        finished = true;
    }
};

Importer::Importer(db::Database& db, const std::string& text, bool replace, std::string today)
    : m(std::make_unique<State>(db))
{
    m->replace = replace;
    m->today = std::move(today);
    if (!m->checkHeader(text)) {
        m->finished = true;
        return;
    }
    m->report.replaced = counts(db);
    m->wasEmpty = isEmpty(db); // said only once the snapshot is known to be good
    m->tx = std::make_unique<db::Transaction>(db);
    // What the database holds goes first (children first), then the snapshot's rows.
    for (auto t = tables().rbegin(); t != tables().rend(); ++t)
        m->m.clear(t->name);
    m->m.clear("sessions");
}

Importer::~Importer() = default;

bool Importer::step(std::int64_t budget)
{
    State& s = *m;
    const json& tablesIn = s.doc.is_object() && s.doc.contains("tables") ? s.doc["tables"] : s.doc;
    while (!s.finished && budget > 0) {
        if (s.table >= tables().size()) {
            s.finish();
            break;
        }
        const std::string name = tables()[s.table].name;
        if (s.row == 0) {
            s.cols = carried(s.m, name);
            s.report.rows[name] = tablesIn.contains(name) ? static_cast<std::int64_t>(tablesIn[name].size()) : 0;
        }
        if (!tablesIn.contains(name) || s.row >= tablesIn[name].size()) {
            ++s.table;
            s.row = 0;
            continue;
        }
        const json& rows = tablesIn[name];
        const std::string base = "$.tables." + name + "[";
        for (; s.row < rows.size() && budget > 0; ++s.row, --budget, ++s.done)
            s.importRow(name, rows[s.row], base + std::to_string(s.row) + "]");
    }
    return s.finished;
}

std::int64_t Importer::done() const
{
    return m->done;
}
std::int64_t Importer::total() const
{
    return m->total;
}
const ImportReport& Importer::report() const
{
    return m->report;
}

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

ImportReport importText(db::Database& db, const std::string& text, bool replace, const std::string& today)
{
    Importer imp(db, text, replace, today);
    while (!imp.step(std::int64_t{1} << 40)) { }
    return imp.report();
}

} // namespace crm::snapshot
