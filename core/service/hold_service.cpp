#include "core/service/hold_service.hpp"

#include "core/model/client_model.hpp"
#include "core/model/invoice_model.hpp"
#include "core/relance/engine.hpp"
#include "core/service/audit.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace crm::service {

namespace {

nlohmann::json toJson(const model::HoldRow& h)
{
    nlohmann::json inst = nlohmann::json::array();
    for (const auto& i : h.instalments)
        inst.push_back({{"date", i.date}, {"amount_cents", i.cents}});
    return {{"id", h.id}, {"client_id", h.clientId}, {"kind", h.kind}, {"reason", h.reason},
        {"amount_cents", h.kind == "promise" ? nlohmann::json(h.amountCents) : nlohmann::json()},
        {"date", h.date.empty() ? nlohmann::json() : nlohmann::json(h.date)},
        {"until", h.until.empty() ? nlohmann::json() : nlohmann::json(h.until)}, {"starts_on", h.startsOn},
        {"invoice_ids", h.invoiceIds}, {"instalments", inst}};
}

} // namespace

relance::Hold HoldService::forEngine(const model::HoldRow& h)
{
    relance::Hold rh;
    rh.id = h.id;
    rh.clientId = h.clientId;
    rh.kind = h.kind;
    rh.invoiceIds = h.invoiceIds;
    rh.amountCents = h.amountCents;
    rh.date = h.date;
    rh.until = h.until;
    rh.startsOn = h.startsOn;
    for (const auto& i : h.instalments)
        rh.instalments.push_back({i.date, i.cents});
    if (h.kind != "stop")
        for (const auto& p : m_holds.paidSinceStart(h))
            rh.paid.push_back({p.date, p.cents});
    return rh;
}

HoldView HoldService::view(const model::HoldRow& h, const std::string& asOf)
{
    relance::Hold rh = forEngine(h);
    // Ended by hand shows as ended from the moment it was, whatever the day.
    if (!h.endedAt.empty())
        rh.endedOn = std::min(timeutil::dateOf(h.endedAt), asOf);
    const relance::HoldState st = relance::holdState(rh, asOf);
    return {h, relance::holdStatusName(st.status), st.paidCents, st.missedCents};
}

Result<HoldView> HoldService::create(const Actor& actor, const HoldInput& in)
{
    if (!oneOf(in.kind, {"promise", "plan", "stop"}))
        return Error::validation("kind", "unknown_value", "kind is promise, plan or stop");
    if (auto e = requireClient(m_ctx, actor, Perm::HoldWrite, in.clientId))
        return *e;
    const std::string today = m_ctx.today();
    db::Transaction tx(m_ctx.db);
    model::InvoiceModel invoices(m_ctx.db);
    std::int64_t coveredOpen = 0;
    std::vector<std::int64_t> ids = in.invoiceIds;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    for (auto id : ids) {
        const auto inv = invoices.get(id);
        if (!inv)
            return Error::validation(
                "invoice_ids", "unknown_invoice", "invoice " + std::to_string(id) + " does not exist");
        if (inv->clientId != in.clientId)
            return Error::validation(
                "invoice_ids", "other_client", "invoice " + inv->number + " belongs to another client");
        if (inv->openCents() <= 0)
            return Error::validation("invoice_ids", "not_open", "invoice " + inv->number + " is not owed");
        coveredOpen += inv->openCents();
    }
    if (ids.empty())
        for (const auto& o : invoices.owedByCurrency(in.clientId, today))
            coveredOpen += o.openCents;

    model::HoldRow h;
    h.clientId = in.clientId;
    h.kind = in.kind;
    h.invoiceIds = ids;
    h.reason = text::trim(in.reason);
    if (auto e = checkText("reason", h.reason, limit::kReason, true))
        return *e;
    h.startsOn = today;
    h.communicationId = in.communicationId;
    h.createdBy = actor.userId;
    h.createdAt = m_ctx.clock();
    if (in.kind == "promise") {
        if (!in.amountCents)
            return Error::validation("amount_cents", "required", "a promise has an amount");
        if (*in.amountCents <= 0)
            return Error::validation("amount_cents", "not_positive", "a promised amount is more than zero");
        if (in.date.empty())
            return Error::validation("date", "required", "a promise has a date");
        if (!timeutil::isValidDate(in.date))
            return Error::validation("date", "invalid_date", "date must be a date YYYY-MM-DD");
        if (in.date < today)
            return Error::validation("date", "in_past", "a promise is for today or later");
        if (timeutil::daysBetween(today, in.date) > 366)
            return Error::validation("date", "far_future", "a promise is at most a year ahead");
        h.amountCents = *in.amountCents;
        h.date = in.date;
    } else if (in.kind == "plan") {
        if (in.instalments.empty())
            return Error::validation("instalments", "required", "a payment plan has instalments");
        std::int64_t sum = 0;
        std::string previous;
        for (const auto& i : in.instalments) {
            if (!timeutil::isValidDate(i.date))
                return Error::validation("instalments", "invalid_date", "each instalment has a date YYYY-MM-DD");
            if (i.cents <= 0)
                return Error::validation("instalments", "not_positive", "each instalment is more than zero");
            if (!previous.empty() && i.date <= previous)
                return Error::validation("instalments", "not_in_order", "instalments come in date order, one a day");
            previous = i.date;
            sum += i.cents;
        }
        if (sum > coveredOpen)
            return Error::validation("instalments", "exceeds_balance",
                "the instalments (" + std::to_string(sum) + " cents) exceed what is owed ("
                    + std::to_string(coveredOpen) + " cents)");
        h.instalments = in.instalments;
    } else {
        if (h.reason.empty())
            return Error::validation("reason", "required", "a stop says why");
        if (!in.until.empty()) {
            if (!timeutil::isValidDate(in.until))
                return Error::validation("until", "invalid_date", "until must be a date YYYY-MM-DD");
            if (in.until < today)
                return Error::validation("until", "in_past", "a stop ends today or later");
            h.until = in.until;
        }
    }
    h.id = m_holds.insert(h);
    audit(m_ctx, actor.userId, "hold.create", "holds", h.id, nullptr, toJson(h));
    tx.commit();
    return view(h, today);
}

