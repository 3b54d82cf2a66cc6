// invoiceService: invoices, payments, credit notes (avoirs) and their allocation.
//
// Money is exact: integer cents. Every payment or credit note is allocated to
// invoices of the same client and currency, oldest due first by default (skipping
// disputed invoices) or by hand; what is not allocated is kept as the client's credit
// and can be allocated later (allocate). Invariants, kept in each transaction and
// checked by SQLite's CHECKs: an invoice's paid_cents is the sum of its allocations
// and never exceeds its amount; a payment's allocated_cents is the sum of its
// allocations and never exceeds its amount. Cancelling an invoice or voiding a
// payment releases its allocations (back to credit / back to owed).
//
// Errors (validation unless said): number duplicate | required | too_long;
// client_id unknown_client; issue_date / due_date / date invalid_date,
// due_date before_issue_date, date in_future; amount_cents not_positive | too_large
// | below_paid; currency invalid_currency; method unknown_value; reason required;
// allocations[i].invoice_id unknown_invoice | other_client | currency_mismatch |
// cancelled_invoice; allocations[i].amount_cents not_positive | over_allocation;
// allocations exceeds_payment; conflict: already_cancelled, cancelled, voided,
// has_allocations; forbidden; not_found.
#pragma once

#include "core/model/invoice_model.hpp"
#include "core/model/payment_model.hpp"
#include "core/service/context.hpp"
#include "core/util/limits.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct InvoiceFields {
    std::optional<std::string> number, issueDate, dueDate, currency, erpRef, description;
    std::optional<std::int64_t> clientId, amountCents;
};

struct AllocationRequest {
    std::int64_t invoiceId = 0;
    std::int64_t amountCents = 0;
};

// A payment received, or a credit note. With `allocations` absent, the amount is
// allocated automatically (oldest due first); with an empty list, it all stays credit.
struct PaymentInput {
    std::int64_t clientId = 0;
    std::string kind = "payment";
    std::string number; // credit notes
    std::string date;
    std::int64_t amountCents = 0;
    std::string currency = "EUR";
    std::string method; // payments
    std::string reference;
    std::string reason; // credit notes
    std::optional<std::vector<AllocationRequest>> allocations;
};

struct InvoiceDetail {
    model::Invoice invoice;
    std::vector<model::Allocation> allocations;
};

class InvoiceService {
public:
    static constexpr std::int64_t kMaxCents = 100'000'000'000'000; // one thousand billion euros
    // The most all invoices (or all payments) may add up to: 2^53 - 1 cents.
    static constexpr std::int64_t kMaxTotalCents = kMaxExactInteger;
    // How far ahead an invoice may be issued.
    static constexpr long kMaxDaysAhead = 366;

    explicit InvoiceService(Context& ctx) : m_ctx(ctx), m_invoices(ctx.db), m_payments(ctx.db) { }

    Result<model::Invoice> create(const Actor& actor, const InvoiceFields& fields);
    Result<model::Invoice> update(const Actor& actor, std::int64_t id, const InvoiceFields& fields);
    Result<InvoiceDetail> get(const Actor& actor, std::int64_t id);
    Result<model::InvoicePage> list(const Actor& actor, model::InvoiceQuery query);
    Result<model::Invoice> cancel(const Actor& actor, std::int64_t id, const std::string& reason);
    Result<model::Invoice> dispute(const Actor& actor, std::int64_t id, const std::string& reason);
    Result<model::Invoice> resolveDispute(const Actor& actor, std::int64_t id);

    Result<model::Payment> recordPayment(const Actor& actor, const PaymentInput& input);
    // Several payments at once, all or none (a bank statement's automatic matches): each
    // checked as recordPayment checks it, with its allocations named (never oldest-first),
    // against what the earlier ones of the batch already allocated; one transaction, each
    // client's balance refreshed once. An error names the payment: "payments[3].date".
    Result<std::vector<model::Payment>> recordPayments(const Actor& actor, const std::vector<PaymentInput>& inputs);
    // What recordPayment would allocate without `allocations`: the client's open invoices
    // in `currency`, oldest due first, disputed ones left alone, until `amountCents` is
    // used up (writes nothing; the payment form shows it and lets the user edit it).
    // Errors: client_id unknown_client, forbidden, amount_cents not_positive, currency invalid.
    Result<std::vector<AllocationRequest>> suggestAllocation(
        const Actor& actor, std::int64_t clientId, std::int64_t amountCents, const std::string& currency);
    // Allocates a payment's or credit note's remaining credit (auto when `allocations` is absent).
    Result<model::Payment> allocate(
        const Actor& actor, std::int64_t paymentId, const std::optional<std::vector<AllocationRequest>>& allocations);
    Result<model::Payment> voidPayment(const Actor& actor, std::int64_t id, const std::string& reason);
    Result<model::Payment> getPayment(const Actor& actor, std::int64_t id);
    Result<model::PaymentPage> listPayments(const Actor& actor, model::PaymentQuery query);

private:
    std::optional<Error> applyInvoice(const InvoiceFields& f, model::Invoice& inv);
    // A payment's checks (permissions, date, amount, currency, method or credit note number)
    // and its row, not yet written; `recordedCents`: the payments' total so far.
    Result<model::Payment> preparePayment(const Actor& actor, const PaymentInput& in, std::int64_t recordedCents);
    // The rule behind both: oldest due first, disputed invoices left alone.
    std::vector<AllocationRequest> oldestFirst(std::int64_t clientId, const std::string& currency, std::int64_t cents);
    std::optional<Error> allocateInto(
        const Actor& actor, model::Payment& p, const std::optional<std::vector<AllocationRequest>>& requests);
    void releaseAllocations(const std::vector<model::Allocation>& allocations, const std::string& now);

    Context& m_ctx;
    model::InvoiceModel m_invoices;
    model::PaymentModel m_payments;
};

} // namespace crm::service
