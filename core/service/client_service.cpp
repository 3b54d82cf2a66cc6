#include "core/service/client_service.hpp"

#include "core/model/invoice_model.hpp"
#include "core/model/payment_model.hpp"
#include "core/model/relance_run_model.hpp"
#include "core/model/user_model.hpp"
#include "core/service/audit.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include <cctype>

namespace crm::service {

// [SECTION] field checks

namespace {

bool isValidTag(const std::string& tag)
{
    if (tag.empty() || text::codePointCount(tag) > 32 || !text::isValidUtf8(tag)
        || text::hasControlCharacters(tag, false))
        return false;
    return tag.find(',') == std::string::npos;
}

} // namespace

// [SECTION] ClientService

std::optional<Error> ClientService::apply(const ClientFields& f, model::Client& c)
{
    if (f.code) {
        std::string code = text::trim(*f.code);
        if (code.empty())
            return Error::validation("code", "required", "code is required");
        if (auto e = checkText("code", code, limit::kCode, false))
            return e;
        if (!isValidCode(code))
            return Error::validation("code", "invalid_code", "code may hold only letters, digits and - _ . /");
        c.code = std::move(code);
    }
    if (f.name) {
        std::string name = text::trim(*f.name);
        if (name.empty())
            return Error::validation("name", "required", "name is required");
        if (auto e = checkText("name", name, limit::kName, false))
            return e;
        c.name = std::move(name);
    }
    if (f.email) {
        std::string email = text::trim(*f.email);
        if (auto e = checkText("email", email, limit::kEmail, false))
            return e;
        if (!email.empty() && !isValidEmail(email))
            return Error::validation("email", "invalid_email", "email '" + email + "' is not a valid address");
        c.email = std::move(email);
    }
    if (f.phone) {
        std::string phone = text::trim(*f.phone);
        if (auto e = checkText("phone", phone, limit::kPhone, false))
            return e;
        if (!phone.empty() && !isValidPhone(phone))
            return Error::validation("phone", "invalid_phone", "phone may hold digits, spaces and + . - ( ) only");
        c.phone = std::move(phone);
    }
    if (f.address) {
        std::string address = text::trim(*f.address);
        if (auto e = checkText("address", address, limit::kAddress, true))
            return e;
        c.address = std::move(address);
    }
    if (f.siret) {
        std::string digits;
        for (char ch : *f.siret)
            if (ch != ' ' && ch != '\t')
                digits += ch;
        if (!digits.empty() && !isValidSiret(digits))
            return Error::validation("siret", "invalid_siret", "siret must be 14 digits with a valid check digit");
        c.siret = std::move(digits);
    }
    if (f.contactName) {
        std::string v = text::trim(*f.contactName);
        if (auto e = checkText("contact_name", v, limit::kName, false))
            return e;
        c.contactName = std::move(v);
    }
    if (f.segment) {
        std::string v = text::trim(*f.segment);
        if (auto e = checkText("segment", v, limit::kSegment, false))
            return e;
        c.segment = std::move(v);
    }
    if (f.tags) {
        std::vector<std::string> tags;
        for (const auto& raw : *f.tags) {
            std::string t = text::trim(raw);
            if (!isValidTag(t))
                return Error::validation("tags", "invalid_tag", "a tag is 1 to 32 characters without commas");
            if (std::find(tags.begin(), tags.end(), t) == tags.end())
                tags.push_back(std::move(t));
        }
        if (tags.size() > 20)
            return Error::validation("tags", "too_many", "at most 20 tags");
        c.tags = std::move(tags);
    }
    if (f.paymentTermsDays) {
        if (*f.paymentTermsDays < 0 || *f.paymentTermsDays > 365)
            return Error::validation("payment_terms_days", "out_of_range", "payment terms are 0 to 365 days");
        c.paymentTermsDays = *f.paymentTermsDays;
    }
    if (f.creditLimitCents) {
        if (*f.creditLimitCents && **f.creditLimitCents < 0)
            return Error::validation("credit_limit_cents", "out_of_range", "a credit limit cannot be negative");
        c.creditLimitCents = *f.creditLimitCents;
    }
    if (f.riskLevel) {
        if (*f.riskLevel != "low" && *f.riskLevel != "medium" && *f.riskLevel != "high")
            return Error::validation("risk_level", "unknown_value", "risk_level is low, medium or high");
        c.riskLevel = *f.riskLevel;
    }
    if (f.customerType) {
        if (*f.customerType != "business" && *f.customerType != "consumer")
            return Error::validation("customer_type", "unknown_value", "customer_type is business or consumer");
        c.customerType = *f.customerType;
    }
    if (f.language) {
        if (*f.language != "fr" && *f.language != "en")
            return Error::validation("language", "unknown_value", "language is fr or en");
        c.language = *f.language;
    }
    if (f.stage) {
        if (!oneOf(*f.stage, {"amiable", "relance", "mise_en_demeure", "contentieux"}))
            return Error::validation(
                "stage", "unknown_value", "stage is amiable, relance, mise_en_demeure or contentieux");
        c.stage = *f.stage;
    }
    if (f.contractRateBp) {
        if (*f.contractRateBp && (**f.contractRateBp < 0 || **f.contractRateBp > 10000))
            return Error::validation(
                "contract_rate_bp", "out_of_range", "a contract rate is 0 to 10000 basis points (0 to 100 %)");
        c.contractRateBp = *f.contractRateBp;
    }
    if (f.contractCharges)
        c.contractCharges = *f.contractCharges;
    if (f.scenarioId) {
        const std::int64_t id = f.scenarioId->value_or(0);
        if (id > 0 && !m_scenarios.get(id))
            return Error::validation(
                "scenario_id", "unknown_scenario", "scenario " + std::to_string(id) + " does not exist");
        c.scenarioId = id;
    }
    if (f.status) {
        if (*f.status != "active" && *f.status != "archived")
            return Error::validation("status", "unknown_value", "status is active or archived");
        c.status = *f.status;
    }
    if (f.assignedTo) {
        const std::int64_t user = f.assignedTo->value_or(0);
        if (f.assignedTo->has_value() && user <= 0)
            return Error::validation("assigned_to", "unknown_user", "user " + std::to_string(user) + " does not exist");
        if (user > 0) {
            const auto u = model::UserModel(m_ctx.db).get(user);
            if (!u)
                return Error::validation(
                    "assigned_to", "unknown_user", "user " + std::to_string(user) + " does not exist");
            if (!u->active)
                return Error::validation("assigned_to", "inactive_user", "this user is deactivated");
        }
        c.assignedTo = user;
    }
    return std::nullopt;
}

Result<model::Client> ClientService::create(const Actor& actor, const ClientFields& fields)
{
    if (auto e = require(actor, Perm::ClientCreate))
        return *e;
    if (!fields.code)
        return Error::validation("code", "required", "code is required");
    if (!fields.name)
        return Error::validation("name", "required", "name is required");
    db::Transaction tx(m_ctx.db);
    model::Client c;
    if (auto e = apply(fields, c))
        return *e;
    if (m_model.findIdByCode(c.code))
        return Error::validation("code", "duplicate", "a client with code '" + c.code + "' already exists");
    c.createdAt = c.updatedAt = m_ctx.clock();
    c.id = m_model.insert(c);
    m_model.refreshStatsFor(c.id, m_ctx.today()); // in the lists sorted by amount or due date at once
    audit(m_ctx, actor.userId, "client.create", "clients", c.id, nullptr, model::toJson(c));
    tx.commit();
    return c;
}

Result<model::Client> ClientService::update(const Actor& actor, std::int64_t id, const ClientFields& fields)
{
    db::Transaction tx(m_ctx.db);
    auto existing = m_model.get(id);
    if (!existing)
        return Error::notFound("client " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::ClientUpdate, id))
        return *e;
    if (fields.assignedTo)
        if (auto e = require(actor, Perm::ClientAssign))
            return *e;
    model::Client c = *existing;
    if (auto e = apply(fields, c))
        return *e;
    if (auto other = m_model.findIdByCode(c.code); other && *other != id)
        return Error::validation("code", "duplicate", "a client with code '" + c.code + "' already exists");
    c.updatedAt = m_ctx.clock();
    m_model.update(c);
    if (c.assignedTo != existing->assignedTo)
        model::RelanceRunModel(m_ctx.db).reassignOpenTasks(id, c.assignedTo);
    audit(m_ctx, actor.userId, fields.assignedTo ? "client.assign" : "client.update", "clients", id,
        model::toJson(*existing), model::toJson(c));
    tx.commit();
    return c;
}

