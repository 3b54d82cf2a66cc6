// authService: the first administrator, sign-in, sessions, users and profiles.
//
// Call flow: a caller signs in with login(email, password) and gets a session token
// (64 hex characters; only its SHA-256 is stored). Every other command carries the
// token; authenticate(token) turns it into the Actor the services check permissions
// against. A session ends after `sessionHours`, or after `idleMinutes` without use.
// After `maxFailures` wrong passwords in a row an account is locked `lockMinutes`: at
// sign-in and when a signed-in user changes their password alike (a session left open
// must not let anyone try passwords forever); a lock from there also ends its sessions.
//
// Errors: `unauthenticated` (reason wrong_credentials | account_locked | inactive |
// no_session | session_expired), `validation` (email, password: weak_password,
// role, language...), `conflict` (already_set_up, last_admin, email in use is a
// validation error on `email`: duplicate), `forbidden`, `not_found`.
#pragma once

#include "core/model/user_model.hpp"
#include "core/service/context.hpp"
#include "core/util/crypto.hpp"
#include "core/util/result.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crm::service {

// The `reason`s of an `unauthenticated` error that mean "this session is gone: sign in
// again" (as opposed to a wrong password). Said once, here: the command API publishes
// them (api.describe, and the worker's ready event), and the page, the desktop and the
// interface's store read them from there.
inline const std::vector<std::string>& sessionLostReasons()
{
    static const std::vector<std::string> kReasons = {"no_session", "session_expired", "inactive"};
    return kReasons;
}

struct AuthConfig {
    crypto::HashCost hashCost = crypto::HashCost::Interactive;
    long sessionHours = 12;
    long idleMinutes = 30;
    int maxFailures = 5;
    long lockMinutes = 15;
};

struct ProfileFields {
    std::optional<std::string> firstName, lastName, phone, signature, language;
};

struct NewUser {
    std::string email;
    std::string password;
    std::string role;
    ProfileFields profile;
};

struct LoginResult {
    std::string token;
    std::string expiresAt;
    model::User user;
};

class AuthService {
public:
    static constexpr std::size_t kPasswordMin = 10;
    static constexpr std::size_t kPasswordMax = 128;

    AuthService(Context& ctx, AuthConfig config) : m_ctx(ctx), m_users(ctx.db), m_config(config) { }

    bool needsSetup();
    // Creates the first administrator; refused (conflict) once any user exists.
    Result<model::User> setupAdmin(const NewUser& admin);
    Result<LoginResult> login(const std::string& email, const std::string& password);
    Result<Actor> authenticate(const std::string& token);
    Result<Unit> logout(const std::string& token);
    Result<Unit> changePassword(
        const Actor& actor, const std::string& token, const std::string& current, const std::string& next);

    // Users (user.manage: admin only; managers may list, to assign clients).
    Result<std::vector<model::User>> listUsers(const Actor& actor);
    Result<model::User> getUser(const Actor& actor, std::int64_t id);
    // An empty password: one is made (crypto::temporaryPassword) and given back once in
    // `temporary` — the screen shows it to the administrator, who hands it over.
    Result<model::User> createUser(const Actor& actor, NewUser user, std::string* temporary = nullptr);
    Result<model::User> setRole(const Actor& actor, std::int64_t id, const std::string& role);
    Result<model::User> setActive(const Actor& actor, std::int64_t id, bool active);
    Result<model::User> unlock(const Actor& actor, std::int64_t id);
    Result<model::User> resetPassword(
        const Actor& actor, std::int64_t id, std::string password, std::string* temporary = nullptr);

    // Profiles: one's own, or anyone's for an admin.
    Result<model::User> updateProfile(const Actor& actor, std::int64_t userId, const ProfileFields& fields);

private:
    std::optional<Error> checkPassword(const std::string& password, const char* field = "password");
    // Whether `password` is the user's, counting a wrong one (the account locked at the
    // maxFailures-th, in the log) and clearing the count on a right one; `user` is saved.
    bool passwordMatches(model::User& user, const std::string& password, const std::string& now);
    std::optional<Error> applyProfile(const ProfileFields& f, model::Profile& p);
    Result<model::User> insertUser(std::int64_t actorId, const NewUser& u);
    Result<model::User> changeUser(const Actor& actor, std::int64_t id, const std::string& action,
        const std::function<std::optional<Error>(model::User&)>& edit);

    Context& m_ctx;
    model::UserModel m_users;
    AuthConfig m_config;
};

} // namespace crm::service
