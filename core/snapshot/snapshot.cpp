// The snapshot's export (write, exportText), what it holds (counts, isEmpty, layout), and
// the table list both directions share (tables.hpp). The import is in import.cpp.
#include "core/snapshot/snapshot.hpp"

#include "core/model/snapshot_model.hpp"
#include "core/snapshot/tables.hpp"
#include "core/util/crypto.hpp"
#include "core/util/text.hpp"

namespace crm::snapshot {

namespace detail {

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
        {"bank_imports", "id"},
        {"bank_statements", "id"},
        {"bank_lines", "id"},
        {"bank_line_payments", "line_id, payment_id"},
        {"payer_aliases", "id"},
        {"system_logs", "id"},
    };
    return kTables;
}

bool isWork(const std::string& table)
{
    return table != "users" && table != "profiles" && table != "company_settings" && table != "ecb_rates"
        && table != "import_mappings" && table != "relance_templates" && table != "relance_scenarios"
        && table != "relance_steps" && table != "system_logs";
}

bool isDateColumn(const std::string& c)
{
    return c == "date" || c == "until" || c == "as_of" || c == "due_on" || c == "done_on" || c == "starts_on"
        || (c.size() > 5 && c.compare(c.size() - 5, 5, "_date") == 0);
}
bool isInstantColumn(const std::string& c)
{
    return (c.size() > 3 && c.ends_with("_at")) || c.ends_with("_until"); // users.locked_until
}

bool isShiftedInstant(const std::string& c)
{
    return isInstantColumn(c) || c == "at";
}

std::string quote(const std::string& s)
{
    std::string out;
    text::appendJsonString(out, s);
    return out;
}

} // namespace detail

using namespace detail;

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
                    text::appendJsonString(buf, crypto::base64Encode(c.text));
                else
                    text::appendJsonString(buf, c.text);
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

// An import reads the text twice, never building a tree of it: a first pass (when the
// Importer is made) checks the header and locates each table's array, counting its rows
// (brackets and strings only); then the tables are read in import order, row by row,
// strictly, each row inserted as soon as it is read.

} // namespace crm::snapshot
