#include "core/service/permissions.hpp"

#include <string>

namespace crm::service {

const char* roleName(Role role)
{
    switch (role) {
    case Role::Admin: return "admin";
    case Role::Manager: return "manager";
    case Role::Agent: return "agent";
    }
    return "agent";
}

std::optional<Role> parseRole(const std::string& name)
{
    if (name == "admin")
        return Role::Admin;
    if (name == "manager")
        return Role::Manager;
    if (name == "agent")
        return Role::Agent;
    return std::nullopt;
}

bool allowed(Role role, Perm perm)
{
    switch (role) {
    case Role::Admin: return true;
    case Role::Manager: return perm != Perm::UserManage;
    case Role::Agent:
        switch (perm) {
        case Perm::ClientRead:
        case Perm::ClientUpdate:
        case Perm::InvoiceRead:
        case Perm::InvoiceDispute:
        case Perm::PaymentRecord:
        case Perm::CommunicationWrite:
        case Perm::DocumentWrite:
        case Perm::RelanceRead:
        case Perm::ReportRead: return true;
        default: return false;
        }
    }
    return false;
}

bool scopedToOwnClients(Role role)
{
    return role == Role::Agent;
}

std::optional<Error> require(const Actor& actor, Perm perm)
{
    if (allowed(actor.role, perm))
        return std::nullopt;
    return Error{
        ErrorCode::Forbidden, std::string("the ") + roleName(actor.role) + " role may not do this", {}, "forbidden"};
}

std::optional<Error> requireClient(Context& ctx, const Actor& actor, Perm perm, std::int64_t clientId)
{
    if (auto e = require(actor, perm))
        return e;
    db::Statement st(ctx.db, "SELECT assigned_to FROM clients WHERE id = ?1");
    st.bind(1, clientId);
    if (!st.step())
        return Error::validation(
            "client_id", "unknown_client", "client " + std::to_string(clientId) + " does not exist");
    if (scopedToOwnClients(actor.role) && (st.isNull(0) || st.getInt(0) != actor.userId))
        return Error{ErrorCode::Forbidden, "this client is not assigned to you", {}, "not_your_client"};
    return std::nullopt;
}

} // namespace crm::service
