#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

TEST_CASE("first start asks for the administrator, once")
{
    auto db = test::memoryDb();
    api::Dispatcher api(*db, test::testClock(), test::fastAuth());
    CHECK(api.call("auth.status", json::object())["needs_setup"] == true);
    json r = api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", "court1"}});
    CHECK(r["field"] == "password");
    CHECK(r["reason"] == "weak_password");
    CHECK(test::rowCount(*db, "users") == 0);
    r = api.call("auth.setup", {{"email", "pas-une-adresse"}, {"password", test::kPassword}});
    CHECK(r["field"] == "email");
    r = api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}, {"first_name", "Élodie"}});
    CHECK(r["role"] == "admin");
    CHECK(r["profile"]["first_name"] == "Élodie");
    CHECK_FALSE(r.contains("password_hash"));
    CHECK(api.call("auth.status", json::object())["needs_setup"] == false);
    r = api.call("auth.setup", {{"email", "autre@pme.fr"}, {"password", test::kPassword}});
    CHECK(r["code"] == "conflict");
    CHECK(test::rowCount(*db, "users") == 1);
}

TEST_CASE("passwords are stored as argon2id hashes, never in clear")
{
    auto db = test::memoryDb();
    service::AuthConfig real; // the product's interactive cost, once
    api::Dispatcher api(*db, test::testClock(), real);
    api.call("auth.setup", {{"email", "chef@pme.fr"}, {"password", test::kPassword}});
    db::Statement st(*db, "SELECT password_hash FROM users");
    REQUIRE(st.step());
    const std::string hash = st.getText(0);
    CHECK(hash.rfind("$argon2id$", 0) == 0);
    CHECK(hash.find(test::kPassword) == std::string::npos);
    CHECK(api.call("auth.login", {{"email", "CHEF@pme.fr"}, {"password", test::kPassword}}).contains("token"));
}

