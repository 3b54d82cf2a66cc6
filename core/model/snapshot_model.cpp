#include "core/model/snapshot_model.hpp"

#include <algorithm>

namespace crm::model {

namespace {

std::string quoted(const std::string& name)
{
    return "\"" + name + "\"";
}

} // namespace

std::vector<ColumnInfo> SnapshotModel::columns(const std::string& table, const std::vector<std::string>& skip)
{
    db::Statement st(
        m_db, "SELECT name, type, \"notnull\", hidden, pk, dflt_value FROM pragma_table_xinfo(?1) ORDER BY cid");
    st.bind(1, table);
    std::vector<ColumnInfo> out;
    while (st.step()) {
        if (st.getInt(3) != 0) // generated (2, 3) or hidden
            continue;
        ColumnInfo c;
        c.name = st.getText(0);
        if (std::find(skip.begin(), skip.end(), c.name) != skip.end())
            continue;
        const std::string type = st.getText(1);
        c.type = type == "INTEGER" ? ColumnType::Integer : type == "BLOB" ? ColumnType::Blob : ColumnType::Text;
        c.notNull = st.getInt(2) != 0;
        c.primaryKey = static_cast<int>(st.getInt(4));
        c.defaultSql = st.isNull(5) ? "" : st.getText(5);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<ForeignKey> SnapshotModel::foreignKeys(const std::string& table)
{
    db::Statement st(
        m_db, "SELECT id, \"table\", \"from\", \"to\", on_delete FROM pragma_foreign_key_list(?1) ORDER BY id, seq");
    st.bind(1, table);
    std::vector<ForeignKey> out;
    std::int64_t last = -1;
    while (st.step()) {
        if (st.getInt(0) != last) {
            out.push_back({{}, st.getText(1), {}, st.getText(4)});
            last = st.getInt(0);
        }
        out.back().from.push_back(st.getText(2));
        // An omitted target column is the parent's primary key (ours are all `id`).
        out.back().to.push_back(st.isNull(3) ? "id" : st.getText(3));
    }
    return out;
}

void SnapshotModel::scan(const std::string& table, const std::vector<ColumnInfo>& columns, const std::string& orderBy,
    const std::function<void(const std::vector<Cell>&)>& row)
{
    std::string sql = "SELECT ";
    for (std::size_t i = 0; i < columns.size(); ++i)
        sql += (i ? ", " : "") + quoted(columns[i].name);
    sql += " FROM " + quoted(table) + " ORDER BY " + orderBy;
    db::Statement st(m_db, sql);
    std::vector<Cell> cells(columns.size());
    while (st.step()) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
            Cell& c = cells[i];
            const int k = static_cast<int>(i);
            c.null = st.isNull(k);
            if (c.null)
                continue;
            if (columns[i].type == ColumnType::Integer)
                c.integer = st.getInt(k);
            else if (columns[i].type == ColumnType::Blob)
                c.text = st.getBlob(k);
            else
                c.text = std::string(st.getTextView(k));
        }
        row(cells);
    }
}

std::int64_t SnapshotModel::count(const std::string& table)
{
    db::Statement st(m_db, "SELECT count(*) FROM " + quoted(table));
    st.step();
    return st.getInt(0);
}

std::vector<std::pair<std::string, std::string>> SnapshotModel::derived(const std::string& table)
{
    if (table == "clients")
        return {{"search_key", "crm_fold(\"code\" || ' ' || \"name\")"}, {"sort_name", "crm_fold(\"name\")"},
            {"code_key", "crm_fold(\"code\")"}};
    if (table == "invoices" || table == "payments")
        return {{"number_key", "crm_fold(\"number\")"}};
    return {};
}

db::Statement& SnapshotModel::insertStatement(const std::string& table, const std::vector<ColumnInfo>& columns)
{
    std::string key = table;
    for (const auto& c : columns)
        key += "|" + c.name;
    auto& cached = m_inserts[key];
    if (!cached) {
        // INSERT … VALUES, the derived columns computed from the row's parameters. (Not
        // INSERT … SELECT: SQLite keeps a statement journal for that form, a copy of every
        // page each row touches.)
        std::string sql = "INSERT INTO " + quoted(table) + " (";
        std::string values;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            sql += (i ? ", " : "") + quoted(columns[i].name);
            values += (i ? ", ?" : "?") + std::to_string(i + 1);
        }
        for (auto [column, expression] : derived(table)) {
            sql += ", " + quoted(column);
            for (std::size_t i = 0; i < columns.size(); ++i)
                for (std::size_t at; (at = expression.find(quoted(columns[i].name))) != std::string::npos;)
                    expression.replace(at, columns[i].name.size() + 2, "?" + std::to_string(i + 1));
            values += ", " + expression;
        }
        sql += ") VALUES (" + values + ")";
        cached = std::make_unique<db::Statement>(m_db, sql);
    }
    return *cached;
}

