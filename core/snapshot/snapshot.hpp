// JSON snapshots: the whole database as one JSON text, and back (schema/snapshot/).
//
//   {"format": "crm-recouvrement-snapshot", "version": 1, "schema_version": 5,
//    "tables": {"users": [{"id": 1, "email": …}, …], "profiles": […], …}}
//
// Every table but the sessions (secrets that expire) and the caches (rebuilt), in the
// order an import needs (parents first); rows by primary key; each row's columns in the
// schema's order; integers as JSON integers (money is integer cents beside its
// currency), text as JSON strings (dates ISO), blobs (documents) as base64, absent
// values as null. The folded search and uniqueness keys are not carried: an import
// recomputes them. One writer produces the text, byte for byte, so export → import →
// export gives the same bytes.
//
// An import is all or nothing: the text is parsed, every table and row checked (known
// table and columns, types, required values), the rows inserted in one transaction
// with every constraint of the schema on (references, uniqueness, amounts), the cached
// sums checked against the allocations; any error rolls everything back and is
// reported with the JSON path it concerns ("$.tables.invoices[12].amount_cents").
// The text is read without building a tree of it (core/util/json_pull.hpp): a snapshot
// of a million invoices costs its own size in memory, once. A snapshot of an older
// schema_version is read too: the columns added since take their defaults.
#pragma once

#include "core/db/database.hpp"
#include "core/model/snapshot_model.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::snapshot {

constexpr const char* kFormat = "crm-recouvrement-snapshot";
constexpr int kVersion = 1;

// The tables of a snapshot, in import order.
const std::vector<std::string>& tableNames();

// What a snapshot carries of each table: its name, its rows' order, its columns (without
// the derived ones) — for whoever moves the same rows elsewhere (crm pg).
struct TableLayout {
    std::string name;
    std::string orderBy;
    std::vector<model::ColumnInfo> columns;
};
std::vector<TableLayout> layout(db::Database& db);

// Writes the snapshot of `db` to `out`, piece by piece (`progress(rows so far)` per table).
void write(db::Database& db, const std::function<void(const std::string& piece)>& out,
    const std::function<void(std::int64_t rows)>& progress = {});
std::string exportText(db::Database& db);

struct Problem {
    std::string path;    // JSON path: "$", "$.tables.invoices[3].amount_cents"
    std::string reason;  // invalid_json | wrong_format | wrong_version | newer_schema | unknown_table |
                         // unknown_column | duplicate_key | wrong_type | invalid_date | required | constraint |
                         // inconsistent_sum | not_empty | unknown_key | missing_table | invalid_id,
                         // and the reasons of the rules (too_large, invalid_email…)
    std::string message; // English, for developers and the CLI
};

struct ImportReport {
    std::vector<Problem> problems;                // empty: imported
    std::map<std::string, std::int64_t> rows;     // per table, what was (or would be) imported
    std::map<std::string, std::int64_t> replaced; // per table, what the database held before
    bool ok() const { return problems.empty(); }
};

// Rows of each snapshot table in `db` now (what an import would replace).
std::map<std::string, std::int64_t> counts(db::Database& db);
bool isEmpty(db::Database& db);

// What a row must be beyond its columns' types and the schema's checks: the commands'
// own rules, which the services give (service::snapshotRules) — a snapshot cannot bring
// in what the API refuses. Made once per table from its columns; called with each row's
// cells; answers the column at fault (empty: the row) and why.
struct RowProblem {
    std::string column, reason, message;
};
using RowCheck = std::function<std::optional<RowProblem>(const std::vector<model::Cell>& cells)>;
using RowRules = std::function<RowCheck(const std::string& table, const std::vector<model::ColumnInfo>& columns)>;

struct ImportOptions {
    bool replace = false; // a database holding data is replaced (otherwise refused: not_empty)
    std::string today;    // the day the clients' cached figures are computed for
    RowRules rules;       // none: the schema's checks only
    // Called in the import's transaction once every row is in and checked, just before the
    // commit (the service writes the import's own line of the log there).
    std::function<void(const ImportReport&)> beforeCommit;
};

// Options with the schema's checks only (tests, benchmarks, a scratch copy of our own rows).
ImportOptions plainImport(bool replace, const std::string& today);

// An import done a slice of rows at a time (progress, cancel: dropping an unfinished
// Importer rolls everything back). Making it reads the header and locates the tables
// (refusing a text that is not a snapshot); step() reads and inserts the rows.
class Importer {
public:
    Importer(db::Database& db, std::string text, ImportOptions options);
    ~Importer();
    Importer(const Importer&) = delete;
    Importer& operator=(const Importer&) = delete;
    bool step(std::int64_t budget); // true once finished: committed, or refused (report().problems)
    std::int64_t done() const;      // rows read so far
    std::int64_t total() const;     // rows in the snapshot
    const ImportReport& report() const;

private:
    struct State;
    std::unique_ptr<State> m;
};

// The snapshot `text` with every date and instant moved by `days` (the demo portfolio is
// dated as of when it was built, and loaded as of today). Text that is not a snapshot
// is returned as it is (the import then says what is wrong).
std::string shiftDates(const std::string& text, long days);
// The latest issue date of the snapshot's invoices ("" when none).
std::string latestIssueDate(const std::string& text);

// Imports `text` into `db` at once. A good snapshot is refused (not_empty, nothing changed) when
// the database holds data and `replace` is false; with `replace`, what it holds is deleted first — in the same
// transaction, so a refused snapshot leaves it as it was. Sessions are ended.
ImportReport importText(db::Database& db, std::string text, ImportOptions options);

} // namespace crm::snapshot
