#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

TEST_CASE("log a call with a promise to pay, about an invoice")
{
    test::World w;
    const auto c = w.client("C1", w.agentId);
    const auto inv = w.invoice(c, "F-1", 10000, "2026-10-01");
    json r = w.call("communication.log",
        {{"client_id", c}, {"channel", "call"}, {"outcome", "promise"}, {"promise_date", "2026-12-05"},
            {"promise_amount_cents", 10000}, {"body", "M. Durand règlera le 5 décembre."}, {"invoice_ids", {inv}}},
        w.agent);
    REQUIRE(r.contains("id"));
    CHECK(r["user_id"] == w.agentId);
    CHECK(r["occurred_at"] == "2026-11-24T09:00:00Z");
    CHECK(r["invoice_ids"] == json::array({inv}));
    w.call("communication.log",
        {{"client_id", c}, {"channel", "email"}, {"direction", "in"}, {"subject", "Re: facture"}}, w.agent);
    json list = w.call("communication.list", {{"client_id", c}}, w.agent);
    CHECK(list["total"] == 2);
    CHECK(w.call("communication.list", {{"client_id", c}, {"invoice_id", inv}}, w.agent)["total"] == 1);
}

TEST_CASE("communication bad input")
{
    test::World w;
    const auto c = w.client("C1");
    const auto other = w.client("C2");
    const auto foreign = w.invoice(other, "F-9", 100, "2026-10-01");
    struct Case {
        json params;
        const char* field;
        const char* reason;
    };
    const Case cases[] = {
        {{{"client_id", c}, {"channel", "fax"}}, "channel", "unknown_value"},
        {{{"client_id", c}, {"channel", "email"}, {"outcome", "reached"}}, "outcome", "only_for_calls"},
        {{{"client_id", c}, {"channel", "call"}, {"outcome", "promise"}}, "promise_date", "required"},
        {{{"client_id", c}, {"channel", "call"}, {"outcome", "promise"}, {"promise_date", "demain"}}, "promise_date",
            "invalid_date"},
        {{{"client_id", c}, {"channel", "call"}, {"outcome", "hung_up"}}, "outcome", "unknown_value"},
        {{{"client_id", c}, {"channel", "note"}, {"occurred_at", "2027-01-01T00:00:00Z"}}, "occurred_at", "in_future"},
        {{{"client_id", c}, {"channel", "note"}, {"occurred_at", "2026-11-24 10:00"}}, "occurred_at",
            "invalid_instant"},
        {{{"client_id", c}, {"channel", "note"}, {"invoice_ids", {foreign}}}, "invoice_ids", "other_client"},
        {{{"client_id", 999}, {"channel", "note"}}, "client_id", "unknown_client"},
        {{{"client_id", c}, {"channel", "note"}, {"subject", std::string(201, 's')}}, "subject", "too_long"},
    };
    for (const auto& k : cases) {
        CAPTURE(k.params.dump());
        const json r = w.call("communication.log", k.params, w.admin);
        CHECK(r["field"] == k.field);
        CHECK(r["reason"] == k.reason);
    }
    CHECK(test::rowCount(*w.db, "communications") == 0);
}

TEST_CASE("documents: stored with their SHA-256, listed, downloaded, size-limited")
{
    test::World w;
    const auto c = w.client("C1", w.agentId);
    const auto inv = w.invoice(c, "F-1", 100, "2026-10-01");
    const std::string pdf = "%PDF-1.4\n% facture signée — 12 €\n%%EOF\n";
    json r = w.call("document.attach",
        {{"client_id", c}, {"invoice_id", inv}, {"name", "bon-de-livraison.pdf"}, {"mime_type", "application/pdf"},
            {"content_base64", crypto::base64Encode(pdf)}},
        w.agent);
    REQUIRE(r.contains("id"));
    CHECK(r["size_bytes"] == pdf.size());
    CHECK(r["sha256"] == crypto::sha256Hex(pdf));
    CHECK(crypto::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(w.call("document.list", {{"client_id", c}}, w.agent)["rows"].size() == 1);
    const json d = w.call("document.download", {{"id", r["id"]}}, w.agent);
    CHECK(crypto::base64Decode(d["content_base64"].get<std::string>()).value() == pdf);

    json bad = w.call("document.attach",
        {{"client_id", c}, {"name", "x.pdf"}, {"mime_type", "application/pdf"},
            {"content_base64", "!!! pas du base64"}},
        w.agent);
    CHECK(bad["reason"] == "invalid_base64");
    bad = w.call("document.attach",
        {{"client_id", c}, {"name", "big.bin"}, {"mime_type", "application/octet-stream"},
            {"content_base64", crypto::base64Encode(std::string(10 * 1024 * 1024 + 1, 'x'))}},
        w.agent);
    CHECK(bad["reason"] == "too_large");
    bad = w.call("document.attach",
        {{"client_id", c}, {"name", "../etc/passwd"}, {"mime_type", "text/plain"}, {"content_base64", ""}}, w.agent);
    CHECK(bad["field"] == "name");
    bad = w.call("document.attach",
        {{"client_id", c}, {"name", "a.txt"}, {"mime_type", "texte"}, {"content_base64", ""}}, w.agent);
    CHECK(bad["field"] == "mime_type");
    CHECK(test::rowCount(*w.db, "documents") == 1);
    CHECK(w.call("document.delete", {{"id", r["id"]}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("document.delete", {{"id", r["id"]}}, w.manager)["deleted"] == r["id"]);
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
