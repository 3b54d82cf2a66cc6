#include "core/model/settings_model.hpp"

#include <nlohmann/json.hpp>

namespace crm::model {

nlohmann::json toJson(const CompanySettings& s)
{
    return {{"legal_name", s.legalName}, {"address", s.address}, {"siret", s.siret}, {"vat_number", s.vatNumber},
        {"phone", s.phone}, {"email", s.email}, {"iban", s.iban}, {"bic", s.bic}, {"signatory", s.signatory},
        {"default_currency", s.defaultCurrency}, {"bank_auto_score", s.bankAutoScore},
        {"bank_stale_days", s.bankStaleDays},
        {"updated_at", s.updatedAt.empty() ? nlohmann::json() : nlohmann::json(s.updatedAt)}};
}

nlohmann::json toJson(const EcbRate& r)
{
    return {{"year", r.year}, {"half", r.half}, {"rate_bp", r.rateBp}, {"updated_at", r.updatedAt}};
}

CompanySettings SettingsModel::company()
{
    db::Statement st(m_db,
        "SELECT legal_name, address, siret, vat_number, phone, email, iban, bic, coalesce(updated_at, ''), "
        "signatory, default_currency, bank_auto_score, bank_stale_days FROM company_settings WHERE id = 1");
    CompanySettings s;
    if (st.step()) {
        s = {st.getText(0), st.getText(1), st.getText(2), st.getText(3), st.getText(4), st.getText(5), st.getText(6),
            st.getText(7), st.getText(8), st.getText(9), st.getText(10)};
        s.bankAutoScore = static_cast<int>(st.getInt(11));
        s.bankStaleDays = static_cast<int>(st.getInt(12));
    }
    return s;
}

void SettingsModel::saveCompany(const CompanySettings& s)
{
    db::Statement st(m_db,
        "INSERT INTO company_settings (id, legal_name, address, siret, vat_number, phone, email, iban, bic, "
        "updated_at, signatory, default_currency, bank_auto_score, bank_stale_days) "
        "VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
        "ON CONFLICT (id) DO UPDATE SET legal_name = ?1, address = ?2, siret = ?3, vat_number = ?4, phone = ?5, "
        "email = ?6, iban = ?7, bic = ?8, updated_at = ?9, signatory = ?10, default_currency = ?11, "
        "bank_auto_score = ?12, bank_stale_days = ?13");
    st.bind(1, s.legalName).bind(2, s.address).bind(3, s.siret).bind(4, s.vatNumber).bind(5, s.phone);
    st.bind(6, s.email).bind(7, s.iban).bind(8, s.bic).bind(9, s.updatedAt).bind(10, s.signatory);
    st.bind(11, s.defaultCurrency).bind(12, s.bankAutoScore).bind(13, s.bankStaleDays).run();
}

std::vector<EcbRate> SettingsModel::rates()
{
    db::Statement st(m_db, "SELECT year, half, rate_bp, updated_at FROM ecb_rates ORDER BY year, half");
    std::vector<EcbRate> out;
    while (st.step())
        out.push_back({static_cast<int>(st.getInt(0)), static_cast<int>(st.getInt(1)), static_cast<int>(st.getInt(2)),
            st.getText(3)});
    return out;
}

void SettingsModel::setRate(const EcbRate& r)
{
    db::Statement st(m_db,
        "INSERT INTO ecb_rates (year, half, rate_bp, updated_at) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (year, half) DO UPDATE SET rate_bp = ?3, updated_at = ?4");
    st.bind(1, r.year).bind(2, r.half).bind(3, r.rateBp).bind(4, r.updatedAt).run();
}

} // namespace crm::model
