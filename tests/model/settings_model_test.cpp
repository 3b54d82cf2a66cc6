// SettingsModel: the company's one row of settings, saved whole and read back; the ECB rate
// table seeded by the migrations, in year and half-year order, a half-year set again
// replacing its rate rather than adding a second one.
#include "core/model/settings_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("SettingsModel: company settings saved whole; ECB rates in order, one per half-year")
{
    auto db = test::memoryDb();
    model::SettingsModel m(*db);
    model::CompanySettings s;
    s.legalName = "Recouvra SAS";
    s.address = "1 place de la Bourse\n69002 Lyon";
    s.siret = "73282932000074";
    s.iban = "FR7630006000011234567890189";
    s.updatedAt = "2026-11-24T09:00:00Z";
    m.saveCompany(s);
    const auto back = m.company();
    CHECK(back.legalName == "Recouvra SAS");
    CHECK(back.address == "1 place de la Bourse\n69002 Lyon");
    CHECK(back.iban == "FR7630006000011234567890189");
    CHECK(back.bic.empty());

    const auto seeded = m.rates();
    REQUIRE(!seeded.empty());
    for (std::size_t i = 1; i < seeded.size(); ++i)
        CHECK(std::make_pair(seeded[i - 1].year, seeded[i - 1].half) < std::make_pair(seeded[i].year, seeded[i].half));
    m.setRate({2026, 2, 200, "2026-11-24T09:00:00Z"});
    m.setRate({2026, 2, 215, "2026-11-25T09:00:00Z"});
    const auto rates = m.rates();
    CHECK(rates.size() == seeded.size() + 1);
    CHECK(rates.back().year == 2026);
    CHECK(rates.back().half == 2);
    CHECK(rates.back().rateBp == 215);
    CHECK(model::toJson(rates.back())["rate_bp"] == 215);
}
