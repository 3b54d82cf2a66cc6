// PaymentModel: the `payments` table (money received and credit notes) and
// `payment_allocations` (which part of a payment settles which invoice).
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm::model {

struct Allocation {
    std::int64_t id = 0;
    std::int64_t paymentId = 0;
    std::int64_t invoiceId = 0;
    std::int64_t amountCents = 0;
    std::string createdAt;
};

// How a payment was made: the values of payments.method (the schema's CHECK says the same;
// a test compares them), the command's choices and the interface's (through api.describe).
inline const std::vector<std::string> kPaymentMethods = {"transfer", "cheque", "card", "direct_debit", "cash"};

struct Payment {
    std::int64_t id = 0;
    std::int64_t clientId = 0;
    std::string kind = "payment"; // payment | credit_note
    std::string number;           // credit notes only
    std::string date;
    std::int64_t amountCents = 0;
    std::string currency = "EUR";
    std::string method; // payments only: one of kPaymentMethods
    std::string reference;
    std::string reason;
    std::int64_t allocatedCents = 0;
    std::string voidedAt;
    std::string voidReason;
    std::int64_t createdBy = 0;
    std::string createdAt;
    std::vector<Allocation> allocations;

    std::int64_t unallocatedCents() const { return voidedAt.empty() ? amountCents - allocatedCents : 0; }
};

nlohmann::json toJson(const Payment& p);

struct PaymentQuery {
    std::optional<std::int64_t> clientId;
    std::optional<std::int64_t> collector;
    std::string kind;
    std::string dateFrom;
    std::string dateTo;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
};

struct PaymentPage {
    std::vector<Payment> rows;
    std::int64_t total = 0;
};

class PaymentModel {
public:
    explicit PaymentModel(db::Database& db) : m_db(db) { }

    std::int64_t insert(const Payment& p);
    void update(const Payment& p);               // allocated_cents, voided_at, void_reason
    std::optional<Payment> get(std::int64_t id); // with its allocations
    // The sum of every row's amount (money_totals, kept by triggers).
    std::int64_t total();
    // A client's unallocated credit (payments and credit notes, not voided) per currency.
    std::vector<std::pair<std::string, std::int64_t>> creditByCurrency(std::int64_t clientId);
    std::optional<std::int64_t> findIdByNumber(const std::string& number);
    // A payment (not voided) of `clientId` with this date, amount, currency and
    // reference: what a CSV or FEC import recognises as already recorded.
    std::optional<std::int64_t> findSame(std::int64_t clientId, const std::string& date, std::int64_t amountCents,
        const std::string& currency, const std::string& reference);
    // The payment (not voided) of `clientId` carrying `reference` (non-empty), if any.
    std::optional<std::int64_t> findByReference(std::int64_t clientId, const std::string& reference);
    PaymentPage list(const PaymentQuery& q);

    std::int64_t insertAllocation(const Allocation& a, std::int64_t createdBy);
    // Payments and their allocations written in two statements (a bank statement's automatic
    // matches): each payment's id and its allocations' ids and payment ids are set. The
    // rows follow the last ones of each table, in order.
    void insertMany(std::vector<Payment>& payments);
    // Keeps the allocations' copy of an invoice's dates equal to the invoice's.
    void copyInvoiceDates(std::int64_t invoiceId, const std::string& dueDate, const std::string& issueDate);
    std::vector<Allocation> allocationsOfInvoice(std::int64_t invoiceId);
    void deleteAllocation(std::int64_t id);
    void addAllocated(std::int64_t paymentId, std::int64_t cents);

private:
    db::Database& m_db;
};

} // namespace crm::model