Result<model::Client> ClientService::assign(const Actor& actor, std::int64_t id, std::optional<std::int64_t> userId)
{
    ClientFields f;
    f.assignedTo = userId;
    auto r = update(actor, id, f);
    if (!r.ok() && r.error().field == "assigned_to") {
        Error e = r.error();
        e.field = "user_id";
        return e;
    }
    return r;
}

Result<std::map<std::int64_t, std::int64_t>> ClientService::portfolioSizes(const Actor& actor)
{
    if (auto e = require(actor, Perm::ClientAssign))
        return *e;
    return model::ClientModel(m_ctx.db).countsByCollector();
}

Result<std::vector<std::int64_t>> ClientService::portfolioToMove(
    const Actor& actor, std::optional<std::int64_t> from, std::optional<std::int64_t> to)
{
    if (auto e = require(actor, Perm::ClientAssign))
        return *e;
    if (from == to)
        return Error::validation("to_user_id", "same_user", "the portfolio would stay where it is");
    if (from && (*from <= 0 || !model::UserModel(m_ctx.db).get(*from)))
        return Error::validation(
            "from_user_id", "not_found", "user " + std::to_string(from.value_or(0)) + " does not exist");
    // The target as assign() checks it (one rule): exists, is active.
    ClientFields f;
    f.assignedTo = to;
    model::Client probe;
    if (auto e = apply(f, probe)) {
        e->field = "to_user_id";
        return *e;
    }
    return m_model.idsAssignedTo(from);
}

