// RelanceService through the command API: templates, scenarios and steps validated when
// saved; the company settings letters are signed with and the ECB rate table — validated,
// and used by the plan.
#include "tests/service/engine_world.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;
using test::Engine;

TEST_CASE("settings and rates: validated, used by the plan")
{
    Engine w;
    CHECK(w.call("settings.update", {{"iban", "FR76 3000 6000 0112 3456 7890 188"}}, w.admin)["reason"]
        == "invalid_iban");
    CHECK(w.call("settings.update", {{"bic", "AGRI"}}, w.admin)["reason"] == "invalid_bic");
    CHECK(w.call("settings.update", {{"siret", "123"}}, w.admin)["reason"] == "invalid_siret");
    CHECK(w.call("settings.update", {{"legal_name", "X"}}, w.manager)["code"] == "forbidden");
    CHECK(w.call("settings.get", json::object(), w.agent)["iban"] == "FR7630006000011234567890189");
    const json rates = w.call("rate.list", json::object(), w.agent)["rows"];
    CHECK(rates.size() == 13);
    CHECK(rates[12]
        == json({{"year", 2026}, {"half", 1}, {"rate_bp", 215}, {"legal_rate_bp", 1215},
            {"updated_at", rates[12]["updated_at"]}}));
    CHECK(w.call("rate.set", {{"year", 2026}, {"half", 3}, {"rate_bp", 200}}, w.manager)["field"] == "half");
    CHECK(w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 200}}, w.agent)["code"] == "forbidden");
    w.invoice(w.acme, "F-1", 100000, "2026-11-17");
    CHECK(w.plan(w.admin)["actions"][0]["interest_cents"].is_null());
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 200}}, w.manager);
    // 7 days at 12 %: 100000 × 1200 × 7 / 3 650 000 = 230.1… → 230 cents.
    CHECK(w.plan(w.admin)["actions"][0]["interest_cents"] == 230);
    // A consumer owes neither interest nor fee.
    w.call("client.update", {{"id", w.acme}, {"customer_type", "consumer"}}, w.admin);
    CHECK(w.plan(w.admin)["actions"][0]["interest_cents"] == 0);
    CHECK(w.plan(w.admin)["actions"][0]["fee_cents"] == 0);
    CHECK(w.call("client.update", {{"id", w.acme}, {"customer_type", "particulier"}}, w.admin)["reason"]
        == "unknown_value");
}

TEST_CASE("relance templates, scenarios and steps validate when saved")
{
    test::World w;
    json t = w.call("relance_template.create",
        {{"code", "R1"}, {"name", "Relance amicale"}, {"channel", "email"}, {"subject", "Facture {invoice.number}"},
            {"body", "Bonjour {client.name}, la facture {invoice.number} de {invoice.amount} reste due."}},
        w.manager);
    REQUIRE(t.contains("id"));
    // An unknown or malformed placeholder is refused with its position.
    json bad = w.call("relance_template.create",
        {{"code", "R2"}, {"name", "x"}, {"channel", "email"}, {"body", "Bonjour,\nà régler : {client.nom}"}},
        w.manager);
    CHECK(bad["reason"] == "unknown_placeholder");
    CHECK(bad["field"] == "body");
    CHECK(bad["message"].get<std::string>().find("line 2, column 12") != std::string::npos);
    CHECK(w.call("relance_template.create",
              {{"code", "R2"}, {"name", "x"}, {"channel", "email"}, {"body", "{total.open"}}, w.manager)["reason"]
        == "unclosed_placeholder");
    CHECK(w.call("relance_template.create", {{"code", "R2"}, {"name", "x"}, {"channel", "email"}, {"body", "a } b"}},
              w.manager)["reason"]
        == "stray_brace");
    CHECK(w.call("relance_template.create",
               {{"code", "R2"}, {"name", "x"}, {"channel", "email"}, {"body", "{{litteral}} {total.due}"}}, w.manager)
              .contains("id"));
    CHECK(w.call("relance_template.create",
              {{"code", "R3"}, {"name", "x"}, {"channel", "sms"}, {"body", std::string(481, 'a')}}, w.manager)["reason"]
        == "too_long");
    CHECK(w.call("relance_template.create", {{"code", "r1"}, {"name", "x"}, {"channel", "email"}, {"body", "y"}},
              w.manager)["reason"]
        == "duplicate");
    // The same code in English is another language of the same text.
    CHECK(w.call("relance_template.create",
               {{"code", "r1"}, {"name", "x"}, {"channel", "email"}, {"language", "en"}, {"body", "Hello"}}, w.manager)
              .contains("id"));

    json sc = w.call("scenario.create", {{"name", "Grands comptes"}, {"segment", "GC"}}, w.manager);
    REQUIRE(sc.contains("id"));
    CHECK(w.call("scenario.create", {{"name", "Autre"}, {"segment", "gc"}}, w.manager)["reason"] == "duplicate");
    json step = w.call("step.create",
        {{"scenario_id", sc["id"]}, {"name", "J+5"}, {"offset_days", 5}, {"channel", "email"}, {"template_code", "R1"}},
        w.manager);
    REQUIRE(step.contains("id"));
    CHECK(w.call("step.create",
              {{"scenario_id", sc["id"]}, {"name", "J+15"}, {"offset_days", 15}, {"channel", "sms"},
                  {"template_code", "R1"}},
              w.manager)["reason"]
        == "wrong_channel");
    CHECK(w.call("step.create",
              {{"scenario_id", sc["id"]}, {"name", "J+30"}, {"offset_days", 30}, {"channel", "formal_notice"}},
              w.manager)["field"]
        == "template_code");
    CHECK(w.call("step.create",
              {{"scenario_id", sc["id"]}, {"name", "J+1000"}, {"offset_days", 1000}, {"channel", "call"}},
              w.manager)["reason"]
        == "out_of_range");
    CHECK(w.call("step.create",
              {{"scenario_id", sc["id"]}, {"name", "bis"}, {"offset_days", 5}, {"channel", "email"},
                  {"template_code", "R1"}},
              w.manager)["reason"]
        == "duplicate");
    CHECK(w.call("relance_template.delete", {{"id", t["id"]}}, w.manager).contains("deleted")); // the en one remains
    const json list = w.call("scenario.list", json::object(), w.agent);
    REQUIRE(list["rows"].size() == 2);
    CHECK(list["rows"][0]["is_default"] == true); // the shipped French scenario
    CHECK(list["rows"][0]["steps"].size() == 6);
    CHECK(list["rows"][1]["steps"].size() == 1);
    CHECK(w.call("scenario.delete", {{"id", list["rows"][0]["id"]}}, w.manager)["reason"] == "is_default");
    CHECK(w.call("scenario.update", {{"id", list["rows"][0]["id"]}, {"is_default", false}}, w.manager)["reason"]
        == "default_required");
    CHECK(w.call("scenario.update", {{"id", sc["id"]}, {"is_default", true}}, w.manager)["is_default"] == true);
    CHECK(w.call("scenario.list", json::object(), w.agent)["rows"][0]["id"] == sc["id"]);
    CHECK(w.call("step.create", {{"scenario_id", sc["id"]}, {"name", "x"}, {"offset_days", 1}, {"channel", "call"}},
              w.agent)["code"]
        == "forbidden");
}
