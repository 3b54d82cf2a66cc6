// clientService: clients, their assignment to a collector, and their balance.
//
// Every public call is one transaction, checks the actor's permission (see
// permissions.hpp: agents see and update only the clients assigned to them, and
// cannot create, assign or delete), validates, then writes and logs; a refused call
// changes nothing. Validation errors name the field and a reason key:
//   code     required | too_long | invalid_code | duplicate
//   name     required | too_long | invalid_characters
//   email    too_long | invalid_email          phone   too_long | invalid_phone
//   address  too_long | invalid_characters     siret   invalid_siret
//   assigned_to unknown_user | inactive_user   tags    invalid_tag | too_many
//   payment_terms_days / credit_limit_cents out_of_range
//   risk_level / status / sort unknown_value   limit / offset out_of_range
// Unknown ids give ErrorCode::NotFound. Storage failures throw db::DbError.
#pragma once

#include "core/model/client_model.hpp"
#include "core/model/relance_model.hpp"
#include "core/service/context.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>
#include <vector>

namespace crm::service {

// Fields of a create or an update; absent (nullopt) fields are left as they are on
// update. For the two nullable ones, an engaged-but-empty inner optional clears them.
struct ClientFields {
    std::optional<std::string> code, name, email, phone, address, siret, contactName, segment, riskLevel, status;
    std::optional<std::string> customerType, language, stage;
    std::optional<std::optional<std::int64_t>> contractRateBp, scenarioId;
    std::optional<bool> contractCharges;
    std::optional<std::vector<std::string>> tags;
    std::optional<std::int64_t> paymentTermsDays;
    std::optional<std::optional<std::int64_t>> creditLimitCents;
    std::optional<std::optional<std::int64_t>> assignedTo;
};

struct CurrencyBalance {
    std::string currency;
    std::int64_t openCents = 0;    // invoices still owed
    std::int64_t overdueCents = 0; // of which past due
    std::int64_t creditCents = 0;  // payments and credit notes not allocated
    std::int64_t balanceCents = 0; // open - credit (negative: we owe the client)
    std::int64_t openInvoices = 0;
    std::int64_t overdueInvoices = 0;
    std::string oldestDueDate; // of the invoices still owed; empty when none
    long maxDaysOverdue = 0;
};

struct ClientSummary {
    model::Client client;
    std::string asOf;
    std::vector<CurrencyBalance> balances; // one per currency in use, EUR first
};

class ClientService {
public:
    static constexpr std::int64_t kPageMax = 1000;

    explicit ClientService(Context& ctx) : m_ctx(ctx), m_model(ctx.db), m_scenarios(ctx.db) { }

    Result<model::Client> create(const Actor& actor, const ClientFields& fields);
    Result<model::Client> update(const Actor& actor, std::int64_t id, const ClientFields& fields);
    // Assigns the client to a collector (nullopt: nobody); errors name `user_id`.
    Result<model::Client> assign(const Actor& actor, std::int64_t id, std::optional<std::int64_t> userId);
    // The clients a move of portfolio takes: every client of collector `from` (nullopt:
    // the unassigned ones), to hand to `to` (nullopt: nobody) with assign() one by one —
    // a log line each, their open tasks following. Errors: the same user on both sides
    // (`to_user_id` same_user), an unknown `from` (`from_user_id` not_found), a `to`
    // assign() would refuse (checked here once: `to_user_id`).
    Result<std::vector<std::int64_t>> portfolioToMove(
        const Actor& actor, std::optional<std::int64_t> from, std::optional<std::int64_t> to);
    // How many clients each collector follows (the Team screen), by user id.
    Result<std::map<std::int64_t, std::int64_t>> portfolioSizes(const Actor& actor);
    Result<model::Client> get(const Actor& actor, std::int64_t id);
    Result<model::ClientPage> list(const Actor& actor, model::ClientQuery query);
    Result<Unit> remove(const Actor& actor, std::int64_t id);
    Result<ClientSummary> summary(const Actor& actor, std::int64_t id, const std::string& asOf);

private:
    // Normalises `fields` into `client` (only the present ones); an Error on bad input.
    std::optional<Error> apply(const ClientFields& fields, model::Client& client);

    Context& m_ctx;
    model::ClientModel m_model;
    model::ScenarioModel m_scenarios;
};

} // namespace crm::service
