// ClientModel: the `clients` table (schema/0001, 0002). SQL lives here only.
//
// The model stores what it is given; validation and normalisation belong to
// ClientService. It maintains the folded search columns itself. Errors: DbError
// (see core/db/database.hpp); "not found" is an empty optional / false.
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::model {

struct Client {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    std::string email;
    std::string phone;
    std::string address;
    std::string siret;           // empty when unknown
    std::int64_t assignedTo = 0; // 0: nobody
    std::string contactName;
    std::string segment;
    std::vector<std::string> tags;
    std::int64_t paymentTermsDays = 30;
    std::optional<std::int64_t> creditLimitCents;
    std::string riskLevel = "medium";
    std::string status = "active";
    std::string customerType = "business";      // business | consumer
    std::string language = "fr";                // of the letters: fr | en
    std::optional<std::int64_t> contractRateBp; // the contract's late-payment rate; none: the legal one
    bool contractCharges = false;               // a consumer's contract sets late-payment charges
    std::int64_t scenarioId = 0;                // own relance scenario; 0: the segment's or the default
    std::string stage = "amiable";              // amiable | relance | mise_en_demeure | contentieux
    std::string createdAt;
    std::string updatedAt;
};

nlohmann::json toJson(const Client& c);

enum class ClientSort { Name, Code, Email, CreatedAt, UpdatedAt, OpenAmount, OverdueAmount, OldestDue };

struct ClientQuery {
    std::string search; // raw user text; folded and bound as a parameter, never spliced
    ClientSort sort = ClientSort::Name;
    bool desc = false;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
    std::optional<std::int64_t> collector; // 0 = unassigned
    std::string status;                    // empty: any
    std::string segment;
    std::string tag;
    std::string stage; // amiable | relance | mise_en_demeure | contentieux; empty: any
    std::string risk;  // low | medium | high; empty: any
    // The age of the client's debt: the bucket (not_due | 1_30 | 31_60 | 61_90 | over_90)
    // of its oldest invoice still owed, as of asOf. Empty: any (clients owing nothing too).
    std::string bucket;
    bool held = false; // only clients with a hold in force or an invoice in dispute
    std::string asOf;  // for OpenAmount / OverdueAmount sorts and the amounts in rows
};

struct ClientRow {
    Client client;
    std::int64_t openCents = 0;    // EUR invoices still owed
    std::int64_t overdueCents = 0; // of which past due as of ClientQuery::asOf
    std::string oldestDueDate;     // of the invoices still owed (any currency); empty: none
    std::int64_t daysOverdue = 0;  // as_of minus that date, when it is past
    bool held = false;             // a hold not ended, or an invoice in dispute
};

struct ClientPage {
    std::vector<ClientRow> rows;
    std::int64_t total = 0;
};

class ClientModel {
public:
    // The ids of the clients of collector `user` (nullopt: the unassigned ones), in id order.
    std::vector<std::int64_t> idsAssignedTo(std::optional<std::int64_t> user);
    // How many clients each user follows (users with none are absent).
    std::map<std::int64_t, std::int64_t> countsByCollector();
    explicit ClientModel(db::Database& db) : m_db(db) { }

    std::int64_t insert(const Client& c); // returns the new id
    bool update(const Client& c);         // false when the id does not exist
    bool remove(std::int64_t id);         // false when the id does not exist
    std::optional<Client> get(std::int64_t id);
    // The id of the client holding `code` (case-insensitive), if any.
    std::optional<std::int64_t> findIdByCode(const std::string& code);
    ClientPage list(const ClientQuery& q);
    std::int64_t count();
    // The collector a client is assigned to (0: nobody); nullopt: no such client.
    std::optional<std::int64_t> collectorOf(std::int64_t id);
    // True when no client, invoice or payment exists (test data may be generated).
    bool portfolioEmpty();
    bool hasInvoicesOrPayments(std::int64_t id);

    // The per-client balance cache (client_stats: amounts in EUR, the oldest owed due date)
    // the lists sort and filter by: brought
    // up to date for all clients when its date is not `asOf`, else only for `clientId`.
    void refreshStats(const std::string& asOf, bool force = false); // force: even if computed for asOf
    void refreshStatsFor(std::int64_t clientId, const std::string& asOf);
    void refreshStatsFor(const std::vector<std::int64_t>& clients, const std::string& asOf); // one write

private:
    db::Database& m_db;
};

} // namespace crm::model
