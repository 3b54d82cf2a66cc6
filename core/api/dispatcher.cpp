#include "core/api/dispatcher.hpp"

#include "core/db/embedded.hpp"
#include "core/service/client_service.hpp"
#include "core/service/communication_service.hpp"
#include "core/service/invoice_service.hpp"
#include "core/service/relance_service.hpp"
#include "core/service/report_service.hpp"
#include "core/util/result.hpp"
#include "core/util/time.hpp"

#include <limits>
#include <optional>

namespace crm::api {

// [SECTION] index
// - envelope helpers
// - parameter checking and reading
// - the command table (addCommands)
// - Dispatcher

// [SECTION] envelope helpers

json errorObject(const char* code, const std::string& message, const std::string& field, const std::string& reason)
{
    json e = {{"code", code}, {"message", message}};
    if (!field.empty())
        e["field"] = field;
    if (!reason.empty())
        e["reason"] = reason;
    return e;
}

namespace {

using service::Actor;

json toJson(const Error& e)
{
    return errorObject(errorCodeName(e.code), e.message, e.field, e.reason);
}

// What a command handler returns: a result object, or an Error.
using Outcome = Result<json>;

template <class T, class F> Outcome map(Result<T>&& r, F&& f)
{
    if (!r.ok())
        return r.error();
    return f(r.value());
}

template <class T> Outcome asJson(Result<T>&& r)
{
    return map(std::move(r), [](const T& v) { return json(model::toJson(v)); });
}

template <class T> Outcome listJson(Result<std::vector<T>>&& r)
{
    return map(std::move(r), [](const std::vector<T>& rows) {
        json out = json::array();
        for (const auto& x : rows)
            out.push_back(model::toJson(x));
        return json{{"rows", out}};
    });
}

// [SECTION] parameter checking and reading

const char* typeName(ParamType t)
{
    switch (t) {
    case ParamType::String: return "string";
    case ParamType::Integer: return "integer";
    case ParamType::Boolean: return "boolean";
    case ParamType::Object: return "object";
    case ParamType::Array: return "array";
    }
    return "?";
}

bool hasType(const json& v, ParamType t)
{
    switch (t) {
    case ParamType::String: return v.is_string();
    case ParamType::Integer:
        return v.is_number_integer()
            && (!v.is_number_unsigned()
                || v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    case ParamType::Boolean: return v.is_boolean();
    case ParamType::Object: return v.is_object();
    case ParamType::Array: return v.is_array();
    }
    return false;
}

std::optional<Error> checkParams(const json& params, const std::vector<ParamSpec>& specs)
{
    for (auto it = params.begin(); it != params.end(); ++it) {
        const ParamSpec* spec = nullptr;
        for (const auto& s : specs)
            if (s.name == it.key())
                spec = &s;
        if (!spec)
            return Error::validation(it.key(), "unknown_parameter", "unknown parameter '" + it.key() + "'");
        if (it.value().is_null() && !spec->required) // null stands for "absent" (or "none" where documented)
            continue;
        if (!hasType(it.value(), spec->type))
            return Error::validation(
                it.key(), "wrong_type", "parameter '" + it.key() + "' must be of type " + typeName(spec->type));
    }
    for (const auto& s : specs)
        if (s.required && (!params.contains(s.name) || params[s.name].is_null()))
            return Error::validation(s.name, "required", "parameter '" + s.name + "' is required");
    return std::nullopt;
}

bool has(const json& p, const char* key)
{
    return p.contains(key) && !p[key].is_null();
}

std::optional<std::string> optStr(const json& p, const char* key)
{
    return has(p, key) ? std::optional(p[key].get<std::string>()) : std::nullopt;
}

std::string str(const json& p, const char* key, const std::string& fallback = {})
{
    return has(p, key) ? p[key].get<std::string>() : fallback;
}

std::optional<std::int64_t> optInt(const json& p, const char* key)
{
    return has(p, key) ? std::optional(p[key].get<std::int64_t>()) : std::nullopt;
}

std::int64_t integer(const json& p, const char* key, std::int64_t fallback = 0)
{
    return has(p, key) ? p[key].get<std::int64_t>() : fallback;
}

// Absent: leave as is; null: clear; a value: set.
std::optional<std::optional<std::int64_t>> nullableInt(const json& p, const char* key)
{
    if (!p.contains(key))
        return std::nullopt;
    if (p[key].is_null())
        return std::optional<std::int64_t>();
    return std::optional<std::int64_t>(p[key].get<std::int64_t>());
}

// An array of {invoice_id, amount_cents}; a shape error names the element.
Result<std::optional<std::vector<service::AllocationRequest>>> allocations(const json& p)
{
    using Out = std::optional<std::vector<service::AllocationRequest>>;
    if (!has(p, "allocations"))
        return Out();
    std::vector<service::AllocationRequest> out;
    const json& a = p["allocations"];
    for (std::size_t k = 0; k < a.size(); ++k) {
        const std::string at = "allocations[" + std::to_string(k) + "]";
        if (!a[k].is_object() || !a[k].contains("invoice_id") || !a[k].contains("amount_cents")
            || !hasType(a[k]["invoice_id"], ParamType::Integer) || !hasType(a[k]["amount_cents"], ParamType::Integer))
            return Error::validation(
                at, "wrong_type", at + " must be {\"invoice_id\": integer, \"amount_cents\": integer}");
        out.push_back({a[k]["invoice_id"].get<std::int64_t>(), a[k]["amount_cents"].get<std::int64_t>()});
    }
    return Out(out);
}

service::ClientFields clientFields(const json& p)
{
    service::ClientFields f;
    f.code = optStr(p, "code");
    f.name = optStr(p, "name");
    f.email = optStr(p, "email");
    f.phone = optStr(p, "phone");
    f.address = optStr(p, "address");
    f.siret = optStr(p, "siret");
    f.contactName = optStr(p, "contact_name");
    f.segment = optStr(p, "segment");
    f.riskLevel = optStr(p, "risk_level");
    f.status = optStr(p, "status");
    f.paymentTermsDays = optInt(p, "payment_terms_days");
    f.creditLimitCents = nullableInt(p, "credit_limit_cents");
    f.assignedTo = nullableInt(p, "assigned_to");
    if (has(p, "tags")) {
        std::vector<std::string> tags;
        for (const auto& t : p["tags"])
            tags.push_back(
                t.is_string() ? t.get<std::string>() : std::string()); // a non-string is refused as invalid_tag
        f.tags = tags;
    }
    return f;
}

service::ProfileFields profileFields(const json& p)
{
    return {optStr(p, "first_name"), optStr(p, "last_name"), optStr(p, "phone"), optStr(p, "signature"),
        optStr(p, "language")};
}

json clientRowJson(const model::ClientRow& r)
{
    json j = model::toJson(r.client);
    j["open_cents"] = r.openCents;
    j["overdue_cents"] = r.overdueCents;
    return j;
}

// A page of rows {rows, total}: client rows carry their amounts, others their model JSON.
json rowJson(const model::ClientRow& r)
{
    return clientRowJson(r);
}
template <class T> json rowJson(const T& r)
{
    return model::toJson(r);
}

template <class Page> Outcome pageJson(Result<Page>&& r)
{
    return map(std::move(r), [](const Page& page) {
        json rows = json::array();
        for (const auto& x : page.rows)
            rows.push_back(rowJson(x));
        return json{{"rows", rows}, {"total", page.total}};
    });
}

json loginJson(const service::LoginResult& r)
{
    return {{"token", r.token}, {"expires_at", r.expiresAt}, {"user", model::toJson(r.user)}};
}

const std::vector<std::string> kAll = {"admin", "manager", "agent"};
const std::vector<std::string> kManagers = {"admin", "manager"};
const std::vector<std::string> kAdmin = {"admin"};
const std::vector<std::string> kPublic = {};

std::vector<ParamSpec> clientFieldSpecs(bool required)
{
    return {
        {"code", ParamType::String, required, "client code, unique (letters, digits, - _ . /; max 32)"},
        {"name", ParamType::String, required, "company or person name (max 200)"},
        {"email", ParamType::String, false, "e-mail address"},
        {"phone", ParamType::String, false, "phone number"},
        {"address", ParamType::String, false, "postal address, may span lines (max 500)"},
        {"siret", ParamType::String, false, "14-digit SIRET, spaces ignored"},
        {"contact_name", ParamType::String, false, "the person to talk to"},
        {"segment", ParamType::String, false, "free segment label (max 64)"},
        {"tags", ParamType::Array, false, "labels, strings of 1 to 32 characters without commas (max 20)"},
        {"payment_terms_days", ParamType::Integer, false, "payment terms, 0 to 365 days (default 30)"},
        {"credit_limit_cents", ParamType::Integer, false, "credit limit in cents; null for none"},
        {"risk_level", ParamType::String, false, "low | medium | high"},
        {"status", ParamType::String, false, "active | archived"},
        {"assigned_to", ParamType::Integer, false, "collector (user id); null for nobody (managers only)"},
    };
}

std::vector<ParamSpec> invoiceFieldSpecs(bool required)
{
    return {{"number", ParamType::String, required, "invoice number, unique"},
        {"client_id", ParamType::Integer, required, "client"},
        {"issue_date", ParamType::String, required, "YYYY-MM-DD"},
        {"due_date", ParamType::String, required, "YYYY-MM-DD, not before the issue date"},
        {"amount_cents", ParamType::Integer, required, "amount including tax, in cents, more than zero"},
        {"currency", ParamType::String, false, "ISO 4217 code (default EUR)"},
        {"erp_ref", ParamType::String, false, "reference in the accounting system"},
        {"description", ParamType::String, false, "free text"}};
}

service::InvoiceFields invoiceFields(const json& p)
{
    return {optStr(p, "number"), optStr(p, "issue_date"), optStr(p, "due_date"), optStr(p, "currency"),
        optStr(p, "erp_ref"), optStr(p, "description"), optInt(p, "client_id"), optInt(p, "amount_cents")};
}

std::vector<ParamSpec> scopeSpecs()
{
    return {{"currency", ParamType::String, false, "ISO 4217 code (default EUR)"},
        {"collector_id", ParamType::Integer, false, "only this collector's clients (0: unassigned)"}};
}

service::ReportScope scopeOf(const json& p)
{
    service::ReportScope s;
    s.currency = str(p, "currency", "EUR");
    s.collector = optInt(p, "collector_id");
    return s;
}

template <class... Lists> std::vector<ParamSpec> concat(std::vector<ParamSpec> a, const Lists&... rest)
{
    (a.insert(a.end(), rest.begin(), rest.end()), ...);
    return a;
}

} // namespace

// [SECTION] the command table

struct Dispatcher::Services {
    Services(db::Database& db, Clock clock, service::AuthConfig config)
        : ctx{db, std::move(clock)},
          auth(ctx, config),
          clients(ctx),
          invoices(ctx),
          comms(ctx),
          relances(ctx),
          reports(ctx)
    {
    }
    service::Context ctx;
    service::AuthService auth;
    service::ClientService clients;
    service::InvoiceService invoices;
    service::CommunicationService comms;
    service::RelanceService relances;
    service::ReportService reports;
};

struct Call {
    const json& p;
    const Actor& actor;
    const std::string& session;
};

struct Dispatcher::Command {
    std::string method;
    std::string doc;
    std::vector<ParamSpec> params;
    std::vector<std::string> writes; // tables written on success
    std::vector<std::string> roles;  // empty: no session needed
    std::function<Outcome(const Call&)> run;
};

Dispatcher::Dispatcher(db::Database& db, Clock clock, service::AuthConfig auth)
    : m_services(std::make_unique<Services>(db, std::move(clock), auth))
{
    addCommands();
}

Dispatcher::~Dispatcher() = default;

void Dispatcher::addCommands()
{
    Services& s = *m_services;
    const ParamSpec id{"id", ParamType::Integer, true, "id"};
    const ParamSpec offset{"offset", ParamType::Integer, false, "rows to skip (default 0)"};
    const ParamSpec limit{"limit", ParamType::Integer, false, "rows to return, 1..1000 (default 50)"};
    const ParamSpec asOf{"as_of", ParamType::String, false, "YYYY-MM-DD (default today)"};
    auto today = [&s] { return s.ctx.clock().substr(0, 10); };

    m_commands = {
        // --- auth, users, profiles
        {"auth.status", "Whether the first administrator must still be created.", {}, {}, kPublic,
            [&s](const Call&) -> Outcome {
                return json{{"needs_setup", s.auth.needsSetup()}};
            }},
        {"auth.setup", "First start: create the administrator account (refused once any user exists).",
            {{"email", ParamType::String, true, "e-mail, the login"},
                {"password", ParamType::String, true, "10 to 128 characters, a letter and a digit"},
                {"first_name", ParamType::String, false, ""}, {"last_name", ParamType::String, false, ""},
                {"language", ParamType::String, false, "fr | en"}},
            {"users", "profiles"}, kPublic,
            [&s](const Call& c) {
                return asJson(
                    s.auth.setupAdmin({str(c.p, "email"), str(c.p, "password"), "admin", profileFields(c.p)}));
            }},
        {"auth.login", "Sign in; returns the session token to send with every command.",
            {{"email", ParamType::String, true, ""}, {"password", ParamType::String, true, ""}}, {"sessions"}, kPublic,
            [&s](const Call& c) { return map(s.auth.login(str(c.p, "email"), str(c.p, "password")), loginJson); }},
        {"auth.logout", "Close this session.", {}, {"sessions"}, kAll,
            [&s](const Call& c) {
                return map(s.auth.logout(c.session), [](const Unit&) { return json{{"ok", true}}; });
            }},
        {"auth.me", "The signed-in user and profile.", {}, {}, kAll,
            [&s](const Call& c) { return asJson(s.auth.getUser(c.actor, c.actor.userId)); }},
        {"auth.change_password", "Change one's own password (other sessions are closed).",
            {{"current_password", ParamType::String, true, ""}, {"new_password", ParamType::String, true, ""}},
            {"users", "sessions"}, kAll,
            [&s](const Call& c) {
                return map(
                    s.auth.changePassword(c.actor, c.session, str(c.p, "current_password"), str(c.p, "new_password")),
                    [](const Unit&) {
                        return json{{"ok", true}};
                    });
            }},
        {"user.list", "Every user (to assign clients).", {}, {}, kManagers,
            [&s](const Call& c) { return listJson(s.auth.listUsers(c.actor)); }},
        {"user.get", "One user (anyone may read their own).", {id}, {}, kManagers,
            [&s](const Call& c) { return asJson(s.auth.getUser(c.actor, integer(c.p, "id"))); }},
        {"user.create", "Create a user account.",
            {{"email", ParamType::String, true, ""}, {"password", ParamType::String, true, ""},
                {"role", ParamType::String, true, "admin | manager | agent"},
                {"first_name", ParamType::String, false, ""}, {"last_name", ParamType::String, false, ""},
                {"phone", ParamType::String, false, ""}, {"signature", ParamType::String, false, ""},
                {"language", ParamType::String, false, "fr | en"}},
            {"users", "profiles"}, kAdmin,
            [&s](const Call& c) {
                return asJson(s.auth.createUser(
                    c.actor, {str(c.p, "email"), str(c.p, "password"), str(c.p, "role"), profileFields(c.p)}));
            }},
        {"user.set_role", "Change a user's role.", {id, {"role", ParamType::String, true, "admin | manager | agent"}},
            {"users"}, kAdmin,
            [&s](const Call& c) { return asJson(s.auth.setRole(c.actor, integer(c.p, "id"), str(c.p, "role"))); }},
        {"user.set_active", "Activate or deactivate an account (its sessions close).",
            {id, {"active", ParamType::Boolean, true, ""}}, {"users", "sessions"}, kAdmin,
            [&s](const Call& c) {
                return asJson(s.auth.setActive(c.actor, integer(c.p, "id"), c.p["active"].get<bool>()));
            }},
        {"user.unlock", "Lift a lock-out after failed sign-ins.", {id}, {"users"}, kAdmin,
            [&s](const Call& c) { return asJson(s.auth.unlock(c.actor, integer(c.p, "id"))); }},
        {"user.reset_password", "Set a new password for a user (their sessions close).",
            {id, {"password", ParamType::String, true, ""}}, {"users", "sessions"}, kAdmin,
            [&s](const Call& c) {
                return asJson(s.auth.resetPassword(c.actor, integer(c.p, "id"), str(c.p, "password")));
            }},
        {"profile.update", "Edit a profile: one's own, or anyone's for an admin.",
            {{"user_id", ParamType::Integer, false, "default: oneself"}, {"first_name", ParamType::String, false, ""},
                {"last_name", ParamType::String, false, ""}, {"phone", ParamType::String, false, ""},
                {"signature", ParamType::String, false, "e-mail signature"},
                {"language", ParamType::String, false, "fr | en"}},
            {"profiles"}, kAll,
            [&s](const Call& c) {
                return asJson(
                    s.auth.updateProfile(c.actor, integer(c.p, "user_id", c.actor.userId), profileFields(c.p)));
            }},

        // --- clients
        {"client.create", "Create a client.", clientFieldSpecs(true), {"clients"}, kManagers,
            [&s](const Call& c) { return asJson(s.clients.create(c.actor, clientFields(c.p))); }},
        {"client.update", "Change some fields of a client; absent fields are kept.",
            concat({id}, clientFieldSpecs(false)), {"clients"}, kAll,
            [&s](const Call& c) { return asJson(s.clients.update(c.actor, integer(c.p, "id"), clientFields(c.p))); }},
        {"client.assign", "Assign a client to a collector (null: nobody).",
            {id, {"user_id", ParamType::Integer, false, "collector; null or absent for nobody"}}, {"clients"},
            kManagers,
            [&s](const Call& c) {
                service::ClientFields f;
                f.assignedTo = has(c.p, "user_id") ? std::optional<std::int64_t>(integer(c.p, "user_id"))
                                                   : std::optional<std::int64_t>();
                return asJson(s.clients.update(c.actor, integer(c.p, "id"), f));
            }},
        {"client.get", "One client by id.", {id}, {}, kAll,
            [&s](const Call& c) { return asJson(s.clients.get(c.actor, integer(c.p, "id"))); }},
        {"client.summary", "A client's balance: open, overdue, credit, per currency.", {id, asOf}, {}, kAll,
            [&s](const Call& c) {
                return map(s.clients.summary(c.actor, integer(c.p, "id"), str(c.p, "as_of")),
                    [](const service::ClientSummary& sum) {
                        json balances = json::array();
                        for (const auto& b : sum.balances)
                            balances.push_back({{"currency", b.currency}, {"open_cents", b.openCents},
                                {"overdue_cents", b.overdueCents}, {"credit_cents", b.creditCents},
                                {"balance_cents", b.balanceCents}, {"open_invoices", b.openInvoices},
                                {"overdue_invoices", b.overdueInvoices},
                                {"oldest_due_date", b.oldestDueDate.empty() ? json() : json(b.oldestDueDate)},
                                {"max_days_overdue", b.maxDaysOverdue}});
                        return json{{"client", model::toJson(sum.client)}, {"as_of", sum.asOf}, {"balances", balances}};
                    });
            }},
        {"client.list",
            "A page of clients: search on name and code (case- and accent-insensitive), filters, sort, total.",
            {{"search", ParamType::String, false, "text contained in the code or name"},
                {"sort", ParamType::String, false,
                    "name (default) | code | email | created_at | updated_at | open | overdue"},
                {"desc", ParamType::Boolean, false, "descending order"}, offset, limit,
                {"collector_id", ParamType::Integer, false, "only this collector's clients (0: unassigned)"},
                {"status", ParamType::String, false, "active | archived"}, {"segment", ParamType::String, false, ""},
                {"tag", ParamType::String, false, ""}, asOf},
            {}, kAll, // refreshing the balance cache is not a change anyone watches
            [&s](const Call& c) -> Outcome {
                model::ClientQuery q;
                q.search = str(c.p, "search");
                const std::string sort = str(c.p, "sort", "name");
                static const std::pair<const char*, model::ClientSort> kSorts[] = {{"name", model::ClientSort::Name},
                    {"code", model::ClientSort::Code}, {"email", model::ClientSort::Email},
                    {"created_at", model::ClientSort::CreatedAt}, {"updated_at", model::ClientSort::UpdatedAt},
                    {"open", model::ClientSort::OpenAmount}, {"overdue", model::ClientSort::OverdueAmount}};
                bool known = false;
                for (const auto& [name, value] : kSorts)
                    if (sort == name) {
                        q.sort = value;
                        known = true;
                    }
                if (!known)
                    return Error::validation("sort", "unknown_value",
                        "sort must be one of name, code, email, created_at, updated_at, open, overdue");
                q.desc = has(c.p, "desc") && c.p["desc"].get<bool>();
                q.offset = integer(c.p, "offset", 0);
                q.limit = integer(c.p, "limit", 50);
                q.collector = optInt(c.p, "collector_id");
                q.status = str(c.p, "status");
                q.segment = str(c.p, "segment");
                q.tag = str(c.p, "tag");
                q.asOf = str(c.p, "as_of");
                return pageJson(s.clients.list(c.actor, q));
            }},
        {"client.delete", "Delete a client that has no history (else archive it).", {id}, {"clients"}, kManagers,
            [&s](const Call& c) {
                return map(s.clients.remove(c.actor, integer(c.p, "id")), [&](const Unit&) {
                    return json{{"deleted", c.p["id"]}};
                });
            }},

        // --- invoices and payments
        {"invoice.create", "Create an invoice.", invoiceFieldSpecs(true), {"invoices", "client_stats"}, kManagers,
            [&s](const Call& c) { return asJson(s.invoices.create(c.actor, invoiceFields(c.p))); }},
        {"invoice.update", "Change an invoice that is not cancelled.", concat({id}, invoiceFieldSpecs(false)),
            {"invoices", "client_stats"}, kManagers,
            [&s](const Call& c) { return asJson(s.invoices.update(c.actor, integer(c.p, "id"), invoiceFields(c.p))); }},
        {"invoice.get", "One invoice with the payments allocated to it.", {id}, {}, kAll,
            [&s](const Call& c) {
                return map(s.invoices.get(c.actor, integer(c.p, "id")), [](const service::InvoiceDetail& d) {
                    json j = model::toJson(d.invoice);
                    j["allocations"] = json::array();
                    for (const auto& a : d.allocations)
                        j["allocations"].push_back({{"id", a.id}, {"payment_id", a.paymentId},
                            {"amount_cents", a.amountCents}, {"created_at", a.createdAt}});
                    return j;
                });
            }},
        {"invoice.list", "A page of invoices, filtered and sorted, with the total.",
            {{"client_id", ParamType::Integer, false, ""},
                {"collector_id", ParamType::Integer, false, "clients of this collector (0: unassigned)"},
                {"status", ParamType::String, false, "open | partially_paid | paid | cancelled | disputed | unpaid"},
                {"bucket", ParamType::String, false,
                    "not_due | 1_30 | 31_60 | 61_90 | over_90 (owed invoices by age at as_of)"},
                asOf, {"due_from", ParamType::String, false, "YYYY-MM-DD"},
                {"due_to", ParamType::String, false, "YYYY-MM-DD"},
                {"number", ParamType::String, false, "number prefix"}, {"currency", ParamType::String, false, ""},
                {"sort", ParamType::String, false, "due_date (default) | issue_date | number | amount | open"},
                {"desc", ParamType::Boolean, false, ""}, offset, limit},
            {}, kAll,
            [&s, today](const Call& c) -> Outcome {
                model::InvoiceQuery q;
                q.clientId = optInt(c.p, "client_id");
                q.collector = optInt(c.p, "collector_id");
                q.status = str(c.p, "status");
                q.dueFrom = str(c.p, "due_from");
                q.dueTo = str(c.p, "due_to");
                q.numberPrefix = str(c.p, "number");
                q.currency = str(c.p, "currency");
                q.desc = has(c.p, "desc") && c.p["desc"].get<bool>();
                q.offset = integer(c.p, "offset", 0);
                q.limit = integer(c.p, "limit", 50);
                const std::string sort = str(c.p, "sort", "due_date");
                if (sort == "due_date")
                    q.sort = model::InvoiceSort::DueDate;
                else if (sort == "issue_date")
                    q.sort = model::InvoiceSort::IssueDate;
                else if (sort == "number")
                    q.sort = model::InvoiceSort::Number;
                else if (sort == "amount")
                    q.sort = model::InvoiceSort::Amount;
                else if (sort == "open")
                    q.sort = model::InvoiceSort::Open;
                else
                    return Error::validation(
                        "sort", "unknown_value", "sort is due_date, issue_date, number, amount or open");
                if (has(c.p, "bucket")) {
                    const std::string b = str(c.p, "bucket");
                    const std::string d = str(c.p, "as_of", today());
                    if (!timeutil::isValidDate(d))
                        return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
                    q.onlyOwed = true;
                    if (b == "not_due")
                        q.dueFrom = d;
                    else if (b == "1_30") {
                        q.dueFrom = timeutil::addDays(d, -30);
                        q.dueTo = timeutil::addDays(d, -1);
                    } else if (b == "31_60") {
                        q.dueFrom = timeutil::addDays(d, -60);
                        q.dueTo = timeutil::addDays(d, -31);
                    } else if (b == "61_90") {
                        q.dueFrom = timeutil::addDays(d, -90);
                        q.dueTo = timeutil::addDays(d, -61);
                    } else if (b == "over_90")
                        q.dueTo = timeutil::addDays(d, -91);
                    else
                        return Error::validation(
                            "bucket", "unknown_value", "bucket is not_due, 1_30, 31_60, 61_90 or over_90");
                }
                return pageJson(s.invoices.list(c.actor, q));
            }},
        {"invoice.cancel", "Cancel an invoice, with a reason; its allocations go back to credit.",
            {id, {"reason", ParamType::String, true, ""}},
            {"invoices", "payments", "payment_allocations", "client_stats"}, kManagers,
            [&s](const Call& c) { return asJson(s.invoices.cancel(c.actor, integer(c.p, "id"), str(c.p, "reason"))); }},
        {"invoice.dispute", "Record that the client disputes an invoice.",
            {id, {"reason", ParamType::String, true, ""}}, {"invoices"}, kAll,
            [&s](
                const Call& c) { return asJson(s.invoices.dispute(c.actor, integer(c.p, "id"), str(c.p, "reason"))); }},
        {"invoice.resolve_dispute", "The dispute is settled.", {id}, {"invoices"}, kAll,
            [&s](const Call& c) { return asJson(s.invoices.resolveDispute(c.actor, integer(c.p, "id"))); }},
        {"payment.record",
            "Record a payment received; allocated oldest due first unless `allocations` says how (an empty list keeps "
            "it all as credit).",
            {{"client_id", ParamType::Integer, true, ""},
                {"date", ParamType::String, true, "YYYY-MM-DD, not in the future"},
                {"amount_cents", ParamType::Integer, true, "more than zero"},
                {"currency", ParamType::String, false, "default EUR"},
                {"method", ParamType::String, true, "transfer | cheque | card | direct_debit | cash"},
                {"reference", ParamType::String, false, "bank or cheque reference"},
                {"allocations", ParamType::Array, false, "[{invoice_id, amount_cents}]"}},
            {"payments", "payment_allocations", "invoices", "client_stats"}, kAll,
            [&s](const Call& c) -> Outcome {
                auto a = allocations(c.p);
                if (!a.ok())
                    return a.error();
                service::PaymentInput in;
                in.clientId = integer(c.p, "client_id");
                in.date = str(c.p, "date");
                in.amountCents = integer(c.p, "amount_cents");
                in.currency = str(c.p, "currency", "EUR");
                in.method = str(c.p, "method");
                in.reference = str(c.p, "reference");
                in.allocations = a.value();
                return asJson(s.invoices.recordPayment(c.actor, in));
            }},
        {"credit_note.create", "Issue a credit note (avoir), allocated like a payment.",
            {{"client_id", ParamType::Integer, true, ""}, {"number", ParamType::String, true, "unique"},
                {"date", ParamType::String, true, "YYYY-MM-DD"}, {"amount_cents", ParamType::Integer, true, ""},
                {"currency", ParamType::String, false, "default EUR"}, {"reason", ParamType::String, true, ""},
                {"allocations", ParamType::Array, false, "[{invoice_id, amount_cents}]"}},
            {"payments", "payment_allocations", "invoices", "client_stats"}, kManagers,
            [&s](const Call& c) -> Outcome {
                auto a = allocations(c.p);
                if (!a.ok())
                    return a.error();
                service::PaymentInput in;
                in.kind = "credit_note";
                in.clientId = integer(c.p, "client_id");
                in.number = str(c.p, "number");
                in.date = str(c.p, "date");
                in.amountCents = integer(c.p, "amount_cents");
                in.currency = str(c.p, "currency", "EUR");
                in.reason = str(c.p, "reason");
                in.allocations = a.value();
                return asJson(s.invoices.recordPayment(c.actor, in));
            }},
        {"payment.allocate", "Allocate the credit left on a payment or credit note (oldest due first by default).",
            {id, {"allocations", ParamType::Array, false, "[{invoice_id, amount_cents}]"}},
            {"payments", "payment_allocations", "invoices", "client_stats"}, kAll,
            [&s](const Call& c) -> Outcome {
                auto a = allocations(c.p);
                if (!a.ok())
                    return a.error();
                return asJson(s.invoices.allocate(c.actor, integer(c.p, "id"), a.value()));
            }},
        {"payment.void", "Void a payment (bounced cheque, entry error): its allocations are released.",
            {id, {"reason", ParamType::String, true, ""}},
            {"payments", "payment_allocations", "invoices", "client_stats"}, kManagers,
            [&s](const Call& c) {
                return asJson(s.invoices.voidPayment(c.actor, integer(c.p, "id"), str(c.p, "reason")));
            }},
        {"payment.get", "One payment or credit note with its allocations.", {id}, {}, kAll,
            [&s](const Call& c) { return asJson(s.invoices.getPayment(c.actor, integer(c.p, "id"))); }},
        {"payment.list", "Payments and credit notes, newest first.",
            {{"client_id", ParamType::Integer, false, ""}, {"collector_id", ParamType::Integer, false, ""},
                {"kind", ParamType::String, false, "payment | credit_note"}, {"from", ParamType::String, false, ""},
                {"to", ParamType::String, false, ""}, offset, limit},
            {}, kAll,
            [&s](const Call& c) {
                model::PaymentQuery q;
                q.clientId = optInt(c.p, "client_id");
                q.collector = optInt(c.p, "collector_id");
                q.kind = str(c.p, "kind");
                q.dateFrom = str(c.p, "from");
                q.dateTo = str(c.p, "to");
                q.offset = integer(c.p, "offset", 0);
                q.limit = integer(c.p, "limit", 50);
                return pageJson(s.invoices.listPayments(c.actor, q));
            }},

        // --- communications and documents
        {"communication.log", "Log a call, e-mail, SMS, letter, visit or note.",
            {{"client_id", ParamType::Integer, true, ""},
                {"channel", ParamType::String, true, "call | email | sms | letter | visit | note"},
                {"direction", ParamType::String, false, "in | out (default out)"},
                {"occurred_at", ParamType::String, false, "YYYY-MM-DDTHH:MM:SSZ (default now)"},
                {"subject", ParamType::String, false, ""}, {"body", ParamType::String, false, ""},
                {"outcome", ParamType::String, false, "calls: reached | voicemail | promise | refusal | wrong_number"},
                {"promise_date", ParamType::String, false, "a promise's date"},
                {"promise_amount_cents", ParamType::Integer, false, ""},
                {"invoice_ids", ParamType::Array, false, "invoices it is about"}},
            {"communications"}, kAll,
            [&s](const Call& c) -> Outcome {
                service::CommunicationInput in;
                in.clientId = integer(c.p, "client_id");
                in.channel = str(c.p, "channel");
                in.direction = str(c.p, "direction", "out");
                in.occurredAt = str(c.p, "occurred_at");
                in.subject = str(c.p, "subject");
                in.body = str(c.p, "body");
                in.outcome = str(c.p, "outcome");
                in.promiseDate = str(c.p, "promise_date");
                in.promiseAmountCents = optInt(c.p, "promise_amount_cents");
                if (has(c.p, "invoice_ids"))
                    for (const auto& v : c.p["invoice_ids"]) {
                        if (!hasType(v, ParamType::Integer))
                            return Error::validation("invoice_ids", "wrong_type", "invoice_ids holds integers");
                        in.invoiceIds.push_back(v.get<std::int64_t>());
                    }
                return asJson(s.comms.log(c.actor, in));
            }},
        {"communication.get", "One communication.", {id}, {}, kAll,
            [&s](const Call& c) { return asJson(s.comms.get(c.actor, integer(c.p, "id"))); }},
        {"communication.list", "A client's communications, newest first.",
            {{"client_id", ParamType::Integer, true, ""},
                {"invoice_id", ParamType::Integer, false, "only about this invoice"}, offset, limit},
            {}, kAll,
            [&s](const Call& c) {
                return pageJson(s.comms.list(c.actor, integer(c.p, "client_id"), integer(c.p, "invoice_id"),
                    integer(c.p, "offset", 0), integer(c.p, "limit", 50)));
            }},
        {"document.attach", "Attach a file (at most 10 MiB, base64) to a client or one of its invoices.",
            {{"client_id", ParamType::Integer, true, ""}, {"invoice_id", ParamType::Integer, false, ""},
                {"name", ParamType::String, true, "file name"},
                {"mime_type", ParamType::String, true, "e.g. application/pdf"},
                {"content_base64", ParamType::String, true, "the file, base64"}},
            {"documents"}, kAll,
            [&s](const Call& c) {
                return asJson(s.comms.attach(c.actor,
                    {integer(c.p, "client_id"), integer(c.p, "invoice_id"), str(c.p, "name"), str(c.p, "mime_type"),
                        str(c.p, "content_base64")}));
            }},
        {"document.list", "A client's documents (or an invoice's).",
            {{"client_id", ParamType::Integer, true, ""}, {"invoice_id", ParamType::Integer, false, ""}}, {}, kAll,
            [&s](const Call& c) {
                return listJson(s.comms.documents(c.actor, integer(c.p, "client_id"), integer(c.p, "invoice_id")));
            }},
        {"document.download", "A document and its content, base64.", {id}, {}, kAll,
            [&s](const Call& c) {
                return map(s.comms.download(c.actor, integer(c.p, "id")),
                    [](const std::pair<model::Document, std::string>& d) {
                        json j = model::toJson(d.first);
                        j["content_base64"] = d.second;
                        return j;
                    });
            }},
        {"document.delete", "Delete a document.", {id}, {"documents"}, kManagers,
            [&s](const Call& c) {
                return map(s.comms.removeDocument(c.actor, integer(c.p, "id")), [&](const Unit&) {
                    return json{{"deleted", c.p["id"]}};
                });
            }},

        // --- relance templates and rules
        {"relance_template.create", "A reminder text for a channel and a language.",
            {{"code", ParamType::String, true, ""}, {"name", ParamType::String, true, ""},
                {"channel", ParamType::String, true, "email | sms | letter | call"},
                {"language", ParamType::String, false, ""}, {"subject", ParamType::String, false, ""},
                {"body", ParamType::String, true, "with {placeholders}"}},
            {"relance_templates"}, kManagers,
            [&s](const Call& c) {
                return asJson(s.relances.createTemplate(c.actor,
                    {optStr(c.p, "code"), optStr(c.p, "name"), optStr(c.p, "channel"), optStr(c.p, "language"),
                        optStr(c.p, "subject"), optStr(c.p, "body")}));
            }},
        {"relance_template.update", "Change a template.",
            {id, {"code", ParamType::String, false, ""}, {"name", ParamType::String, false, ""},
                {"channel", ParamType::String, false, ""}, {"language", ParamType::String, false, ""},
                {"subject", ParamType::String, false, ""}, {"body", ParamType::String, false, ""}},
            {"relance_templates"}, kManagers,
            [&s](const Call& c) {
                return asJson(s.relances.updateTemplate(c.actor, integer(c.p, "id"),
                    {optStr(c.p, "code"), optStr(c.p, "name"), optStr(c.p, "channel"), optStr(c.p, "language"),
                        optStr(c.p, "subject"), optStr(c.p, "body")}));
            }},
        {"relance_template.delete", "Delete a template no rule uses.", {id}, {"relance_templates"}, kManagers,
            [&s](const Call& c) {
                return map(s.relances.deleteTemplate(c.actor, integer(c.p, "id")), [&](const Unit&) {
                    return json{{"deleted", c.p["id"]}};
                });
            }},
        {"relance_template.list", "Every template.", {}, {}, kAll,
            [&s](const Call& c) { return listJson(s.relances.listTemplates(c.actor)); }},
        {"relance_rule.create", "When a reminder step is due, and with which template.",
            {{"name", ParamType::String, true, ""},
                {"step", ParamType::String, true, "friendly_email | sms | call | formal_notice | litigation"},
                {"days_after_due", ParamType::Integer, true, "-60 to 730"},
                {"template_id", ParamType::Integer, false, ""}, {"min_amount_cents", ParamType::Integer, false, ""},
                {"active", ParamType::Boolean, false, ""}},
            {"relance_rules"}, kManagers,
            [&s](const Call& c) {
                service::RuleFields f{optStr(c.p, "name"), optStr(c.p, "step"), optInt(c.p, "days_after_due"),
                    optInt(c.p, "min_amount_cents"), nullableInt(c.p, "template_id"),
                    has(c.p, "active") ? std::optional(c.p["active"].get<bool>()) : std::nullopt};
                return asJson(s.relances.createRule(c.actor, f));
            }},
        {"relance_rule.update", "Change a rule.",
            {id, {"name", ParamType::String, false, ""}, {"step", ParamType::String, false, ""},
                {"days_after_due", ParamType::Integer, false, ""}, {"template_id", ParamType::Integer, false, ""},
                {"min_amount_cents", ParamType::Integer, false, ""}, {"active", ParamType::Boolean, false, ""}},
            {"relance_rules"}, kManagers,
            [&s](const Call& c) {
                service::RuleFields f{optStr(c.p, "name"), optStr(c.p, "step"), optInt(c.p, "days_after_due"),
                    optInt(c.p, "min_amount_cents"), nullableInt(c.p, "template_id"),
                    has(c.p, "active") ? std::optional(c.p["active"].get<bool>()) : std::nullopt};
                return asJson(s.relances.updateRule(c.actor, integer(c.p, "id"), f));
            }},
        {"relance_rule.delete", "Delete a rule.", {id}, {"relance_rules"}, kManagers,
            [&s](const Call& c) {
                return map(s.relances.deleteRule(c.actor, integer(c.p, "id")), [&](const Unit&) {
                    return json{{"deleted", c.p["id"]}};
                });
            }},
        {"relance_rule.list", "Every rule, by days after due.", {}, {}, kAll,
            [&s](const Call& c) { return listJson(s.relances.listRules(c.actor)); }},

        // --- reports and the system log
        {"report.aging", "Open amounts by age as of a date; total and per client.",
            concat({asOf, {"by_client", ParamType::Boolean, false, "also per client, largest first"}, offset, limit},
                scopeSpecs()),
            {}, kAll,
            [&s, today](const Call& c) {
                return s.reports.aging(c.actor, str(c.p, "as_of", today()), scopeOf(c.p),
                    has(c.p, "by_client") && c.p["by_client"].get<bool>(), integer(c.p, "offset", 0),
                    integer(c.p, "limit", 50));
            }},
        {"report.dso", "Days sales outstanding, count-back method.", concat({asOf}, scopeSpecs()), {}, kAll,
            [&s, today](const Call& c) { return s.reports.dso(c.actor, str(c.p, "as_of", today()), scopeOf(c.p)); }},
        {"report.collection_rate", "Cash collected over a period against what was owed.",
            concat({{"from", ParamType::String, true, ""}, {"to", ParamType::String, true, ""}}, scopeSpecs()), {},
            kAll,
            [&s](const Call& c) {
                return s.reports.collectionRate(c.actor, str(c.p, "from"), str(c.p, "to"), scopeOf(c.p));
            }},
        {"report.top_overdue", "The clients owing the most past due.",
            concat({asOf, {"limit", ParamType::Integer, false, "1..100 (default 10)"}}, scopeSpecs()), {}, kAll,
            [&s, today](const Call& c) {
                return s.reports.topOverdue(
                    c.actor, str(c.p, "as_of", today()), scopeOf(c.p), integer(c.p, "limit", 10));
            }},
        {"report.collectors", "Per collector: clients, open and overdue amounts, cash collected in a period.",
            concat({asOf, {"from", ParamType::String, true, ""}, {"to", ParamType::String, true, ""}}, scopeSpecs()),
            {}, kAll,
            [&s, today](const Call& c) {
                return s.reports.collectors(
                    c.actor, str(c.p, "as_of", today()), str(c.p, "from"), str(c.p, "to"), scopeOf(c.p));
            }},
        {"report.cash_in", "Expected cash-in by week from due dates.",
            concat({asOf, {"weeks", ParamType::Integer, false, "1..104 (default 12)"}}, scopeSpecs()), {}, kAll,
            [&s, today](const Call& c) {
                return s.reports.cashIn(c.actor, str(c.p, "as_of", today()), scopeOf(c.p), integer(c.p, "weeks", 12));
            }},
        {"log.list", "The system log, newest first.",
            {{"user_id", ParamType::Integer, false, ""}, {"entity", ParamType::String, false, "table name"},
                {"entity_id", ParamType::Integer, false, ""},
                {"action", ParamType::String, false, "e.g. payment.record"},
                {"from", ParamType::String, false, "YYYY-MM-DD"}, {"to", ParamType::String, false, "YYYY-MM-DD"},
                offset, limit},
            {}, kManagers,
            [&s](const Call& c) {
                service::ReportService::LogQuery q;
                q.userId = optInt(c.p, "user_id");
                q.entity = str(c.p, "entity");
                q.entityId = optInt(c.p, "entity_id");
                q.action = str(c.p, "action");
                q.from = str(c.p, "from");
                q.to = str(c.p, "to");
                q.offset = integer(c.p, "offset", 0);
                q.limit = integer(c.p, "limit", 50);
                return s.reports.logs(c.actor, q);
            }},

        // --- misc
        {"demo.load", "Load the demo clients of seeds/demo.json (only into a database without clients).", {},
            {"clients", "client_stats"}, kManagers,
            [&s](const Call& c) -> Outcome {
                const json seed = json::parse(embedded::demoSeed(), nullptr, false);
                if (seed.is_discarded() || !seed.contains("clients") || !seed["clients"].is_array())
                    return Error{ErrorCode::Internal, "the embedded demo seed is malformed", {}, {}};
                if (model::ClientModel(s.ctx.db).count() > 0)
                    return Error{
                        ErrorCode::Conflict, "demo data loads only into a database without clients", {}, "not_empty"};
                db::Transaction tx(s.ctx.db);
                std::int64_t created = 0;
                for (const auto& row : seed["clients"]) {
                    auto r = s.clients.create(c.actor, clientFields(row));
                    if (!r.ok())
                        return r.error(); // rolls back: nothing half-loaded
                    ++created;
                }
                tx.commit();
                return json{{"clients", created}};
            }},
        {"api.describe", "Every method with its parameters, their types, and the roles allowed.", {}, {}, kPublic,
            [this](const Call&) -> Outcome { return describe(); }},
    };
}

json Dispatcher::describe() const
{
    json methods = json::array();
    for (const auto& c : m_commands) {
        json params = json::array();
        for (const auto& p : c.params)
            params.push_back({{"name", p.name}, {"type", typeName(p.type)}, {"required", p.required}, {"doc", p.doc}});
        methods.push_back({{"method", c.method}, {"doc", c.doc}, {"params", params}, {"writes", c.writes},
            {"session", !c.roles.empty()}, {"roles", c.roles}});
    }
    return {{"methods", methods}};
}

// [SECTION] Dispatcher

Reply Dispatcher::handleText(const std::string& requestText)
{
    const json request = json::parse(requestText, nullptr, false);
    if (request.is_discarded())
        return {
            {{"id", nullptr}, {"error", errorObject("validation", "the request is not valid JSON", "", "malformed")}},
            {}};
    return handle(request);
}

Reply Dispatcher::handle(const json& request)
{
    json id = nullptr;
    auto fail = [&](const json& error) { return Reply{{{"id", id}, {"error", error}}, {}}; };
    if (!request.is_object())
        return fail(errorObject("validation", "the request must be a JSON object", "", "malformed"));
    if (request.contains("id"))
        id = request["id"];
    if (!request.contains("method") || !request["method"].is_string())
        return fail(errorObject("validation", "the request has no 'method' string", "method", "required"));
    const std::string method = request["method"].get<std::string>();
    json params = json::object();
    if (request.contains("params") && !request["params"].is_null()) {
        if (!request["params"].is_object())
            return fail(errorObject("validation", "'params' must be an object", "params", "wrong_type"));
        params = request["params"];
    }
    std::string session;
    if (request.contains("session") && request["session"].is_string())
        session = request["session"].get<std::string>();
    const Command* cmd = nullptr;
    for (const auto& c : m_commands)
        if (c.method == method)
            cmd = &c;
    if (!cmd)
        return fail(errorObject("not_found", "unknown method '" + method + "'", "method", "unknown_method"));
    if (auto e = checkParams(params, cmd->params))
        return fail(toJson(*e));
    try {
        Actor actor;
        if (!cmd->roles.empty()) {
            auto who = m_services->auth.authenticate(session);
            if (!who.ok())
                return fail(toJson(who.error()));
            actor = who.value();
        }
        Outcome out = cmd->run(Call{params, actor, session});
        if (!out.ok())
            return fail(toJson(out.error()));
        return {{{"id", id}, {"result", std::move(out.value())}}, cmd->writes};
    } catch (const db::DbError& e) {
        return fail(errorObject(e.isStorage() ? "storage" : "internal", e.what()));
    } catch (const std::exception& e) {
        return fail(errorObject("internal", e.what()));
    } catch (...) {
        return fail(errorObject("internal", "unknown failure"));
    }
}

json Dispatcher::call(const std::string& method, const json& params, const std::string& session)
{
    Reply r = handle(json{{"id", 0}, {"method", method}, {"params", params}, {"session", session}});
    return r.isError() ? r.body["error"] : r.body["result"];
}

} // namespace crm::api
