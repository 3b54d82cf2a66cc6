#include "core/service/invoice_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/settings_model.hpp"
#include "core/service/audit.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

namespace crm::service {

// [SECTION] index: checks, invoices, payments and allocation

namespace {

std::optional<Error> checkAmount(const char* field, std::int64_t cents)
{
    if (cents <= 0)
        return Error::validation(field, "not_positive", std::string(field) + " must be more than zero");
    if (cents > InvoiceService::kMaxCents)
        return Error::validation(field, "too_large", std::string(field) + " is unrealistically large");
    return std::nullopt;
}

// Refuses an amount that would take a portfolio total past what every report can add
// up exactly (2^53 - 1 cents: also the largest integer a JavaScript number holds).
std::optional<Error> checkTotal(const char* field, std::int64_t total, std::int64_t more)
{
    if (more > InvoiceService::kMaxTotalCents - total)
        return Error::validation(field, "total_too_large",
            "this amount would take the portfolio's total past 2^53 - 1 cents (about 90 000 billion euros)");
    return std::nullopt;
}

nlohmann::json paymentJson(const model::Payment& p)
{
    return model::toJson(p);
}

// One allocation request checked against its invoice (nullopt: no such invoice) and its
// payment: `owed` is what is still owed on the invoice, the payment's room what it has not
// allocated yet. `at` names the request ("allocations[2]").
std::optional<Error> checkAllocation(const std::string& at, const AllocationRequest& r,
    const std::optional<model::Invoice>& inv, const model::Payment& p, std::int64_t owed)
{
    if (r.amountCents <= 0)
        return Error::validation(at + ".amount_cents", "not_positive", "an allocation must be more than zero");
    if (!inv)
        return Error::validation(
            at + ".invoice_id", "unknown_invoice", "invoice " + std::to_string(r.invoiceId) + " does not exist");
    if (inv->clientId != p.clientId)
        return Error::validation(
            at + ".invoice_id", "other_client", "invoice " + inv->number + " belongs to another client");
    if (!inv->cancelledAt.empty())
        return Error::validation(at + ".invoice_id", "cancelled_invoice", "invoice " + inv->number + " is cancelled");
    if (inv->currency != p.currency)
        return Error::validation(
            at + ".invoice_id", "currency_mismatch", "invoice " + inv->number + " is in " + inv->currency);
    if (r.amountCents > owed)
        return Error::validation(
            at + ".amount_cents", "over_allocation", "more than what is still owed on invoice " + inv->number);
    if (r.amountCents > p.amountCents - p.allocatedCents)
        return Error::validation("allocations", "exceeds_payment", "the allocations exceed the amount available");
    return std::nullopt;
}

} // namespace

// [SECTION] invoices

std::optional<Error> InvoiceService::applyInvoice(const InvoiceFields& f, model::Invoice& inv)
{
    if (f.number) {
        std::string n = text::trim(*f.number);
        if (n.empty())
            return Error::validation("number", "required", "number is required");
        if (auto e = checkText("number", n, limit::kKey))
            return e;
        inv.number = std::move(n);
    }
    if (f.clientId)
        inv.clientId = *f.clientId;
    if (f.issueDate) {
        if (!timeutil::isValidDate(*f.issueDate))
            return Error::validation("issue_date", "invalid_date", "issue_date must be a date YYYY-MM-DD");
        inv.issueDate = *f.issueDate;
    }
    if (f.dueDate) {
        if (!timeutil::isValidDate(*f.dueDate))
            return Error::validation("due_date", "invalid_date", "due_date must be a date YYYY-MM-DD");
        inv.dueDate = *f.dueDate;
    }
    if (inv.dueDate < inv.issueDate) {
        // Name the field the caller changed: moving the issue date past the due date is
        // the issue date's fault.
        const bool issueMoved = f.issueDate && !f.dueDate;
        return Error::validation(issueMoved ? "issue_date" : "due_date",
            issueMoved ? "after_due_date" : "before_issue_date",
            issueMoved ? "the issue date is after the due date" : "the due date is before the issue date");
    }
    if (f.issueDate && inv.issueDate > timeutil::addDays(m_ctx.today(), kMaxDaysAhead))
        return Error::validation(
            "issue_date", "far_future", "the issue date is more than " + std::to_string(kMaxDaysAhead) + " days ahead");
    if (f.amountCents) {
        if (auto e = checkAmount("amount_cents", *f.amountCents))
            return e;
        if (*f.amountCents < inv.paidCents)
            return Error::validation("amount_cents", "below_paid", "the amount is below what was already paid");
        inv.amountCents = *f.amountCents;
    }
    if (f.currency) {
        if (!isCurrencyCode(*f.currency))
            return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
        inv.currency = *f.currency;
    }
    if (f.erpRef) {
        if (auto e = checkText("erp_ref", text::trim(*f.erpRef), limit::kKey))
            return e;
        inv.erpRef = text::trim(*f.erpRef);
    }
    if (f.description) {
        if (auto e = checkText("description", *f.description, limit::kDescription, true))
            return e;
        inv.description = *f.description;
    }
    return std::nullopt;
}

Result<model::Invoice> InvoiceService::create(const Actor& actor, const InvoiceFields& fields)
{
    if (auto e = require(actor, Perm::InvoiceWrite))
        return *e;
    for (auto [present, field] : {std::pair{fields.number.has_value(), "number"},
             {fields.clientId.has_value(), "client_id"}, {fields.issueDate.has_value(), "issue_date"},
             {fields.dueDate.has_value(), "due_date"}, {fields.amountCents.has_value(), "amount_cents"}})
        if (!present)
            return Error::validation(field, "required", std::string(field) + " is required");
    db::Transaction tx(m_ctx.db);
    model::Invoice inv;
    inv.currency = model::SettingsModel(m_ctx.db).company().defaultCurrency; // unless the invoice says
    if (auto e = applyInvoice(fields, inv))
        return *e;
    if (auto e = requireClient(m_ctx, actor, Perm::InvoiceWrite, inv.clientId))
        return *e;
    if (m_invoices.findIdByNumber(inv.number))
        return Error::validation("number", "duplicate", "invoice number '" + inv.number + "' already exists");
    if (auto e = checkTotal("amount_cents", m_invoices.total(), inv.amountCents))
        return *e;
    inv.createdAt = inv.updatedAt = m_ctx.clock();
    inv.id = m_invoices.insert(inv);
    auto stored = *m_invoices.get(inv.id);
    audit(m_ctx, actor.userId, "invoice.create", "invoices", inv.id, nullptr, model::toJson(stored));
    model::ClientModel(m_ctx.db).refreshStatsFor(inv.clientId, m_ctx.today());
    tx.commit();
    return stored;
}

Result<model::Invoice> InvoiceService::update(const Actor& actor, std::int64_t id, const InvoiceFields& fields)
{
    if (auto e = require(actor, Perm::InvoiceWrite))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto existing = m_invoices.get(id);
    if (!existing)
        return Error::notFound("invoice " + std::to_string(id) + " does not exist");
    if (!existing->cancelledAt.empty())
        return Error::conflict("cancelled", "a cancelled invoice cannot be changed");
    model::Invoice inv = *existing;
    if (auto e = applyInvoice(fields, inv))
        return *e;
    if (inv.clientId != existing->clientId || inv.currency != existing->currency) {
        const char* field = inv.clientId != existing->clientId ? "client_id" : "currency";
        if (existing->paidCents > 0)
            return Error::validation(
                field, "has_allocations", "payments are allocated to this invoice: release them first");
        // Its documents and communications belong to the client it was issued to: an
        // invoice that has any stays with that client.
        if (inv.clientId != existing->clientId && m_invoices.hasHistory(id))
            return Error::validation(
                field, "has_history", "this invoice has documents or communications: it cannot move to another client");
        if (auto e = requireClient(m_ctx, actor, Perm::InvoiceWrite, inv.clientId))
            return *e;
    }
    if (auto other = m_invoices.findIdByNumber(inv.number); other && *other != id)
        return Error::validation("number", "duplicate", "invoice number '" + inv.number + "' already exists");
    if (inv.amountCents > existing->amountCents)
        if (auto e = checkTotal("amount_cents", m_invoices.total(), inv.amountCents - existing->amountCents))
            return *e;
    inv.updatedAt = m_ctx.clock();
    m_invoices.update(inv);
    if (inv.dueDate != existing->dueDate || inv.issueDate != existing->issueDate)
        m_payments.copyInvoiceDates(id, inv.dueDate, inv.issueDate);
    auto stored = *m_invoices.get(id);
    audit(m_ctx, actor.userId, "invoice.update", "invoices", id, model::toJson(*existing), model::toJson(stored));
    model::ClientModel clients(m_ctx.db);
    clients.refreshStatsFor(existing->clientId, m_ctx.today());
    clients.refreshStatsFor(inv.clientId, m_ctx.today());
    tx.commit();
    return stored;
}

Result<InvoiceDetail> InvoiceService::get(const Actor& actor, std::int64_t id)
{
    auto inv = m_invoices.get(id);
    if (!inv)
        return Error::notFound("invoice " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::InvoiceRead, inv->clientId))
        return *e;
    return InvoiceDetail{*inv, m_payments.allocationsOfInvoice(id)};
}

