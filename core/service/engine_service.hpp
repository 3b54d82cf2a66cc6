// EngineService: the relance engine at work — plan a day, execute what the user
// selects, deliver what was executed (links and files), and the collectors' tasks.
//
// relance.plan writes nothing. An execution re-plans for its day inside its own
// transaction, so what it executes is what the rules say at that moment, and each
// (invoice, step) pair is recorded once (relance_done's primary key): running again,
// the same day or later, never repeats one. A key no longer in the plan (paid since,
// held, done by someone else) is reported in `skipped`, not executed.
//
// Errors: as_of invalid_date | in_future (execute); keys required; client_id
// not_found; format unknown_value; task outcome unknown_value; already_done.
#pragma once

#include "core/model/relance_model.hpp"
#include "core/model/relance_run_model.hpp"
#include "core/relance/engine.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::service {

struct PlanQuery {
    std::string asOf;
    std::int64_t clientId = 0;
    std::optional<std::int64_t> collectorId;
    std::set<std::int64_t> onlyClients; // not empty: the plan of these clients only (execution by keys)
    // A step being edited, planned in place of its saved form (a simulation before saving);
    // validated by RelanceService::draftStep. Plans only: an execution refuses it.
    std::optional<model::Step> draftStep;
    // The day's automatic execution (all) while the bank data is stale: the age, in business
    // days, the user confirmed having seen (bank.status); below the actual age it waits.
    std::optional<long> bankAgeConfirmed;
};

// What plan() returns: the engine's plan plus what the interface shows with it.
// A page of the plan: its lists cut to [offset, offset + limit) (limit 0: all), with the
// whole day's counts and totals.
struct PlanPage {
    std::int64_t offset = 0, limit = 0, withheldOffset = 0, withheldLimit = 0;
    std::string mode; // auto | confirm: only the actions of that mode (before the cut); empty: all
};

// The day's actions of one step: what the simulation shows per step and channel.
struct StepTotal {
    std::int64_t stepId = 0, scenarioId = 0;
    long offsetDays = 0;
    std::string step, channel, mode;
    std::int64_t actions = 0, clients = 0, invoices = 0;
    std::int64_t openCents = 0, interestCents = 0, feeCents = 0; // EUR, as the day's totals
};

struct PlanTotals {
    std::int64_t actions = 0, withheld = 0, clients = 0, invoices = 0;
    std::int64_t confirm = 0; // of the actions, those waiting for a user's confirmation
    std::int64_t openCents = 0, interestCents = 0, feeCents = 0; // EUR, each invoice once
    std::set<std::string> missingRates;                          // half-years without an ECB rate the day needs
    std::int64_t withheldForRate = 0;                            // letters withheld for want of one
    std::vector<StepTotal> bySteps;                              // by scenario, then offset
    std::map<std::string, std::int64_t> withheldFor;             // withheld entries by reason
};

// What plan() returns: the engine's plan (one page of it) plus what the interface shows.
struct PlanView {
    relance::Plan plan;
    PlanTotals totals;
    std::unordered_map<std::int64_t, std::string> clientNames;
    std::unordered_map<std::int64_t, std::string> invoiceNumbers;
};

class Execution {
public:
    virtual ~Execution() = default;
    virtual bool step(std::int64_t budget) = 0; // true once finished and committed
    virtual std::int64_t done() const = 0;
    virtual std::int64_t total() const = 0;
    virtual nlohmann::json result() const = 0;
};

struct Delivery {
    std::string kind;                    // link | file
    std::string url;                     // link: mailto:, sms:, tel:
    std::string name, mimeType, content; // file
};

// A reminder written now by hand from a template: what the client owes past due, the
// template rendered over it (the preview), the link that sends it (mailto:, sms:).
struct Composed {
    std::string templateCode, channel, language, subject, body, recipient, url;
    relance::Action action; // the overdue invoices, priced
    std::unordered_map<std::int64_t, std::string> invoiceNumbers;
    std::int64_t communicationId = 0; // sendNow: the communication logged
    std::string pdf;                  // preview of a letter, when asked: the PDF's bytes
};

struct PreviewOptions {
    bool pdf = false;          // a letter template: its PDF too
    bool formalNotice = false; // the letter as a formal notice (mise en demeure)
};

struct TaskDone {
    std::string outcome; // calls: reached | voicemail | promise | refusal | wrong_number; litigation: handed_over
    std::string note;
    std::string promiseDate;
    std::optional<std::int64_t> promiseAmountCents;
};

class EngineService {
public:
    explicit EngineService(Context& ctx) : m_ctx(ctx), m_run(ctx.db) { }

    Result<PlanView> plan(const Actor& actor, PlanQuery q, PlanPage page = {});
    // keys: the plan keys to execute; empty with all = true: every automatic action.
    Result<std::unique_ptr<Execution>> startExecution(
        const Actor& actor, PlanQuery q, std::vector<std::string> keys, bool all);

    Result<std::vector<model::ActionRow>> actions(const Actor& actor, model::ActionQuery q, std::int64_t& total);
    Result<model::ActionRow> markSent(const Actor& actor, std::int64_t id);
    // format: link (mailto:/sms:/tel:) or file (.eml, .pdf, .txt); a file marks the action sent.
    Result<Delivery> deliver(const Actor& actor, std::int64_t id, const std::string& format);

    // The template `templateCode` (in the client's language) rendered over what the client
    // owes past due on asOf (empty: today). Writes nothing. Errors: client_id not_found,
    // template_code unknown_template, nothing_overdue.
    Result<Composed> compose(
        const Actor& actor, std::int64_t clientId, const std::string& templateCode, std::string asOf = {});
    // compose, then log it as sent (a communication about those invoices) and return the
    // link that opens the user's mail or SMS application. E-mail and SMS templates only
    // (template_code wrong_channel); the client needs the address (no_recipient).
    Result<Composed> sendNow(const Actor& actor, std::int64_t clientId, const std::string& templateCode);
    // compose with a template being edited (RelanceService::draftTemplate), not saved.
    Result<Composed> preview(const Actor& actor, std::int64_t clientId, const model::RelanceTemplate& draft,
        std::string asOf = {}, const PreviewOptions& options = {});

    Result<std::vector<model::TaskRow>> tasks(
        const Actor& actor, std::optional<std::int64_t> userId, std::int64_t clientId, bool open);
    Result<model::TaskRow> completeTask(const Actor& actor, std::int64_t id, const TaskDone& in);

    // The portfolio as the engine sees it (exposed for benchmarks and tests).
    relance::Portfolio load(const PlanQuery& q);

private:
    Result<Composed> composeWith(const Actor& actor, std::int64_t clientId, const std::string* templateCode,
        const model::RelanceTemplate* draft, std::string asOf, const PreviewOptions& options);
    std::optional<Error> checkQuery(const Actor& actor, PlanQuery& q, bool forExecution);
    Context& m_ctx;
    model::RelanceRunModel m_run;
};

} // namespace crm::service
