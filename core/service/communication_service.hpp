// Communications (calls, e-mails, SMS, letters, visits, notes) and documents (files
// attached to a client or an invoice, stored in the database).
//
// Errors (validation): channel / direction / outcome unknown_value; outcome
// only_for_calls; promise_date required (for a promise) | invalid_date;
// promise_amount_cents not_positive; occurred_at invalid_instant | in_future;
// invoice_ids other_client | unknown_invoice; subject / body too_long;
// name required | too_long; mime_type invalid; content_base64 invalid_base64 |
// too_large (over 10 MiB) ; forbidden; not_found.
#pragma once

#include "core/model/communication_model.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct CommunicationInput {
    std::int64_t clientId = 0;
    std::string channel;
    std::string direction = "out";
    std::string occurredAt; // empty: now
    std::string subject;
    std::string body;
    std::string outcome;
    std::string promiseDate;
    std::optional<std::int64_t> promiseAmountCents;
    std::vector<std::int64_t> invoiceIds;
};

struct DocumentInput {
    std::int64_t clientId = 0;
    std::int64_t invoiceId = 0;
    std::string name;
    std::string mimeType;
    std::string contentBase64;
};

struct CommunicationPage {
    std::vector<model::Communication> rows;
    std::int64_t total = 0;
};

class CommunicationService {
public:
    static constexpr std::int64_t kMaxDocumentBytes = 10 * 1024 * 1024;

    explicit CommunicationService(Context& ctx) : m_ctx(ctx), m_comms(ctx.db), m_docs(ctx.db) { }

    Result<model::Communication> log(const Actor& actor, const CommunicationInput& in);
    Result<model::Communication> get(const Actor& actor, std::int64_t id);
    Result<CommunicationPage> list(
        const Actor& actor, std::int64_t clientId, std::int64_t invoiceId, std::int64_t offset, std::int64_t limit);

    Result<model::Document> attach(const Actor& actor, const DocumentInput& in);
    Result<std::vector<model::Document>> documents(const Actor& actor, std::int64_t clientId, std::int64_t invoiceId);
    // The document and its content, base64.
    Result<std::pair<model::Document, std::string>> download(const Actor& actor, std::int64_t id);
    Result<Unit> removeDocument(const Actor& actor, std::int64_t id);

private:
    std::optional<Error> checkInvoices(std::int64_t clientId, const std::vector<std::int64_t>& ids, const char* field);

    Context& m_ctx;
    model::CommunicationModel m_comms;
    model::DocumentModel m_docs;
};

} // namespace crm::service
