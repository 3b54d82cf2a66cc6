#include "core/db/database.hpp"
#include "core/db/embedded.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>

#include <cstdio>
#include <string>

using namespace crm;

TEST_CASE("open applies every migration and records the schema version")
{
    auto db = test::memoryDb();
    CHECK(db->schemaVersion() == embedded::migrations().back().version);
    CHECK(db->pragmaInt("foreign_keys") == 1);
    CHECK(db->pragmaInt("cache_size") == -32768); // 32 MiB, compiled in
    db->exec("PRAGMA user_version = 41");
    CHECK(db->pragmaInt("user_version") == 41);
    CHECK(db->schemaVersion() == 41);
    CHECK(db->pragmaInt("foreign_key_check") == 0); // no row: no broken reference
}

TEST_CASE("migrations are numbered in order from 1")
{
    const auto& all = embedded::migrations();
    REQUIRE(!all.empty());
    for (std::size_t i = 0; i < all.size(); ++i)
        CHECK(all[i].version == static_cast<int>(i) + 1);
}

TEST_CASE("a database written by a newer program is refused")
{
    const std::string path = "crm_test_newer.db";
    std::remove(path.c_str());
    {
        auto db = db::Database::open(path);
        db->exec("PRAGMA user_version = 9999");
    }
    CHECK_THROWS_AS(db::Database::open(path), db::DbError);
    std::remove(path.c_str());
}

TEST_CASE("pending migrations apply all or none: a failing one leaves the file at its old version")
{
    const std::string path = "crm_test_migrations.db";
    std::remove(path.c_str());
    const auto& all = embedded::migrations();
    REQUIRE(all.size() >= 7);
    {
        db::OpenOptions raw;
        raw.migrate = false;
        auto db = db::Database::open(path, raw);
        for (int v = 1; v <= 3; ++v)
            db->exec(all[static_cast<std::size_t>(v - 1)].sql);
        db->exec("PRAGMA user_version = 3");
        // What migration 7 creates is already there: it fails after 4, 5 and 6 went in.
        db->exec("CREATE TABLE import_mappings (x)");
    }
    CHECK_THROWS_AS(db::Database::open(path), db::DbError);
    {
        db::OpenOptions raw;
        raw.migrate = false;
        auto db = db::Database::open(path, raw);
        CHECK(db->schemaVersion() == 3);
        {
            db::Statement created(*db, "SELECT count(*) FROM sqlite_schema WHERE name = 'relance_scenarios'");
            created.step();
            CHECK(created.getInt(0) == 0); // migration 5's table went with the rollback
        }
        db->exec("DROP TABLE import_mappings");
    }
    // Without the obstacle, all of them apply at once.
    CHECK(db::Database::open(path)->schemaVersion() == all.back().version);
    std::remove(path.c_str());
}

