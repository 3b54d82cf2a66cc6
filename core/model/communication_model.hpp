// CommunicationModel and DocumentModel: `communications` (+ `communication_invoices`)
// and `documents` (schema/0002_domain.sql).
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct Communication {
    std::int64_t id = 0;
    std::int64_t clientId = 0;
    std::int64_t userId = 0;
    std::string channel;   // call | email | sms | letter | visit | note
    std::string direction; // in | out
    std::string occurredAt;
    std::string subject;
    std::string body;
    std::string outcome; // calls: reached | voicemail | promise | refusal | wrong_number
    std::string promiseDate;
    std::optional<std::int64_t> promiseAmountCents;
    std::vector<std::int64_t> invoiceIds;
    std::string createdAt;
};

nlohmann::json toJson(const Communication& c);

struct Document {
    std::int64_t id = 0;
    std::int64_t clientId = 0;
    std::int64_t invoiceId = 0; // 0: attached to the client only
    std::string name;
    std::string mimeType;
    std::int64_t sizeBytes = 0;
    std::string sha256;
    std::int64_t uploadedBy = 0;
    std::string createdAt;
};

nlohmann::json toJson(const Document& d);

class CommunicationModel {
public:
    explicit CommunicationModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const Communication& c);
    std::optional<Communication> get(std::int64_t id);
    // A client's communications, newest first, optionally only those about an invoice.
    std::vector<Communication> listByClient(
        std::int64_t clientId, std::int64_t invoiceId, std::int64_t offset, std::int64_t limit, std::int64_t& total);

private:
    db::Database& m_db;
};

class DocumentModel {
public:
    explicit DocumentModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const Document& d, const std::string& content);
    std::optional<Document> get(std::int64_t id);
    std::optional<std::string> content(std::int64_t id);
    std::vector<Document> list(std::int64_t clientId, std::int64_t invoiceId);
    void remove(std::int64_t id);

private:
    db::Database& m_db;
};

} // namespace crm::model
