#include "core/service/import_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/import_model.hpp"
#include "core/model/invoice_model.hpp"
#include "core/model/payment_model.hpp"
#include "core/model/user_model.hpp"
#include "core/service/permissions.hpp"
#include "core/util/time.hpp"

#include <nlohmann/json.hpp>

namespace crm::service {

namespace {

using dataimport::Kind;
using dataimport::Row;
using dataimport::RowError;

// The API's field names where they differ from the import's.
std::string importField(const std::string& apiField)
{
    static const std::map<std::string, std::string> k = {{"amount_cents", "amount"},
        {"credit_limit_cents", "credit_limit"}, {"assigned_to", "collector"}, {"client_id", "client_code"}};
    const auto it = k.find(apiField);
    return it == k.end() ? apiField : it->second;
}

// In a FEC, the column a field comes from.
std::string fecColumn(const std::string& field)
{
    static const std::map<std::string, std::string> k
        = {{"code", "CompAuxNum"}, {"client_code", "CompAuxNum"}, {"name", "CompAuxLib"}, {"client_name", "CompAuxLib"},
            {"number", "PieceRef"}, {"issue_date", "PieceDate"}, {"date", "EcritureDate"}, {"amount", "Debit"},
            {"description", "EcritureLib"}, {"reason", "EcritureLib"}, {"reference", "EcritureNum"}};
    const auto it = k.find(field);
    return it == k.end() ? std::string() : it->second;
}

// A row as stored, without what every write changes (the time of the update).
nlohmann::json comparable(nlohmann::json j)
{
    j.erase("updated_at");
    return j;
}

nlohmann::json errorsJson(const std::vector<RowVerdict>& rows)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : rows) {
        if (r.verdict != "error")
            continue;
        for (const auto& e : r.errors)
            out.push_back({{"kind", r.kind}, {"line", r.line}, {"key", r.key}, {"column", e.column}, {"field", e.field},
                {"reason", e.reason}, {"message", e.message}});
    }
    return out;
}

RowVerdict failed(RowVerdict v, RowError e)
{
    v.verdict = "error";
    v.errors.push_back(std::move(e));
    return v;
}

} // namespace

ImportRun::ImportRun(Context& ctx, ClientService& clients, InvoiceService& invoices, const Actor& actor,
    ImportRequest request, bool apply)
    : m_ctx(ctx),
      m_clients(clients),
      m_invoices(invoices),
      m_actor(actor),
      m_request(std::move(request)),
      m_apply(apply)
{
    m_outcome.format = m_request.format;
    auto fileProblem = [&](const RowError& e, std::int64_t line) {
        Error err = Error::validation("content", "invalid_file",
            "the file cannot be read: line " + std::to_string(line) + (e.column.empty() ? "" : ", column " + e.column)
                + ": " + e.message + "; nothing was changed");
        err.details = nlohmann::json::array(
            {{{"line", line}, {"column", e.column}, {"field", e.field}, {"reason", e.reason}, {"message", e.message}}})
                          .dump();
        m_fileError = std::move(err);
    };
    if (m_request.format == "fec") {
        m_fec = dataimport::readFec(m_request.bytes, m_request.options.encoding);
        m_outcome.settings = m_fec.settings;
        if (m_fec.fileError) {
            fileProblem(*m_fec.fileError, m_fec.fileErrorLine);
            return;
        }
        for (const auto& r : m_fec.clients)
            m_queue.push_back({&r, Kind::Clients});
        for (const auto& r : m_fec.invoices)
            m_queue.push_back({&r, Kind::Invoices});
        for (const auto& r : m_fec.payments)
            m_queue.push_back({&r, Kind::Payments});
    } else {
        const Kind kind = m_request.kind;
        m_outcome.kind = dataimport::kindName(kind);
        m_outcome.mappingSource = m_request.options.mapping ? "given" : "guessed";
        m_sheet = dataimport::read(m_request.bytes, kind, m_request.options);
        if (!m_request.options.mapping && !m_sheet.shape.empty()) {
            if (const auto remembered = model::ImportModel(m_ctx.db).mapping(m_sheet.shape)) {
                dataimport::Options o = m_request.options;
                o.mapping = nlohmann::json::parse(*remembered).get<std::map<std::string, std::string>>();
                dataimport::Sheet again = dataimport::read(m_request.bytes, kind, o);
                if (!again.fileError) {
                    m_sheet = std::move(again);
                    m_outcome.mappingSource = "remembered";
                }
            }
        }
        m_outcome.settings = m_sheet.settings;
        m_outcome.headers = m_sheet.headers;
        m_outcome.mapping = m_sheet.mapping;
        if (m_sheet.fileError) {
            const std::string& reason = m_sheet.fileError->reason;
            const bool mapping = reason == "unmapped" || reason == "unknown_column" || reason == "ambiguous_column"
                || reason == "column_mapped_twice" || reason == "unknown_field";
            // A preview shows a mapping to fix with the file's headers; an apply refuses it.
            if (mapping && !m_apply) {
                m_outcome.mappingProblem = *m_sheet.fileError;
                return;
            }
            fileProblem(*m_sheet.fileError, m_sheet.fileErrorLine);
            return;
        }
        for (const auto& r : m_sheet.rows)
            m_queue.push_back({&r, kind});
    }
    m_tx = std::make_unique<db::Transaction>(m_ctx.db);
}

