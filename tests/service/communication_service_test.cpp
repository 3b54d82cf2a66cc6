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
