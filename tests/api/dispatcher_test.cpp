#include "core/api/dispatcher.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

using namespace crm;
using api::json;

namespace {

struct ApiFixture : test::World {
    // The whole reply envelope of a call made as the administrator.
    json request(const std::string& method, const json& params)
    {
        return api.handle(json{{"id", 7}, {"method", method}, {"params", params}, {"session", admin}}).body;
    }
};

json client(const std::string& code, const std::string& name)
{
    return {{"code", code}, {"name", name}, {"email", "contact@example.fr"}};
}

} // namespace

TEST_CASE("a reply carries the request id and the result")
{
    ApiFixture f;
    const api::Reply reply = f.api.handleText(R"({"id": 7, "method": "client.create", "session": ")" + f.admin + R"(",
        "params": {"code": "C1", "name": "Société Éclair", "siret": "73282932000074"}})");
    REQUIRE_FALSE(reply.isError());
    CHECK(reply.body["id"] == 7);
    CHECK(reply.body["result"]["name"] == "Société Éclair");
    // Observed, not declared: the client, and the system log line every mutation writes.
    CHECK(reply.changed == std::vector<std::string>{"clients", "system_logs"});

    const json got = f.request("client.get", {{"id", reply.body["result"]["id"]}});
    CHECK(got["result"]["code"] == "C1");
    CHECK(f.api.handleText(R"({"id": 8, "method": "client.get", "session": ")" + f.admin + R"(", "params": {"id": 1}})")
              .changed.empty());
}

TEST_CASE("envelope errors: malformed JSON, no method, unknown method, params not an object")
{
    ApiFixture f;
    json r = f.api.handleText("{not json").body;
    CHECK(r["error"]["code"] == "validation");
    CHECK(r["id"].is_null());

    r = f.api.handleText(R"({"id": 3})").body;
    CHECK(r["error"]["field"] == "method");
    CHECK(r["id"] == 3);

    r = f.api.handleText(R"({"id": 4, "method": "client.explode"})").body;
    CHECK(r["error"]["code"] == "not_found");

    r = f.api.handleText(R"({"id": 5, "method": "client.list", "params": [1, 2]})").body;
    CHECK(r["error"]["field"] == "params");
    r = f.api.handleText(R"({"id": 6, "method": "client.list", "params": {}})").body;
    CHECK(r["error"]["code"] == "unauthenticated"); // no session
    r = f.api.handleText(R"({"id": 6, "method": "client.list", "session": "forged", "params": {}})").body;
    CHECK(r["error"]["code"] == "unauthenticated");
    r = f.api.handleText(R"({"id": 5, "method": "client.list", "params": [1, 2]})").body;
    CHECK(r["error"]["field"] == "params");

    r = f.api.handleText(R"([1, 2, 3])").body;
    CHECK(r["error"]["code"] == "validation");
}

TEST_CASE("parameters are checked against the command's declaration")
{
    ApiFixture f;
    json r = f.request("client.create", {{"code", "C1"}, {"name", "X"}, {"colour", "red"}});
    CHECK(r["error"]["field"] == "colour");
    CHECK(r["error"]["reason"] == "unknown_parameter");

    r = f.request("client.create", {{"code", 12}, {"name", "X"}});
    CHECK(r["error"]["field"] == "code");
    CHECK(r["error"]["reason"] == "wrong_type");

    r = f.request("client.create", {{"code", "C1"}});
    CHECK(r["error"]["field"] == "name");
    CHECK(r["error"]["reason"] == "required");

    r = f.request("client.get", {{"id", 1.5}});
    CHECK(r["error"]["field"] == "id");

    r = f.request("client.list", {{"sort", "colour"}});
    CHECK(r["error"]["field"] == "sort");
    CHECK(test::rowCount(*f.db, "clients") == 0);
}

