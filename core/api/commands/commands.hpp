// One function per domain adds that domain's commands to the registry
// (core/api/commands/<prefix>.cpp: client.cpp registers client.*). Dispatcher's constructor calls them all, in this
// order; api.describe lists the commands in the same order.
#pragma once

#include "core/api/registry.hpp"
#include "core/api/services.hpp"
#include "core/snapshot/snapshot.hpp"

#include <functional>
#include <memory>

namespace crm::api::commands {

// One file each, named after the method prefix it registers (<prefix>.cpp).
void addAuth(Registry& r, Services& s);           // auth.*
void addUsers(Registry& r, Services& s);          // user.*, profile.update
void addClients(Registry& r, Services& s);        // client.*
void addInvoices(Registry& r, Services& s);       // invoice.*
void addPayments(Registry& r, Services& s);       // payment.*, credit_note.create
void addCommunications(Registry& r, Services& s); // communication.*
void addDocuments(Registry& r, Services& s);      // document.*
void addTemplates(Registry& r, Services& s);      // relance_template.*
void addScenarios(Registry& r, Services& s);      // scenario.*
void addSteps(Registry& r, Services& s);          // step.*
void addSettings(Registry& r, Services& s);       // settings.*
void addRates(Registry& r, Services& s);          // rate.*
void addRelance(Registry& r, Services& s);        // relance.*
void addHolds(Registry& r, Services& s);          // hold.*
void addTasks(Registry& r, Services& s);          // task.*
void addWorklist(Registry& r, Services& s);       // worklist.today
void addReports(Registry& r, Services& s);        // report.*
void addLog(Registry& r, Services& s);            // log.list
void addDemo(Registry& r, Services& s);           // demo.*
void addSnapshots(Registry& r, Services& s);      // snapshot.*
void addImports(Registry& r, Services& s);        // import.*
void addExports(Registry& r, Services& s);        // list.export_csv
void addStorage(Registry& r, Services& s);        // storage.*
void addBank(Registry& r, Services& s);           // bank.*

// Shared decoders.
service::ClientFields clientFields(const json& p);   // the client.create / client.update fields
service::ProfileFields profileFields(const json& p); // a profile's fields (auth.setup, user.*, profile.update)
std::vector<ParamSpec> stepSpecs(bool required);     // a step's fields (step.*, relance.plan's draft_step)
service::StepFields stepFields(const json& p);

// A snapshot import as a long command (snapshot.cpp): rows a slice at a time, the
// finished report turned into the result by `result` (snapshot.import, demo.portfolio).
std::unique_ptr<Job> snapshotImportJob(
    std::unique_ptr<snapshot::Importer> imp, std::function<json(const snapshot::ImportReport&)> result);

// A long command over a service's run (ImportRun, BankImportRun): `step(slice)` until it
// gives the outcome, which `encode` turns into the result; progress is the run's done/total.
template <class Run, class Encode> class SlicedJob : public Job {
public:
    SlicedJob(std::unique_ptr<Run> run, std::int64_t slice, Encode encode)
        : m_run(std::move(run)),
          m_slice(slice),
          m_encode(std::move(encode))
    {
        total = m_run->total();
    }
    std::optional<Outcome> step() override
    {
        auto finished = m_run->step(m_slice);
        done = m_run->done();
        if (!finished)
            return std::nullopt;
        if (!finished->ok())
            return Outcome(finished->error());
        return Outcome(m_encode(finished->value()));
    }

private:
    std::unique_ptr<Run> m_run;
    std::int64_t m_slice;
    Encode m_encode;
};

template <class Run, class Encode>
std::unique_ptr<Job> slicedJob(std::unique_ptr<Run> run, std::int64_t slice, Encode encode)
{
    return std::make_unique<SlicedJob<Run, Encode>>(std::move(run), slice, std::move(encode));
}

// Shared encoders: a plan's action with its names (relance.cpp), a hold with its status (hold.cpp).
json actionJson(const relance::Action& a, const service::PlanView& v);
json holdJson(const service::HoldView& v);

} // namespace crm::api::commands
