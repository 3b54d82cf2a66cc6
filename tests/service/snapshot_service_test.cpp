// SnapshotService through the command API: administrators only, a database with data
// needs replace, sessions end; every row checked by the commands' rules.
#include "tests/snapshot/portfolio.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::test;
using api::json;

TEST_CASE("snapshot through the API: administrators only, a database with data needs replace, sessions end")
{
    Portfolio w;
    const json exported = w.call("snapshot.export", json::object(), w.admin);
    REQUIRE(exported.contains("content"));
    CHECK(w.call("snapshot.export", json::object(), w.manager)["code"] == "forbidden");
    const json refused = w.call("snapshot.import", {{"content", exported["content"]}}, w.admin);
    CHECK(refused["code"] == "conflict");
    CHECK(refused["reason"] == "not_empty");
    const json bad = w.api
                         .handle(json{{"id", 1}, {"method", "snapshot.import"},
                             {"params", {{"content", "{\"format\": 1}"}, {"replace", true}}}, {"session", w.admin}})
                         .body["error"];
    CHECK(bad["reason"] == "invalid_snapshot");
    CHECK(problems(bad)[0]["path"] == "$.format");
    const json done = w.call("snapshot.import", {{"content", exported["content"]}, {"replace", true}}, w.admin);
    CHECK(done["imported"] == true);
    CHECK(done["rows"]["invoices"] == done["replaced"]["invoices"]);
    CHECK(w.call("auth.me", json::object(), w.admin)["code"] == "unauthenticated"); // sign in again
    // The import is in the log it brought: who, the text's SHA-256, the rows in and replaced.
    w.admin = w.login("admin@test.fr");
    const json lines = w.call("log.list", {{"action", "snapshot.import"}}, w.admin);
    REQUIRE_MESSAGE(lines["rows"].size() == 1, lines.dump());
    const json& line = lines["rows"][0];
    CHECK(line["user_id"] == 1);
    const json& after = line["after"];
    CHECK(after["by"] == "admin@test.fr");
    CHECK(after["sha256"] == crypto::sha256Hex(exported["content"].get<std::string>()));
    CHECK(after["rows"]["invoices"] == done["rows"]["invoices"]);
    CHECK(line["before"]["invoices"] == done["replaced"]["invoices"]);
    // Without that line (and the sign-in since), the database is the snapshot, byte for byte.
    w.db->exec("DELETE FROM system_logs WHERE action IN ('snapshot.import', 'user.login') AND id > "
               "(SELECT max(id) FROM system_logs WHERE action = 'payment.record'); DELETE FROM sessions");
    CHECK(snapshot::exportText(*w.db) == exported["content"].get<std::string>());
}

