// The permission matrix, enforced by every service call (the command table's `roles`
// mirror it for api.describe; a test checks the two agree, role by role).
//
//   permission          admin  manager  agent
//   client.read           ✓      ✓      own clients (assigned to them)
//   client.create         ✓      ✓      –
//   client.update         ✓      ✓      own clients (not their assignment)
//   client.assign         ✓      ✓      –
//   client.delete         ✓      ✓      –
//   invoice.read          ✓      ✓      own clients
//   invoice.write         ✓      ✓      –        (create, update, credit notes)
//   invoice.cancel        ✓      ✓      –
//   invoice.dispute       ✓      ✓      own clients (open and resolve disputes)
//   payment.record        ✓      ✓      own clients (record and allocate)
//   payment.void          ✓      ✓      –
//   communication.write   ✓      ✓      own clients
//   document.write        ✓      ✓      own clients
//   document.delete       ✓      ✓      –
//   relance.read          ✓      ✓      ✓
//   relance.manage        ✓      ✓      –        (templates, scenarios, steps, ECB rates)
//   relance.execute       ✓      ✓      own clients (execute the plan, send, tasks)
//   hold.write            ✓      ✓      own clients (promises, payment plans, stops)
//   settings.manage       ✓      –      –        (company settings)
//   report.read           ✓      ✓      own portfolio only
//   log.read              ✓      ✓      –
//   user.manage           ✓      –      –        (accounts, roles, unlock, reset)
//   database.admin        ✓      –      –        (generate test data; later imports, restores)
//   self                  ✓      ✓      ✓        (one's own account: who am I, profile, password, sign-out)
//
// This table is the one statement of who may do what: the command table declares one
// permission per command, and api.describe's `roles` and auth.me's `capabilities` are
// derived from it.
#pragma once

#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

enum class Perm {
    ClientRead,
    ClientCreate,
    ClientUpdate,
    ClientAssign,
    ClientDelete,
    InvoiceRead,
    InvoiceWrite,
    InvoiceCancel,
    InvoiceDispute,
    PaymentRecord,
    PaymentVoid,
    CommunicationWrite,
    DocumentWrite,
    DocumentDelete,
    RelanceRead,
    RelanceManage,
    RelanceExecute,
    HoldWrite,
    SettingsManage,
    ReportRead,
    LogRead,
    UserManage,
    DatabaseAdmin,
    Self,
};

// Every permission, in declaration order (for describing them).
const std::vector<Perm>& allPerms();
// "client.read", "user.manage"...: the name the interface tests (auth.me capabilities).
const char* permName(Perm perm);
// The names of the permissions `role` holds.
std::vector<std::string> capabilities(Role role);
// The roles that hold `perm`, as names ("admin", "manager", "agent").
std::vector<std::string> rolesWith(Perm perm);

bool allowed(Role role, Perm perm);
// True when the role's permission is limited to the clients assigned to the user.
bool scopedToOwnClients(Role role);
// The collector filter of a list, report, plan or worklist as the actor may use it: an agent's
// is their own portfolio — a filter naming another collector, or the unassigned clients (0), is
// refused (forbidden, field collector_id, reason not_your_client) rather than quietly answered
// with the agent's own rows; no filter becomes the agent. Other roles keep what they asked.
std::optional<Error> ownPortfolio(const Actor& actor, std::optional<std::int64_t>& collector);

// A `forbidden` error when the actor's role lacks `perm`.
std::optional<Error> require(const Actor& actor, Perm perm);

// `perm`, then, for agents, that the client is assigned to them. An unknown client
// is `not_found`.
std::optional<Error> requireClient(Context& ctx, const Actor& actor, Perm perm, std::int64_t clientId);

} // namespace crm::service