Result<model::InvoicePage> InvoiceService::list(const Actor& actor, model::InvoiceQuery query)
{
    if (auto e = require(actor, Perm::InvoiceRead))
        return *e;
    if (query.limit < 1 || query.limit > 1000)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and 1000");
    if (query.offset < 0)
        return Error::validation("offset", "out_of_range", "offset must not be negative");
    static const char* kStatuses[] = {"", "open", "partially_paid", "paid", "cancelled", "disputed", "unpaid"};
    if (std::none_of(std::begin(kStatuses), std::end(kStatuses), [&](const char* s) { return query.status == s; }))
        return Error::validation(
            "status", "unknown_value", "status is open, partially_paid, paid, cancelled, disputed or unpaid");
    for (auto [v, field] : {std::pair{&query.dueFrom, "due_from"}, {&query.dueTo, "due_to"}, {&query.asOf, "as_of"}})
        if (!v->empty() && !timeutil::isValidDate(*v))
            return Error::validation(field, "invalid_date", std::string(field) + " must be a date YYYY-MM-DD");
    if (!query.bucket.empty() && model::bucketIndex(query.bucket) < 0)
        return Error::validation("bucket", "unknown_value", "bucket is not_due, 1_30, 31_60, 61_90 or over_90");
    query.today = m_ctx.today();
    if (query.clientSearch.size() > 200 || !text::isValidUtf8(query.clientSearch))
        return Error::validation("client", "invalid_characters", "client must be valid UTF-8 of at most 200 bytes");
    if (!query.bucket.empty() && query.asOf.empty())
        query.asOf = m_ctx.today();
    if (!query.currency.empty() && !isCurrencyCode(query.currency))
        return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
    if (auto e = ownPortfolio(actor, query.collector))
        return *e;
    db::ReadTransaction snapshot(m_ctx.db); // the total, the page, its names and holds: one view
    return m_invoices.list(query);
}

