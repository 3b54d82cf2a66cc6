// Commands: invoice.* — invoices, their disputes and cancellation.
#include "core/api/commands/commands.hpp"
#include "core/api/encode.hpp"

namespace crm::api::commands {

using service::Perm;
using PT = ParamType;

namespace {

std::vector<ParamSpec> invoiceFieldSpecs(bool required)
{
    return {{"number", PT::String, required, "invoice number, unique (compared folded: case, accents, spaces)"},
        {"client_id", PT::Integer, required, "client"},
        {"issue_date", PT::String, required, "YYYY-MM-DD, at most a year ahead"},
        {"due_date", PT::String, required, "YYYY-MM-DD, not before the issue date"},
        {"amount_cents", PT::Integer, required, "amount including tax, in cents, more than zero"},
        {"currency", PT::String, false, "ISO 4217 code (default EUR)"},
        {"erp_ref", PT::String, false, "reference in the accounting system"},
        ParamSpec{"description", PT::String, false, "free text"}.maxLen(4000)};
}

service::InvoiceFields invoiceFields(const json& p)
{
    return {optStr(p, "number"), optStr(p, "issue_date"), optStr(p, "due_date"), optStr(p, "currency"),
        optStr(p, "erp_ref"), optStr(p, "description"), optInt(p, "client_id"), optInt(p, "amount_cents")};
}

} // namespace

void addInvoices(Registry& r, Services& s)
{
    r.add({"invoice.create", "Create an invoice.", invoiceFieldSpecs(true), Perm::InvoiceWrite,
        {"invoices", "client_stats", "system_logs"},
        [&s](const Call& c) { return asJson(s.invoices.create(c.actor, invoiceFields(c.p))); }});
    r.add({"invoice.update",
        "Change an invoice that is not cancelled (moving it to another client is refused once it has payments, "
        "communications or documents).",
        concat({idParam()}, invoiceFieldSpecs(false)), Perm::InvoiceWrite,
        {"invoices", "client_stats", "payment_allocations", "system_logs"},
        [&s](const Call& c) { return asJson(s.invoices.update(c.actor, integer(c.p, "id"), invoiceFields(c.p))); }});
    r.add({"invoice.get", "One invoice with the payments allocated to it.", {idParam()}, Perm::InvoiceRead, {},
        [&s](const Call& c) {
            return map(s.invoices.get(c.actor, integer(c.p, "id")), [](const service::InvoiceDetail& d) {
                json j = model::toJson(d.invoice);
                j["allocations"] = json::array();
                for (const auto& a : d.allocations)
                    j["allocations"].push_back({{"id", a.id}, {"payment_id", a.paymentId},
                        {"amount_cents", a.amountCents}, {"created_at", a.createdAt}});
                return j;
            });
        }});
    r.add({"invoice.list", "A page of invoices, filtered and sorted, with the total.",
        {{"client_id", PT::Integer, false, ""},
            ParamSpec{"collector_id", PT::Integer, false, "one collector's clients; null: the unassigned ones"}
                .orNull(),
            {"status", PT::String, false, "open | partially_paid | paid | cancelled | disputed | unpaid"},
            {"bucket", PT::String, false,
                "not_due | 1_30 | 31_60 | 61_90 | over_90: the invoices owed at as_of, by age then (as report.aging "
                "counts them)"},
            asOfParam(), {"due_from", PT::String, false, "YYYY-MM-DD"}, {"due_to", PT::String, false, "YYYY-MM-DD"},
            {"number", PT::String, false, "number prefix"},
            {"client", PT::String, false, "text in the client's code or name (case- and accent-insensitive)"},
            {"currency", PT::String, false, ""},
            {"sort", PT::String, false, "due_date (default) | issue_date | number | amount | open"},
            {"desc", PT::Boolean, false, ""}, offsetParam(), limitParam(),
            {"with_total", PT::Boolean, false,
                "false: total is null (saves a count on the later pages of a long list)"}},
        Perm::InvoiceRead, {}, [&s](const Call& c) -> Outcome {
            model::InvoiceQuery q;
            q.withTotal = boolean(c.p, "with_total", true);
            q.clientId = optInt(c.p, "client_id");
            q.collector = idFilter(c.p, "collector_id");
            q.status = str(c.p, "status");
            q.dueFrom = str(c.p, "due_from");
            q.dueTo = str(c.p, "due_to");
            q.numberPrefix = str(c.p, "number");
            q.clientSearch = str(c.p, "client");
            q.currency = str(c.p, "currency");
            q.desc = boolean(c.p, "desc");
            q.offset = integer(c.p, "offset", 0);
            q.limit = integer(c.p, "limit", 50);
            q.bucket = str(c.p, "bucket");
            q.asOf = str(c.p, "as_of"); // the service defaults it to today
            static const std::pair<const char*, model::InvoiceSort> kSorts[]
                = {{"due_date", model::InvoiceSort::DueDate}, {"issue_date", model::InvoiceSort::IssueDate},
                    {"number", model::InvoiceSort::Number}, {"amount", model::InvoiceSort::Amount},
                    {"open", model::InvoiceSort::Open}};
            const std::string sort = str(c.p, "sort", "due_date");
            const auto known = lookup(sort, kSorts);
            if (!known)
                return Error::validation(
                    "sort", "unknown_value", "sort is due_date, issue_date, number, amount or open");
            q.sort = *known;
            return pageJson(s.invoices.list(c.actor, q));
        }});
    r.add({"invoice.cancel", "Cancel an invoice, with a reason; its allocations go back to credit.",
        {idParam(), {"reason", PT::String, true, ""}}, Perm::InvoiceCancel,
        {"invoices", "payments", "payment_allocations", "client_stats", "system_logs"},
        [&s](const Call& c) { return asJson(s.invoices.cancel(c.actor, integer(c.p, "id"), str(c.p, "reason"))); }});
    r.add({"invoice.dispute", "Record that the client disputes an invoice.",
        {idParam(), {"reason", PT::String, true, ""}}, Perm::InvoiceDispute, {"invoices", "system_logs"},
        [&s](const Call& c) { return asJson(s.invoices.dispute(c.actor, integer(c.p, "id"), str(c.p, "reason"))); }});
    r.add({"invoice.resolve_dispute", "The dispute is settled.", {idParam()}, Perm::InvoiceDispute,
        {"invoices", "system_logs"},
        [&s](const Call& c) { return asJson(s.invoices.resolveDispute(c.actor, integer(c.p, "id"))); }});
}

} // namespace crm::api::commands
