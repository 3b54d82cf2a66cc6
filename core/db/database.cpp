#include "core/db/database.hpp"

#include "core/db/embedded.hpp"
#include "core/util/text.hpp"

#include <sqlite3.h>

#include <cstring>
#include <string>
#include <vector>

namespace crm::db {

int authorize(void* self, int action, const char* table, const char*, const char* database, const char*);

// [SECTION] errors

const char* DbError::reason() const
{
    switch (primaryCode()) {
    case SQLITE_FULL: return "disk_full";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "busy";
    case SQLITE_IOERR: return "io_error";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return "corrupt";
    case SQLITE_READONLY:
    case SQLITE_PERM: return "read_only";
    default: return isStorage() ? "storage" : "internal";
    }
}

bool DbError::isStorage() const
{
    switch (primaryCode()) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_CANTOPEN:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOMEM: return true;
    default: return false;
    }
}

void throwLastError(sqlite3* db, int rc, std::string_view context)
{
    std::string message(context);
    message += ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int extended = db ? sqlite3_extended_errcode(db) : rc;
    throw DbError(extended ? extended : rc, message);
}

// [SECTION] SQL functions

namespace {

// crm_fold(text): the search folding of core/util/text.hpp, for ad hoc SQL.
void foldFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto* p = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
    const std::string folded = text::foldForSearch(p ? p : "");
    sqlite3_result_text(ctx, folded.c_str(), static_cast<int>(folded.size()), SQLITE_TRANSIENT);
}

} // namespace

// [SECTION] Database

void Database::Closer::operator()(sqlite3* db) const
{
    sqlite3_close_v2(db);
}

Database::Database(sqlite3* db) : m_db(db)
{
}
Database::~Database()
{
    for (auto& [sql, stmt] : m_idle)
        sqlite3_finalize(stmt);
}