// Issue 23, finding 9: the folding drops bidi controls now (utf8proc). A file of schema 7
// holding numbers the old folding told apart opens: the first keeps the key, the other
// gets a key of its own, and the collision is in the log; the next duplicate is refused.
TEST_CASE("migration 8 folds the stored keys again and reports the numbers that now collide")
{
    const auto& all = embedded::migrations();
    REQUIRE(all.size() >= 8);
    db::OpenOptions raw;
    raw.migrate = false;
    auto db = db::Database::open(":memory:", raw);
    for (int v = 1; v <= 7; ++v)
        db->exec(all[static_cast<std::size_t>(v - 1)].sql);
    db->exec("PRAGMA user_version = 7");
    // Keys as the old folding wrote them: it kept U+200E, and lowered no Cyrillic Ё to е.
    db->exec("INSERT INTO clients (id, code, name, search_key, sort_name, code_key, created_at, updated_at) VALUES "
             "(1, 'ACME', 'Ёлка SA', 'acme ёлка sa', 'ёлка sa', 'acme', '2026-01-01T00:00:00Z', "
             "'2026-01-01T00:00:00Z'), "
             "(2, 'ACME\u200E', 'Acme bis', 'acme\u200e acme bis', 'acme bis', 'acme\u200e', '2026-01-01T00:00:00Z', "
             "'2026-01-01T00:00:00Z')");
    db->exec("INSERT INTO invoices (id, number, number_key, client_id, issue_date, due_date, amount_cents, created_at, "
             "updated_at) VALUES "
             "(10, 'F-1', 'f-1', 1, '2026-01-01', '2026-02-01', 100, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
             "(11, 'F-2', 'f-2', 1, '2026-01-01', '2026-02-01', 100, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'), "
             "(12, 'F-1\u202E', 'f-1\u202e', 1, '2026-01-01', '2026-02-01', 100, '2026-01-01T00:00:00Z', "
             "'2026-01-01T00:00:00Z')");
    db->migrate();
    CHECK(db->schemaVersion() == static_cast<int>(all.size())); // 8 and those after
    auto text = [&](const std::string& sql) {
        db::Statement st(*db, sql);
        REQUIRE(st.step());
        return st.isNull(0) ? std::string("NULL") : st.getText(0);
    };
    CHECK(text("SELECT number_key FROM invoices WHERE id = 10") == "f-1");
    CHECK(text("SELECT number_key FROM invoices WHERE id = 11") == "f-2");
    CHECK(text("SELECT number_key FROM invoices WHERE id = 12") == std::string("f-1\x01") + "12");
    CHECK(text("SELECT code_key FROM clients WHERE id = 2") == std::string("acme\x01") + "2");
    CHECK(text("SELECT sort_name FROM clients WHERE id = 1") == "елка sa");
    CHECK(text("SELECT count(*) FROM system_logs WHERE action = 'fold.collision'") == "2");
    CHECK(text("SELECT json_extract(after_json, '$.same_as_text') FROM system_logs WHERE action = 'fold.collision' "
               "AND entity = 'invoices'")
        == "F-1");
    CHECK(text("SELECT entity_id FROM system_logs WHERE action = 'fold.collision' AND entity = 'clients'") == "2");
    // A third F-1, visible or not, is a duplicate of the first.
    CHECK_THROWS_AS(db->exec("INSERT INTO invoices (number, number_key, client_id, issue_date, due_date, "
                             "amount_cents, created_at, updated_at) VALUES ('F-1\u2066', crm_fold('F-1\u2066'), 1, "
                             "'2026-01-01', '2026-02-01', 100, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')"),
        db::DbError);
}

TEST_CASE("a transaction rolls back unless committed")
{
    auto db = test::memoryDb();
    db->exec("CREATE TABLE t (x INTEGER)");
    {
        db::Transaction tx(*db);
        db->exec("INSERT INTO t VALUES (1)");
    }
    CHECK(test::rowCount(*db, "t") == 0);
    {
        db::Transaction tx(*db);
        db->exec("INSERT INTO t VALUES (1)");
        tx.commit();
    }
    CHECK(test::rowCount(*db, "t") == 1);
}

TEST_CASE("nested transactions are savepoints: the inner one rolls back alone")
{
    auto db = test::memoryDb();
    db->exec("CREATE TABLE t (x INTEGER)");
    {
        db::Transaction outer(*db);
        db->exec("INSERT INTO t VALUES (1)");
        {
            db::Transaction inner(*db);
            db->exec("INSERT INTO t VALUES (2)");
        }
        outer.commit();
    }
    CHECK(test::rowCount(*db, "t") == 1);
    CHECK(db->transactionDepth() == 0);
}

// A read of many statements holds SQLite's lock once, in one transaction (each statement
// took and dropped it before). A transaction inside commits as it would alone; inside a
// transaction already open it opens nothing.
TEST_CASE("a read transaction opens one transaction; what is written inside it stays")
{
    auto db = test::memoryDb();
    db->exec("CREATE TABLE t (x INTEGER)");
    CHECK(sqlite3_get_autocommit(db->handle()) != 0);
    {
        db::ReadTransaction view(*db);
        CHECK(sqlite3_get_autocommit(db->handle()) == 0);
        CHECK(db->transactionDepth() == 1);
        db::Transaction tx(*db); // a savepoint inside
        db->exec("INSERT INTO t VALUES (1)");
        tx.commit();
    }
    CHECK(sqlite3_get_autocommit(db->handle()) != 0);
    CHECK(db->transactionDepth() == 0);
    CHECK(test::rowCount(*db, "t") == 1);
    {
        db::Transaction outer(*db);
        {
            db::ReadTransaction view(*db); // nothing more to open
            CHECK(db->transactionDepth() == 1);
        }
        CHECK(sqlite3_get_autocommit(db->handle()) == 0); // the outer one is still open
        db->exec("INSERT INTO t VALUES (2)");
    } // rolled back: the read transaction did not commit the outer one
    CHECK(test::rowCount(*db, "t") == 1);
}

