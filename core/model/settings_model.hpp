// SettingsModel: `company_settings` (one row) and `ecb_rates` (schema/0005).
#pragma once

#include "core/db/database.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace crm::model {

struct CompanySettings {
    std::string legalName, address, siret, vatNumber, phone, email, iban, bic, updatedAt;
    std::string signatory;               // who signs the letters: name and title (may span lines)
    std::string defaultCurrency = "EUR"; // an invoice's when none is given
    // Bank statements: the score from which a match applies by itself (101: never), and the
    // business days after which the bank data is stale (the day's automatic run waits).
    int bankAutoScore = 90, bankStaleDays = 3;
};

struct EcbRate {
    int year = 0, half = 1, rateBp = 0;
    std::string updatedAt;
};

nlohmann::json toJson(const CompanySettings& s);
nlohmann::json toJson(const EcbRate& r);

class SettingsModel {
public:
    explicit SettingsModel(db::Database& db) : m_db(db) { }
    CompanySettings company();
    void saveCompany(const CompanySettings& s);
    std::vector<EcbRate> rates(); // by year and half
    void setRate(const EcbRate& r);

private:
    db::Database& m_db;
};

} // namespace crm::model
