// Commands: payment.* and credit_note.create — money received, credit notes, allocation.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

const std::vector<std::string> kMoneyWrites
    = {"payments", "payment_allocations", "invoices", "client_stats", "system_logs"};

ParamSpec allocationsParam()
{
    return ParamSpec{"allocations", PT::Array, false, "[{invoice_id, amount_cents}]"}.of(
        {{"invoice_id", PT::Integer, true, ""}, {"amount_cents", PT::Integer, true, "more than zero"}});
}

std::optional<std::vector<service::AllocationRequest>> allocations(const json& p)
{
    if (!has(p, "allocations"))
        return std::nullopt;
    std::vector<service::AllocationRequest> out;
    for (const auto& a : p["allocations"])
        out.push_back({a["invoice_id"].get<std::int64_t>(), a["amount_cents"].get<std::int64_t>()});
    return out;
}

} // namespace

void addPayments(Registry& r, Services& s)
{
    r.add({"payment.record",
        "Record a payment received; allocated oldest due first unless `allocations` says how (an empty list keeps "
        "it all as credit).",
        {{"client_id", PT::Integer, true, ""}, {"date", PT::String, true, "YYYY-MM-DD, not in the future"},
            {"amount_cents", PT::Integer, true, "more than zero"}, {"currency", PT::String, false, "default EUR"},
            ParamSpec{"method", PT::String, true, "how it was paid"}.oneOf(model::kPaymentMethods),
            {"reference", PT::String, false, "bank or cheque reference"}, allocationsParam()},
        Perm::PaymentRecord, kMoneyWrites, [&s](const Call& c) {
            service::PaymentInput in;
            in.clientId = integer(c.p, "client_id");
            in.date = str(c.p, "date");
            in.amountCents = integer(c.p, "amount_cents");
            in.currency = str(c.p, "currency", "EUR");
            in.method = str(c.p, "method");
            in.reference = str(c.p, "reference");
            in.allocations = allocations(c.p);
            return asJson(s.invoices.recordPayment(c.actor, in));
        }});
    r.add({"payment.suggest_allocation",
        "What payment.record would allocate without `allocations`: oldest due first, disputed invoices left alone, "
        "in the payment's currency. Writes nothing.",
        {{"client_id", PT::Integer, true, ""}, {"amount_cents", PT::Integer, true, "more than zero"},
            {"currency", PT::String, false, "default EUR"}},
        Perm::PaymentRecord, {}, [&s](const Call& c) {
            const std::int64_t amount = integer(c.p, "amount_cents");
            return map(
                s.invoices.suggestAllocation(c.actor, integer(c.p, "client_id"), amount, str(c.p, "currency", "EUR")),
                [amount](const std::vector<service::AllocationRequest>& list) {
                    json out = json::array();
                    std::int64_t used = 0;
                    for (const auto& a : list) {
                        out.push_back({{"invoice_id", a.invoiceId}, {"amount_cents", a.amountCents}});
                        used += a.amountCents;
                    }
                    return json{{"allocations", out}, {"credit_cents", amount - used}};
                });
        }});
    r.add({"credit_note.create", "Issue a credit note (avoir), allocated like a payment.",
        {{"client_id", PT::Integer, true, ""}, {"number", PT::String, true, "unique"},
            {"date", PT::String, true, "YYYY-MM-DD"}, {"amount_cents", PT::Integer, true, ""},
            {"currency", PT::String, false, "default EUR"}, {"reason", PT::String, true, ""}, allocationsParam()},
        Perm::InvoiceWrite, kMoneyWrites, [&s](const Call& c) {
            service::PaymentInput in;
            in.kind = "credit_note";
            in.clientId = integer(c.p, "client_id");
            in.number = str(c.p, "number");
            in.date = str(c.p, "date");
            in.amountCents = integer(c.p, "amount_cents");
            in.currency = str(c.p, "currency", "EUR");
            in.reason = str(c.p, "reason");
            in.allocations = allocations(c.p);
            return asJson(s.invoices.recordPayment(c.actor, in));
        }});
    r.add({"payment.allocate", "Allocate the credit left on a payment or credit note (oldest due first by default).",
        {idParam(), allocationsParam()}, Perm::PaymentRecord, kMoneyWrites,
        [&s](const Call& c) { return asJson(s.invoices.allocate(c.actor, integer(c.p, "id"), allocations(c.p))); }});
    r.add({"payment.void", "Void a payment (bounced cheque, entry error): its allocations are released.",
        {idParam(), {"reason", PT::String, true, ""}}, Perm::PaymentVoid, kMoneyWrites, [&s](const Call& c) {
            return asJson(s.invoices.voidPayment(c.actor, integer(c.p, "id"), str(c.p, "reason")));
        }});
    r.add({"payment.get", "One payment or credit note with its allocations.", {idParam()}, Perm::InvoiceRead, {},
        [&s](const Call& c) { return asJson(s.invoices.getPayment(c.actor, integer(c.p, "id"))); }});
    r.add({"payment.list", "Payments and credit notes, newest first.",
        {{"client_id", PT::Integer, false, ""},
            ParamSpec{"collector_id", PT::Integer, false, "one collector's clients; null: the unassigned ones"}
                .orNull(),
            {"kind", PT::String, false, "payment | credit_note"}, {"from", PT::String, false, ""},
            {"to", PT::String, false, ""}, offsetParam(), limitParam()},
        Perm::InvoiceRead, {}, [&s](const Call& c) {
            model::PaymentQuery q;
            q.clientId = optInt(c.p, "client_id");
            q.collector = idFilter(c.p, "collector_id");
            q.kind = str(c.p, "kind");
            q.dateFrom = str(c.p, "from");
            q.dateTo = str(c.p, "to");
            q.offset = integer(c.p, "offset", 0);
            q.limit = integer(c.p, "limit", 50);
            return pageJson(s.invoices.listPayments(c.actor, q));
        }});
}

} // namespace crm::api::commands
