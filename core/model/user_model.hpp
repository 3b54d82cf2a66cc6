// UserModel: the `users`, `profiles` and `sessions` tables (schema/0002_domain.sql).
// SQL lives here only; rules (password policy, lock-out, who may do what) are in
// AuthService. Errors: DbError; "not found" is an empty optional.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct Profile {
    std::string firstName;
    std::string lastName;
    std::string phone;
    std::string signature;
    std::string language = "fr";
};

struct User {
    std::int64_t id = 0;
    std::string email;
    std::string passwordHash;
    std::string role;
    bool active = true;
    int failedLogins = 0;
    std::string lockedUntil; // empty: not locked
    std::string createdAt;
    std::string updatedAt;
    Profile profile;
    std::string lastLoginAt; // list() only: the last sign-in (the log's user.login), empty: never
};

struct Session {
    std::string tokenHash;
    std::int64_t userId = 0;
    std::string createdAt;
    std::string lastSeenAt;
    std::string expiresAt;
};

// Never includes the password hash.
nlohmann::json toJson(const User& u);

class UserModel {
public:
    explicit UserModel(db::Database& db) : m_db(db) { }

    std::int64_t count();
    std::int64_t countActiveAdmins();
    std::int64_t insert(const User& u); // also writes the profile
    void update(const User& u);         // users row and profile
    std::optional<User> get(std::int64_t id);
    std::optional<User> findByEmail(const std::string& email);
    std::vector<User> list();

    void insertSession(const Session& s);
    std::optional<Session> findSession(const std::string& tokenHash);
    void touchSession(const std::string& tokenHash, const std::string& at);
    void deleteSession(const std::string& tokenHash);
    void deleteSessionsOf(std::int64_t userId, const std::string& exceptTokenHash = {});
    void deleteExpiredSessions(const std::string& now);

private:
    db::Database& m_db;
};

} // namespace crm::model
