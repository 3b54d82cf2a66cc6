// Commands: auth.* (first start, sign-in, the session) and user.* / profile.* (accounts).
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

service::ProfileFields profileFields(const json& p)
{
    return {optStr(p, "first_name"), optStr(p, "last_name"), optStr(p, "phone"), optStr(p, "signature"),
        optStr(p, "language")};
}

json loginJson(const service::LoginResult& r)
{
    return {{"token", r.token}, {"expires_at", r.expiresAt}, {"user", model::toJson(r.user)}};
}

} // namespace

void addAuth(Registry& r, Services& s)
{
    r.add({"auth.status", "Whether the first administrator must still be created.", {}, std::nullopt, {},
        [&s](const Call&) -> Outcome {
            return json{{"needs_setup", s.auth.needsSetup()}};
        }});
    r.add({"auth.setup", "First start: create the administrator account (refused once any user exists).",
        {{"email", PT::String, true, "e-mail, the login"},
            {"password", PT::String, true, "10 to 128 characters, a letter and a digit"},
            {"first_name", PT::String, false, ""}, {"last_name", PT::String, false, ""},
            {"language", PT::String, false, "fr | en"}},
        std::nullopt, {"users", "profiles", "system_logs"}, [&s](const Call& c) {
            return asJson(s.auth.setupAdmin({str(c.p, "email"), str(c.p, "password"), "admin", profileFields(c.p)}));
        }});
    r.add({"auth.login", "Sign in; returns the session token to send with every command.",
        {{"email", PT::String, true, ""}, {"password", PT::String, true, ""}}, std::nullopt,
        {"sessions", "users", "system_logs"},
        [&s](const Call& c) { return map(s.auth.login(str(c.p, "email"), str(c.p, "password")), loginJson); }});
    r.add({"auth.logout", "Close this session.", {}, Perm::Self, {"sessions"},
        [&s](const Call& c) { return okJson(s.auth.logout(c.session)); }});
    r.add({"auth.me", "The signed-in user, profile and capabilities (the permissions the role holds).", {}, Perm::Self,
        {}, [&s](const Call& c) {
            return map(s.auth.getUser(c.actor, c.actor.userId), [&](const model::User& u) {
                json j = model::toJson(u);
                j["capabilities"] = service::capabilities(c.actor.role);
                return j;
            });
        }});
    r.add({"auth.change_password", "Change one's own password (other sessions are closed).",
        {{"current_password", PT::String, true, ""}, {"new_password", PT::String, true, ""}}, Perm::Self,
        {"users", "profiles", "sessions", "system_logs"}, [&s](const Call& c) {
            return okJson(
                s.auth.changePassword(c.actor, c.session, str(c.p, "current_password"), str(c.p, "new_password")));
        }});
}

void addUsers(Registry& r, Services& s)
{
    r.add({"user.list", "Every user (to assign clients).", {}, Perm::ClientAssign, {},
        [&s](const Call& c) { return listJson(s.auth.listUsers(c.actor)); }});
    r.add({"user.get", "One user (anyone may read their own).", {idParam()}, Perm::ClientAssign, {},
        [&s](const Call& c) { return asJson(s.auth.getUser(c.actor, integer(c.p, "id"))); }});
    r.add({"user.create", "Create a user account.",
        {{"email", PT::String, true, ""}, {"password", PT::String, true, ""},
            {"role", PT::String, true, "admin | manager | agent"}, {"first_name", PT::String, false, ""},
            {"last_name", PT::String, false, ""}, {"phone", PT::String, false, ""},
            ParamSpec{"signature", PT::String, false, ""}.maxLen(4000), {"language", PT::String, false, "fr | en"}},
        Perm::UserManage, {"users", "profiles", "system_logs"}, [&s](const Call& c) {
            return asJson(s.auth.createUser(
                c.actor, {str(c.p, "email"), str(c.p, "password"), str(c.p, "role"), profileFields(c.p)}));
        }});
    r.add({"user.set_role", "Change a user's role.", {idParam(), {"role", PT::String, true, "admin | manager | agent"}},
        Perm::UserManage, {"users", "profiles", "system_logs"},
        [&s](const Call& c) { return asJson(s.auth.setRole(c.actor, integer(c.p, "id"), str(c.p, "role"))); }});
    r.add({"user.set_active", "Activate or deactivate an account (its sessions close).",
        {idParam(), {"active", PT::Boolean, true, ""}}, Perm::UserManage,
        {"users", "profiles", "sessions", "system_logs"},
        [&s](const Call& c) { return asJson(s.auth.setActive(c.actor, integer(c.p, "id"), boolean(c.p, "active"))); }});
    r.add({"user.unlock", "Lift a lock-out after failed sign-ins.", {idParam()}, Perm::UserManage,
        {"users", "profiles", "system_logs"},
        [&s](const Call& c) { return asJson(s.auth.unlock(c.actor, integer(c.p, "id"))); }});
    r.add({"user.reset_password", "Set a new password for a user (their sessions close).",
        {idParam(), {"password", PT::String, true, ""}}, Perm::UserManage,
        {"users", "profiles", "sessions", "system_logs"}, [&s](const Call& c) {
            return asJson(s.auth.resetPassword(c.actor, integer(c.p, "id"), str(c.p, "password")));
        }});
    r.add({"profile.update", "Edit a profile: one's own, or anyone's for an admin.",
        {{"user_id", PT::Integer, false, "default: oneself"}, {"first_name", PT::String, false, ""},
            {"last_name", PT::String, false, ""}, {"phone", PT::String, false, ""},
            ParamSpec{"signature", PT::String, false, "e-mail signature"}.maxLen(4000),
            {"language", PT::String, false, "fr | en"}},
        Perm::Self, {"profiles", "users", "system_logs"}, [&s](const Call& c) {
            return asJson(s.auth.updateProfile(c.actor, integer(c.p, "user_id", c.actor.userId), profileFields(c.p)));
        }});
}

} // namespace crm::api::commands
