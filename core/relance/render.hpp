// Reminder texts: placeholders checked at save, rendered at execution.
//
// A placeholder is `{name}` with a name from the list below; `{{` and `}}` write a
// literal brace. Anything else between braces — an unknown name, an empty or unclosed
// placeholder, a stray `}` — is refused with its position (byte offset, line, column).
//
//   {client.name} {client.code} {client.contact} {client.address} {client.email}
//   {client.phone}                                 the client
//   {invoices.table} {invoices.count}              the invoices of this reminder
//   {total.open} {total.interest} {total.fee} {total.due}
//                                                  principal, interest, 40 € fees, all three
//   {days_overdue} {oldest_due_date} {today}
//   {collector.name} {collector.signature} {collector.phone} {collector.email}
//   {company.name} {company.address} {company.siret} {company.vat} {company.phone}
//   {company.email} {company.iban} {company.bic}  from the company settings
//   {payment.reference}                            what to quote on the transfer
//
// and, kept for templates written before scenarios: {invoice.number} {invoice.amount}
// {invoice.due_date} {invoice.open} {user.name} {user.signature}.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::relance {

struct PlaceholderError {
    std::string reason; // unknown_placeholder | unclosed_placeholder | empty_placeholder | stray_brace
    std::string name;   // the placeholder's name, when there is one
    std::size_t offset = 0;
    int line = 1, column = 1; // 1-based; columns count characters (code points)
    std::string message() const;
};

const std::vector<std::string>& placeholderNames();
std::optional<PlaceholderError> checkPlaceholders(const std::string& text);

struct RenderInvoice {
    std::string number, dueDate;
    std::int64_t amountCents = 0, openCents = 0;
    long daysOverdue = 0;
    std::optional<std::int64_t> interestCents; // nullopt: not computed (a rate is missing)
    std::int64_t feeCents = 0;
};

struct RenderData {
    std::string language = "fr"; // formats and words: fr or en
    std::string currency = "EUR";
    std::map<std::string, std::string> values; // client.name, company.iban, ... (plain text)
    std::vector<RenderInvoice> invoices;
    std::string today;
};

// The invoice table as text (one line per invoice, aligned columns).
std::string invoiceTable(const RenderData& data);
// `text` with every placeholder replaced. `text` must have passed checkPlaceholders;
// `tableMarker`, when not empty, replaces {invoices.table} (the PDF writer draws its own).
std::string render(const std::string& text, const RenderData& data, const std::string& tableMarker = {});

} // namespace crm::relance