// Issue 23, finding 6 (2026-12-07): snapshot.import took what the API refuses. Each edit
// below went in; now each is refused with its JSON path and the rule's reason, and the
// database is left as it was.
TEST_CASE("snapshot.import applies the commands' rules to every row")
{
    Portfolio w;
    const std::string good = w.snapshot();
    const json doc = json::parse(good);
    auto refused = [&](const std::function<void(json&)>& edit, const std::string& path, const std::string& reason) {
        json d = doc;
        edit(d);
        CAPTURE(path);
        const json r = w.call("snapshot.import", {{"content", d.dump()}, {"replace", true}}, w.admin);
        REQUIRE_MESSAGE(r.contains("code"), r.dump().substr(0, 300));
        bool found = false;
        for (const auto& p : problems(r))
            found = found || (p["path"] == path && p["reason"] == reason);
        CHECK_MESSAGE(found, problems(r).dump().substr(0, 400));
        CHECK(w.snapshot() == good); // unchanged (the admin's session too: still signed in)
    };
    auto row = [](json& d, const char* table, const std::string& code) -> json& {
        for (auto& r : d["tables"][table])
            if (r.value("code", "") == code || r.value("number", "") == code || r.value("name", "") == code)
                return r;
        return d["tables"][table][0];
    };
    const std::int64_t big = std::int64_t{1} << 53;
    // Ids: none below 1, none past 2^53 - 1 (the browser could not name the next one).
    refused([&](json& d) { d["tables"]["clients"][0]["id"] = big; }, "$.tables.clients[0].id", "invalid_id");
    refused([&](json& d) { d["tables"]["users"][0]["id"] = 0; }, "$.tables.users[0].id", "invalid_id");
    refused([&](json& d) { d["tables"]["holds"][0]["id"] = -3; }, "$.tables.holds[0].id", "invalid_id");
    // Money: one amount past the API's limit, or enough to take the total past 2^53 - 1.
    refused([&](json& d) { row(d, "invoices", "S-1")["amount_cents"] = big; }, "$.tables.invoices[400].amount_cents",
        "too_large");
    refused(
        [&](json& d) {
            for (int k = 0; k < 100; ++k)
                d["tables"]["invoices"][k]["amount_cents"] = 99'000'000'000'000LL;
        },
        "$.tables.invoices[90].amount_cents", "total_too_large");
    refused([&](json& d) { row(d, "invoices", "S-2")["currency"] = "XXX"; }, "$.tables.invoices[401].currency",
        "invalid_currency");
    refused([&](json& d) { row(d, "invoices", "S-2")["issue_date"] = "2999-01-01"; },
        "$.tables.invoices[401].issue_date", "far_future");
    // Templates whose placeholders the renderer would drop.
    refused([&](json& d) { d["tables"]["relance_templates"][0]["body"] = "Bonjour {client.name, réglez {total.due}"; },
        "$.tables.relance_templates[0].body", "unknown_placeholder");
    refused([&](json& d) { d["tables"]["relance_templates"][1]["body"] = "Bonjour {client.name"; },
        "$.tables.relance_templates[1].body", "unclosed_placeholder");
    refused([&](json& d) { d["tables"]["relance_templates"][0]["subject"] = "{nope}"; },
        "$.tables.relance_templates[0].subject", "unknown_placeholder");
    // A lock-out that never ends (locked the administrator out).
    refused([&](json& d) { d["tables"]["users"][0]["locked_until"] = "tomorrow"; }, "$.tables.users[0].locked_until",
        "invalid_date");
    // Names, addresses and identifiers as the commands check them.
    refused([&](json& d) { row(d, "clients", "SNAP")["name"] = "Client\u0007SNAP"; }, "$.tables.clients[30].name",
        "invalid_characters");
    refused([&](json& d) { row(d, "clients", "SNAP")["name"] = std::string("Bell\a"); }, "$.tables.clients[30].name",
        "invalid_characters");
    refused([&](json& d) { row(d, "clients", "SNAP")["email"] = "pas une adresse"; }, "$.tables.clients[30].email",
        "invalid_email");
    refused([&](json& d) { row(d, "clients", "SNAP")["siret"] = "12345678901234"; }, "$.tables.clients[30].siret",
        "invalid_siret");
    refused([&](json& d) { d["tables"]["users"][1]["email"] = "manager-at-test"; }, "$.tables.users[1].email",
        "invalid_email");
    refused([&](json& d) { d["tables"]["company_settings"][0]["iban"] = "FR7630006000011234567890188"; },
        "$.tables.company_settings[0].iban", "invalid_iban");
    // A document whose hash or size lies about its content, or named as a path.
    refused([&](json& d) { d["tables"]["documents"][0]["sha256"] = std::string(64, 'a'); },
        "$.tables.documents[0].sha256", "inconsistent");
    refused([&](json& d) { d["tables"]["documents"][0]["size_bytes"] = 11; }, "$.tables.documents[0].size_bytes",
        "inconsistent");
    refused([&](json& d) { d["tables"]["documents"][0]["name"] = "../../etc/passwd"; }, "$.tables.documents[0].name",
        "invalid_characters");
    // The snapshot's shape: no unknown key beside the tables, no table of its version left out.
    refused([&](json& d) { d["comment"] = "hello"; }, "$.comment", "unknown_key");
    refused([&](json& d) { d["tables"].erase("holds"); }, "$.tables.holds", "missing_table");
    // And the good snapshot still goes in whole.
    CHECK(w.call("snapshot.import", {{"content", good}, {"replace", true}}, w.admin)["imported"] == true);
}
