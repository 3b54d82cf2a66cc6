#include "core/model/user_model.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

constexpr const char* kSelect
    = "SELECT u.id, u.email, u.password_hash, u.role, u.active, u.failed_logins, u.locked_until, u.created_at, "
      "u.updated_at, p.first_name, p.last_name, p.phone, p.signature, p.language "
      "FROM users u LEFT JOIN profiles p ON p.user_id = u.id";

User read(const db::Statement& st)
{
    User u;
    u.id = st.getInt(0);
    u.email = st.getText(1);
    u.passwordHash = st.getText(2);
    u.role = st.getText(3);
    u.active = st.getInt(4) != 0;
    u.failedLogins = static_cast<int>(st.getInt(5));
    u.lockedUntil = st.getOptionalText(6).value_or("");
    u.createdAt = st.getText(7);
    u.updatedAt = st.getText(8);
    u.profile.firstName = st.getText(9);
    u.profile.lastName = st.getText(10);
    u.profile.phone = st.getText(11);
    u.profile.signature = st.getText(12);
    u.profile.language = st.isNull(13) ? "fr" : st.getText(13);
    return u;
}

void writeProfile(db::Database& db, std::int64_t userId, const Profile& p)
{
    db::Statement st(db,
        "INSERT INTO profiles (user_id, first_name, last_name, phone, signature, language) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (user_id) DO UPDATE SET "
        "first_name = excluded.first_name, last_name = excluded.last_name, phone = excluded.phone, "
        "signature = excluded.signature, language = excluded.language");
    st.bind(1, userId).bind(2, p.firstName).bind(3, p.lastName).bind(4, p.phone).bind(5, p.signature);
    st.bind(6, p.language).run();
}

} // namespace

nlohmann::json toJson(const User& u)
{
    return {{"id", u.id}, {"email", u.email}, {"role", u.role}, {"active", u.active},
        {"locked_until", u.lockedUntil.empty() ? nlohmann::json() : nlohmann::json(u.lockedUntil)},
        {"failed_logins", u.failedLogins}, {"created_at", u.createdAt}, {"updated_at", u.updatedAt},
        {"last_login_at", u.lastLoginAt.empty() ? nlohmann::json() : nlohmann::json(u.lastLoginAt)},
        {"profile",
            {{"first_name", u.profile.firstName}, {"last_name", u.profile.lastName}, {"phone", u.profile.phone},
                {"signature", u.profile.signature}, {"language", u.profile.language}}}};
}

std::int64_t UserModel::count()
{
    db::Statement st(m_db, "SELECT count(*) FROM users");
    st.step();
    return st.getInt(0);
}

std::int64_t UserModel::countActiveAdmins()
{
    db::Statement st(m_db, "SELECT count(*) FROM users WHERE role = 'admin' AND active = 1");
    st.step();
    return st.getInt(0);
}

std::int64_t UserModel::insert(const User& u)
{
    db::Statement st(m_db,
        "INSERT INTO users (email, password_hash, role, active, created_at, updated_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
    st.bind(1, u.email).bind(2, u.passwordHash).bind(3, u.role).bind(4, u.active ? 1 : 0);
    st.bind(5, u.createdAt).bind(6, u.updatedAt).run();
    const std::int64_t id = m_db.lastInsertRowid();
    writeProfile(m_db, id, u.profile);
    return id;
}

void UserModel::update(const User& u)
{
    db::Statement st(m_db,
        "UPDATE users SET email = ?2, password_hash = ?3, role = ?4, active = ?5, "
        "failed_logins = ?6, locked_until = ?7, updated_at = ?8 WHERE id = ?1");
    st.bind(1, u.id).bind(2, u.email).bind(3, u.passwordHash).bind(4, u.role).bind(5, u.active ? 1 : 0);
    st.bind(6, u.failedLogins);
    if (u.lockedUntil.empty())
        st.bindNull(7);
    else
        st.bind(7, u.lockedUntil);
    st.bind(8, u.updatedAt).run();
    writeProfile(m_db, u.id, u.profile);
}

std::optional<User> UserModel::get(std::int64_t id)
{
    db::Statement st(m_db, std::string(kSelect) + " WHERE u.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return read(st);
}

std::optional<User> UserModel::findByEmail(const std::string& email)
{
    db::Statement st(m_db, std::string(kSelect) + " WHERE u.email = ?1");
    st.bind(1, email);
    if (!st.step())
        return std::nullopt;
    return read(st);
}

std::vector<User> UserModel::list()
{
    db::Statement st(m_db, std::string(kSelect) + " ORDER BY u.email");
    // The last sign-in: the user's newest log lines first (an index), to the first user.login.
    db::Statement login(
        m_db, "SELECT at FROM system_logs WHERE user_id = ?1 AND action = 'user.login' ORDER BY at DESC LIMIT 1");
    std::vector<User> out;
    while (st.step()) {
        out.push_back(read(st));
        login.reset();
        login.bind(1, out.back().id);
        if (login.step())
            out.back().lastLoginAt = login.getText(0);
    }
    return out;
}

void UserModel::insertSession(const Session& s)
{
    db::Statement st(m_db,
        "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5)");
    st.bind(1, s.tokenHash).bind(2, s.userId).bind(3, s.createdAt).bind(4, s.lastSeenAt).bind(5, s.expiresAt).run();
}

std::optional<Session> UserModel::findSession(const std::string& tokenHash)
{
    db::Statement st(m_db,
        "SELECT token_hash, user_id, created_at, last_seen_at, expires_at FROM sessions "
        "WHERE token_hash = ?1");
    st.bind(1, tokenHash);
    if (!st.step())
        return std::nullopt;
    return Session{st.getText(0), st.getInt(1), st.getText(2), st.getText(3), st.getText(4)};
}

void UserModel::touchSession(const std::string& tokenHash, const std::string& at)
{
    db::Statement st(m_db, "UPDATE sessions SET last_seen_at = ?2 WHERE token_hash = ?1");
    st.bind(1, tokenHash).bind(2, at).run();
}

void UserModel::deleteSession(const std::string& tokenHash)
{
    db::Statement st(m_db, "DELETE FROM sessions WHERE token_hash = ?1");
    st.bind(1, tokenHash).run();
}

void UserModel::deleteSessionsOf(std::int64_t userId, const std::string& exceptTokenHash)
{
    db::Statement st(m_db, "DELETE FROM sessions WHERE user_id = ?1 AND token_hash <> ?2");
    st.bind(1, userId).bind(2, exceptTokenHash).run();
}

void UserModel::deleteExpiredSessions(const std::string& now)
{
    db::Statement st(m_db, "DELETE FROM sessions WHERE expires_at <= ?1");
    st.bind(1, now).run();
}

} // namespace crm::model