std::optional<std::string> SnapshotModel::insert(
    db::Statement& st, const std::vector<ColumnInfo>& columns, const std::vector<Cell>& cells)
{
    st.reset();
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const int k = static_cast<int>(i) + 1;
        if (cells[i].null)
            st.bindNull(k);
        else if (columns[i].type == ColumnType::Integer)
            st.bind(k, cells[i].integer);
        else if (columns[i].type == ColumnType::Blob)
            st.bindBlob(k, cells[i].text);
        else
            st.bind(k, cells[i].text);
    }
    try {
        st.run();
    } catch (const db::DbError& e) {
        if (e.isStorage())
            throw; // storage trouble (full disk, I/O): not the row's fault
        return std::string(e.what());
    }
    return std::nullopt;
}

Cell SnapshotModel::evaluate(const std::string& defaultSql)
{
    db::Statement st(m_db, "SELECT " + defaultSql);
    Cell c;
    if (st.step() && !st.isNull(0)) {
        c.null = false;
        c.integer = st.getInt(0); // what an INTEGER column takes
        c.text = st.getText(0);   // what a TEXT one takes
    }
    return c;
}

void SnapshotModel::clear(const std::string& table)
{
    m_db.exec("DELETE FROM " + quoted(table));
}

std::vector<std::string> SnapshotModel::setAsideIndexesAndTriggers()
{
    std::vector<std::pair<std::string, std::string>> found; // type, name
    std::vector<std::string> createSql;
    {
        db::Statement st(m_db,
            "SELECT type, name, sql FROM sqlite_schema WHERE type IN ('index', 'trigger') AND sql IS NOT NULL "
            "AND NOT (type = 'index' AND sql LIKE 'CREATE UNIQUE %') ORDER BY type, name");
        while (st.step()) {
            found.emplace_back(st.getText(0), st.getText(1));
            createSql.push_back(st.getText(2));
        }
    }
    for (const auto& [type, name] : found)
        m_db.exec((type == "index" ? "DROP INDEX " : "DROP TRIGGER ") + quoted(name));
    return createSql;
}

void SnapshotModel::restore(const std::vector<std::string>& createSql)
{
    // SQLite sorts an index's keys in runs the size of the page cache, then merges them
    // (natively, where temporary files hold the runs): runs of 4 MiB stay in the
    // processor's caches and sort about twice as fast as runs of 32 MiB (an index over a
    // million invoices: 1.2 s → 0.65 s). Each index reads the whole table: through a
    // memory map where the file system gives one (natively; the browser's files have
    // none, and SQLite ignores the pragma there), instead of a read call per page.
    struct IndexBuild {
        db::Database& db;
        std::int64_t pages, mapped;
        explicit IndexBuild(db::Database& d) : db(d), pages(d.pragmaInt("cache_size")), mapped(d.pragmaInt("mmap_size"))
        {
            db.exec("PRAGMA cache_size = -4096");
            db.exec("PRAGMA mmap_size = 1073741824");
        }
        ~IndexBuild()
        {
            try {
                db.exec("PRAGMA cache_size = " + std::to_string(pages));
                db.exec("PRAGMA mmap_size = " + std::to_string(mapped));
            } catch (...) { // a destructor does not throw
            }
        }
    } build(m_db);
    for (const auto& sql : createSql)
        m_db.exec(sql);
    // The triggers of 0004, 0009 and 0010 keep these sums and counts; rows went in without them
    // (0012's daily_totals: the importer's tally, DailyTotalsTally).
    m_db.exec("UPDATE money_totals SET cents = CASE name WHEN 'invoices' THEN (SELECT coalesce(sum(amount_cents), 0) "
              "FROM invoices) WHEN 'payments' THEN (SELECT coalesce(sum(amount_cents), 0) FROM payments) "
              "WHEN 'invoices.count' THEN (SELECT count(*) FROM invoices) ELSE cents END");
    m_db.exec("DELETE FROM client_invoice_counts");
    m_db.exec("INSERT INTO client_invoice_counts (client_id, n) SELECT client_id, count(*) FROM invoices "
              "GROUP BY client_id");
}

} // namespace crm::model