void InvoiceService::releaseAllocations(const std::vector<model::Allocation>& allocations, const std::string& now)
{
    for (const auto& a : allocations) {
        m_payments.addAllocated(a.paymentId, -a.amountCents);
        m_invoices.addPaid(a.invoiceId, -a.amountCents, now);
        m_payments.deleteAllocation(a.id);
    }
}

Result<model::Invoice> InvoiceService::cancel(const Actor& actor, std::int64_t id, const std::string& reasonIn)
{
    if (auto e = require(actor, Perm::InvoiceCancel))
        return *e;
    const std::string reason = text::trim(reasonIn);
    if (auto e = checkText("reason", reason, limit::kReason, false, 1)) // required, at most 500 characters
        return *e;
    db::Transaction tx(m_ctx.db);
    auto inv = m_invoices.get(id);
    if (!inv)
        return Error::notFound("invoice " + std::to_string(id) + " does not exist");
    if (!inv->cancelledAt.empty())
        return Error::conflict("already_cancelled", "the invoice is already cancelled");
    const auto before = model::toJson(*inv);
    const std::string now = m_ctx.clock();
    const auto released = m_payments.allocationsOfInvoice(id);
    releaseAllocations(released, now); // the money goes back to the client's credit
    inv = m_invoices.get(id);
    inv->cancelledAt = now;
    inv->cancelReason = reason;
    inv->updatedAt = now;
    m_invoices.update(*inv);
    auto stored = *m_invoices.get(id);
    auto after = model::toJson(stored);
    after["released_allocations"] = nlohmann::json::array();
    for (const auto& a : released)
        after["released_allocations"].push_back({{"payment_id", a.paymentId}, {"amount_cents", a.amountCents}});
    audit(m_ctx, actor.userId, "invoice.cancel", "invoices", id, before, after);
    model::ClientModel(m_ctx.db).refreshStatsFor(stored.clientId, m_ctx.today());
    tx.commit();
    return stored;
}