std::int64_t HoldService::createFromCall(const Actor& actor, std::int64_t clientId, std::int64_t communicationId,
    const std::vector<std::int64_t>& invoiceIds, const std::string& date, std::optional<std::int64_t> amountCents)
{
    model::InvoiceModel invoices(m_ctx.db);
    const std::string today = m_ctx.today();
    model::HoldRow h;
    h.clientId = clientId;
    h.kind = "promise";
    h.startsOn = today;
    h.date = std::max(date, today);
    h.communicationId = communicationId;
    h.createdBy = actor.userId;
    h.createdAt = m_ctx.clock();
    h.reason = "call";
    std::int64_t owed = 0;
    for (auto id : invoiceIds)
        if (auto inv = invoices.get(id); inv && inv->openCents() > 0) {
            h.invoiceIds.push_back(id);
            owed += inv->openCents();
        }
    if (h.invoiceIds.empty())
        for (const auto& o : invoices.owedByCurrency(clientId, today))
            owed += o.overdueCents > 0 ? o.overdueCents : o.openCents;
    h.amountCents = amountCents.value_or(std::max<std::int64_t>(owed, 1));
    h.id = m_holds.insert(h);
    audit(m_ctx, actor.userId, "hold.create", "holds", h.id, nullptr, toJson(h));
    return h.id;
}

Result<std::vector<HoldView>> HoldService::list(
    const Actor& actor, std::int64_t clientId, bool activeOnly, const std::string& asOf)
{
    if (clientId > 0) {
        if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, clientId))
            return *e;
    } else if (auto e = require(actor, Perm::ClientRead)) {
        return *e;
    }
    const std::string today = asOf.empty() ? m_ctx.today() : asOf;
    model::ClientModel clients(m_ctx.db);
    std::vector<HoldView> out;
    for (const auto& h : m_holds.list(clientId, activeOnly)) {
        if (scopedToOwnClients(actor.role) && clients.collectorOf(h.clientId).value_or(0) != actor.userId)
            continue;
        HoldView v = view(h, today);
        if (activeOnly && v.status != "active")
            continue;
        out.push_back(std::move(v));
    }
    return out;
}

Result<HoldView> HoldService::end(const Actor& actor, std::int64_t id)
{
    db::Transaction tx(m_ctx.db);
    auto h = m_holds.get(id);
    if (!h)
        return Error::notFound("hold " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::HoldWrite, h->clientId))
        return *e;
    if (!h->endedAt.empty())
        return Error::conflict("already_ended", "this hold was ended on " + h->endedAt);
    const std::string at = m_ctx.clock();
    m_holds.end(id, at, actor.userId);
    auto after = *h;
    after.endedAt = at;
    audit(m_ctx, actor.userId, "hold.end", "holds", id, toJson(*h), toJson(after));
    tx.commit();
    return view(after, m_ctx.today());
}

} // namespace crm::service
