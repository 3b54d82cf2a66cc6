// RAII over sqlite3: Database, Statement, Transaction.
//
// Call flow: Database::open(path) opens the file (optionally through a named VFS, e.g.
// "opfs" in the browser worker), turns on foreign keys, registers our SQL functions and
// applies every pending migration of schema/ in order (PRAGMA user_version).
//
// Error contract: every failure of SQLite throws DbError (code = SQLite's extended result
// code). DbError is an *unexpected* failure (disk full, I/O error, corruption, a bug);
// the command dispatcher maps it to the `storage` or `internal` error envelope. Expected
// failures (bad input, unknown id) never reach this layer: services check them first.
// Transaction rolls back in its destructor unless commit() was called, and never throws
// from the destructor. Nested transactions become SAVEPOINTs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace crm::db {

class DbError : public std::runtime_error {
public:
    DbError(int code, const std::string& message) : std::runtime_error(message), m_code(code) { }
    int code() const { return m_code; } // extended result code
    int primaryCode() const { return m_code & 0xFF; }
    bool isStorage() const; // disk full, I/O, corrupt, locked, read-only...
    // A stable key for the error envelope: disk_full, busy, io_error, corrupt,
    // read_only, storage (other storage failures) or internal.
    const char* reason() const;

private:
    int m_code;
};

// How long a statement waits for another connection's lock before failing with busy.
constexpr int kBusyTimeoutMs = 30000;

struct OpenOptions {
    std::string vfs;     // empty: SQLite's default VFS
    bool migrate = true; // apply pending migrations
};

