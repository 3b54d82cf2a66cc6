#include "core/relance/render.hpp"

#include "core/util/format.hpp"

#include <algorithm>

namespace crm::relance {

const std::vector<std::string>& placeholderNames()
{
    static const std::vector<std::string> kNames = {"client.name", "client.code", "client.contact", "client.address",
        "client.email", "client.phone", "invoices.table", "invoices.count", "total.open", "total.interest", "total.fee",
        "total.due", "days_overdue", "oldest_due_date", "today", "collector.name", "collector.signature",
        "collector.phone", "collector.email", "company.name", "company.address", "company.siret", "company.vat",
        "company.phone", "company.email", "company.iban", "company.bic", "payment.reference", "invoice.number",
        "invoice.amount", "invoice.due_date", "invoice.open", "user.name", "user.signature"};
    return kNames;
}

std::string PlaceholderError::message() const
{
    std::string what = reason == "unknown_placeholder" ? "unknown placeholder {" + name + "}"
        : reason == "unclosed_placeholder"             ? "a { is never closed"
        : reason == "empty_placeholder"                ? "an empty placeholder {}"
                                                       : "a } closes nothing (write }} for a brace)";
    return what + " at line " + std::to_string(line) + ", column " + std::to_string(column);
}

namespace {

bool isContinuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

PlaceholderError at(const std::string& text, std::size_t offset, std::string reason, std::string name = {})
{
    PlaceholderError e{std::move(reason), std::move(name), offset};
    for (std::size_t i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++e.line;
            e.column = 1;
        } else if (!isContinuation(static_cast<unsigned char>(text[i]))) {
            ++e.column;
        }
    }
    return e;
}

bool validNameChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

// Walks `text`, calling literal(piece) and placeholder(name) in order. Returns the first error.
template <class Literal, class Placeholder>
std::optional<PlaceholderError> walk(const std::string& text, Literal literal, Placeholder placeholder)
{
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '{' && c != '}')
            continue;
        literal(text.substr(start, i - start));
        if (i + 1 < text.size() && text[i + 1] == c) { // {{ or }}
            literal(std::string(1, c));
            start = ++i + 1;
            continue;
        }
        if (c == '}')
            return at(text, i, "stray_brace");
        std::size_t end = i + 1;
        while (end < text.size() && validNameChar(text[end]))
            ++end;
        if (end >= text.size() || text[end] != '}')
            return at(text, i,
                end >= text.size() || text[end] == '\n' || text[end] == '{' ? "unclosed_placeholder"
                                                                            : "unknown_placeholder",
                text.substr(i + 1, std::min(text.find('}', i + 1), text.size()) - i - 1));
        const std::string name = text.substr(i + 1, end - i - 1);
        if (name.empty())
            return at(text, i, "empty_placeholder");
        const auto& names = placeholderNames();
        if (std::find(names.begin(), names.end(), name) == names.end())
            return at(text, i, "unknown_placeholder", name);
        placeholder(name);
        start = i = end;
        ++start;
    }
    literal(text.substr(start));
    return std::nullopt;
}

std::string padRight(const std::string& s, std::size_t width)
{
    std::size_t chars = 0;
    for (unsigned char c : s)
        chars += isContinuation(c) ? 0 : 1;
    return chars >= width ? s : s + std::string(width - chars, ' ');
}

std::int64_t sumOpen(const RenderData& d)
{
    std::int64_t total = 0;
    for (const auto& i : d.invoices)
        total += i.openCents;
    return total;
}

std::optional<std::int64_t> sumInterest(const RenderData& d)
{
    std::int64_t total = 0;
    for (const auto& i : d.invoices) {
        if (!i.interestCents)
            return std::nullopt;
        total += *i.interestCents;
    }
    return total;
}

std::int64_t sumFees(const RenderData& d)
{
    std::int64_t total = 0;
    for (const auto& i : d.invoices)
        total += i.feeCents;
    return total;
}

} // namespace

std::optional<PlaceholderError> checkPlaceholders(const std::string& text)
{
    return walk(
        text, [](const std::string&) {}, [](const std::string&) {});
}

std::string invoiceTable(const RenderData& d)
{
    const bool en = d.language == "en";
    auto money = [&](std::int64_t c) { return fmt::money(c, d.currency, d.language); };
    std::string out = padRight(en ? "Invoice" : "Facture", 16) + padRight(en ? "Due date" : "Échéance", 12)
        + padRight(en ? "Amount" : "Montant", 16) + padRight(en ? "Unpaid" : "Reste dû", 16)
        + (en ? "Days late" : "Jours de retard") + "\n";
    for (const auto& i : d.invoices)
        out += padRight(i.number, 16) + padRight(fmt::date(i.dueDate), 12) + padRight(money(i.amountCents), 16)
            + padRight(money(i.openCents), 16) + std::to_string(std::max(0L, i.daysOverdue)) + "\n";
    if (!out.empty())
        out.pop_back();
    return out;
}

std::string render(const std::string& text, const RenderData& d, const std::string& tableMarker)
{
    const bool en = d.language == "en";
    auto money = [&](std::int64_t c) { return fmt::money(c, d.currency, d.language); };
    const std::string notComputed = en ? "not computed (rate missing)" : "non calculés (taux manquant)";
    auto value = [&](const std::string& name) -> std::string {
        if (name == "invoices.table")
            return tableMarker.empty() ? invoiceTable(d) : tableMarker;
        if (name == "invoices.count")
            return std::to_string(d.invoices.size());
        if (name == "total.open" || name == "invoice.open")
            return money(sumOpen(d));
        if (name == "total.interest") {
            const auto i = sumInterest(d);
            return i ? money(*i) : notComputed;
        }
        if (name == "total.fee")
            return money(sumFees(d));
        if (name == "total.due") {
            const auto i = sumInterest(d);
            return money(sumOpen(d) + i.value_or(0) + sumFees(d)) + (i ? "" : " (" + notComputed + ")");
        }
        if (name == "days_overdue") {
            long days = 0;
            for (const auto& i : d.invoices)
                days = std::max(days, i.daysOverdue);
            return std::to_string(days);
        }
        if (name == "oldest_due_date" || name == "invoice.due_date") {
            std::string oldest;
            for (const auto& i : d.invoices)
                if (oldest.empty() || i.dueDate < oldest)
                    oldest = i.dueDate;
            return fmt::date(oldest);
        }
        if (name == "today")
            return fmt::date(d.today);
        if (name == "invoice.number") {
            std::string numbers;
            for (const auto& i : d.invoices)
                numbers += (numbers.empty() ? "" : ", ") + i.number;
            return numbers;
        }
        if (name == "invoice.amount") {
            std::int64_t total = 0;
            for (const auto& i : d.invoices)
                total += i.amountCents;
            return money(total);
        }
        const std::string key = name == "user.name" ? "collector.name"
            : name == "user.signature"              ? "collector.signature"
                                                    : name;
        auto it = d.values.find(key);
        return it == d.values.end() ? std::string() : it->second;
    };
    std::string out;
    out.reserve(text.size() * 2);
    walk(
        text, [&](const std::string& piece) { out += piece; }, [&](const std::string& name) { out += value(name); });
    return out;
}

} // namespace crm::relance
