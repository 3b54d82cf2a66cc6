// Commands: user.* and profile.update — the accounts, their roles and profiles.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

service::ProfileFields profileFields(const json& p)
{
    return {optStr(p, "first_name"), optStr(p, "last_name"), optStr(p, "phone"), optStr(p, "signature"),
        optStr(p, "language")};
}

namespace {

// A user's reply, with the password made for them when there is one (shown once).
Outcome withTemporary(Outcome out, const std::string& temporary)
{
    if (out.ok() && !temporary.empty())
        out.value()["temporary_password"] = temporary;
    return out;
}

} // namespace

void addUsers(Registry& r, Services& s)
{
    r.add({"user.list", "Every user (to assign clients), with the number of clients each follows (`clients`).", {},
        Perm::ClientAssign, {}, [&s](const Call& c) -> Result<json> {
            auto users = s.auth.listUsers(c.actor);
            if (!users.ok())
                return users.error();
            auto sizes = s.clients.portfolioSizes(c.actor);
            if (!sizes.ok())
                return sizes.error();
            json rows = json::array();
            for (const auto& u : users.value()) {
                json j = model::toJson(u);
                const auto n = sizes.value().find(u.id);
                j["clients"] = n == sizes.value().end() ? 0 : n->second;
                rows.push_back(std::move(j));
            }
            return json{{"rows", rows}};
        }});
    r.add({"user.get", "One user (anyone may read their own).", {idParam()}, Perm::ClientAssign, {},
        [&s](const Call& c) { return asJson(s.auth.getUser(c.actor, integer(c.p, "id"))); }});
    r.add({"user.create",
        "Create a user account. Without a password, one is made and given back once (`temporary_password`).",
        {{"email", PT::String, true, ""}, {"password", PT::String, false, "absent: a temporary one is made"},
            {"role", PT::String, true, "admin | manager | agent"}, {"first_name", PT::String, false, ""},
            {"last_name", PT::String, false, ""}, {"phone", PT::String, false, ""},
            ParamSpec{"signature", PT::String, false, ""}.maxLen(4000), {"language", PT::String, false, "fr | en"}},
        Perm::UserManage, {"users", "profiles", "system_logs"}, [&s](const Call& c) {
            std::string temporary;
            auto u = s.auth.createUser(
                c.actor, {str(c.p, "email"), str(c.p, "password"), str(c.p, "role"), profileFields(c.p)}, &temporary);
            return withTemporary(asJson(std::move(u)), temporary);
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
    r.add({"user.reset_password",
        "Set a new password for a user (their sessions close). Without one, one is made and given back once "
        "(`temporary_password`).",
        {idParam(), {"password", PT::String, false, "absent: a temporary one is made"}}, Perm::UserManage,
        {"users", "profiles", "sessions", "system_logs"}, [&s](const Call& c) {
            std::string temporary;
            auto u = s.auth.resetPassword(c.actor, integer(c.p, "id"), str(c.p, "password"), &temporary);
            return withTemporary(asJson(std::move(u)), temporary);
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
