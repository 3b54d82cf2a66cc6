#include "core/service/communication_service.hpp"

#include "core/model/invoice_model.hpp"
#include "core/service/audit.hpp"
#include "core/service/hold_service.hpp"
#include "core/service/permissions.hpp"
#include "core/service/validation.hpp"
#include "core/util/crypto.hpp"
#include "core/util/text.hpp"
#include "core/util/time.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace crm::service {

std::optional<Error> CommunicationService::checkInvoices(
    std::int64_t clientId, const std::vector<std::int64_t>& ids, const char* field)
{
    for (auto id : ids) {
        if (id <= 0)
            continue;
        const auto owner = model::InvoiceModel(m_ctx.db).clientOf(id);
        if (!owner)
            return Error::validation(field, "unknown_invoice", "invoice " + std::to_string(id) + " does not exist");
        if (*owner != clientId)
            return Error::validation(
                field, "other_client", "invoice " + std::to_string(id) + " belongs to another client");
    }
    return std::nullopt;
}

Result<model::Communication> CommunicationService::log(const Actor& actor, const CommunicationInput& in)
{
    db::Transaction tx(m_ctx.db);
    if (auto e = requireClient(m_ctx, actor, Perm::CommunicationWrite, in.clientId))
        return *e;
    if (!oneOf(in.channel, {"call", "email", "sms", "letter", "visit", "note"}))
        return Error::validation("channel", "unknown_value", "channel is call, email, sms, letter, visit or note");
    if (!oneOf(in.direction, {"in", "out"}))
        return Error::validation("direction", "unknown_value", "direction is in or out");
    model::Communication c;
    c.clientId = in.clientId;
    c.userId = actor.userId;
    c.channel = in.channel;
    c.direction = in.direction;
    const std::string now = m_ctx.clock();
    c.occurredAt = in.occurredAt.empty() ? now : in.occurredAt;
    if (!timeutil::isValidInstant(c.occurredAt))
        return Error::validation("occurred_at", "invalid_instant", "occurred_at must read YYYY-MM-DDTHH:MM:SSZ");
    if (c.occurredAt > timeutil::addSeconds(now, 300))
        return Error::validation("occurred_at", "in_future", "a communication cannot be logged in the future");
    if (auto e = checkText("subject", in.subject, limit::kSubject, false))
        return *e;
    if (auto e = checkText("body", in.body, limit::kBody, true))
        return *e;
    c.subject = text::trim(in.subject);
    c.body = in.body;
    if (!in.outcome.empty()) {
        if (c.channel != "call")
            return Error::validation("outcome", "only_for_calls", "only a call has an outcome");
        if (!oneOf(in.outcome, {"reached", "voicemail", "promise", "refusal", "wrong_number"}))
            return Error::validation(
                "outcome", "unknown_value", "outcome is reached, voicemail, promise, refusal or wrong_number");
        c.outcome = in.outcome;
    }
    if (c.outcome == "promise") {
        if (in.promiseDate.empty())
            return Error::validation("promise_date", "required", "a promise to pay needs its date");
        if (!timeutil::isValidDate(in.promiseDate))
            return Error::validation("promise_date", "invalid_date", "promise_date must be a date YYYY-MM-DD");
        c.promiseDate = in.promiseDate;
        if (in.promiseAmountCents) {
            if (*in.promiseAmountCents <= 0)
                return Error::validation("promise_amount_cents", "not_positive", "a promised amount is more than zero");
            c.promiseAmountCents = in.promiseAmountCents;
        }
    } else if (!in.promiseDate.empty() || in.promiseAmountCents) {
        return Error::validation(
            "promise_date", "only_for_promises", "only a promise to pay has a promise date or amount");
    }
    if (auto e = checkInvoices(in.clientId, in.invoiceIds, "invoice_ids"))
        return *e;
    for (auto id : in.invoiceIds)
        if (id > 0 && std::find(c.invoiceIds.begin(), c.invoiceIds.end(), id) == c.invoiceIds.end())
            c.invoiceIds.push_back(id);
    c.createdAt = now;
    c.id = m_comms.insert(c);
    auto stored = *m_comms.get(c.id);
    audit(m_ctx, actor.userId, "communication.log", "communications", c.id, nullptr, model::toJson(stored));
    // A promise made on a call holds the chase until its date (a hold the engine reads).
    if (c.outcome == "promise")
        HoldService(m_ctx).createFromCall(actor, c.clientId, c.id, c.invoiceIds, c.promiseDate, c.promiseAmountCents);
    tx.commit();
    return stored;
}