Result<model::Invoice> InvoiceService::dispute(const Actor& actor, std::int64_t id, const std::string& reasonIn)
{
    const std::string reason = text::trim(reasonIn);
    db::Transaction tx(m_ctx.db);
    auto inv = m_invoices.get(id);
    if (!inv)
        return Error::notFound("invoice " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::InvoiceDispute, inv->clientId))
        return *e;
    if (auto e = checkText("reason", reason, limit::kReason, false, 1)) // required, at most 500 characters
        return *e;
    if (!inv->cancelledAt.empty())
        return Error::conflict("cancelled", "a cancelled invoice cannot be disputed");
    const auto before = model::toJson(*inv);
    inv->disputed = true;
    inv->disputeReason = reason;
    inv->updatedAt = m_ctx.clock();
    m_invoices.update(*inv);
    auto stored = *m_invoices.get(id);
    audit(m_ctx, actor.userId, "invoice.dispute", "invoices", id, before, model::toJson(stored));
    tx.commit();
    return stored;
}

Result<model::Invoice> InvoiceService::resolveDispute(const Actor& actor, std::int64_t id)
{
    db::Transaction tx(m_ctx.db);
    auto inv = m_invoices.get(id);
    if (!inv)
        return Error::notFound("invoice " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::InvoiceDispute, inv->clientId))
        return *e;
    if (!inv->disputed)
        return Error::conflict("not_disputed", "the invoice is not disputed");
    const auto before = model::toJson(*inv);
    inv->disputed = false;
    inv->updatedAt = m_ctx.clock();
    m_invoices.update(*inv);
    auto stored = *m_invoices.get(id);
    audit(m_ctx, actor.userId, "invoice.resolve_dispute", "invoices", id, before, model::toJson(stored));
    tx.commit();
    return stored;
}

// [SECTION] payments and allocation

std::optional<Error> InvoiceService::allocateInto(
    const Actor& actor, model::Payment& p, const std::optional<std::vector<AllocationRequest>>& requests)
{
    const std::string now = m_ctx.clock();
    auto add = [&](std::int64_t invoiceId, std::int64_t cents) {
        model::Allocation a{0, p.id, invoiceId, cents, now};
        a.id = m_payments.insertAllocation(a, actor.userId);
        m_invoices.addPaid(invoiceId, cents, now);
        p.allocatedCents += cents;
        p.allocations.push_back(a);
    };
    if (!requests) {
        for (const auto& a : oldestFirst(p.clientId, p.currency, p.amountCents - p.allocatedCents))
            add(a.invoiceId, a.amountCents);
    } else {
        for (std::size_t k = 0; k < requests->size(); ++k) {
            const auto& r = (*requests)[k];
            const auto inv = r.amountCents > 0 ? m_invoices.get(r.invoiceId) : std::nullopt;
            if (auto e = checkAllocation(
                    "allocations[" + std::to_string(k) + "]", r, inv, p, inv ? inv->amountCents - inv->paidCents : 0))
                return e;
            add(inv->id, r.amountCents); // the payment's room shrinks by it
        }
    }
    m_payments.update(p);
    return std::nullopt;
}

std::vector<AllocationRequest> InvoiceService::oldestFirst(
    std::int64_t clientId, const std::string& currency, std::int64_t cents)
{
    std::vector<AllocationRequest> out;
    for (const auto& inv : m_invoices.owedByClient(clientId, currency, false)) {
        if (cents <= 0)
            break;
        const std::int64_t take = std::min(cents, inv.amountCents - inv.paidCents);
        out.push_back({inv.id, take});
        cents -= take;
    }
    return out;
}

Result<std::vector<AllocationRequest>> InvoiceService::suggestAllocation(
    const Actor& actor, std::int64_t clientId, std::int64_t amountCents, const std::string& currency)
{
    if (auto e = requireClient(m_ctx, actor, Perm::PaymentRecord, clientId)) // and that it exists
        return *e;
    if (amountCents <= 0)
        return Error::validation("amount_cents", "not_positive", "the amount must be more than zero");
    if (!isCurrencyCode(currency))
        return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
    return oldestFirst(clientId, currency, amountCents);
}