sqlite3_stmt* Database::takeStatement(std::string_view sql)
{
    if (auto it = m_idle.find(std::string(sql)); it != m_idle.end()) {
        sqlite3_stmt* stmt = it->second;
        m_idle.erase(it);
        if (m_readObserver)
            m_readObserver->add(m_readsOf[stmt]);
        return stmt;
    }
    sqlite3_stmt* stmt = nullptr;
    std::set<std::string> reads;
    m_preparing = &reads;
    const int rc = sqlite3_prepare_v3(
        m_db.get(), sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    m_preparing = nullptr;
    if (rc != SQLITE_OK)
        throwLastError(m_db.get(), rc, "prepare");
    if (m_readObserver)
        m_readObserver->add(reads);
    m_readsOf[stmt] = std::move(reads);
    return stmt;
}

void Database::giveBack(sqlite3_stmt* stmt)
{
    constexpr std::size_t kMaxIdle = 512;
    const char* sql = sqlite3_sql(stmt);
    if (!sql || m_idle.size() >= kMaxIdle) {
        m_readsOf.erase(stmt);
        sqlite3_finalize(stmt);
        return;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    m_idle.emplace(sql, stmt);
}

std::unique_ptr<Database> Database::open(const std::string& path, const OpenOptions& options)
{
    sqlite3* raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_URI;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, options.vfs.empty() ? nullptr : options.vfs.c_str());
    if (rc != SQLITE_OK) {
        std::string message = "cannot open database '" + path + "': ";
        message += raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc);
        sqlite3_close_v2(raw);
        throw DbError(rc, message);
    }
    std::unique_ptr<Database> db(new Database(raw));
    sqlite3_extended_result_codes(raw, 1);
    // Several processes may share a file (the desktop app and crm scripts): a writer takes
    // its lock up front (BEGIN IMMEDIATE) and waits its turn — long enough for a queue of
    // writers (SQLite's retries are not fair: 2 s lost 3 to 17 % of the writes of 2 to 8
    // busy processes). Past that, the command fails with storage/busy.
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    // Foreign keys on, temporary tables in memory and a 32 MiB page cache (SQLite's default
    // is 2 MiB: a portfolio of a million invoices is a few hundred MiB, and reports read
    // its hot indexes whole) are compiled-in defaults of our SQLite (CMakeLists.txt): no
    // statement to run at every open.
    sqlite3_create_function(
        raw, "crm_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, foldFunction, nullptr, nullptr);
    sqlite3_set_authorizer(raw, authorize, db.get()); // what statements read (ReadObserver)
    if (options.migrate)
        db->applyMigrations(true);
    return db;
}

void Database::exec(std::string_view sql)
{
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(m_db.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string message = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw DbError(sqlite3_extended_errcode(m_db.get()), message);
    }
}

std::int64_t Database::lastInsertRowid() const
{
    return sqlite3_last_insert_rowid(m_db.get());
}
int Database::changes() const
{
    return sqlite3_changes(m_db.get());
}

int Database::schemaVersion()
{
    return static_cast<int>(pragmaInt("user_version"));
}

std::int64_t Database::pragmaInt(std::string_view name)
{
    Statement st(*this, "PRAGMA " + std::string(name));
    return st.step() ? st.getInt(0) : 0;
}

namespace {

// The version named on the first line of schema/new_database.sql ("-- … schema version N …").
int newDatabaseVersion()
{
    const std::string_view text = embedded::newDatabaseSql();
    const std::string_view line = text.substr(0, text.find('\n'));
    const std::string_view key = "schema version ";
    const auto at = line.find(key);
    if (at == std::string_view::npos)
        return 0;
    int version = 0;
    for (std::size_t i = at + key.size(); i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i)
        version = version * 10 + (line[i] - '0');
    return version;
}

} // namespace

void Database::applyMigrations(bool newDatabaseScript)
{
    const auto& all = embedded::migrations();
    const int latest = all.empty() ? 0 : all.back().version;
    const int current = schemaVersion();
    if (current > latest)
        throw DbError(SQLITE_CANTOPEN,
            "database schema version " + std::to_string(current) + " is newer than this program understands ("
                + std::to_string(latest) + "): update the application");
    if (current == latest)
        return;
    // All the pending migrations in one transaction: a file is at its old version or at
    // the latest, never in between; and one commit is much cheaper than one a migration
    // where every commit waits for the disk (a new browser database: 7 commits on OPFS).
    Transaction tx(*this);
    bool empty = false;
    if (newDatabaseScript && current == 0) {
        Statement objects(*this, "SELECT count(*) FROM sqlite_schema");
        objects.step();
        empty = objects.getInt(0) == 0;
    }
    if (empty && newDatabaseVersion() == latest) {
        // A new file: the migrations' result in one script — their ALTER TABLEs re-read
        // the whole schema each time (a third of the work natively, and the largest part
        // of a first start in the browser, where SQLite's code is still cold).
        exec(embedded::newDatabaseSql());
        exec("PRAGMA user_version = " + std::to_string(latest));
    } else {
        for (const auto& m : all) {
            if (m.version <= current)
                continue;
            exec(m.sql);
            exec("PRAGMA user_version = " + std::to_string(m.version));
        }
    }
    tx.commit();
}

namespace {

constexpr const char* kPinnedNow = "@now";

void pinnedStrftime(sqlite3_context* context, int, sqlite3_value** argv)
{
    const auto* when = reinterpret_cast<const char*>(sqlite3_value_text(argv[1]));
    if (when && std::strcmp(when, "now") == 0)
        sqlite3_result_text(context, kPinnedNow, -1, SQLITE_STATIC);
    else
        sqlite3_result_error(context, "strftime is pinned to 'now' on this connection (pinNow)", -1);
}

} // namespace

void pinNow(Database& db)
{
    const int rc
        = sqlite3_create_function(db.handle(), "strftime", 2, SQLITE_UTF8, nullptr, pinnedStrftime, nullptr, nullptr);
    if (rc != SQLITE_OK)
        throwLastError(db.handle(), rc, "pinNow");
}

std::string newDatabaseScript()
{
    OpenOptions raw;
    raw.migrate = false;
    auto db = Database::open(":memory:", raw);
    pinNow(*db);
    db->migrateStepByStep();
    return schemaScript(*db);
}

std::string schemaScript(Database& db)
{
    struct Object {
        std::string type, name, sql;
    };
    std::vector<Object> objects;
    {
        Statement st(db,
            "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL AND name NOT LIKE "
            "'sqlite\\_%' ESCAPE '\\' ORDER BY rowid");
        while (st.step())
            objects.push_back({st.getText(0), st.getText(1), st.getText(2)});
    }
    const auto quoted = [](const std::string& name) {
        std::string out = "\"";
        for (char c : name)
            out += c == '"' ? std::string("\"\"") : std::string(1, c);
        return out + "\"";
    };
    std::string out = "-- A new database at schema version " + std::to_string(db.schemaVersion())
        + ", in one script. Generated by `crm schema` from the migrations (schema/NNNN_*.sql): do not edit.\n"
          "-- Database::open runs it on a file with no schema instead of the migrations, in one transaction.\n"
          "PRAGMA defer_foreign_keys = ON;\n";
    for (const auto& o : objects)
        if (o.type == "table")
            out += o.sql + ";\n";
    for (const auto& o : objects) {
        if (o.type != "table")
            continue;
        // The stored columns (table_info leaves generated ones out), every row sorted by them.
        std::vector<std::string> columns;
        {
            Statement info(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
            info.bind(1, o.name);
            while (info.step())
                columns.push_back(info.getText(0));
        }
        std::string names, values;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            names += (i ? ", " : "") + quoted(columns[i]);
            // An instant the migrations took from the clock (pinNow) is taken again by the script.
            values += (i ? " || ', ' || " : "") + std::string("iif(") + quoted(columns[i]) + " IS '" + kPinnedNow
                + "', 'strftime(''%Y-%m-%dT%H:%M:%SZ'', ''now'')', quote(" + quoted(columns[i]) + "))";
        }
        Statement rows(db, "SELECT " + values + " FROM " + quoted(o.name) + " ORDER BY " + names);
        while (rows.step())
            out += "INSERT INTO " + quoted(o.name) + " (" + names + ") VALUES (" + rows.getText(0) + ");\n";
    }
    for (const auto& o : objects)
        if (o.type != "table")
            out += o.sql + ";\n";
    Statement hasSequence(db, "SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_sequence'");
    hasSequence.step();
    if (hasSequence.getInt(0) > 0) {
        out += "DELETE FROM sqlite_sequence;\n";
        Statement sequence(db, "SELECT quote(name), seq FROM sqlite_sequence ORDER BY name");
        while (sequence.step())
            out += "INSERT INTO sqlite_sequence (name, seq) VALUES (" + sequence.getText(0) + ", "
                + std::to_string(sequence.getInt(1)) + ");\n";
    }
    return out;
}

// [SECTION] Statement

Statement::Statement(Database& db, std::string_view sql) : m_stmt(db.takeStatement(sql)), m_db(db)
{
}

Statement::~Statement()
{
    m_db.giveBack(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        throwLastError(m_db.handle(), rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    const int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK)
        throwLastError(m_db.handle(), rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view value)
{
    const int rc = sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        throwLastError(m_db.handle(), rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& value)
{
    return value ? bind(index, std::string_view(*value)) : bindNull(index);
}

Statement& Statement::bindBlob(int index, std::string_view bytes)
{
    const int rc = sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        throwLastError(m_db.handle(), rc, "bind");
    return *this;
}

Statement& Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        throwLastError(m_db.handle(), rc, "bind");
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    throwLastError(m_db.handle(), rc, "step");
}

void Statement::run()
{
    while (step()) { }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}
std::int64_t Statement::getInt(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::getDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string Statement::getText(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::string Statement::getBlob(int column) const
{
    const auto* p = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

std::string_view Statement::getTextView(int column) const
{
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string_view();
}

std::optional<std::string> Statement::getOptionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return getText(column);
}

// [SECTION] ReadObserver

// SQLite's authorizer: every table a statement being prepared reads, kept with the
// statement (takeStatement) or, for SQL run by exec(), given to the observer at once.
int authorize(void* self, int action, const char* table, const char*, const char* database, const char*)
{
    // (A table read for count(*) only is reported with no database name: an unqualified name.)
    if (action != SQLITE_READ || !table || (database && std::strcmp(database, "main") != 0)
        || std::strncmp(table, "sqlite_", 7) == 0)
        return SQLITE_OK;
    auto* db = static_cast<Database*>(self);
    if (db->m_preparing)
        db->m_preparing->insert(table);
    else if (db->m_readObserver)
        db->m_readObserver->add(table);
    return SQLITE_OK;
}

ReadObserver::ReadObserver(Database& db) : m_db(db)
{
    m_db.m_readObserver = this;
}

ReadObserver::~ReadObserver()
{
    m_db.m_readObserver = nullptr;
}

// [SECTION] ChangeObserver

namespace {
void observeChange(void* self, sqlite3*, int, const char* db, const char* table, sqlite3_int64, sqlite3_int64)
{
    if (db && table && std::strcmp(db, "main") == 0)
        static_cast<ChangeObserver*>(self)->add(table);
}
} // namespace

ChangeObserver::ChangeObserver(Database& db) : m_db(db)
{
    sqlite3_preupdate_hook(m_db.handle(), observeChange, this);
}

ChangeObserver::~ChangeObserver()
{
    sqlite3_preupdate_hook(m_db.handle(), nullptr, nullptr);
}

// [SECTION] Transaction

Transaction::Transaction(Database& db) : m_db(db), m_level(db.transactionDepth())
{
    if (m_level == 0)
        m_db.exec("BEGIN IMMEDIATE");
    else
        m_db.exec("SAVEPOINT crm_sp" + std::to_string(m_level));
    ++m_db.transactionDepth();
}

Transaction::~Transaction()
{
    if (m_done)
        return;
    --m_db.transactionDepth();
    // Never throws: a failed rollback leaves SQLite to roll back on close.
    if (m_level == 0) {
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    } else {
        const std::string sp = "crm_sp" + std::to_string(m_level);
        sqlite3_exec(m_db.handle(), ("ROLLBACK TO " + sp + "; RELEASE " + sp).c_str(), nullptr, nullptr, nullptr);
    }
}

void Transaction::commit()
{
    if (m_level == 0)
        m_db.exec("COMMIT");
    else
        m_db.exec("RELEASE crm_sp" + std::to_string(m_level));
    m_done = true;
    --m_db.transactionDepth();
}

// [SECTION] ReadTransaction

ReadTransaction::ReadTransaction(Database& db) : m_db(db), m_opened(db.transactionDepth() == 0)
{
    if (!m_opened)
        return;
    m_db.exec("BEGIN DEFERRED");
    ++m_db.transactionDepth();
}

ReadTransaction::~ReadTransaction()
{
    if (!m_opened)
        return;
    --m_db.transactionDepth();
    // Never throws: what could fail here is a write made inside, which SQLite then rolls back.
    if (sqlite3_exec(m_db.handle(), "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

} // namespace crm::db