TEST_CASE("SQL errors throw DbError with SQLite's code and message")
{
    auto db = test::memoryDb();
    try {
        db::Statement st(*db, "SELECT * FROM no_such_table");
        FAIL("prepare should have thrown");
    } catch (const db::DbError& e) {
        CHECK(std::string(e.what()).find("no_such_table") != std::string::npos);
        CHECK_FALSE(e.isStorage());
    }
}

TEST_CASE("statements bind text, integers and NULL; crm_fold is registered")
{
    auto db = test::memoryDb();
    db::Statement st(*db, "SELECT ?1, ?2, ?3 IS NULL, crm_fold(?4)");
    st.bind(1, std::int64_t{1} << 40).bind(2, "Éé").bindNull(3).bind(4, "Élan Vital");
    REQUIRE(st.step());
    CHECK(st.getInt(0) == (std::int64_t{1} << 40));
    CHECK(st.getText(1) == "Éé");
    CHECK(st.getInt(2) == 1);
    CHECK(st.getText(3) == "elan vital");
}

TEST_CASE("schema/new_database.sql is the migrations' result, and a new file gets it")
{
    // Current: adding a migration without regenerating the script fails here.
    const std::string script = db::newDatabaseScript();
    CHECK_MESSAGE(script == embedded::newDatabaseSql(),
        "schema/new_database.sql is stale: ./build/native/crm schema > schema/new_database.sql");
    CHECK(script.rfind(
              "-- A new database at schema version " + std::to_string(embedded::migrations().back().version) + ",", 0)
        == 0);

    // The same database either way: tables, rows, indexes, triggers, sqlite_sequence.
    db::OpenOptions raw;
    raw.migrate = false;
    auto stepped = db::Database::open(":memory:", raw);
    db::pinNow(*stepped);
    stepped->migrateStepByStep();
    auto fresh = db::Database::open(":memory:", raw);
    db::pinNow(*fresh);
    fresh->migrate(); // no schema at all: the script
    CHECK(fresh->schemaVersion() == stepped->schemaVersion());
    CHECK(db::schemaScript(*fresh) == db::schemaScript(*stepped));
    {
        db::Statement objects(*fresh, "SELECT count(*) FROM sqlite_schema WHERE type IN ('table', 'index', 'trigger')");
        objects.step();
        CHECK(objects.getInt(0) > 70);
    }

    // Its seeded rows are dated when the file is made, as the migrations date them.
    auto now = test::memoryDb();
    db::Statement seeded(*now,
        "SELECT min(created_at) >= strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 minute'), "
        "count(*) FROM relance_templates");
    REQUIRE(seeded.step());
    CHECK(seeded.getInt(0) == 1);
    CHECK(seeded.getInt(1) > 0);

    // A file that already has a schema is migrated, never given the script: an older
    // database keeps its rows and gains what it lacks.
    const std::string path = "crm_test_new_database.db";
    std::remove(path.c_str());
    {
        auto old = db::Database::open(path, raw);
        old->exec(embedded::migrations()[0].sql);
        old->exec("PRAGMA user_version = 1; INSERT INTO clients (code, name, search_key, sort_name, created_at, "
                  "updated_at) VALUES ('C1', 'Client', 'client', 'client', '2026-01-01T00:00:00Z', "
                  "'2026-01-01T00:00:00Z')");
    }
    {
        auto migrated = db::Database::open(path);
        CHECK(migrated->schemaVersion() == embedded::migrations().back().version);
        db::Statement kept(*migrated, "SELECT count(*) FROM clients");
        kept.step();
        CHECK(kept.getInt(0) == 1);
    }
    std::remove(path.c_str());
}

TEST_CASE("a pinned clock answers '@now' and refuses other dates")
{
    auto db = test::memoryDb();
    db::pinNow(*db);
    db::Statement now(*db, "SELECT strftime('%Y', 'now')");
    REQUIRE(now.step());
    CHECK(now.getText(0) == "@now");
    CHECK_THROWS_AS(db->exec("SELECT strftime('%Y', '2026-01-01')"), db::DbError);
}
