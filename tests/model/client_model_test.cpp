#include "core/model/client_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using model::Client;

namespace {

Client make(const std::string& code, const std::string& name)
{
    Client c;
    c.code = code;
    c.name = name;
    c.createdAt = c.updatedAt = "2026-11-24T09:00:00Z";
    return c;
}

} // namespace

TEST_CASE("insert, get, update and remove a client row")
{
    auto db = test::memoryDb();
    model::ClientModel m(*db);
    Client c = make("C1", "Élan");
    c.siret = "73282932000074";
    const auto id = m.insert(c);
    auto got = m.get(id);
    REQUIRE(got);
    CHECK(got->name == "Élan");
    CHECK(got->siret == "73282932000074");

    got->name = "Élan Vital";
    got->siret.clear();
    CHECK(m.update(*got));
    CHECK(m.get(id)->name == "Élan Vital");
    CHECK(m.get(id)->siret.empty());
    {
        db::Statement st(*db, "SELECT siret IS NULL, search_key FROM clients WHERE id = ?1");
        st.bind(1, id);
        REQUIRE(st.step());
        CHECK(st.getInt(0) == 1); // empty SIRET is stored as NULL
        CHECK(st.getText(1) == "c1 elan vital");
    }
    CHECK(m.remove(id));
    CHECK_FALSE(m.get(id));
    CHECK_FALSE(m.remove(id));
}

TEST_CASE("the schema refuses a duplicate code whatever its case, and malformed SIRETs")
{
    auto db = test::memoryDb();
    model::ClientModel m(*db);
    m.insert(make("ABC", "One"));
    CHECK_THROWS_AS(m.insert(make("abc", "Two")), db::DbError);
    Client bad = make("X", "Bad siret");
    bad.siret = "1234";
    CHECK_THROWS_AS(m.insert(bad), db::DbError);
    CHECK(m.findIdByCode("aBc").has_value());
}

TEST_CASE("list searches folded text, sorts, pages and counts")
{
    auto db = test::memoryDb();
    model::ClientModel m(*db);
    m.insert(make("C3", "Zénith"));
    m.insert(make("C1", "école Martin"));
    m.insert(make("C2", "Étoile du Nord"));
    m.insert(make("C4", "50%_off\\shop"));

    model::ClientQuery q;
    auto page = m.list(q);
    CHECK(page.total == 4);
    REQUIRE(page.rows.size() == 4);
    // Sorted on the folded name: accents do not push "É" after "Z".
    CHECK(page.rows[0].client.code == "C4");
    CHECK(page.rows[1].client.name == "école Martin");
    CHECK(page.rows[2].client.name == "Étoile du Nord");
    CHECK(page.rows[3].client.name == "Zénith");

    q.search = "ETOILE";
    page = m.list(q);
    REQUIRE(page.total == 1);
    CHECK(page.rows[0].client.code == "C2");

    q.search = "%"; // a LIKE wildcard matches literally
    CHECK(m.list(q).total == 1);
    q.search = "_";
    CHECK(m.list(q).total == 1);
    q.search = "'; DROP TABLE clients; --";
    CHECK(m.list(q).total == 0);
    CHECK(m.count() == 4);

    q = {};
    q.sort = model::ClientSort::Code;
    q.desc = true;
    q.limit = 2;
    q.offset = 1;
    page = m.list(q);
    CHECK(page.total == 4);
    REQUIRE(page.rows.size() == 2);
    CHECK(page.rows[0].client.code == "C3");
    CHECK(page.rows[1].client.code == "C2");
}
