// The commands' rules, applied to the rows of a snapshot being imported: a snapshot
// cannot bring in what the API refuses (2026-12: ids past 2^53, an invoice of 2^53 cents,
// templates with unclosed placeholders, `locked_until: "tomorrow"`, currency XXX, an issue
// date in 2999, control characters in names, invalid e-mail, SIRET and IBAN, a document
// whose hash and size lie about its content or named `../../etc/passwd` — all went in).
// Each check calls the rule the services call (validation.hpp, the services' limits,
// relance::checkPlaceholders); a row is refused with the column and the rule's reason.
//
// The invoices are the hot table of a large import: their checks are a few comparisons.
#include "core/service/snapshot_service.hpp"

#include "core/relance/render.hpp"
#include "core/service/client_service.hpp"
#include "core/service/communication_service.hpp"
#include "core/service/invoice_service.hpp"
#include "core/service/validation.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"

#include <memory>

namespace crm::service {

namespace {

using snapshot::RowCheck;
using snapshot::RowProblem;
using Cells = std::vector<model::Cell>;

// The index of each named column of a table (they are all there: the schema's).
class Columns {
public:
    explicit Columns(const std::vector<model::ColumnInfo>& cols) : m_cols(cols) { }
    std::size_t operator[](const char* name) const
    {
        for (std::size_t i = 0; i < m_cols.size(); ++i)
            if (m_cols[i].name == name)
                return i;
        throw std::logic_error(std::string("snapshot rules: no column ") + name);
    }

private:
    const std::vector<model::ColumnInfo>& m_cols;
};

std::optional<RowProblem> fromError(const std::optional<Error>& e)
{
    if (!e)
        return std::nullopt;
    return RowProblem{e->field, e->reason, e->message};
}

RowProblem problem(const char* column, const std::string& reason, std::string message)
{
    return RowProblem{column, reason, std::move(message)};
}

// Text columns checked as the commands check those fields (their limits, control
// characters, UTF-8), each found once per table.
class Texts {
public:
    struct Field {
        const char* column;
        std::size_t max;
        bool multiline = false;
    };
    Texts(const Columns& at, std::initializer_list<Field> fields)
    {
        for (const auto& f : fields)
            m_fields.push_back({f, at[f.column]});
    }
    std::optional<RowProblem> operator()(const Cells& c) const
    {
        for (const auto& [f, i] : m_fields)
            if (!c[i].null)
                if (auto e = checkText(f.column, c[i].text, f.max, f.multiline))
                    return fromError(e);
        return std::nullopt;
    }

private:
    std::vector<std::pair<Field, std::size_t>> m_fields;
};

std::optional<RowProblem> email(const model::Cell& cell, const char* column)
{
    if (!cell.null && !cell.text.empty() && !isValidEmail(cell.text))
        return problem(column, "invalid_email", std::string(column) + " '" + cell.text + "' is not a valid address");
    return std::nullopt;
}

std::optional<RowProblem> siret(const model::Cell& cell)
{
    if (!cell.null && !cell.text.empty() && !isValidSiret(cell.text))
        return problem("siret", "invalid_siret", "siret must be 14 digits with a valid check digit");
    return std::nullopt;
}

std::optional<RowProblem> currency(const model::Cell& cell)
{
    if (cell.text != "EUR" && !isCurrencyCode(cell.text))
        return problem("currency", "invalid_currency", "currency '" + cell.text + "' is not an ISO 4217 currency");
    return std::nullopt;
}

// A sum of money the reports add up: each amount at most kMaxCents, all of them at most
// kMaxTotalCents (past it SQLite's sums overflowed: it came back as `storage`).
class Total {
public:
    std::optional<RowProblem> add(std::int64_t cents)
    {
        if (cents > InvoiceService::kMaxCents)
            return problem("amount_cents", "too_large", "amount_cents is unrealistically large");
        if (cents > 0 && cents > InvoiceService::kMaxTotalCents - m_sum)
            return problem("amount_cents", "total_too_large",
                "this amount takes the portfolio's total past 2^53 - 1 cents (about 90 000 billion euros)");
        m_sum += cents > 0 ? cents : 0;
        return std::nullopt;
    }

private:
    std::int64_t m_sum = 0;
};

RowCheck usersRule(const Columns& at)
{
    return [i = at["email"]](const Cells& c) -> std::optional<RowProblem> {
        if (c[i].text.size() > limit::kEmail)
            return problem("email", "invalid_email", "email is longer than 254 characters");
        return email(c[i], "email");
    };
}

RowCheck profilesRule(const Columns& at)
{
    return Texts(at,
        {{"first_name", limit::kPersonName}, {"last_name", limit::kPersonName}, {"phone", limit::kPhone},
            {"signature", limit::kSignature, true}});
}

RowCheck companyRule(const Columns& at)
{
    Texts texts(at,
        {{"legal_name", limit::kName}, {"address", limit::kAddress, true}, {"phone", limit::kPhone},
            {"email", limit::kEmail}, {"signatory", limit::kSignatory, true}});
    return [texts, mail = at["email"], siretAt = at["siret"], ibanAt = at["iban"]](
               const Cells& c) -> std::optional<RowProblem> {
        if (auto p = texts(c))
            return p;
        if (auto p = email(c[mail], "email"))
            return p;
        if (auto p = siret(c[siretAt]))
            return p;
        if (!c[ibanAt].null && !c[ibanAt].text.empty() && !isValidIban(c[ibanAt].text))
            return problem("iban", "invalid_iban", "the IBAN's check digits are wrong");
        return std::nullopt;
    };
}

RowCheck templatesRule(const Columns& at)
{
    Texts texts(at,
        {{"code", limit::kKey}, {"name", limit::kName}, {"subject", limit::kSubject}, {"body", limit::kBody, true}});
    return [texts, subject = at["subject"], body = at["body"]](const Cells& c) -> std::optional<RowProblem> {
        if (auto p = texts(c))
            return p;
        for (const auto& [column, i] : {std::pair{"subject", subject}, std::pair{"body", body}}) {
            if (c[i].null)
                continue;
            if (const auto bad = relance::checkPlaceholders(c[i].text))
                return problem(column, bad->reason, std::string(column) + ": " + bad->message());
        }
        return std::nullopt;
    };
}

RowCheck clientsRule(const Columns& at)
{
    Texts texts(at,
        {{"code", limit::kCode}, {"name", limit::kName}, {"email", limit::kEmail}, {"phone", limit::kPhone},
            {"address", limit::kAddress, true}, {"contact_name", limit::kName}, {"segment", limit::kSegment}});
    return [texts, code = at["code"], mail = at["email"], phone = at["phone"], siretAt = at["siret"]](
               const Cells& c) -> std::optional<RowProblem> {
        if (auto p = texts(c))
            return p;
        if (!isValidCode(c[code].text))
            return problem("code", "invalid_code", "code may hold letters, digits and - _ . / only");
        if (auto p = email(c[mail], "email"))
            return p;
        if (!c[phone].text.empty() && !isValidPhone(c[phone].text))
            return problem("phone", "invalid_phone", "phone may hold digits, spaces and + . - ( ) only");
        return siret(c[siretAt]);
    };
}

RowCheck invoicesRule(const Columns& at, const std::string& today)
{
    Texts texts(at, {{"number", limit::kKey}, {"erp_ref", limit::kKey}, {"description", limit::kDescription, true}});
    return [texts, total = std::make_shared<Total>(),
               latestIssue = timeutil::addDays(today, InvoiceService::kMaxDaysAhead), amount = at["amount_cents"],
               cur = at["currency"], issue = at["issue_date"]](const Cells& c) -> std::optional<RowProblem> {
        if (auto p = total->add(c[amount].integer))
            return p;
        if (auto p = currency(c[cur]))
            return p;
        if (c[issue].text > latestIssue)
            return problem("issue_date", "far_future",
                "the issue date is more than " + std::to_string(InvoiceService::kMaxDaysAhead) + " days ahead");
        return texts(c);
    };
}

RowCheck paymentsRule(const Columns& at)
{
    Texts texts(at, {{"number", limit::kKey}, {"reference", limit::kReference}, {"reason", limit::kReason}});
    return [texts, total = std::make_shared<Total>(), amount = at["amount_cents"], cur = at["currency"]](
               const Cells& c) -> std::optional<RowProblem> {
        if (auto p = total->add(c[amount].integer))
            return p;
        if (auto p = currency(c[cur]))
            return p;
        return texts(c);
    };
}

RowCheck documentsRule(const Columns& at)
{
    return [name = at["name"], content = at["content"], size = at["size_bytes"], hash = at["sha256"]](
               const Cells& c) -> std::optional<RowProblem> {
        if (auto p = fromError(checkFileName("name", c[name].text)))
            return p;
        const std::string& bytes = c[content].text;
        if (static_cast<std::int64_t>(bytes.size()) > CommunicationService::kMaxDocumentBytes)
            return problem("content", "too_large", "a document is at most 10 MiB");
        if (c[size].integer != static_cast<std::int64_t>(bytes.size()))
            return problem("size_bytes", "inconsistent",
                "size_bytes says " + std::to_string(c[size].integer) + ", the content holds "
                    + std::to_string(bytes.size()) + " bytes");
        if (c[hash].text != crypto::sha256Hex(bytes))
            return problem("sha256", "inconsistent", "sha256 is not the SHA-256 of the content");
        return std::nullopt;
    };
}

RowCheck communicationsRule(const Columns& at)
{
    return Texts(at, {{"subject", limit::kSubject}, {"body", limit::kBody, true}});
}

} // namespace

snapshot::RowRules snapshotRules(const std::string& today)
{
    return [today](const std::string& table, const std::vector<model::ColumnInfo>& cols) -> RowCheck {
        const Columns at(cols);
        if (table == "users")
            return usersRule(at);
        if (table == "profiles")
            return profilesRule(at);
        if (table == "company_settings")
            return companyRule(at);
        if (table == "relance_templates")
            return templatesRule(at);
        if (table == "clients")
            return clientsRule(at);
        if (table == "invoices")
            return invoicesRule(at, today);
        if (table == "payments")
            return paymentsRule(at);
        if (table == "documents")
            return documentsRule(at);
        if (table == "communications")
            return communicationsRule(at);
        return {};
    };
}

} // namespace crm::service
