// SnapshotModel: every table of a snapshot read row by row and written back, column by
// column as the schema declares them (PRAGMA table_xinfo) — the SQL of snapshots lives
// here. What a snapshot is (its format, its checks) is core/snapshot/.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

enum class ColumnType { Integer, Text, Blob };

struct ColumnInfo {
    std::string name;
    ColumnType type = ColumnType::Text;
    bool notNull = false;
    int primaryKey = 0;     // position in the primary key (1-based), 0: not in it
    std::string defaultSql; // the column's DEFAULT expression ("" when none)
};

struct ForeignKey {
    std::vector<std::string> from; // columns of the table
    std::string table;             // the table they point at
    std::vector<std::string> to;   // its columns
    std::string onDelete;          // CASCADE, SET NULL, RESTRICT, NO ACTION
};

// One value of a row: null, an integer, or text (a blob's bytes are text here too).
struct Cell {
    bool null = true;
    std::int64_t integer = 0;
    std::string text;
};

class SnapshotModel {
public:
    explicit SnapshotModel(db::Database& db) : m_db(db) { }
    // The stored columns of `table`, in declaration order, without generated ones and
    // without `skip` (derived keys recomputed on import).
    std::vector<ColumnInfo> columns(const std::string& table, const std::vector<std::string>& skip);
    // Every row of `table` ordered by `orderBy`.
    void scan(const std::string& table, const std::vector<ColumnInfo>& columns, const std::string& orderBy,
        const std::function<void(const std::vector<Cell>&)>& row);
    std::int64_t count(const std::string& table);
    std::vector<ForeignKey> foreignKeys(const std::string& table);
    // The columns a snapshot does not carry, and how an insert computes them (the folded
    // search and uniqueness keys).
    static std::vector<std::pair<std::string, std::string>> derived(const std::string& table);
    // The statement inserting one row of `table` with `columns` (its derived columns
    // computed), prepared once and kept by this model.
    db::Statement& insertStatement(const std::string& table, const std::vector<ColumnInfo>& columns);
    // Inserts one row; nullopt on success, else SQLite's message (a constraint refused it).
    // Throws db::DbError on storage trouble (not the row's fault).
    std::optional<std::string> insert(
        db::Statement& insert, const std::vector<ColumnInfo>& columns, const std::vector<Cell>& cells);
    std::optional<std::string> insert(
        const std::string& table, const std::vector<ColumnInfo>& columns, const std::vector<Cell>& cells)
    {
        return insert(insertStatement(table, columns), columns, cells);
    }
    // The value of a column's DEFAULT expression (a constant, or one like CURRENT_TIMESTAMP).
    Cell evaluate(const std::string& defaultSql);
    void clear(const std::string& table);
    // Bulk loading. The secondary indexes (not the unique ones: those name the duplicate
    // row as it goes in) and the triggers are dropped while the rows go in, and made again
    // from their own SQL at the end: SQLite builds an index from sorted rows faster than
    // it keeps one up to date row by row. Call both inside one transaction: a rollback
    // brings back what was set aside. restore() also recomputes what the triggers keep
    // (money_totals, client_invoice_counts).
    std::vector<std::string> setAsideIndexesAndTriggers();
    void restore(const std::vector<std::string>& createSql);

private:
    db::Database& m_db;
    std::map<std::string, std::unique_ptr<db::Statement>> m_inserts; // insert()'s statements, by SQL
};

} // namespace crm::model