Result<model::Communication> CommunicationService::get(const Actor& actor, std::int64_t id)
{
    auto c = m_comms.get(id);
    if (!c)
        return Error::notFound("communication " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, c->clientId))
        return *e;
    return *c;
}

Result<CommunicationPage> CommunicationService::list(
    const Actor& actor, std::int64_t clientId, std::int64_t invoiceId, std::int64_t offset, std::int64_t limit)
{
    if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, clientId))
        return *e;
    if (limit < 1 || limit > 1000)
        return Error::validation("limit", "out_of_range", "limit must be between 1 and 1000");
    if (offset < 0)
        return Error::validation("offset", "out_of_range", "offset must not be negative");
    CommunicationPage page;
    page.rows = m_comms.listByClient(clientId, invoiceId, offset, limit, page.total);
    return page;
}

Result<model::Document> CommunicationService::attach(const Actor& actor, const DocumentInput& in)
{
    db::Transaction tx(m_ctx.db);
    if (auto e = requireClient(m_ctx, actor, Perm::DocumentWrite, in.clientId))
        return *e;
    if (auto e = checkInvoices(in.clientId, {in.invoiceId}, "invoice_id"))
        return *e;
    model::Document d;
    d.clientId = in.clientId;
    d.invoiceId = in.invoiceId;
    d.name = text::trim(in.name);
    if (auto e = checkFileName("name", d.name))
        return *e;
    d.mimeType = text::trim(in.mimeType);
    const auto slash = d.mimeType.find('/');
    if (slash == std::string::npos || slash == 0 || slash + 1 >= d.mimeType.size() || d.mimeType.size() > 100
        || d.mimeType.find(' ') != std::string::npos)
        return Error::validation("mime_type", "invalid", "mime_type looks like application/pdf or image/png");
    // Size check before decoding: base64 is 4/3 of the bytes.
    if (in.contentBase64.size() > static_cast<std::size_t>(kMaxDocumentBytes / 3 * 4 + 8))
        return Error::validation("content_base64", "too_large", "a document is at most 10 MiB");
    auto bytes = crypto::base64Decode(in.contentBase64);
    if (!bytes)
        return Error::validation("content_base64", "invalid_base64", "content_base64 is not valid base64");
    if (static_cast<std::int64_t>(bytes->size()) > kMaxDocumentBytes)
        return Error::validation("content_base64", "too_large", "a document is at most 10 MiB");
    d.sizeBytes = static_cast<std::int64_t>(bytes->size());
    d.sha256 = crypto::sha256Hex(*bytes);
    d.uploadedBy = actor.userId;
    d.createdAt = m_ctx.clock();
    d.id = m_docs.insert(d, *bytes);
    audit(m_ctx, actor.userId, "document.attach", "documents", d.id, nullptr, model::toJson(d));
    tx.commit();
    return d;
}

Result<std::vector<model::Document>> CommunicationService::documents(
    const Actor& actor, std::int64_t clientId, std::int64_t invoiceId)
{
    if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, clientId))
        return *e;
    return m_docs.list(clientId, invoiceId);
}

Result<std::pair<model::Document, std::string>> CommunicationService::download(const Actor& actor, std::int64_t id)
{
    auto d = m_docs.get(id);
    if (!d)
        return Error::notFound("document " + std::to_string(id) + " does not exist");
    if (auto e = requireClient(m_ctx, actor, Perm::ClientRead, d->clientId))
        return *e;
    return std::pair{*d, crypto::base64Encode(m_docs.content(id).value_or(""))};
}

Result<Unit> CommunicationService::removeDocument(const Actor& actor, std::int64_t id)
{
    if (auto e = require(actor, Perm::DocumentDelete))
        return *e;
    db::Transaction tx(m_ctx.db);
    auto d = m_docs.get(id);
    if (!d)
        return Error::notFound("document " + std::to_string(id) + " does not exist");
    m_docs.remove(id);
    audit(m_ctx, actor.userId, "document.delete", "documents", id, model::toJson(*d), nullptr);
    tx.commit();
    return Unit{};
}

} // namespace crm::service