Result<model::Payment> InvoiceService::preparePayment(
    const Actor& actor, const PaymentInput& in, std::int64_t recordedCents)
{
    const bool creditNote = in.kind == "credit_note";
    if (in.kind != "payment" && !creditNote)
        return Error::validation("kind", "unknown_value", "kind is payment or credit_note");
    if (auto e = require(actor, creditNote ? Perm::InvoiceWrite : Perm::PaymentRecord))
        return *e;
    if (auto e = requireClient(m_ctx, actor, creditNote ? Perm::InvoiceWrite : Perm::PaymentRecord, in.clientId))
        return *e;
    if (!timeutil::isValidDate(in.date))
        return Error::validation("date", "invalid_date", "date must be a date YYYY-MM-DD");
    if (in.date > m_ctx.today())
        return Error::validation("date", "in_future", "a payment cannot be dated in the future");
    if (auto e = checkAmount("amount_cents", in.amountCents))
        return *e;
    if (auto e = checkTotal("amount_cents", recordedCents, in.amountCents))
        return *e;
    if (!isCurrencyCode(in.currency))
        return Error::validation("currency", "invalid_currency", "currency is an ISO 4217 code such as EUR");
    model::Payment p;
    p.clientId = in.clientId;
    p.kind = in.kind;
    p.date = in.date;
    p.amountCents = in.amountCents;
    p.currency = in.currency;
    p.reference = text::trim(in.reference);
    if (auto e = checkText("reference", p.reference, limit::kReference))
        return *e;
    if (creditNote) {
        p.number = text::trim(in.number);
        if (p.number.empty())
            return Error::validation("number", "required", "a credit note needs a number");
        if (auto e = checkText("number", p.number, limit::kKey))
            return *e;
        if (m_payments.findIdByNumber(p.number))
            return Error::validation("number", "duplicate", "credit note number '" + p.number + "' already exists");
        p.reason = text::trim(in.reason);
        if (auto e = checkText("reason", p.reason, limit::kReason, false, 1)) // say why the credit note is issued
            return *e;
    } else {
        const auto& methods = model::kPaymentMethods;
        if (std::find(methods.begin(), methods.end(), in.method) == methods.end())
            return Error::validation("method", "unknown_value", "method is not one of the payment methods");
        p.method = in.method;
    }
    p.createdBy = actor.userId;
    p.createdAt = m_ctx.clock();
    return p;
}

Result<model::Payment> InvoiceService::recordPayment(const Actor& actor, const PaymentInput& in)
{
    db::Transaction tx(m_ctx.db);
    auto prepared = preparePayment(actor, in, m_payments.total());
    if (!prepared.ok())
        return prepared.error();
    model::Payment p = std::move(prepared).value();
    p.id = m_payments.insert(p);
    if (auto e = allocateInto(actor, p, in.allocations))
        return *e; // rolls back the payment too
    auto stored = *m_payments.get(p.id);
    audit(m_ctx, actor.userId, p.kind == "credit_note" ? "credit_note.create" : "payment.record", "payments", p.id,
        nullptr, paymentJson(stored));
    model::ClientModel(m_ctx.db).refreshStatsFor(p.clientId, m_ctx.today());
    tx.commit();
    return stored;
}

Result<std::vector<model::Payment>> InvoiceService::recordPayments(
    const Actor& actor, const std::vector<PaymentInput>& inputs)
{
    db::Transaction tx(m_ctx.db);
    std::vector<model::Payment> out;
    out.reserve(inputs.size());
    std::unordered_map<std::int64_t, std::optional<model::Invoice>> invoices; // read once each
    std::unordered_map<std::int64_t, std::int64_t> taken; // invoice -> allocated by this batch so far
    std::int64_t recorded = m_payments.total();
    // Every payment checked before anything is written.
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        const auto& in = inputs[k];
        const std::string at = "payments[" + std::to_string(k) + "]";
        auto named = [&](Error e) {
            e.field = e.field.empty() ? at : at + "." + e.field;
            e.message = at + ": " + e.message;
            return e;
        };
        if (in.kind != "payment" || !in.allocations)
            return named(Error::validation("allocations", "required", "each payment names its allocations"));
        auto prepared = preparePayment(actor, in, recorded);
        if (!prepared.ok())
            return named(prepared.error());
        model::Payment p = std::move(prepared).value();
        recorded += p.amountCents;
        for (std::size_t j = 0; j < in.allocations->size(); ++j) {
            const auto& r = (*in.allocations)[j];
            auto found = invoices.find(r.invoiceId);
            if (found == invoices.end() && r.amountCents > 0)
                found = invoices.emplace(r.invoiceId, m_invoices.get(r.invoiceId)).first;
            const auto& inv = found == invoices.end() ? std::nullopt : found->second;
            const std::int64_t owed = inv ? inv->amountCents - inv->paidCents - taken[r.invoiceId] : 0;
            if (auto e = checkAllocation("allocations[" + std::to_string(j) + "]", r, inv, p, owed))
                return named(*e);
            taken[r.invoiceId] += r.amountCents;
            p.allocatedCents += r.amountCents;
            p.allocations.push_back({0, 0, r.invoiceId, r.amountCents, p.createdAt});
        }
        out.push_back(std::move(p));
    }
    m_payments.insertMany(out);
    std::vector<std::pair<std::int64_t, std::int64_t>> paid(taken.begin(), taken.end());
    std::sort(paid.begin(), paid.end());
    m_invoices.addPaidMany(paid, m_ctx.clock());
    std::vector<std::pair<std::int64_t, nlohmann::json>> created;
    std::set<std::int64_t> clients;
    for (const auto& p : out) {
        created.push_back({p.id, paymentJson(p)});
        clients.insert(p.clientId);
    }
    auditCreated(m_ctx, actor.userId, "payment.record", "payments", created);
    model::ClientModel(m_ctx.db).refreshStatsFor({clients.begin(), clients.end()}, m_ctx.today());
    tx.commit();
    return out;
}