ImportRun::~ImportRun() = default;

std::optional<Result<ImportOutcome>> ImportRun::step(std::int64_t budget)
{
    if (m_fileError)
        return Result<ImportOutcome>(*m_fileError);
    for (std::int64_t n = 0; n < budget && m_next < total(); ++n) {
        const Item& item = m_queue[static_cast<std::size_t>(m_next++)];
        db::Transaction savepoint(m_ctx.db);
        RowVerdict v = applyRow(item);
        if (v.verdict == "new" || v.verdict == "changed")
            savepoint.commit();
        ++m_outcome.counts[v.verdict];
        m_outcome.rows.push_back(std::move(v));
    }
    if (m_next < total())
        return std::nullopt;
    for (const char* k : {"new", "changed", "unchanged", "error"})
        m_outcome.counts.emplace(k, 0);
    for (const auto& bad : m_fec.badLines) {
        m_outcome.rows.push_back({"line", bad.line, "", "error", bad.errors});
        ++m_outcome.counts["error"];
    }
    if (!m_apply || !m_tx) {
        m_tx.reset(); // a preview: everything it did is rolled back
        return Result<ImportOutcome>(m_outcome);
    }
    if (m_outcome.counts["error"] > 0 && !m_request.skipErrors) {
        m_tx.reset();
        Error e = Error::validation("rows", "invalid_rows",
            std::to_string(m_outcome.counts["error"])
                + " rows are in error (details: line, column and reason of each); nothing was written. Fix the file, "
                  "or import the other rows with skip_errors: true");
        e.details = errorsJson(m_outcome.rows).dump();
        return Result<ImportOutcome>(std::move(e));
    }
    if (m_request.format == "csv")
        model::ImportModel(m_ctx.db).remember(
            m_sheet.shape, m_outcome.kind, nlohmann::json(m_sheet.mapping).dump(), m_ctx.clock());
    m_tx->commit();
    m_tx.reset();
    m_outcome.applied = true;
    return Result<ImportOutcome>(m_outcome);
}

std::string ImportRun::header(const std::string& field) const
{
    if (m_request.format == "fec")
        return fecColumn(field);
    const auto it = m_sheet.mapping.find(field);
    return it == m_sheet.mapping.end() ? std::string() : it->second;
}

RowError ImportRun::fromService(const Error& e) const
{
    const std::string field = importField(e.field);
    return {header(field), field, e.reason.empty() ? errorCodeName(e.code) : e.reason, e.message};
}

RowVerdict ImportRun::applyRow(const Item& item)
{
    switch (item.kind) {
    case Kind::Clients: return client(*item.row);
    case Kind::Invoices: return invoice(*item.row);
    case Kind::Payments: break;
    }
    return payment(*item.row);
}

