// JsonText (core/api/json_text.hpp): what it writes is what nlohmann's dump() writes for
// the same document, and a reply written as text reaches every caller whole.
#include "core/api/json_text.hpp"

#include "tests/fixtures.hpp"

#include <limits>

using crm::api::json;
using crm::api::JsonText;

TEST_CASE("JsonText escapes strings as dump() does, byte for byte")
{
    std::string every;
    for (int c = 1; c < 0x80; ++c)
        every += static_cast<char>(c);
    every += std::string("\0", 1);
    const std::vector<std::string> samples
        = {"", "plain", "quote \" and \\ backslash", every, "Société Générale — Łukasz, Жук, 東京, 😀",
            "tab\there\nline\r\x01\x1f\x7f", "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"};
    for (const auto& s : samples) {
        JsonText w;
        w.value(s);
        CHECK(std::move(w).text() == json(s).dump());
    }
}

TEST_CASE("JsonText writes numbers, booleans, null, arrays and objects as dump() does")
{
    JsonText w;
    w.beginObject();
    w.key("a").value(std::numeric_limits<std::int64_t>::min());
    w.key("b").value(std::numeric_limits<std::int64_t>::max());
    w.key("c").value(0);
    w.key("d").value(true);
    w.key("e").value(false);
    w.key("f").null();
    w.key("g").beginArray().endArray();
    w.key("h").beginObject().endObject();
    w.key("i").values(std::vector<std::string>{"x", "y"});
    w.key("j").values(std::vector<std::int64_t>{1, -2, 3});
    w.key("k").beginArray().beginObject().key("z").valueOrNull(std::string()).endObject().value(-7).endArray();
    w.key("l").raw("[1,{\"m\":2}]");
    w.endObject();
    const std::string text = std::move(w).text();
    const json expected
        = {{"a", std::numeric_limits<std::int64_t>::min()}, {"b", std::numeric_limits<std::int64_t>::max()}, {"c", 0},
            {"d", true}, {"e", false}, {"f", nullptr}, {"g", json::array()}, {"h", json::object()}, {"i", {"x", "y"}},
            {"j", {1, -2, 3}}, {"k", json::array({{{"z", nullptr}}, -7})}, {"l", json::array({1, {{"m", 2}}})}};
    CHECK(text == expected.dump());
}

TEST_CASE("JsonText refuses malformed UTF-8 as dump() does")
{
    for (const std::string bad : {"\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "a\xffz", "\xe2\x82"}) {
        JsonText w;
        CHECK_THROWS(w.value(bad));
        CHECK_THROWS(json(bad).dump());
    }
}

TEST_CASE("relance.plan written as text: the same bytes as its document's dump(), and whole for every caller")
{
    crm::test::World w;
    const auto acme = w.client("ACME", w.agentId);
    REQUIRE(w.call("client.update", {{"id", acme}, {"name", "ACME \"Industries\" \\ Łódź — 東京"}}, w.admin)
                .contains("id"));
    const auto other = w.client("B");
    w.invoice(acme, "F-1", 100000, "2026-11-17");
    w.invoice(acme, "F-2", 20000, "2026-11-09");
    w.invoice(other, "F-3", 30000, "2026-11-01", "2026-01-01", "USD");
    const auto disputed = w.invoice(other, "F-4", 5000, "2026-11-17");
    w.call("invoice.dispute", {{"id", disputed}, {"reason", "quantités « contestées »"}}, w.admin);

    const crm::api::Reply reply
        = w.api.handle(json{{"id", 7}, {"method", "relance.plan"}, {"params", json::object()}, {"session", w.admin}});
    REQUIRE(!reply.isError());
    CHECK(crm::api::isRaw(reply.body["result"]));
    const std::string text = reply.text();
    const json parsed = json::parse(text);
    CHECK(text == parsed.dump()); // keys sorted, nothing dump() would write otherwise
    CHECK(parsed["id"] == 7);
    CHECK(parsed["reads"].is_array());
    const json& plan = parsed["result"];
    REQUIRE(plan["actions"].size() >= 2);
    CHECK(plan["withheld"].size() == 1);
    CHECK(plan["withheld"][0]["number"] == "F-4");
    bool named = false;
    for (const auto& a : plan["actions"])
        named = named || a["client_name"] == "ACME \"Industries\" \\ Łódź — 東京";
    CHECK(named);
    // The in-process callers get the same document.
    CHECK(w.call("relance.plan", json::object(), w.admin) == plan);
    CHECK(reply.result() == plan);
    // A paged plan, and an error reply, are written the same way.
    const crm::api::Reply page
        = w.api.handle(json{{"id", 8}, {"method", "relance.plan"}, {"params", {{"limit", 1}}}, {"session", w.admin}});
    CHECK(page.text() == json::parse(page.text()).dump());
    CHECK(json::parse(page.text())["result"]["actions"].size() == 1);
    const crm::api::Reply refused = w.api.handle(
        json{{"id", 9}, {"method", "relance.plan"}, {"params", {{"client_id", -1}}}, {"session", w.admin}});
    CHECK(refused.text() == refused.body.dump());
}
