#include "core/service/permissions.hpp"

#include "core/model/client_model.hpp"

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
    case Role::Manager: return perm != Perm::UserManage && perm != Perm::DatabaseAdmin && perm != Perm::SettingsManage;
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
        case Perm::RelanceExecute:
        case Perm::HoldWrite:
        case Perm::ReportRead:
        case Perm::Self: return true;
        default: return false;
        }
    }
    return false;
}

const std::vector<Perm>& allPerms()
{
    static const std::vector<Perm> kAll = {Perm::ClientRead, Perm::ClientCreate, Perm::ClientUpdate, Perm::ClientAssign,
        Perm::ClientDelete, Perm::InvoiceRead, Perm::InvoiceWrite, Perm::InvoiceCancel, Perm::InvoiceDispute,
        Perm::PaymentRecord, Perm::PaymentVoid, Perm::CommunicationWrite, Perm::DocumentWrite, Perm::DocumentDelete,
        Perm::RelanceRead, Perm::RelanceManage, Perm::RelanceExecute, Perm::HoldWrite, Perm::SettingsManage,
        Perm::ReportRead, Perm::LogRead, Perm::UserManage, Perm::DatabaseAdmin, Perm::Self};
    return kAll;
}

const char* permName(Perm perm)
{
    switch (perm) {
    case Perm::ClientRead: return "client.read";
    case Perm::ClientCreate: return "client.create";
    case Perm::ClientUpdate: return "client.update";
    case Perm::ClientAssign: return "client.assign";
    case Perm::ClientDelete: return "client.delete";
    case Perm::InvoiceRead: return "invoice.read";
    case Perm::InvoiceWrite: return "invoice.write";
    case Perm::InvoiceCancel: return "invoice.cancel";
    case Perm::InvoiceDispute: return "invoice.dispute";
    case Perm::PaymentRecord: return "payment.record";
    case Perm::PaymentVoid: return "payment.void";
    case Perm::CommunicationWrite: return "communication.write";
    case Perm::DocumentWrite: return "document.write";
    case Perm::DocumentDelete: return "document.delete";
    case Perm::RelanceRead: return "relance.read";
    case Perm::RelanceExecute: return "relance.execute";
    case Perm::HoldWrite: return "hold.write";
    case Perm::SettingsManage: return "settings.manage";
    case Perm::RelanceManage: return "relance.manage";
    case Perm::ReportRead: return "report.read";
    case Perm::LogRead: return "log.read";
    case Perm::UserManage: return "user.manage";
    case Perm::DatabaseAdmin: return "database.admin";
    case Perm::Self: return "self";
    }
    return "?";
}

std::vector<std::string> capabilities(Role role)
{
    std::vector<std::string> out;
    for (Perm p : allPerms())
        if (allowed(role, p))
            out.push_back(permName(p));
    return out;
}

std::vector<std::string> rolesWith(Perm perm)
{
    std::vector<std::string> out;
    for (Role r : {Role::Admin, Role::Manager, Role::Agent})
        if (allowed(r, perm))
            out.push_back(roleName(r));
    return out;
}

bool scopedToOwnClients(Role role)
{
    return role == Role::Agent;
}

std::optional<Error> ownPortfolio(const Actor& actor, std::optional<std::int64_t>& collector)
{
    if (!scopedToOwnClients(actor.role))
        return std::nullopt;
    if (collector && *collector != actor.userId)
        return Error::forbidden("not_your_client", "an agent sees their own portfolio only", "collector_id");
    collector = actor.userId;
    return std::nullopt;
}

std::optional<Error> require(const Actor& actor, Perm perm)
{
    if (allowed(actor.role, perm))
        return std::nullopt;
    return Error::forbidden("forbidden", std::string("the ") + roleName(actor.role) + " role may not do this");
}

std::optional<Error> requireClient(Context& ctx, const Actor& actor, Perm perm, std::int64_t clientId)
{
    if (auto e = require(actor, perm))
        return e;
    const auto collector = model::ClientModel(ctx.db).collectorOf(clientId);
    if (!collector)
        return Error::validation(
            "client_id", "unknown_client", "client " + std::to_string(clientId) + " does not exist");
    if (scopedToOwnClients(actor.role) && *collector != actor.userId)
        return Error::forbidden("not_your_client", "this client is not assigned to you");
    return std::nullopt;
}

} // namespace crm::service