RowVerdict ImportRun::client(const Row& row)
{
    RowVerdict v{"clients", row.line, row.get("code"), "error", row.errors};
    if (!row.errors.empty())
        return v;
    ClientFields f;
    f.code = row.get("code");
    auto text = [&](const char* field, std::optional<std::string>& into) {
        if (row.has(field))
            into = row.get(field);
    };
    text("name", f.name);
    text("email", f.email);
    text("phone", f.phone);
    text("address", f.address);
    text("siret", f.siret);
    text("contact_name", f.contactName);
    text("segment", f.segment);
    text("risk_level", f.riskLevel);
    text("customer_type", f.customerType);
    text("language", f.language);
    if (row.has("payment_terms_days"))
        f.paymentTermsDays = std::stoll(row.get("payment_terms_days"));
    if (row.has("credit_limit"))
        f.creditLimitCents = std::optional<std::int64_t>(std::stoll(row.get("credit_limit")));
    if (row.has("collector")) {
        const auto user = model::UserModel(m_ctx.db).findByEmail(row.get("collector"));
        if (!user)
            return failed(v,
                {header("collector"), "collector", "unknown_user", "no user has this e-mail: " + row.get("collector")});
        f.assignedTo = std::optional<std::int64_t>(user->id);
    }
    model::ClientModel model(m_ctx.db);
    if (const auto id = model.findIdByCode(*f.code)) {
        const nlohmann::json before = comparable(model::toJson(*model.get(*id)));
        f.code.reset(); // the key: kept as stored (its case may differ)
        const auto updated = m_clients.update(m_actor, *id, f);
        if (!updated.ok())
            return failed(v, fromService(updated.error()));
        v.verdict = comparable(model::toJson(updated.value())) == before ? "unchanged" : "changed";
        return v;
    }
    if (!f.name)
        return failed(v, {header("name"), "name", "required", "a new client needs a name"});
    const auto created = m_clients.create(m_actor, f);
    if (!created.ok())
        return failed(v, fromService(created.error()));
    v.verdict = "new";
    return v;
}

Result<std::int64_t> ImportRun::clientId(const Row& row, bool mayCreate, bool& created)
{
    created = false;
    const std::string& code = row.get("client_code");
    model::ClientModel model(m_ctx.db);
    if (const auto id = model.findIdByCode(code))
        return *id;
    if (!mayCreate || !row.has("client_name"))
        return Error::validation("client_code", "unknown_client",
            "no client has the code " + code + (mayCreate ? " (give a client name column to create it)" : ""));
    ClientFields f;
    f.code = code;
    f.name = row.get("client_name");
    const auto c = m_clients.create(m_actor, f);
    if (!c.ok()) {
        Error e = c.error();
        e.field = e.field == "name" ? "client_name" : "client_code";
        return e;
    }
    created = true;
    return c->id;
}

RowVerdict ImportRun::invoice(const Row& row)
{
    RowVerdict v{"invoices", row.line, row.get("number"), "error", row.errors};
    if (!row.errors.empty())
        return v;
    bool createdClient = false;
    const auto cid = clientId(row, true, createdClient);
    if (!cid.ok())
        return failed(v, fromService(cid.error()));
    InvoiceFields f;
    f.number = row.get("number");
    f.clientId = cid.value();
    f.issueDate = row.get("issue_date");
    f.amountCents = std::stoll(row.get("amount"));
    if (*f.amountCents <= 0)
        return failed(v,
            {header("amount"), "amount", "not_positive",
                "an invoice's amount is more than zero (import a credit note as a payment of kind "
                "credit_note)"});
    if (row.has("due_date")) {
        f.dueDate = row.get("due_date");
    } else {
        const auto c = model::ClientModel(m_ctx.db).get(cid.value());
        f.dueDate = timeutil::addDays(*f.issueDate, c ? static_cast<long>(c->paymentTermsDays) : 30L);
    }
    if (row.has("currency"))
        f.currency = row.get("currency");
    if (row.has("erp_ref"))
        f.erpRef = row.get("erp_ref");
    if (row.has("description"))
        f.description = row.get("description");
    model::InvoiceModel model(m_ctx.db);
    if (const auto id = model.findIdByNumber(*f.number)) {
        const nlohmann::json before = comparable(model::toJson(*model.get(*id)));
        f.number.reset();
        const auto updated = m_invoices.update(m_actor, *id, f);
        if (!updated.ok())
            return failed(v, fromService(updated.error()));
        v.verdict = comparable(model::toJson(*model.get(*id))) == before ? "unchanged" : "changed";
        return v;
    }
    const auto created = m_invoices.create(m_actor, f);
    if (!created.ok())
        return failed(v, fromService(created.error()));
    v.verdict = "new";
    return v;
}

