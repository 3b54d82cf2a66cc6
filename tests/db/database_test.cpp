#include "core/db/database.hpp"
#include "core/db/embedded.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>

using namespace crm;

TEST_CASE("open applies every migration and records the schema version")
{
    auto db = test::memoryDb();
    CHECK(db->schemaVersion() == embedded::migrations().back().version);
    db::Statement st(*db, "PRAGMA foreign_keys");
    REQUIRE(st.step());
    CHECK(st.getInt(0) == 1);
    db::Statement cache(*db, "PRAGMA cache_size");
    REQUIRE(cache.step());
    CHECK(cache.getInt(0) == -32768); // 32 MiB, compiled in
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