TEST_CASE("sign-in: wrong password, lock-out after five failures, unlock after the delay")
{
    test::World w;
    json r = w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", "mauvais-mot-1"}});
    CHECK(r["code"] == "unauthenticated");
    CHECK(r["reason"] == "wrong_credentials");
    r = w.api.call("auth.login", {{"email", "inconnu@test.fr"}, {"password", test::kPassword}});
    CHECK(r["reason"] == "wrong_credentials"); // same answer: no hint that the e-mail exists
    for (int i = 0; i < 4; ++i)
        w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", "mauvais-mot-1"}});
    r = w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", test::kPassword}});
    CHECK(r["reason"] == "account_locked"); // even the right password
    w.time.advance(16 * 60);
    CHECK(w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", test::kPassword}}).contains("token"));
    // The admin can also lift a lock-out.
    for (int i = 0; i < 5; ++i)
        w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", "mauvais-mot-1"}});
    CHECK(w.call("user.unlock", {{"id", w.agentId}}, w.admin)["locked_until"].is_null());
    CHECK(w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", test::kPassword}}).contains("token"));
}

// Issue 23, finding 12 (2026-12-07): 17 wrong current passwords in auth.change_password,
// no lock-out, no count: a session left open let anyone try passwords forever.
TEST_CASE("password change: wrong current passwords count as failed sign-ins; the fifth locks and signs out")
{
    test::World w;
    const std::string elsewhere = w.login("agent@test.fr");
    const json wrong = {{"current_password", "faux-mot-123"}, {"new_password", "Nouveau-2027x"}};
    for (int i = 0; i < 4; ++i)
        CHECK(w.call("auth.change_password", wrong, w.agent)["reason"] == "wrong_password");
    const json fifth = w.call("auth.change_password", wrong, w.agent);
    CHECK(fifth["reason"] == "account_locked");
    CHECK(w.call("auth.me", json::object(), w.agent)["reason"] == "no_session");   // signed out here
    CHECK(w.call("auth.me", json::object(), elsewhere)["reason"] == "no_session"); // and everywhere
    CHECK(w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", test::kPassword}})["reason"]
        == "account_locked");
    const json log = w.call("log.list", {{"action", "user.lockout"}}, w.admin);
    CHECK_MESSAGE(log.dump().find("user.lockout") != std::string::npos, log.dump());
    // Wrong tries at sign-in and in a password change add up; a right password clears them.
    w.time.advance(16 * 60);
    w.agent = w.login("agent@test.fr");
    for (int i = 0; i < 2; ++i)
        w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", "mauvais-mot-1"}});
    for (int i = 0; i < 2; ++i)
        CHECK(w.call("auth.change_password", wrong, w.agent)["reason"] == "wrong_password");
    CHECK(w.call("auth.change_password", wrong, w.agent)["reason"] == "account_locked");
    w.time.advance(16 * 60);
    w.agent = w.login("agent@test.fr");
    for (int i = 0; i < 4; ++i)
        w.call("auth.change_password", wrong, w.agent);
    CHECK(w.call("auth.change_password", {{"current_password", test::kPassword}, {"new_password", "Nouveau-2027x"}},
              w.agent)["ok"]
        == true);
    for (int i = 0; i < 4; ++i) // the count started again
        CHECK(w.call("auth.change_password", wrong, w.agent)["reason"] == "wrong_password");
}

TEST_CASE("sessions end after the idle timeout and after their lifetime")
{
    test::World w;
    CHECK(w.call("auth.me", json::object(), w.agent)["email"] == "agent@test.fr");
    w.time.advance(29 * 60);
    CHECK(w.call("auth.me", json::object(), w.agent).contains("email")); // used: the idle clock restarts
    w.time.advance(31 * 60);
    CHECK(w.call("auth.me", json::object(), w.agent)["reason"] == "session_expired");
    // Lifetime: keep using a session for 12 hours.
    std::string s = w.login("agent@test.fr");
    for (int i = 0; i < 12 * 3; ++i) {
        w.time.advance(20 * 60);
        if (i < 35)
            REQUIRE(w.call("auth.me", json::object(), s).contains("email"));
    }
    CHECK(w.call("auth.me", json::object(), s)["reason"] == "session_expired");
    const std::string fresh = w.login("manager@test.fr");
    CHECK(w.call("auth.logout", json::object(), fresh)["ok"] == true);
    CHECK(w.call("auth.me", json::object(), fresh)["reason"] == "no_session");
}

TEST_CASE("password change, deactivation and the last administrator")
{
    test::World w;
    json r = w.call(
        "auth.change_password", {{"current_password", "faux-mot-123"}, {"new_password", "Nouveau-2027x"}}, w.agent);
    CHECK(r["field"] == "current_password");
    r = w.call("auth.change_password", {{"current_password", test::kPassword}, {"new_password", "faible"}}, w.agent);
    CHECK(r["field"] == "new_password");
    const std::string other = w.login("agent@test.fr");
    r = w.call(
        "auth.change_password", {{"current_password", test::kPassword}, {"new_password", "Nouveau-2027x"}}, w.agent);
    CHECK(r["ok"] == true);
    CHECK(w.call("auth.me", json::object(), w.agent).contains("email"));       // this session stays
    CHECK(w.call("auth.me", json::object(), other)["reason"] == "no_session"); // the others close
    CHECK(w.api.call("auth.login", {{"email", "agent@test.fr"}, {"password", "Nouveau-2027x"}}).contains("token"));

    r = w.call("user.set_active", {{"id", w.agent2Id}, {"active", false}}, w.admin);
    CHECK(r["active"] == false);
    CHECK(w.call("auth.me", json::object(), w.agent2)["code"] == "unauthenticated");
    CHECK(
        w.api.call("auth.login", {{"email", "agent2@test.fr"}, {"password", test::kPassword}})["reason"] == "inactive");

    r = w.call("user.set_role", {{"id", w.adminId}, {"role", "agent"}}, w.admin);
    CHECK(r["reason"] == "last_admin");
    r = w.call("user.set_active", {{"id", w.adminId}, {"active", false}}, w.admin);
    CHECK(r["reason"] == "last_admin");
    r = w.call("user.create", {{"email", "agent@test.fr"}, {"password", test::kPassword}, {"role", "agent"}}, w.admin);
    CHECK(r["reason"] == "duplicate");
    r = w.call("user.create", {{"email", "x@test.fr"}, {"password", test::kPassword}, {"role", "boss"}}, w.admin);
    CHECK(r["field"] == "role");
}

TEST_CASE("profiles: one's own, or anyone's for the admin; language fr or en")
{
    test::World w;
    json r = w.call("profile.update",
        {{"first_name", "Jérôme"}, {"signature", "Cordialement,\nJérôme"}, {"language", "en"}}, w.agent);
    CHECK(r["profile"]["first_name"] == "Jérôme");
    CHECK(r["profile"]["language"] == "en");
    CHECK(w.call("profile.update", {{"language", "de"}}, w.agent)["field"] == "language");
    CHECK(w.call("profile.update", {{"user_id", w.managerId}, {"phone", "01"}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("profile.update", {{"user_id", w.managerId}, {"phone", "01 02"}}, w.admin)["profile"]["phone"]
        == "01 02");
}

// The Team screen's account creation and reset: without a password, one is made, given
// back once, and works; the list says when each user last signed in.
TEST_CASE("user.create and user.reset_password make a temporary password when none is given; last sign-in listed")
{
    test::World w;
    const api::json made = w.call("user.create", {{"email", "nouveau@test.fr"}, {"role", "agent"}}, w.admin);
    REQUIRE_MESSAGE(made.contains("temporary_password"), made.dump());
    const std::string first = made["temporary_password"];
    CHECK(first.size() == 14);
    CHECK(first.find_first_of("0O1lI") == std::string::npos);
    CHECK(w.api.call("auth.login", {{"email", "nouveau@test.fr"}, {"password", first}}).contains("token"));
    // Given once: the user's other replies never carry it.
    CHECK_FALSE(w.call("user.get", {{"id", made["id"]}}, w.admin).contains("temporary_password"));
    CHECK_FALSE(
        w.call("user.create", {{"email", "avec@test.fr"}, {"role", "agent"}, {"password", test::kPassword}}, w.admin)
            .contains("temporary_password"));
    const api::json reset = w.call("user.reset_password", {{"id", made["id"]}}, w.admin);
    REQUIRE(reset.contains("temporary_password"));
    CHECK(reset["temporary_password"] != first);
    CHECK_FALSE(w.api.call("auth.login", {{"email", "nouveau@test.fr"}, {"password", first}}).contains("token"));
    CHECK(w.api.call("auth.login", {{"email", "nouveau@test.fr"}, {"password", reset["temporary_password"]}})
              .contains("token"));
    CHECK(w.call("user.reset_password", {{"id", made["id"]}}, w.manager)["code"] == "forbidden");
    // The last sign-in of each: now for the new user (the clock's), never for one who never signed in.
    const api::json users = w.call("user.list", api::json::object(), w.admin)["rows"];
    for (const auto& u : users) {
        CAPTURE(u["email"]);
        if (u["email"] == "nouveau@test.fr")
            CHECK(u["last_login_at"] == "2026-11-24T09:00:00Z");
        if (u["email"] == "avec@test.fr")
            CHECK(u["last_login_at"].is_null());
    }
}