RowVerdict ImportRun::payment(const Row& row)
{
    const std::string kind = row.has("kind") ? row.get("kind") : "payment";
    const bool credit = kind == "credit_note";
    RowVerdict v{"payments", row.line, credit ? row.get("number") : row.get("reference"), "error", row.errors};
    if (v.key.empty())
        v.key = row.get("client_code") + " " + row.get("date") + " " + row.get("amount");
    if (!row.errors.empty())
        return v;
    bool unused = false;
    const auto cid = clientId(row, false, unused);
    if (!cid.ok())
        return failed(v, fromService(cid.error()));
    PaymentInput in;
    in.clientId = cid.value();
    in.kind = kind;
    in.date = row.get("date");
    in.amountCents = std::stoll(row.get("amount"));
    in.currency = row.has("currency") ? row.get("currency") : "EUR";
    in.reference = row.get("reference");
    if (in.amountCents <= 0)
        return failed(v, {header("amount"), "amount", "not_positive", "a payment's amount is more than zero"});
    model::PaymentModel payments(m_ctx.db);
    if (credit) {
        if (!row.has("number"))
            return failed(v, {header("number"), "number", "required", "a credit note needs its number"});
        in.number = row.get("number");
        in.reason = row.has("reason") ? row.get("reason") : "Import";
        if (const auto id = payments.findIdByNumber(in.number)) {
            const auto p = payments.get(*id);
            if (p->clientId == in.clientId && p->date == in.date && p->amountCents == in.amountCents
                && p->currency == in.currency)
                v.verdict = "unchanged";
            else
                v = failed(v,
                    {header("number"), "number", "conflict",
                        "a credit note " + in.number + " exists with another client, date or amount"});
            return v;
        }
    } else {
        in.method = row.has("method") ? row.get("method") : "transfer";
        if (payments.findSame(in.clientId, in.date, in.amountCents, in.currency, in.reference)) {
            v.verdict = "unchanged";
            return v;
        }
        if (!in.reference.empty() && payments.findByReference(in.clientId, in.reference))
            return failed(v,
                {header("reference"), "reference", "conflict",
                    "a payment with this reference exists with another date or amount"});
    }
    model::InvoiceModel invoices(m_ctx.db);
    auto target = [&](const std::string& number, const std::string& field) -> Result<std::int64_t> {
        const auto id = invoices.findIdByNumber(number);
        if (!id)
            return Error::validation(field, "unknown_invoice", "no invoice has the number " + number);
        return *id;
    };
    if (row.allocations) {
        in.allocations.emplace();
        for (const auto& [number, cents] : *row.allocations) {
            const auto id = target(number, "number");
            if (!id.ok())
                return failed(v, fromService(id.error()));
            const auto inv = invoices.get(id.value());
            const std::int64_t take = std::min(cents, inv->openCents());
            if (take > 0 && inv->clientId == in.clientId)
                in.allocations->push_back({id.value(), take});
        }
    } else if (row.has("invoice_number")) {
        const auto id = target(row.get("invoice_number"), "invoice_number");
        if (!id.ok())
            return failed(v, fromService(id.error()));
        const auto inv = invoices.get(id.value());
        if (inv->clientId != in.clientId)
            return failed(v,
                {header("invoice_number"), "invoice_number", "other_client",
                    "the invoice " + row.get("invoice_number") + " is another client's"});
        in.allocations.emplace();
        const std::int64_t take = std::min(in.amountCents, inv->openCents());
        if (take > 0)
            in.allocations->push_back({id.value(), take});
    }
    const auto recorded = m_invoices.recordPayment(m_actor, in);
    if (!recorded.ok())
        return failed(v, fromService(recorded.error()));
    v.verdict = "new";
    return v;
}

Result<std::unique_ptr<ImportRun>> ImportService::start(const Actor& actor, ImportRequest request, bool apply)
{
    for (const Perm p : {Perm::ClientCreate, Perm::InvoiceWrite, Perm::PaymentRecord})
        if (auto e = require(actor, p))
            return *e;
    auto run = std::make_unique<ImportRun>(m_ctx, m_clients, m_invoices, actor, std::move(request), apply);
    if (run->fileError())
        return *run->fileError();
    return run;
}

Result<ImportOutcome> ImportService::run(const Actor& actor, ImportRequest request, bool apply)
{
    auto started = start(actor, std::move(request), apply);
    if (!started.ok())
        return started.error();
    for (;;)
        if (auto outcome = started.value()->step(1000))
            return std::move(*outcome);
}

} // namespace crm::service