Result<model::Client> ClientService::get(const Actor& actor, std::int64_t id)
{
    auto c = m_model.get(id);
    if (!c)
        return Error::notFound("client " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, id))
        return *e;
    return *c;
}

Result<model::ClientPage> ClientService::list(const Actor& actor, model::ClientQuery query)
{
    if (auto e = require(actor, Perm::ClientRead))
        return *e;
    if (query.limit < 1 || query.limit > kPageMax)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and " + std::to_string(kPageMax));
    if (query.offset < 0)
        return Error::validation("offset", "out_of_range", "offset must not be negative");
    if (query.search.size() > 200 || !text::isValidUtf8(query.search))
        return Error::validation("search", "invalid_characters", "search must be valid UTF-8 of at most 200 bytes");
    if (!query.status.empty() && query.status != "active" && query.status != "archived")
        return Error::validation("status", "unknown_value", "status is active or archived");
    if (!query.stage.empty() && !oneOf(query.stage, {"amiable", "relance", "mise_en_demeure", "contentieux"}))
        return Error::validation("stage", "unknown_value", "stage is amiable, relance, mise_en_demeure or contentieux");
    if (!query.risk.empty() && !oneOf(query.risk, {"low", "medium", "high"}))
        return Error::validation("risk_level", "unknown_value", "risk_level is low, medium or high");
    if (!query.bucket.empty() && model::bucketIndex(query.bucket) < 0)
        return Error::validation("bucket", "unknown_value", "bucket is not_due, 1_30, 31_60, 61_90 or over_90");
    if (auto e = ownPortfolio(actor, query.collector))
        return *e;
    if (query.asOf.empty())
        query.asOf = m_ctx.today();
    else if (!timeutil::isValidDate(query.asOf))
        return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
    db::Transaction tx(m_ctx.db);
    m_model.refreshStats(query.asOf);
    auto page = m_model.list(query);
    tx.commit();
    return page;
}

Result<Unit> ClientService::remove(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::ClientDelete))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto existing = m_model.get(id);
    if (!existing)
        return Error::notFound("client " + std::to_string(id) + " does not exist");
    if (m_model.hasInvoicesOrPayments(id))
        return Error::conflict(
            "has_history", "this client has invoices, payments, communications or documents: archive it instead");
    m_model.remove(id);
    audit(m_ctx, actor.userId, "client.delete", "clients", id, model::toJson(*existing), nullptr);
    tx.commit();
    return Unit{};
}

Result<ClientSummary> ClientService::summary(const Actor& actor, std::int64_t id, const std::string& asOfIn)
{
    auto c = get(actor, id);
    if (!c.ok())
        return c.error();
    const std::string asOf = asOfIn.empty() ? m_ctx.today() : asOfIn;
    if (!timeutil::isValidDate(asOf))
        return Error::validation("as_of", "invalid_date", "as_of must be a date YYYY-MM-DD");
    ClientSummary out{c.value(), asOf, {}};
    auto balanceOf = [&](const std::string& currency) -> CurrencyBalance& {
        for (auto& b : out.balances)
            if (b.currency == currency)
                return b;
        out.balances.push_back({});
        out.balances.back().currency = currency;
        return out.balances.back();
    };
    for (const auto& o : model::InvoiceModel(m_ctx.db).owedByCurrency(id, asOf)) {
        auto& b = balanceOf(o.currency);
        b.openCents = o.openCents;
        b.overdueCents = o.overdueCents;
        b.openInvoices = o.openInvoices;
        b.overdueInvoices = o.overdueInvoices;
        b.oldestDueDate = o.oldestDueDate;
        b.maxDaysOverdue = std::max(0L, timeutil::daysBetween(b.oldestDueDate, asOf));
    }
    for (const auto& [currency, cents] : model::PaymentModel(m_ctx.db).creditByCurrency(id))
        balanceOf(currency).creditCents = cents;
    for (auto& b : out.balances)
        b.balanceCents = b.openCents - b.creditCents;
    return out;
}

} // namespace crm::service
