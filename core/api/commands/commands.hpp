// One function per domain adds that domain's commands to the registry
// (core/api/commands/<domain>.cpp). Dispatcher's constructor calls them all, in this
// order; api.describe lists the commands in the same order.
#pragma once

#include "core/api/registry.hpp"
#include "core/api/services.hpp"
#include "core/snapshot/snapshot.hpp"

#include <functional>
#include <memory>

namespace crm::api::commands {

void addAuth(Registry& r, Services& s);
void addUsers(Registry& r, Services& s);
void addClients(Registry& r, Services& s);
void addInvoices(Registry& r, Services& s);
void addPayments(Registry& r, Services& s);
void addCommunications(Registry& r, Services& s);
void addDocuments(Registry& r, Services& s);
void addRelance(Registry& r, Services& s);
void addEngine(Registry& r, Services& s);
void addHolds(Registry& r, Services& s);
void addReports(Registry& r, Services& s);
void addLog(Registry& r, Services& s);
void addDemo(Registry& r, Services& s);
void addSnapshots(Registry& r, Services& s);
void addImports(Registry& r, Services& s);
void addExports(Registry& r, Services& s);
void addWorklist(Registry& r, Services& s);

// Shared decoders.
service::ClientFields clientFields(const json& p); // the client.create / client.update fields

// A snapshot import as a long command (snapshot.cpp): rows a slice at a time, the
// finished report turned into the result by `result` (snapshot.import, demo.portfolio).
std::unique_ptr<Job> snapshotImportJob(
    std::unique_ptr<snapshot::Importer> imp, std::function<json(const snapshot::ImportReport&)> result);

// Shared encoders (engine.cpp): a plan's action with its names, a hold with its status.
json actionJson(const relance::Action& a, const service::PlanView& v);
json holdJson(const service::HoldView& v);

} // namespace crm::api::commands
