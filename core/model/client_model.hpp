// ClientModel: the `clients` table (schema/0001_clients.sql). SQL lives here only.
//
// The model stores what it is given; validation and normalisation belong to
// ClientService. It maintains the folded search columns itself. Errors: DbError
// (see core/db/database.hpp); "not found" is an empty optional / false.
#pragma once

#include "core/db/database.hpp"

#include <cstdint>
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
    std::string siret; // empty when unknown
    std::string createdAt;
    std::string updatedAt;
};

enum class ClientSort { Name, Code, Email, CreatedAt, UpdatedAt };

struct ClientQuery {
    std::string search; // raw user text; folded and bound as a parameter, never spliced
    ClientSort sort = ClientSort::Name;
    bool desc = false;
    std::int64_t offset = 0;
    std::int64_t limit = 50;
};

struct ClientPage {
    std::vector<Client> rows;
    std::int64_t total = 0;
};

class ClientModel {
public:
    explicit ClientModel(db::Database& db) : m_db(db) { }

    std::int64_t insert(const Client& c); // returns the new id
    bool update(const Client& c);         // false when the id does not exist
    bool remove(std::int64_t id);         // false when the id does not exist
    std::optional<Client> get(std::int64_t id);
    // The id of the client holding `code` (case-insensitive), if any.
    std::optional<std::int64_t> findIdByCode(const std::string& code);
    ClientPage list(const ClientQuery& q);
    std::int64_t count();

private:
    db::Database& m_db;
};

} // namespace crm::model
