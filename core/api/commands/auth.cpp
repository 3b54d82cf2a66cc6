// Commands: auth.* — first start, sign-in and out, the session's user, one's password.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

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
    r.add({"auth.me",
        "The signed-in user, profile and capabilities (the permissions the role holds), and the core's today.", {},
        Perm::Self, {}, [&s](const Call& c) {
            return map(s.auth.getUser(c.actor, c.actor.userId), [&](const model::User& u) {
                json j = model::toJson(u);
                j["capabilities"] = service::capabilities(c.actor.role);
                j["today"] = s.ctx.today(); // the core's day: screens that default to today or tomorrow
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

} // namespace crm::api::commands
