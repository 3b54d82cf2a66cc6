// RelanceRunModel: what the engine reads (the open invoices, the clients' terms, the
// (invoice, step) pairs done) and what an execution writes (`relance_actions`,
// `relance_done`, `tasks`, the client's stage) — schema/0005.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::model {

struct EngineClient {
    std::int64_t id = 0;
    std::string segment, risk, customerType;
    std::int64_t scenarioId = 0;
    std::optional<std::int64_t> contractRateBp;
    bool contractCharges = false;
    std::int64_t collectorId = 0;
    std::string address;
};

struct EngineInvoice {
    std::int64_t id = 0, clientId = 0;
    std::string dueDate;
    std::int64_t amountCents = 0, openCents = 0; // open on asOf
    std::string currency;
    bool disputed = false, hasSettlements = false;
};

struct EngineDone {
    std::int64_t invoiceId = 0, stepId = 0;
    std::string on;
    std::int64_t clientId = 0;
};

// Which part of the portfolio: everything, one client, or one collector's clients.
struct EngineScope {
    std::int64_t clientId = 0;
    std::optional<std::int64_t> collectorId; // 0: unassigned clients
};

struct ActionRow {
    std::int64_t id = 0;
    std::string planKey, asOf;
    std::int64_t clientId = 0, stepId = 0;
    std::string stepName, channel, currency;
    std::int64_t openCents = 0;
    std::optional<std::int64_t> interestCents;
    std::int64_t feeCents = 0;
    std::string subject, body, recipient;
    std::int64_t communicationId = 0, documentId = 0;
    std::string status = "to_send", sentAt;
    std::int64_t createdBy = 0;
    std::string createdAt;
    std::string clientName;               // read only
    std::vector<std::int64_t> invoiceIds; // read only (from relance_done)
};

struct ActionQuery {
    std::int64_t clientId = 0;
    std::optional<std::int64_t> collectorId;
    std::string status; // empty: any
    std::string asOf;   // empty: any day
    std::int64_t offset = 0, limit = 100;
};

struct TaskRow {
    std::int64_t id = 0, clientId = 0, userId = 0;
    std::string kind, title, dueOn;
    std::int64_t actionId = 0;
    std::string doneAt, outcome;
    std::int64_t communicationId = 0;
    std::string createdAt;
    std::string clientName, clientPhone; // read only
};

nlohmann::json toJson(const ActionRow& a);
nlohmann::json toJson(const TaskRow& t);

class RelanceRunModel {
public:
    explicit RelanceRunModel(db::Database& db) : m_db(db) { }

    std::vector<EngineClient> clients(const EngineScope& scope);
    // Invoices not paid nor cancelled today, due on or before `dueBy`, with their balance on `asOf`.
    void openInvoices(const EngineScope& scope, const std::string& asOf, const std::string& dueBy,
        const std::function<void(const EngineInvoice&)>& each);
    void done(const EngineScope& scope, const std::function<void(const EngineDone&)>& each);
    // The dated settlements of one invoice (allocations of payments and credit notes).
    std::vector<std::pair<std::string, std::int64_t>> settlements(std::int64_t invoiceId);
    // Number, amount and due date of an invoice (for rendering).
    struct InvoiceFacts {
        std::string number, dueDate;
        std::int64_t amountCents = 0;
    };
    InvoiceFacts invoiceFacts(std::int64_t invoiceId);
    // Invoice numbers and client names by id, for a plan's rows (one statement each).
    std::unordered_map<std::int64_t, std::string> invoiceNumbers(const std::vector<std::int64_t>& ids);
    std::unordered_map<std::int64_t, std::string> clientNames(const std::vector<std::int64_t>& ids);

    std::int64_t insertAction(const ActionRow& a);
    // False when (invoice, step) was already done: the primary key refuses it.
    bool isDone(std::int64_t invoiceId, std::int64_t stepId);
    bool markDone(std::int64_t invoiceId, std::int64_t stepId, std::int64_t actionId, const std::string& on);
    std::optional<ActionRow> action(std::int64_t id);
    std::vector<ActionRow> actions(const ActionQuery& q, std::int64_t& total);
    void setActionSent(std::int64_t id, const std::string& at);
    void setActionLinks(std::int64_t id, std::int64_t communicationId, std::int64_t documentId);
    // Moves the client's stage forward to `stage` (never back). True when it moved.
    bool advanceStage(std::int64_t clientId, const std::string& stage);

    std::int64_t insertTask(const TaskRow& t);
    std::optional<TaskRow> task(std::int64_t id);
    // userId absent: everyone's, 0: unassigned; open: only tasks not done; portfolioOf > 0:
    // only the tasks of that collector's clients.
    std::vector<TaskRow> tasks(
        std::optional<std::int64_t> userId, std::int64_t clientId, bool open, std::int64_t portfolioOf = 0);
    // The client's open tasks go to its collector (userId 0: unassigned): tasks follow their client.
    void reassignOpenTasks(std::int64_t clientId, std::int64_t userId);
    void completeTask(std::int64_t id, const std::string& at, const std::string& outcome, std::int64_t communicationId);

private:
    db::Database& m_db;
};

} // namespace crm::model
