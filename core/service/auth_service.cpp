#include "core/service/auth_service.hpp"

#include "core/service/audit.hpp"
#include "core/service/client_service.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <cctype>
#include <nlohmann/json.hpp>

namespace crm::service {

// [SECTION] checks

std::optional<Error> AuthService::checkPassword(const std::string& password, const char* field)
{
    bool letter = false;
    bool digit = false;
    for (char c : password) {
        letter |= std::isalpha(static_cast<unsigned char>(c)) || (static_cast<unsigned char>(c) >= 0x80);
        digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
    }
    if (!text::isValidUtf8(password) || text::codePointCount(password) < kPasswordMin || password.size() > kPasswordMax
        || !letter || !digit)
        return Error::validation(
            field, "weak_password", "a password needs 10 to 128 characters, with at least one letter and one digit");
    return std::nullopt;
}

std::optional<Error> AuthService::applyProfile(const ProfileFields& f, model::Profile& p)
{
    if (f.firstName) {
        if (auto e = checkText("first_name", text::trim(*f.firstName), limit::kPersonName))
            return e;
        p.firstName = text::trim(*f.firstName);
    }
    if (f.lastName) {
        if (auto e = checkText("last_name", text::trim(*f.lastName), limit::kPersonName))
            return e;
        p.lastName = text::trim(*f.lastName);
    }
    if (f.phone) {
        if (auto e = checkText("phone", text::trim(*f.phone), limit::kPhone))
            return e;
        p.phone = text::trim(*f.phone);
    }
    if (f.signature) {
        if (auto e = checkText("signature", *f.signature, limit::kSignature, true))
            return e;
        p.signature = *f.signature;
    }
    if (f.language) {
        if (*f.language != "fr" && *f.language != "en")
            return Error::validation("language", "unknown_value", "language must be fr or en");
        p.language = *f.language;
    }
    return std::nullopt;
}

// [SECTION] set-up and sign-in

bool AuthService::needsSetup()
{
    return m_users.count() == 0;
}

Result<model::User> AuthService::insertUser(std::int64_t actorId, const NewUser& in)
{
    model::User u;
    u.email = text::trim(in.email);
    if (u.email.empty())
        return Error::validation("email", "required", "email is required");
    if (u.email.size() > limit::kEmail || !isValidEmail(u.email))
        return Error::validation("email", "invalid_email", "email '" + u.email + "' is not a valid address");
    if (!parseRole(in.role))
        return Error::validation("role", "unknown_value", "role must be admin, manager or agent");
    u.role = in.role;
    if (auto e = checkPassword(in.password))
        return *e;
    if (auto e = applyProfile(in.profile, u.profile))
        return *e;
    if (m_users.findByEmail(u.email))
        return Error::validation("email", "duplicate", "a user with e-mail '" + u.email + "' already exists");
    u.passwordHash = crypto::hashPassword(in.password, m_config.hashCost);
    u.createdAt = u.updatedAt = m_ctx.clock();
    u.id = m_users.insert(u);
    audit(m_ctx, actorId ? actorId : u.id, "user.create", "users", u.id, nullptr, model::toJson(u));
    return u;
}

Result<model::User> AuthService::setupAdmin(const NewUser& admin)
{
    db::Transaction tx(m_ctx.db);
    if (!needsSetup())
        return Error::conflict("already_set_up", "an administrator already exists: sign in instead");
    NewUser a = admin;
    a.role = "admin";
    auto r = insertUser(0, a);
    if (!r.ok())
        return r;
    tx.commit();
    return r;
}

Result<LoginResult> AuthService::login(const std::string& email, const std::string& password)
{
    db::Transaction tx(m_ctx.db);
    const std::string now = m_ctx.clock();
    m_users.deleteExpiredSessions(now);
    auto user = m_users.findByEmail(text::trim(email));
    if (!user) {
        // Spend the time a real check costs, so timing does not tell which e-mails exist.
        static const std::string dummy = crypto::hashPassword("no such account 0", m_config.hashCost);
        (void)crypto::verifyPassword(dummy, password);
        tx.commit();
        return Error::unauthenticated("wrong_credentials", "wrong e-mail or password");
    }
    if (!user->active) {
        tx.commit();
        return Error::unauthenticated("inactive", "this account is deactivated");
    }
    if (!user->lockedUntil.empty() && user->lockedUntil > now) {
        tx.commit();
        return Error::unauthenticated(
            "account_locked", "too many failed attempts: the account is locked until " + user->lockedUntil);
    }
    if (!passwordMatches(*user, password, now)) {
        tx.commit(); // the failure counts even though the call fails
        return Error::unauthenticated("wrong_credentials", "wrong e-mail or password");
    }
    LoginResult out;
    out.token = crypto::randomToken();
    out.expiresAt = timeutil::addSeconds(now, m_config.sessionHours * 3600);
    m_users.insertSession({crypto::sha256Hex(out.token), user->id, now, now, out.expiresAt});
    audit(m_ctx, user->id, "user.login", "users", user->id, nullptr, nullptr);
    tx.commit();
    out.user = *user;
    return out;
}

Result<Actor> AuthService::authenticate(const std::string& token)
{
    if (token.empty())
        return Error::unauthenticated("no_session", "sign in first: this command needs a session");
    const std::string hash = crypto::sha256Hex(token);
    auto s = m_users.findSession(hash);
    if (!s)
        return Error::unauthenticated("no_session", "unknown or closed session: sign in again");
    const std::string now = m_ctx.clock();
    if (s->expiresAt <= now || timeutil::addSeconds(s->lastSeenAt, m_config.idleMinutes * 60) <= now) {
        m_users.deleteSession(hash);
        return Error::unauthenticated("session_expired", "the session has expired: sign in again");
    }
    auto user = m_users.get(s->userId);
    if (!user || !user->active) {
        m_users.deleteSession(hash);
        return Error::unauthenticated("inactive", "this account is deactivated");
    }
    if (timeutil::addSeconds(s->lastSeenAt, 60) <= now) // at most one write a minute per session
        m_users.touchSession(hash, now);
    return Actor{user->id, *parseRole(user->role)};
}

Result<Unit> AuthService::logout(const std::string& token)
{
    m_users.deleteSession(crypto::sha256Hex(token));
    return Unit{};
}

Result<Unit> AuthService::changePassword(
    const Actor& actor, const std::string& token, const std::string& current, const std::string& next)
{
    db::Transaction tx(m_ctx.db);
    auto user = m_users.get(actor.userId);
    if (!user)
        return Error::notFound("user does not exist");
    const std::string now = m_ctx.clock();
    if (!user->lockedUntil.empty() && user->lockedUntil > now)
        return Error::unauthenticated(
            "account_locked", "too many failed attempts: the account is locked until " + user->lockedUntil);
    if (!passwordMatches(*user, current, now)) {
        const bool locked = !user->lockedUntil.empty();
        if (locked) // whoever holds this session is signed out everywhere
            m_users.deleteSessionsOf(user->id, {});
        tx.commit(); // the failure counts even though the call fails
        if (locked)
            return Error::unauthenticated("account_locked",
                "too many wrong passwords: the account is locked until " + user->lockedUntil + " and signed out");
        return Error::validation("current_password", "wrong_password", "the current password is wrong");
    }
    if (auto e = checkPassword(next, "new_password"))
        return *e;
    user->passwordHash = crypto::hashPassword(next, m_config.hashCost);
    user->updatedAt = m_ctx.clock();
    m_users.update(*user);
    m_users.deleteSessionsOf(user->id, crypto::sha256Hex(token)); // other devices sign in again
    audit(m_ctx, actor.userId, "user.change_password", "users", user->id, nullptr, nullptr);
    tx.commit();
    return Unit{};
}

bool AuthService::passwordMatches(model::User& user, const std::string& password, const std::string& now)
{
    if (crypto::verifyPassword(user.passwordHash, password)) {
        if (user.failedLogins != 0 || !user.lockedUntil.empty()) {
            user.failedLogins = 0;
            user.lockedUntil.clear();
            m_users.update(user);
        }
        return true;
    }
    user.failedLogins += 1;
    user.lockedUntil.clear(); // an earlier lock has run out (callers refuse a running one)
    if (user.failedLogins >= m_config.maxFailures) {
        user.lockedUntil = timeutil::addSeconds(now, m_config.lockMinutes * 60);
        user.failedLogins = 0;
        audit(m_ctx, user.id, "user.lockout", "users", user.id, nullptr, {{"locked_until", user.lockedUntil}});
    }
    m_users.update(user);
    return false;
}

// [SECTION] users

Result<std::vector<model::User>> AuthService::listUsers(const Actor& actor)
{
    if (auto e = require(actor, Perm::ClientAssign)) // managers list users to assign clients
        return *e;
    return m_users.list();
}

Result<model::User> AuthService::getUser(const Actor& actor, std::int64_t id)
{
    if (id != actor.userId)
        if (auto e = require(actor, Perm::ClientAssign))
            return *e;
    auto u = m_users.get(id);
    if (!u)
        return Error::notFound("user " + std::to_string(id) + " does not exist");
    return *u;
}

Result<model::User> AuthService::createUser(const Actor& actor, NewUser user, std::string* temporary)
{
    if (auto e = require(actor, Perm::UserManage))
        return *e;
    if (user.password.empty() && temporary)
        *temporary = user.password = crypto::temporaryPassword();
    db::Transaction tx(m_ctx.db);
    auto r = insertUser(actor.userId, user);
    if (r.ok())
        tx.commit();
    return r;
}

Result<model::User> AuthService::changeUser(const Actor& actor, std::int64_t id, const std::string& action,
    const std::function<std::optional<Error>(model::User&)>& edit)
{
    if (auto e = require(actor, Perm::UserManage))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto user = m_users.get(id);
    if (!user)
        return Error::notFound("user " + std::to_string(id) + " does not exist");
    const nlohmann::json before = model::toJson(*user);
    if (auto e = edit(*user))
        return *e;
    const bool wasAdmin = before["role"] == "admin" && before["active"] == true;
    if (wasAdmin && (user->role != "admin" || !user->active) && m_users.countActiveAdmins() <= 1)
        return Error::conflict("last_admin", "the last active administrator cannot be demoted or deactivated");
    user->updatedAt = m_ctx.clock();
    m_users.update(*user);
    if (!user->active)
        m_users.deleteSessionsOf(user->id);
    audit(m_ctx, actor.userId, action, "users", id, before, model::toJson(*user));
    tx.commit();
    return *user;
}

Result<model::User> AuthService::setRole(const Actor& actor, std::int64_t id, const std::string& role)
{
    return changeUser(actor, id, "user.set_role", [&](model::User& u) -> std::optional<Error> {
        if (!parseRole(role))
            return Error::validation("role", "unknown_value", "role must be admin, manager or agent");
        u.role = role;
        return std::nullopt;
    });
}

Result<model::User> AuthService::setActive(const Actor& actor, std::int64_t id, bool active)
{
    return changeUser(actor, id, active ? "user.activate" : "user.deactivate", [&](model::User& u) {
        u.active = active;
        return std::optional<Error>();
    });
}

Result<model::User> AuthService::unlock(const Actor& actor, std::int64_t id)
{
    return changeUser(actor, id, "user.unlock", [](model::User& u) {
        u.lockedUntil.clear();
        u.failedLogins = 0;
        return std::optional<Error>();
    });
}

Result<model::User> AuthService::resetPassword(
    const Actor& actor, std::int64_t id, std::string password, std::string* temporary)
{
    if (password.empty() && temporary)
        *temporary = password = crypto::temporaryPassword();
    return changeUser(actor, id, "user.reset_password", [&](model::User& u) -> std::optional<Error> {
        if (auto e = checkPassword(password))
            return e;
        u.passwordHash = crypto::hashPassword(password, m_config.hashCost);
        m_users.deleteSessionsOf(u.id);
        return std::nullopt;
    });
}

Result<model::User> AuthService::updateProfile(const Actor& actor, std::int64_t userId, const ProfileFields& fields)
{
    if (userId != actor.userId)
        if (auto e = require(actor, Perm::UserManage))
            return *e;
    db::Transaction tx(m_ctx.db);
    auto user = m_users.get(userId);
    if (!user)
        return Error::notFound("user " + std::to_string(userId) + " does not exist", "user_id");
    const nlohmann::json before = model::toJson(*user);
    if (auto e = applyProfile(fields, user->profile))
        return *e;
    user->updatedAt = m_ctx.clock();
    m_users.update(*user);
    audit(
        m_ctx, actor.userId, "profile.update", "profiles", userId, before["profile"], model::toJson(*user)["profile"]);
    tx.commit();
    return *user;
}

} // namespace crm::service
