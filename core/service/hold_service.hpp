// HoldService: promises to pay, payment plans (échéanciers) and stops — what pauses the
// chase besides a dispute. Their status on a date (active, kept, broken, ended) is
// computed by the engine's rules (core/relance/engine.hpp holdState), never stored.
//
// Errors, by field: kind unknown_value; client_id not_found; invoice_ids
// unknown_invoice | other_client | not_open; amount_cents (promise) required |
// not_positive; date (promise) required | invalid_date | in_past | far_future;
// instalments (plan) required | invalid_date | not_positive | not_in_order |
// exceeds_balance; until invalid_date | in_past; reason (stop) required | too_long;
// hold.end: not_found, conflict already_ended.
#pragma once

#include "core/model/hold_model.hpp"
#include "core/relance/engine.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

struct HoldInput {
    std::string kind; // promise | plan | stop
    std::int64_t clientId = 0;
    std::vector<std::int64_t> invoiceIds;
    std::string reason;
    std::optional<std::int64_t> amountCents; // promise
    std::string date;                        // promise
    std::vector<model::HoldInstalment> instalments;
    std::string until; // stop
    std::int64_t communicationId = 0;
};

struct HoldView {
    model::HoldRow hold;
    std::string status; // active | kept | broken | ended
    std::int64_t paidCents = 0, missedCents = 0;
};

class HoldService {
public:
    explicit HoldService(Context& ctx) : m_ctx(ctx), m_holds(ctx.db) { }

    Result<HoldView> create(const Actor& actor, const HoldInput& in);
    // clientId 0: every client the actor may see; active: only holds in force on asOf
    // (empty: today), their status computed for that day.
    Result<std::vector<HoldView>> list(
        const Actor& actor, std::int64_t clientId, bool activeOnly, const std::string& asOf = {});
    Result<HoldView> end(const Actor& actor, std::int64_t id);

    // For CommunicationService: the promise a call recorded (no permission check: the
    // caller has checked the client). The amount defaults to what the listed invoices,
    // or the client's overdue ones, still owe.
    std::int64_t createFromCall(const Actor& actor, std::int64_t clientId, std::int64_t communicationId,
        const std::vector<std::int64_t>& invoiceIds, const std::string& date, std::optional<std::int64_t> amountCents);

    HoldView view(const model::HoldRow& h, const std::string& asOf);
    // A stored hold as the engine reads it, with the money paid towards it since it began.
    relance::Hold forEngine(const model::HoldRow& h);

private:
    Context& m_ctx;
    model::HoldModel m_holds;
};

} // namespace crm::service
