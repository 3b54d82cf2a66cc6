// clientService: create / update / get / list / delete clients.
//
// Every public call is one transaction: it validates, then writes, and a refused call
// changes nothing. Validation errors name the field and a reason key:
//   code     required | too_long | invalid_code | duplicate
//   name     required | too_long | invalid_characters
//   email    too_long | invalid_email
//   phone    too_long | invalid_phone
//   address  too_long | invalid_characters
//   siret    invalid_siret (14 digits with a valid Luhn key; spaces are ignored)
//   limit / offset / sort   out_of_range | unknown_value
// Unknown ids give ErrorCode::NotFound. Storage failures throw db::DbError.
#pragma once

#include "core/db/database.hpp"
#include "core/model/client_model.hpp"
#include "core/util/clock.hpp"
#include "core/util/result.hpp"

#include <optional>
#include <string>

namespace crm::service {

// Fields of a create or an update; absent (nullopt) fields are left as they are on update.
struct ClientFields {
    std::optional<std::string> code;
    std::optional<std::string> name;
    std::optional<std::string> email;
    std::optional<std::string> phone;
    std::optional<std::string> address;
    std::optional<std::string> siret;
};

class ClientService {
public:
    static constexpr std::size_t kCodeMax = 32;
    static constexpr std::size_t kNameMax = 200;
    static constexpr std::size_t kEmailMax = 254;
    static constexpr std::size_t kPhoneMax = 32;
    static constexpr std::size_t kAddressMax = 500;
    static constexpr std::int64_t kPageMax = 1000;

    ClientService(db::Database& db, Clock clock) : m_db(db), m_model(db), m_clock(std::move(clock)) { }

    Result<model::Client> create(const ClientFields& fields);
    Result<model::Client> update(std::int64_t id, const ClientFields& fields);
    Result<model::Client> get(std::int64_t id);
    Result<model::ClientPage> list(const model::ClientQuery& query);
    Result<Unit> remove(std::int64_t id);

private:
    // Normalises `fields` into `client` (only the present ones); an Error on bad input.
    std::optional<Error> apply(const ClientFields& fields, model::Client& client);

    db::Database& m_db;
    model::ClientModel m_model;
    Clock m_clock;
};

// Exposed for tests: the SIRET check (Luhn key, with La Poste's documented exception).
bool isValidSiret(const std::string& digits);
bool isValidEmail(const std::string& email);

} // namespace crm::service
