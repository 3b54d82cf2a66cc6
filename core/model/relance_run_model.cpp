#include "core/model/relance_run_model.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

namespace {

// "AND <client column> ..." for a scope; parameters ?10 (client) and ?11 (collector).
std::string scopeSql(const EngineScope& s, const char* clientColumn)
{
    std::string sql;
    if (s.clientId > 0)
        sql += std::string(" AND ") + clientColumn + " = ?10";
    if (s.collectorId)
        sql += std::string(" AND ") + clientColumn
            + (*s.collectorId > 0 ? " IN (SELECT id FROM clients WHERE assigned_to = ?11)"
                                  : " IN (SELECT id FROM clients WHERE assigned_to IS NULL)");
    return sql;
}

void bindScope(db::Statement& st, const EngineScope& s)
{
    if (s.clientId > 0)
        st.bind(10, s.clientId);
    if (s.collectorId && *s.collectorId > 0)
        st.bind(11, *s.collectorId);
}

nlohmann::json idOrNull(std::int64_t id)
{
    return id > 0 ? nlohmann::json(id) : nlohmann::json();
}

nlohmann::json textOrNull(const std::string& s)
{
    return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

constexpr const char* kActionColumns
    = "a.id, a.plan_key, a.as_of, a.client_id, coalesce(a.step_id, 0), a.step_name, a.channel, a.currency, "
      "a.open_cents, a.interest_cents, a.fee_cents, a.subject, a.body, a.recipient, coalesce(a.communication_id, 0), "
      "coalesce(a.document_id, 0), a.status, coalesce(a.sent_at, ''), coalesce(a.created_by, 0), a.created_at, c.name";

ActionRow readAction(const db::Statement& st)
{
    ActionRow a;
    a.id = st.getInt(0);
    a.planKey = st.getText(1);
    a.asOf = st.getText(2);
    a.clientId = st.getInt(3);
    a.stepId = st.getInt(4);
    a.stepName = st.getText(5);
    a.channel = st.getText(6);
    a.currency = st.getText(7);
    a.openCents = st.getInt(8);
    if (!st.isNull(9))
        a.interestCents = st.getInt(9);
    a.feeCents = st.getInt(10);
    a.subject = st.getText(11);
    a.body = st.getText(12);
    a.recipient = st.getText(13);
    a.communicationId = st.getInt(14);
    a.documentId = st.getInt(15);
    a.status = st.getText(16);
    a.sentAt = st.getText(17);
    a.createdBy = st.getInt(18);
    a.createdAt = st.getText(19);
    a.clientName = st.getText(20);
    return a;
}

constexpr const char* kTaskColumns
    = "t.id, t.client_id, coalesce(t.user_id, 0), t.kind, t.title, t.due_on, coalesce(t.action_id, 0), "
      "coalesce(t.done_at, ''), coalesce(t.outcome, ''), coalesce(t.communication_id, 0), t.created_at, c.name, "
      "c.phone";

TaskRow readTask(const db::Statement& st)
{
    TaskRow t;
    t.id = st.getInt(0);
    t.clientId = st.getInt(1);
    t.userId = st.getInt(2);
    t.kind = st.getText(3);
    t.title = st.getText(4);
    t.dueOn = st.getText(5);
    t.actionId = st.getInt(6);
    t.doneAt = st.getText(7);
    t.outcome = st.getText(8);
    t.communicationId = st.getInt(9);
    t.createdAt = st.getText(10);
    t.clientName = st.getText(11);
    t.clientPhone = st.getText(12);
    return t;
}

} // namespace

nlohmann::json toJson(const ActionRow& a)
{
    return {{"id", a.id}, {"key", a.planKey}, {"as_of", a.asOf}, {"client_id", a.clientId},
        {"client_name", a.clientName}, {"step_id", idOrNull(a.stepId)}, {"step", a.stepName}, {"channel", a.channel},
        {"currency", a.currency}, {"open_cents", a.openCents},
        {"interest_cents", a.interestCents ? nlohmann::json(*a.interestCents) : nlohmann::json()},
        {"fee_cents", a.feeCents}, {"subject", a.subject}, {"body", a.body}, {"recipient", a.recipient},
        {"communication_id", idOrNull(a.communicationId)}, {"document_id", idOrNull(a.documentId)},
        {"status", a.status}, {"sent_at", textOrNull(a.sentAt)}, {"created_by", idOrNull(a.createdBy)},
        {"created_at", a.createdAt}, {"invoice_ids", a.invoiceIds}};
}

nlohmann::json toJson(const TaskRow& t)
{
    return {{"id", t.id}, {"client_id", t.clientId}, {"client_name", t.clientName}, {"client_phone", t.clientPhone},
        {"user_id", idOrNull(t.userId)}, {"kind", t.kind}, {"title", t.title}, {"due_on", t.dueOn},
        {"action_id", idOrNull(t.actionId)}, {"done_at", textOrNull(t.doneAt)}, {"outcome", textOrNull(t.outcome)},
        {"communication_id", idOrNull(t.communicationId)}, {"created_at", t.createdAt}};
}

std::vector<EngineClient> RelanceRunModel::clients(const EngineScope& scope)
{
    db::Statement st(m_db,
        "SELECT id, segment, risk_level, customer_type, coalesce(scenario_id, 0), contract_rate_bp, contract_charges, "
        "coalesce(assigned_to, 0), address FROM clients WHERE 1"
            + scopeSql(scope, "id"));
    bindScope(st, scope);
    std::vector<EngineClient> out;
    while (st.step()) {
        EngineClient c;
        c.id = st.getInt(0);
        c.segment = st.getText(1);
        c.risk = st.getText(2);
        c.customerType = st.getText(3);
        c.scenarioId = st.getInt(4);
        if (!st.isNull(5))
            c.contractRateBp = st.getInt(5);
        c.contractCharges = st.getInt(6) != 0;
        c.collectorId = st.getInt(7);
        c.address = st.getText(8);
        out.push_back(std::move(c));
    }
    return out;
}

void RelanceRunModel::openInvoices(const EngineScope& scope, const std::string& asOf, const std::string& dueBy,
    const std::function<void(const EngineInvoice&)>& each)
{
    // Money allocated after asOf was still owed on asOf: it is added back.
    std::unordered_map<std::int64_t, std::int64_t> later;
    {
        db::Statement st(m_db,
            "SELECT invoice_id, sum(amount_cents) FROM payment_allocations WHERE payment_date > ?1 "
            "GROUP BY invoice_id");
        st.bind(1, asOf);
        while (st.step())
            later[st.getInt(0)] = st.getInt(1);
    }
    db::Statement st(m_db,
        "SELECT id, client_id, due_date, amount_cents, paid_cents, currency, disputed FROM invoices "
        "INDEXED BY invoices_open_by_due "
        "WHERE cancelled_at IS NULL AND paid_cents < amount_cents AND due_date <= ?1"
            + scopeSql(scope, "client_id"));
    st.bind(1, dueBy);
    bindScope(st, scope);
    EngineInvoice inv;
    while (st.step()) {
        inv.id = st.getInt(0);
        inv.clientId = st.getInt(1);
        inv.dueDate = std::string(st.getTextView(2));
        inv.amountCents = st.getInt(3);
        const std::int64_t paid = st.getInt(4);
        inv.currency = std::string(st.getTextView(5));
        inv.disputed = st.getInt(6) != 0;
        inv.hasSettlements = paid > 0;
        auto it = later.find(inv.id);
        inv.openCents = inv.amountCents - paid + (it == later.end() ? 0 : it->second);
        each(inv);
    }
}

void RelanceRunModel::done(const EngineScope& scope, const std::function<void(const EngineDone&)>& each)
{
    db::Statement st(m_db,
        "SELECT d.invoice_id, d.step_id, d.done_on, i.client_id FROM relance_done d JOIN invoices i ON i.id = "
        "d.invoice_id "
        "WHERE i.cancelled_at IS NULL AND i.paid_cents < i.amount_cents"
            + scopeSql(scope, "i.client_id"));
    bindScope(st, scope);
    while (st.step())
        each({st.getInt(0), st.getInt(1), st.getText(2), st.getInt(3)});
}

std::vector<std::pair<std::string, std::int64_t>> RelanceRunModel::settlements(std::int64_t invoiceId)
{
    db::Statement st(m_db, "SELECT payment_date, amount_cents FROM payment_allocations WHERE invoice_id = ?1");
    st.bind(1, invoiceId);
    std::vector<std::pair<std::string, std::int64_t>> out;
    while (st.step())
        out.emplace_back(std::string(st.getTextView(0)), st.getInt(1));
    return out;
}

RelanceRunModel::InvoiceFacts RelanceRunModel::invoiceFacts(std::int64_t invoiceId)
{
    db::Statement st(m_db, "SELECT number, due_date, amount_cents FROM invoices WHERE id = ?1");
    st.bind(1, invoiceId);
    InvoiceFacts f;
    if (st.step())
        f = {st.getText(0), st.getText(1), st.getInt(2)};
    return f;
}

namespace {

// One text column by id, for many ids (one prepared statement, stepped per id).
std::unordered_map<std::int64_t, std::string> textById(
    db::Database& db, const char* sql, const std::vector<std::int64_t>& ids)
{
    std::unordered_map<std::int64_t, std::string> out;
    out.reserve(ids.size());
    db::Statement st(db, sql);
    for (auto id : ids) {
        st.reset();
        st.bind(1, id);
        if (st.step())
            out.emplace(id, std::string(st.getTextView(0)));
    }
    return out;
}

} // namespace

std::unordered_map<std::int64_t, std::string> RelanceRunModel::invoiceNumbers(const std::vector<std::int64_t>& ids)
{
    return textById(m_db, "SELECT number FROM invoices WHERE id = ?1", ids);
}

std::unordered_map<std::int64_t, std::string> RelanceRunModel::clientNames(const std::vector<std::int64_t>& ids)
{
    return textById(m_db, "SELECT name FROM clients WHERE id = ?1", ids);
}

std::int64_t RelanceRunModel::insertAction(const ActionRow& a)
{
    db::Statement st(m_db,
        "INSERT INTO relance_actions (plan_key, as_of, client_id, step_id, step_name, channel, currency, open_cents, "
        "interest_cents, fee_cents, subject, body, recipient, communication_id, document_id, status, created_by, "
        "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    st.bind(1, a.planKey).bind(2, a.asOf).bind(3, a.clientId).bindIdOrNull(4, a.stepId).bind(5, a.stepName);
    st.bind(6, a.channel).bind(7, a.currency).bind(8, a.openCents);
    if (a.interestCents)
        st.bind(9, *a.interestCents);
    else
        st.bindNull(9);
    st.bind(10, a.feeCents).bind(11, a.subject).bind(12, a.body).bind(13, a.recipient);
    st.bindIdOrNull(14, a.communicationId).bindIdOrNull(15, a.documentId).bind(16, a.status);
    st.bindIdOrNull(17, a.createdBy).bind(18, a.createdAt).run();
    return m_db.lastInsertRowid();
}

bool RelanceRunModel::isDone(std::int64_t invoiceId, std::int64_t stepId)
{
    db::Statement st(m_db, "SELECT EXISTS (SELECT 1 FROM relance_done WHERE invoice_id = ?1 AND step_id = ?2)");
    st.bind(1, invoiceId).bind(2, stepId);
    st.step();
    return st.getInt(0) != 0;
}

bool RelanceRunModel::markDone(
    std::int64_t invoiceId, std::int64_t stepId, std::int64_t actionId, const std::string& on)
{
    db::Statement st(
        m_db, "INSERT OR IGNORE INTO relance_done (invoice_id, step_id, action_id, done_on) VALUES (?1, ?2, ?3, ?4)");
    st.bind(1, invoiceId).bind(2, stepId).bind(3, actionId).bind(4, on).run();
    return m_db.changes() == 1;
}

std::optional<ActionRow> RelanceRunModel::action(std::int64_t id)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kActionColumns
            + " FROM relance_actions a JOIN clients c ON c.id = a.client_id WHERE a.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    ActionRow a = readAction(st);
    db::Statement inv(m_db, "SELECT invoice_id FROM relance_done WHERE action_id = ?1 ORDER BY invoice_id");
    inv.bind(1, id);
    while (inv.step())
        a.invoiceIds.push_back(inv.getInt(0));
    return a;
}

std::vector<ActionRow> RelanceRunModel::actions(const ActionQuery& q, std::int64_t& total)
{
    EngineScope scope{q.clientId, q.collectorId};
    const std::string where
        = " WHERE (?1 = '' OR a.status = ?1) AND (?2 = '' OR a.as_of = ?2)" + scopeSql(scope, "a.client_id");
    {
        db::Statement st(m_db, "SELECT count(*) FROM relance_actions a" + where);
        st.bind(1, q.status).bind(2, q.asOf);
        bindScope(st, scope);
        st.step();
        total = st.getInt(0);
    }
    db::Statement st(m_db,
        std::string("SELECT ") + kActionColumns + " FROM relance_actions a JOIN clients c ON c.id = a.client_id" + where
            + " ORDER BY a.id DESC LIMIT ?3 OFFSET ?4");
    st.bind(1, q.status).bind(2, q.asOf).bind(3, q.limit).bind(4, q.offset);
    bindScope(st, scope);
    std::vector<ActionRow> out;
    while (st.step())
        out.push_back(readAction(st));
    db::Statement inv(m_db, "SELECT invoice_id FROM relance_done WHERE action_id = ?1 ORDER BY invoice_id");
    for (auto& a : out) {
        inv.reset();
        inv.bind(1, a.id);
        while (inv.step())
            a.invoiceIds.push_back(inv.getInt(0));
    }
    return out;
}

void RelanceRunModel::setActionSent(std::int64_t id, const std::string& at)
{
    db::Statement st(m_db, "UPDATE relance_actions SET status = 'sent', sent_at = ?2 WHERE id = ?1");
    st.bind(1, id).bind(2, at).run();
}

void RelanceRunModel::setActionLinks(std::int64_t id, std::int64_t communicationId, std::int64_t documentId)
{
    db::Statement st(m_db, "UPDATE relance_actions SET communication_id = ?2, document_id = ?3 WHERE id = ?1");
    st.bind(1, id).bindIdOrNull(2, communicationId).bindIdOrNull(3, documentId).run();
}

bool RelanceRunModel::advanceStage(std::int64_t clientId, const std::string& stage)
{
    db::Statement st(m_db,
        "UPDATE clients SET stage = ?2 WHERE id = ?1 AND "
        "instr('amiable relance mise_en_demeure contentieux', stage) < "
        "instr('amiable relance mise_en_demeure contentieux', ?2)");
    st.bind(1, clientId).bind(2, stage).run();
    return m_db.changes() == 1;
}

std::int64_t RelanceRunModel::insertTask(const TaskRow& t)
{
    db::Statement st(m_db,
        "INSERT INTO tasks (client_id, user_id, kind, title, due_on, action_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    st.bind(1, t.clientId).bindIdOrNull(2, t.userId).bind(3, t.kind).bind(4, t.title).bind(5, t.dueOn);
    st.bindIdOrNull(6, t.actionId).bind(7, t.createdAt).run();
    return m_db.lastInsertRowid();
}

std::optional<TaskRow> RelanceRunModel::task(std::int64_t id)
{
    db::Statement st(m_db,
        std::string("SELECT ") + kTaskColumns + " FROM tasks t JOIN clients c ON c.id = t.client_id WHERE t.id = ?1");
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readTask(st);
}

std::vector<TaskRow> RelanceRunModel::tasks(
    std::optional<std::int64_t> userId, std::int64_t clientId, bool open, std::int64_t portfolioOf)
{
    std::string sql = std::string("SELECT ") + kTaskColumns
        + " FROM tasks t JOIN clients c ON c.id = t.client_id WHERE (?2 = 0 OR t.client_id = ?2)"
          " AND (?3 = 0 OR t.done_at IS NULL) AND (?4 = 0 OR c.assigned_to = ?4)";
    if (userId)
        sql += *userId > 0 ? " AND t.user_id = ?1" : " AND t.user_id IS NULL";
    sql += " ORDER BY t.done_at IS NOT NULL, t.due_on, t.id LIMIT 1000";
    db::Statement st(m_db, sql);
    if (userId && *userId > 0)
        st.bind(1, *userId);
    st.bind(2, clientId).bind(3, open ? 1 : 0).bind(4, portfolioOf);
    std::vector<TaskRow> out;
    while (st.step())
        out.push_back(readTask(st));
    return out;
}

void RelanceRunModel::reassignOpenTasks(std::int64_t clientId, std::int64_t userId)
{
    db::Statement st(m_db, "UPDATE tasks SET user_id = ?2 WHERE client_id = ?1 AND done_at IS NULL");
    st.bind(1, clientId).bindIdOrNull(2, userId).run();
}

void RelanceRunModel::completeTask(
    std::int64_t id, const std::string& at, const std::string& outcome, std::int64_t communicationId)
{
    db::Statement st(m_db, "UPDATE tasks SET done_at = ?2, outcome = ?3, communication_id = ?4 WHERE id = ?1");
    st.bind(1, id).bind(2, at).bind(3, outcome).bindIdOrNull(4, communicationId).run();
}

} // namespace crm::model