class Database {
public:
    static std::unique_ptr<Database> open(const std::string& path, const OpenOptions& options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    void exec(std::string_view sql);
    std::int64_t lastInsertRowid() const;
    int changes() const;
    int schemaVersion();
    // The integer a pragma answers ("page_size", "foreign_keys"…); 0 when it answers no row.
    std::int64_t pragmaInt(std::string_view name);
    // Applies the migrations the file lacks (open() does it unless told not to). A file
    // with no schema at all gets schema/new_database.sql instead — the same database in
    // one script (no ALTER TABLE re-reading the schema), when it is at the latest version.
    void migrate() { applyMigrations(true); }
    // Every migration the file lacks, one after the other (how new_database.sql is made).
    void migrateStepByStep() { applyMigrations(false); }
    sqlite3* handle() const { return m_db.get(); }
    // The read observer of this connection (see ReadObserver), or null.
    class ReadObserver* readObserver() const { return m_readObserver; }

    // Transaction depth bookkeeping (used by Transaction).
    int& transactionDepth() { return m_depth; }

private:
    friend class Statement;
    friend class ReadObserver;
    friend int authorize(void*, int, const char*, const char*, const char*, const char*);
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    explicit Database(sqlite3* db);
    void applyMigrations(bool newDatabaseScript);
    // Prepared statements are kept for reuse once their Statement is destroyed (reset,
    // bindings cleared), keyed by their SQL text: the services prepare the same few
    // hundred statements over and over (an execution of 10 000 reminders prepares a
    // dozen per reminder). A statement in use is never handed out twice.
    sqlite3_stmt* takeStatement(std::string_view sql);
    void giveBack(sqlite3_stmt* stmt);

    std::unique_ptr<sqlite3, Closer> m_db;
    std::unordered_multimap<std::string, sqlite3_stmt*> m_idle;
    // The tables of the main database each prepared statement reads, as SQLite's
    // authorizer reported them when it was prepared (a statement from the cache is not
    // prepared again: its tables are found here).
    std::unordered_map<sqlite3_stmt*, std::set<std::string>> m_readsOf;
    std::set<std::string>* m_preparing = nullptr; // where the authorizer puts what it sees
    class ReadObserver* m_readObserver = nullptr;
    int m_depth = 0;
};

class Statement {
public:
    Statement(Database& db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    // Parameters are 1-based, as in SQLite.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const std::optional<std::string>& value);
    Statement& bindNull(int index);
    // A row id, or NULL when `id` is 0 or less (our row structs say "none" with 0).
    Statement& bindIdOrNull(int index, std::int64_t id) { return id > 0 ? bind(index, id) : bindNull(index); }
    Statement& bindBlob(int index, std::string_view bytes);

    // Advances; true while a row is available.
    bool step();
    // step() that must finish the statement (INSERT/UPDATE/DELETE).
    void run();
    void reset();

    bool isNull(int column) const;
    std::int64_t getInt(int column) const;
    double getDouble(int column) const;
    std::string getText(int column) const;
    // The text of a column without copying it: valid until the next step() or reset().
    std::string_view getTextView(int column) const;
    std::optional<std::string> getOptionalText(int column) const;
    std::string getBlob(int column) const;

private:
    sqlite3_stmt* m_stmt = nullptr;
    Database& m_db;
};

class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    int m_level;
    bool m_done = false;
};

// One consistent view of the database for a read made of many statements (a day's plan
// reads the open invoices, the holds, then thousands of names and numbers one by one).
// Outside a transaction SQLite takes and drops its file lock around every statement and
// checks on each whether another connection changed the file (system calls each time:
// ~0.2 s over the plan's 40 000 look-ups); inside one it does so once. Opens a deferred
// transaction when none is open (else nothing: the one open is already consistent) and
// commits it when it goes — what a transaction nested in it committed stays committed,
// as it would without it. For reads: a write inside takes the write lock then, and may
// find another connection holding it (SQLITE_BUSY) where BEGIN IMMEDIATE would have waited.
// While it lives another connection's commit waits (the rollback journal lets no writer
// finish under a reader), within the busy timeout: keep it around one command's read.
class ReadTransaction {
public:
    explicit ReadTransaction(Database& db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Database& m_db;
    bool m_opened;
};

// Records the names of the tables of the main database that rows were inserted into,
// updated or deleted from while it lives (SQLite's pre-update hook, which also sees
// WITHOUT ROWID tables; temporary tables are ignored). One observer per connection at
// a time; what a rolled-back statement wrote is recorded too, so callers read `tables`
// only after a success.
class ChangeObserver {
public:
    explicit ChangeObserver(Database& db);
    ~ChangeObserver();
    ChangeObserver(const ChangeObserver&) = delete;
    ChangeObserver& operator=(const ChangeObserver&) = delete;
    const std::set<std::string>& tables() const { return m_tables; }
    void add(const char* table) { m_tables.insert(table); }

private:
    Database& m_db;
    std::set<std::string> m_tables;
};

// Records the names of the tables of the main database that statements read while it
// lives: SQLite's authorizer (SQLITE_READ) reports each table a statement reads — through
// a view or a trigger too, and a table read only for count(*) — when the statement is
// prepared; the connection keeps that list with the statement and gives it to the
// observer each time the statement is used. SQLite's own tables are left out. One
// observer per connection at a time. What a command read is what its result depends on:
// the interface's store asks again when a `changed` event names one of these tables.
class ReadObserver {
public:
    explicit ReadObserver(Database& db);
    ~ReadObserver();
    ReadObserver(const ReadObserver&) = delete;
    ReadObserver& operator=(const ReadObserver&) = delete;
    const std::set<std::string>& tables() const { return m_tables; }
    void add(const std::set<std::string>& tables) { m_tables.insert(tables.begin(), tables.end()); }
    void add(const char* table) { m_tables.insert(table); }

private:
    Database& m_db;
    std::set<std::string> m_tables;
};

// The SQL that rebuilds this database's schema and rows from nothing, in a canonical order:
// tables (as sqlite_schema holds them), their rows (every stored column, sorted), then
// indexes, triggers and views, then sqlite_sequence. Two databases with the same script
// are the same database. A value '@now' (see pinNow) is written as SQLite's current instant.
std::string schemaScript(Database& db);

// SQLite's strftime(format, 'now') answers '@now' on this connection (and refuses other
// uses): the instants a migration takes from the clock become recognisable.
void pinNow(Database& db);

// schemaScript of a new database migrated step by step, its instants taken again when the
// script runs: what schema/new_database.sql holds (`crm schema` prints it; the doctest
// suite checks that it is current and builds the same database as the migrations).
std::string newDatabaseScript();

// Throws DbError built from the connection's last error.
[[noreturn]] void throwLastError(sqlite3* db, int rc, std::string_view context);

} // namespace crm::db