TEST_CASE("service validation errors cross the seam with field and reason")
{
    ApiFixture f;
    REQUIRE(f.request("client.create", client("C1", "Un"))["result"].is_object());
    json r = f.request("client.create", client("C1", "Deux"));
    CHECK(r["error"]["code"] == "validation");
    CHECK(r["error"]["field"] == "code");
    CHECK(r["error"]["reason"] == "duplicate");

    r = f.request("client.create", {{"code", "C2"}, {"name", "Trois"}, {"email", "pas-une-adresse"}});
    CHECK(r["error"]["field"] == "email");
    CHECK(test::rowCount(*f.db, "clients") == 1);

    r = f.request("client.get", {{"id", 999}});
    CHECK(r["error"]["code"] == "not_found");
}

TEST_CASE("client.list pages, sorts and searches without accents or case")
{
    ApiFixture f;
    for (int i = 0; i < 30; ++i)
        f.request("client.create", client("C" + std::to_string(100 + i), "Entreprise n°" + std::to_string(100 + i)));
    f.request("client.create", client("E1", "Électricité Générale"));

    json r = f.request("client.list", {{"limit", 10}, {"offset", 25}, {"sort", "code"}});
    CHECK(r["result"]["total"] == 31);
    CHECK(r["result"]["rows"].size() == 6);
    CHECK(r["result"]["rows"][0]["code"] == "C125");

    r = f.request("client.list", {{"search", "electricite GEN"}});
    REQUIRE(r["result"]["total"] == 1);
    CHECK(r["result"]["rows"][0]["code"] == "E1");

    r = f.request("client.list", {{"sort", "code"}, {"desc", true}, {"limit", 1}});
    CHECK(r["result"]["rows"][0]["code"] == "E1");
}

TEST_CASE("client.update and client.delete through the API")
{
    ApiFixture f;
    const auto id = f.request("client.create", client("C1", "Avant"))["result"]["id"];
    json r = f.request("client.update", {{"id", id}, {"name", "Après"}});
    CHECK(r["result"]["name"] == "Après");
    CHECK(r["result"]["email"] == "contact@example.fr");
    r = f.request("client.delete", {{"id", id}});
    CHECK(r["result"]["deleted"] == id);
    CHECK(f.request("client.delete", {{"id", id}})["error"]["code"] == "not_found");
}

TEST_CASE("demo.load fills an empty database once, through the client service")
{
    ApiFixture f;
    json r = f.request("demo.load", json::object());
    REQUIRE(r.contains("result"));
    const auto n = r["result"]["clients"].get<std::int64_t>();
    CHECK(n >= 5);
    CHECK(test::rowCount(*f.db, "clients") == n);
    r = f.request("demo.load", json::object());
    CHECK(r["error"]["code"] == "conflict");
    CHECK(test::rowCount(*f.db, "clients") == n);
}

TEST_CASE("api.describe lists every method with typed parameters")
{
    ApiFixture f;
    const json d = f.request("api.describe", json::object())["result"];
    bool sawCreate = false;
    for (const auto& m : d["methods"]) {
        if (m["method"] == "client.create") {
            sawCreate = true;
            CHECK(m["params"][0]["name"] == "code");
            CHECK(m["params"][0]["type"] == "string");
            CHECK(m["params"][0]["required"] == true);
            CHECK(m["writes"][0] == "clients");
            CHECK(m["roles"] == json::array({"admin", "manager"}));
        }
    }
    CHECK(sawCreate);
}

TEST_CASE("a storage failure becomes the storage envelope and changes nothing")
{
    ApiFixture f;
    f.request("client.create", client("C1", "Un"));
    // Make the disk "full": the page count cannot grow past its current size.
    f.db->exec("PRAGMA max_page_count = 1");
    const auto pages = f.db->pragmaInt("page_count");
    f.db->exec("PRAGMA max_page_count = " + std::to_string(pages));
    json r;
    int i = 0;
    do {
        r = f.request("client.create",
            {{"code", "F" + std::to_string(i)}, {"name", std::string(190, 'x')}, {"address", std::string(490, 'y')}});
        ++i;
    } while (r.contains("result") && i < 500);
    REQUIRE(r.contains("error"));
    CHECK(r["error"]["code"] == "storage");
    CHECK(test::rowCount(*f.db, "clients") == i); // the failed create left nothing behind
    db::Statement logs(*f.db, "SELECT count(*) FROM system_logs WHERE action = 'client.create'");
    logs.step();
    CHECK(logs.getInt(0) == i); // nor a log line
}
