// What every service call carries: the database, the clock, and the Actor — the
// signed-in user on whose behalf it runs (from a session, see AuthService).
#pragma once

#include "core/db/database.hpp"
#include "core/util/clock.hpp"
#include "core/util/time.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace crm::service {

enum class Role { Admin, Manager, Agent };

const char* roleName(Role role);
std::optional<Role> parseRole(const std::string& name);

struct Actor {
    std::int64_t userId = 0;
    Role role = Role::Agent;
};

struct Context {
    db::Database& db;
    Clock clock;
    // Today's date by the clock (YYYY-MM-DD): the default `as_of` of every service.
    std::string today() const { return timeutil::dateOf(clock()); }
};

} // namespace crm::service