Result<model::Payment> InvoiceService::allocate(
    const Actor& actor, std::int64_t paymentId, const std::optional<std::vector<AllocationRequest>>& allocations)
{
    db::Transaction tx(m_ctx.db);
    auto p = m_payments.get(paymentId);
    if (!p)
        return Error::notFound("payment " + std::to_string(paymentId) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::PaymentRecord, p->clientId))
        return *e;
    if (!p->voidedAt.empty())
        return Error::conflict("voided", "this payment is voided");
    const auto before = paymentJson(*p);
    p->allocations.clear();
    if (auto e = allocateInto(actor, *p, allocations))
        return *e;
    auto stored = *m_payments.get(paymentId);
    audit(m_ctx, actor.userId, "payment.allocate", "payments", paymentId, before, paymentJson(stored));
    model::ClientModel(m_ctx.db).refreshStatsFor(p->clientId, m_ctx.today());
    tx.commit();
    return stored;
}

Result<model::Payment> InvoiceService::voidPayment(const Actor& actor, std::int64_t id, const std::string& reasonIn)
{
    if (auto e = require(actor, Perm::PaymentVoid))
        return *e;
    const std::string reason = text::trim(reasonIn);
    if (auto e = checkText("reason", reason, limit::kReason, false, 1)) // required, at most 500 characters
        return *e;
    db::Transaction tx(m_ctx.db);
    auto p = m_payments.get(id);
    if (!p)
        return Error::notFound("payment " + std::to_string(id) + " does not exist");
    if (!p->voidedAt.empty())
        return Error::conflict("voided", "this payment is already voided");
    const auto before = paymentJson(*p);
    const std::string now = m_ctx.clock();
    releaseAllocations(p->allocations, now);
    p = m_payments.get(id);
    p->voidedAt = now;
    p->voidReason = reason;
    m_payments.update(*p);
    auto stored = *m_payments.get(id);
    audit(m_ctx, actor.userId, "payment.void", "payments", id, before, paymentJson(stored));
    model::ClientModel(m_ctx.db).refreshStatsFor(p->clientId, m_ctx.today());
    tx.commit();
    return stored;
}

Result<model::Payment> InvoiceService::getPayment(const Actor& actor, std::int64_t id)
{
    auto p = m_payments.get(id);
    if (!p)
        return Error::notFound("payment " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::InvoiceRead, p->clientId))
        return *e;
    return *p;
}

Result<model::PaymentPage> InvoiceService::listPayments(const Actor& actor, model::PaymentQuery query)
{
    if (auto e = require(actor, Perm::InvoiceRead))
        return *e;
    if (query.limit < 1 || query.limit > 1000)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and 1000");
    if (query.offset < 0)
        return Error::validation("offset", "out_of_range", "offset must not be negative");
    if (!query.kind.empty() && query.kind != "payment" && query.kind != "credit_note")
        return Error::validation("kind", "unknown_value", "kind is payment or credit_note");
    for (auto [v, field] : {std::pair{&query.dateFrom, "from"}, {&query.dateTo, "to"}})
        if (!v->empty() && !timeutil::isValidDate(*v))
            return Error::validation(field, "invalid_date", std::string(field) + " must be a date YYYY-MM-DD");
    if (auto e = ownPortfolio(actor, query.collector))
        return *e;
    return m_payments.list(query);
}

} // namespace crm::service
