// HoldModel: `holds`, `hold_invoices`, `hold_instalments` (schema/0005) — promises to
// pay, payment plans and stops. Their status on a date is the engine's to say
// (core/relance/engine.hpp holdState); here they are stored and read.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace crm::model {

struct HoldInstalment {
    std::string date;
    std::int64_t cents = 0;
};

struct HoldRow {
    std::int64_t id = 0, clientId = 0;
    std::string kind, reason;
    std::int64_t amountCents = 0; // promise
    std::string date, until, startsOn;
    std::int64_t communicationId = 0;
    std::string endedAt;
    std::int64_t endedBy = 0;
    std::string brokenLoggedAt;
    std::int64_t createdBy = 0;
    std::string createdAt;
    std::vector<std::int64_t> invoiceIds; // empty: the whole client
    std::vector<HoldInstalment> instalments;
};

struct DatedCents {
    std::string date;
    std::int64_t cents = 0;
};

class HoldModel {
public:
    explicit HoldModel(db::Database& db) : m_db(db) { }
    std::int64_t insert(const HoldRow& h); // with its invoices and instalments
    std::optional<HoldRow> get(std::int64_t id);
    // clientId 0: every client; notEnded: only those not ended by hand.
    std::vector<HoldRow> list(std::int64_t clientId, bool notEnded);
    void end(std::int64_t id, const std::string& at, std::int64_t by);
    void markBrokenLogged(std::int64_t id, const std::string& at);
    // Money allocated to what the hold covers (its invoices, or the client's) on or after its start.
    std::vector<DatedCents> paidSinceStart(const HoldRow& h);

private:
    void fillDetails(HoldRow& h);
    db::Database& m_db;
};

} // namespace crm::model
