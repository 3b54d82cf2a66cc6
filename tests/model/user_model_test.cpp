// UserModel: users with their profiles, found by e-mail, the count of
// active administrators (the last one may not go), and sessions kept by their token's
// hash — touched, ended one by one, all of a user's but one, and past their expiry.
#include "core/model/user_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

namespace {

model::User user(const std::string& email, const std::string& role)
{
    model::User u;
    u.email = email;
    u.passwordHash = "$argon2id$test";
    u.role = role;
    u.createdAt = u.updatedAt = "2026-11-24T09:00:00Z";
    u.profile.firstName = "Léa";
    u.profile.language = "en";
    return u;
}

model::Session session(const std::string& hash, std::int64_t userId, const std::string& expires)
{
    return {hash, userId, "2026-11-24T09:00:00Z", "2026-11-24T09:00:00Z", expires};
}

} // namespace

TEST_CASE("UserModel: users and profiles, active administrators, sessions")
{
    auto db = test::memoryDb();
    model::UserModel m(*db);
    const auto admin = m.insert(user("admin@pme.fr", "admin"));
    const auto agent = m.insert(user("agent@pme.fr", "agent"));
    CHECK(m.count() == 2);
    CHECK(m.countActiveAdmins() == 1);
    auto got = m.get(agent);
    REQUIRE(got);
    CHECK(got->profile.firstName == "Léa");
    CHECK(got->profile.language == "en");
    got->role = "admin";
    got->profile.phone = "+33102030405";
    m.update(*got);
    CHECK(m.countActiveAdmins() == 2);
    CHECK(m.get(agent)->profile.phone == "+33102030405");
    got->active = false;
    m.update(*got);
    CHECK(m.countActiveAdmins() == 1); // an inactive administrator does not count
    CHECK(m.findByEmail("admin@pme.fr")->id == admin);
    CHECK_FALSE(m.findByEmail("nobody@pme.fr"));
    CHECK(m.list().size() == 2);
    CHECK_FALSE(model::toJson(*m.get(admin)).contains("password_hash"));

    m.insertSession(session("h1", admin, "2026-11-24T21:00:00Z"));
    m.insertSession(session("h2", admin, "2026-11-25T21:00:00Z"));
    m.insertSession(session("h3", admin, "2026-11-26T21:00:00Z"));
    m.insertSession(session("h4", agent, "2026-11-24T10:00:00Z"));
    m.touchSession("h1", "2026-11-24T10:30:00Z");
    CHECK(m.findSession("h1")->lastSeenAt == "2026-11-24T10:30:00Z");
    m.deleteSession("h1");
    CHECK_FALSE(m.findSession("h1"));
    m.deleteSessionsOf(admin, "h3"); // a password change keeps the session that made it
    CHECK_FALSE(m.findSession("h2"));
    CHECK(m.findSession("h3"));
    m.deleteExpiredSessions("2026-11-24T12:00:00Z");
    CHECK_FALSE(m.findSession("h4"));
    CHECK(m.findSession("h3"));
}
