// LogModel: the system log appended and read back — newest first, filtered by user,
// entity, entity id, action and period (inclusive days), paged with the matching count,
// before and after kept as JSON (absent: null).
#include "core/model/log_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

namespace {

model::LogLine line(const std::string& at, std::int64_t user, const std::string& action, const std::string& entity,
    std::int64_t entityId)
{
    model::LogLine l;
    l.at = at;
    l.userId = user;
    l.action = action;
    l.entity = entity;
    l.entityId = entityId;
    return l;
}

std::vector<std::string> actions(const model::LogPage& page)
{
    std::vector<std::string> out;
    for (const auto& l : page.rows)
        out.push_back(l.action + "@" + l.at.substr(0, 10));
    return out;
}

} // namespace

TEST_CASE("LogModel: newest first, every filter, pages with their count, JSON before and after")
{
    auto db = test::memoryDb();
    model::LogModel m(*db);
    const auto base = model::LogModel(*db).list({}).total; // what the migrations logged
    auto withBody = line("2026-11-02T10:00:00Z", 0, "client.update", "clients", 7);
    withBody.before = {{"name", "Avant"}};
    withBody.after = {{"name", "Après"}, {"tags", {"a", "b"}}};
    m.insert(line("2026-11-01T09:00:00Z", 0, "client.create", "clients", 7));
    m.insert(withBody);
    m.insert(line("2026-11-03T23:59:59Z", 0, "invoice.create", "invoices", 3));
    m.insert(line("2026-11-04T00:00:00Z", 0, "client.delete", "clients", 8));

    model::LogQuery q;
    q.entity = "clients";
    CHECK(actions(m.list(q))
        == std::vector<std::string>{
            "client.delete@2026-11-04", "client.update@2026-11-02", "client.create@2026-11-01"});
    q.entityId = 7;
    CHECK(m.list(q).total == 2);
    q = {};
    q.action = "invoice.create";
    CHECK(m.list(q).total == 1);
    q = {};
    q.from = "2026-11-02";
    q.to = "2026-11-03"; // the whole last day, to its last second
    CHECK(actions(m.list(q)) == std::vector<std::string>{"invoice.create@2026-11-03", "client.update@2026-11-02"});
    q = {};
    q.from = "2026-11-01";
    q.limit = 1;
    q.offset = 1;
    const auto page = m.list(q);
    CHECK(page.total == 4);
    REQUIRE(page.rows.size() == 1);
    CHECK(page.rows[0].action == "invoice.create");
    q.limit = 50;
    q.offset = 0;
    CHECK(m.list(q).total + base == m.list({}).total);

    q = {};
    q.entityId = 7;
    q.action = "client.update";
    const auto read = m.list(q);
    REQUIRE(read.rows.size() == 1);
    CHECK(read.rows[0].before == nlohmann::json{{"name", "Avant"}});
    CHECK(read.rows[0].after["tags"] == nlohmann::json{"a", "b"});
    q.action = "client.create";
    CHECK(m.list(q).rows[0].before.is_null());
}
