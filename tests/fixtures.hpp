// Test fixtures: an in-memory database with every migration applied, a clock the test
// moves, and a "world" with one user per role signed in through the command API.
#pragma once

#include "core/api/dispatcher.hpp"
#include "core/db/database.hpp"
#include "core/service/context.hpp"
#include "core/util/clock.hpp"
#include "core/util/time.hpp"

#include <doctest/doctest.h>

#include <memory>
#include <string>

namespace crm::test {

inline std::unique_ptr<db::Database> memoryDb()
{
    return db::Database::open(":memory:");
}

inline Clock testClock()
{
    return fixedClock("2026-11-24T09:00:00Z");
}

// A clock tests can move: `now` is shared with every copy.
struct MovableClock {
    std::shared_ptr<std::string> now = std::make_shared<std::string>("2026-11-24T09:00:00Z");
    Clock clock() const
    {
        auto n = now;
        return [n] { return *n; };
    }
    void advance(long long seconds) { *now = timeutil::addSeconds(*now, seconds); }
};

// Counts the rows of a table (tests only: the name is ours, never user input).
inline std::int64_t rowCount(db::Database& db, const std::string& table)
{
    db::Statement st(db, "SELECT count(*) FROM " + table);
    st.step();
    return st.getInt(0);
}

// The integer a query of one value gives (tests only).
inline std::int64_t queryInt(db::Database& db, const std::string& sql)
{
    db::Statement st(db, sql);
    st.step();
    return st.getInt(0);
}

inline service::AuthConfig fastAuth()
{
    service::AuthConfig c;
    c.hashCost = crypto::HashCost::Minimal;
    return c;
}

constexpr const char* kPassword = "Motdepasse-2026";

// Users admin (1), manager (2), agent (3), agent2 (4), each signed in; the dispatcher
// runs on a movable clock.
struct World {
    std::unique_ptr<db::Database> db = memoryDb();
    MovableClock time;
    api::Dispatcher api{*db, time.clock(), fastAuth()};
    std::string admin, manager, agent, agent2;
    std::int64_t adminId = 0, managerId = 0, agentId = 0, agent2Id = 0;

    World()
    {
        REQUIRE(api.call("auth.setup", {{"email", "admin@test.fr"}, {"password", kPassword}}).contains("id"));
        admin = login("admin@test.fr");
        managerId = addUser("manager@test.fr", "manager");
        agentId = addUser("agent@test.fr", "agent");
        agent2Id = addUser("agent2@test.fr", "agent");
        adminId = 1;
        manager = login("manager@test.fr");
        agent = login("agent@test.fr");
        agent2 = login("agent2@test.fr");
    }

    // Moves the clock to the morning of `day` and signs everyone in again (sessions idle out).
    void day(const std::string& d)
    {
        *time.now = d + "T08:00:00Z";
        admin = login("admin@test.fr");
        manager = login("manager@test.fr");
        agent = login("agent@test.fr");
        agent2 = login("agent2@test.fr");
    }

    std::string login(const std::string& email)
    {
        const auto r = api.call("auth.login", {{"email", email}, {"password", kPassword}});
        REQUIRE(r.contains("token"));
        return r["token"].get<std::string>();
    }

    std::int64_t addUser(const std::string& email, const std::string& role)
    {
        const auto r = api.call("user.create", {{"email", email}, {"password", kPassword}, {"role", role}}, admin);
        REQUIRE(r.contains("id"));
        return r["id"].get<std::int64_t>();
    }

    // Calls as `session`; returns the result, or the error object.
    api::json call(const std::string& method, const api::json& params, const std::string& session)
    {
        return api.call(method, params, session);
    }

    // Creates a client (as admin), optionally assigned to a collector; returns its id.
    std::int64_t client(const std::string& code, std::int64_t collector = 0)
    {
        api::json p = {{"code", code}, {"name", "Client " + code}};
        if (collector)
            p["assigned_to"] = collector;
        const auto r = call("client.create", p, admin);
        REQUIRE(r.contains("id"));
        return r["id"].get<std::int64_t>();
    }

    // The company's details a letter needs (legal name, address, SIRET, IBAN, BIC, signatory):
    // without them the engine withholds letters and formal notices.
    void letterhead()
    {
        const auto r = call("settings.update",
            {{"legal_name", "Recouvra SAS"}, {"address", "1 place de la Bourse\n69002 Lyon"},
                {"siret", "73282932000074"}, {"vat_number", "FR44732829320"}, {"phone", "04 72 00 00 00"},
                {"email", "relances@recouvra.fr"}, {"iban", "FR76 3000 6000 0112 3456 7890 189"}, {"bic", "AGRIFRPP"},
                {"signatory", "Claire Dupuis\nResponsable du recouvrement"}},
            admin);
        REQUIRE_MESSAGE(r.contains("legal_name"), r.dump());
    }
    // A postal address for a client (a letter needs one).
    void address(std::int64_t clientId, const std::string& text = "8 avenue Foch\n75116 Paris")
    {
        REQUIRE(call("client.update", {{"id", clientId}, {"address", text}}, admin).contains("id"));
    }

    std::int64_t invoice(std::int64_t clientId, const std::string& number, std::int64_t cents, const std::string& due,
        const std::string& issue = "2026-01-01", const std::string& currency = "EUR")
    {
        const auto r = call("invoice.create",
            {{"number", number}, {"client_id", clientId}, {"issue_date", issue}, {"due_date", due},
                {"amount_cents", cents}, {"currency", currency}},
            admin);
        REQUIRE_MESSAGE(r.contains("id"), r.dump());
        return r["id"].get<std::int64_t>();
    }
};

} // namespace crm::test
