// The bad inputs an adversarial probe found (issue 6, 2026-11-25), tried as a hostile
// user would through the command API. Each case failed before the fix it pins.
#include "core/db/database.hpp"
#include "core/model/payment_model.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>

using namespace crm;
using api::json;

namespace {

struct Probe : test::World {
    json admin_(const std::string& method, const json& params) { return call(method, params, admin); }
    bool refused(const json& r, const std::string& field, const std::string& reason)
    {
        const bool ok
            = r.value("code", "") == "validation" && r.value("field", "") == field && r.value("reason", "") == reason;
        if (!ok)
            MESSAGE(r.dump());
        return ok;
    }
};

} // namespace

TEST_CASE("probe: totals are bounded, so no report overflows or disagrees")
{
    Probe f;
    const auto c = f.client("BIG");
    const std::int64_t big = 100'000'000'000'000; // the largest invoice: 1 000 billion euros
    for (int k = 0; k < 90; ++k)
        f.invoice(c, "BIG-" + std::to_string(k), big, "2026-01-31", "2026-01-01");
    // A 91st would take the invoices past 2^53 - 1 cents.
    CHECK(f.refused(f.admin_("invoice.create",
                        {{"number", "BIG-90"}, {"client_id", c}, {"issue_date", "2026-01-01"},
                            {"due_date", "2026-01-31"}, {"amount_cents", big}}),
        "amount_cents", "total_too_large"));
    const std::int64_t total = 90 * big;
    const json aging = f.admin_("report.aging", {{"by_client", true}});
    CHECK(aging["total"]["total"] == total);
    CHECK(aging["total"]["over_90"] == total);
    CHECK(aging["clients"][0]["total"] == total);
    CHECK(f.admin_("report.dso", json::object())["receivables_cents"] == total);
    CHECK(f.admin_("report.collectors", {{"from", "2026-11-01"}, {"to", "2026-11-30"}})["collectors"][0]["open_cents"]
        == total);
    CHECK(f.admin_("report.top_overdue", json::object())["clients"].size() == 1);
    CHECK(f.admin_("report.cash_in", json::object())["overdue_cents"] == total);
    CHECK(
        f.admin_("report.collection_rate", {{"from", "2026-01-01"}, {"to", "2026-11-30"}})["invoiced_cents"] == total);
    CHECK(f.admin_("client.list", json::object())["rows"][0]["open_cents"] == total);
    CHECK(f.admin_("client.summary", {{"id", c}})["balances"][0]["open_cents"] == total);
    // Payments are bounded the same way.
    for (int k = 0; k < 90; ++k)
        REQUIRE(f.admin_("payment.record",
                     {{"client_id", c}, {"date", "2026-11-01"}, {"amount_cents", big}, {"method", "transfer"},
                         {"allocations", json::array()}})
                    .contains("id"));
    CHECK(f.refused(f.admin_("payment.record",
                        {{"client_id", c}, {"date", "2026-11-01"}, {"amount_cents", big}, {"method", "transfer"}}),
        "amount_cents", "total_too_large"));
    CHECK(f.admin_("client.summary", {{"id", c}})["balances"][0]["balance_cents"] == 0);
}

TEST_CASE("probe: an invoice with documents or communications does not move to another client")
{
    Probe f;
    const auto a = f.client("A", f.agentId);
    const auto b = f.client("B", f.agent2Id);
    const auto withDoc = f.invoice(a, "F-DOC", 1000, "2026-12-01");
    const auto withCall = f.invoice(a, "F-CALL", 1000, "2026-12-01");
    const auto plain = f.invoice(a, "F-PLAIN", 1000, "2026-12-01");
    REQUIRE(f.admin_("document.attach",
                 {{"client_id", a}, {"invoice_id", withDoc}, {"name", "bl.txt"}, {"mime_type", "text/plain"},
                     {"content_base64", "Ym9uam91cg=="}})
                .contains("id"));
    REQUIRE(f.admin_("communication.log",
                 {{"client_id", a}, {"channel", "call"}, {"outcome", "reached"}, {"invoice_ids", {withCall}}})
                .contains("id"));
    CHECK(f.refused(f.admin_("invoice.update", {{"id", withDoc}, {"client_id", b}}), "client_id", "has_history"));
    CHECK(f.refused(f.admin_("invoice.update", {{"id", withCall}, {"client_id", b}}), "client_id", "has_history"));
    CHECK(f.admin_("invoice.update", {{"id", plain}, {"client_id", b}})["client_id"] == b);
    // The agent of client B cannot reach A's document through the invoice.
    CHECK(f.call("document.list", {{"client_id", b}}, f.agent2)["rows"].empty());
}

TEST_CASE("probe: invoice numbers, client codes and credit-note numbers are unique once folded")
{
    Probe f;
    const auto c = f.client("UNI");
    f.invoice(c, "FÉ-1", 100, "2026-12-01");
    for (const std::string variant : {"Fé-1", "FE\u0301-1", "fe-1", "\uFF26\u00C9-1", " FÉ-1 "}) {
        CAPTURE(variant);
        CHECK(f.refused(f.admin_("invoice.create",
                            {{"number", variant}, {"client_id", c}, {"issue_date", "2026-01-01"},
                                {"due_date", "2026-12-01"}, {"amount_cents", 100}}),
            "number", "duplicate"));
    }
    f.invoice(c, "FÉ 2", 100, "2026-12-01");
    CHECK(f.refused(f.admin_("invoice.create",
                        {{"number", "FÉ\u00A02"}, {"client_id", c}, {"issue_date", "2026-01-01"},
                            {"due_date", "2026-12-01"}, {"amount_cents", 100}}),
        "number", "duplicate"));
    // Client codes: another case or full-width letters are the same code.
    f.client("AB-1");
    CHECK(f.admin_("client.create", {{"code", "ab-1"}, {"name", "Doublon"}})["code"] == "validation");
    CHECK(f.admin_("client.create", {{"code", "\uFF21\uFF22-1"}, {"name", "Doublon"}})["code"] == "validation");
    CHECK(test::rowCount(*f.db, "clients") == 2);
    // Credit notes.
    REQUIRE(f.admin_("credit_note.create",
                 {{"client_id", c}, {"number", "AV-É1"}, {"date", "2026-11-01"}, {"amount_cents", 10},
                     {"reason", "Remise"}})
                .contains("id"));
    CHECK(f.refused(f.admin_("credit_note.create",
                        {{"client_id", c}, {"number", "av-e\u03011"}, {"date", "2026-11-01"}, {"amount_cents", 10},
                            {"reason", "R"}}),
        "number", "duplicate"));
}

TEST_CASE("probe: far-future issue dates are refused; an invoice counts once issued, everywhere alike")
{
    Probe f; // today is 2026-11-24
    const auto c = f.client("FUT");
    CHECK(f.refused(f.admin_("invoice.create",
                        {{"number", "F-2099"}, {"client_id", c}, {"issue_date", "2099-01-01"},
                            {"due_date", "2099-02-01"}, {"amount_cents", 100}}),
        "issue_date", "far_future"));
    f.invoice(c, "F-NOW", 1000, "2026-10-01", "2026-09-01");
    f.invoice(c, "F-SOON", 5000, "2027-01-15", "2026-12-15"); // issued next month
    auto figures = [&](const std::string& asOf) {
        const json list = f.admin_("client.list", {{"as_of", asOf}});
        const json sum = f.admin_("client.summary", {{"id", c}, {"as_of", asOf}});
        const json aging = f.admin_("report.aging", {{"as_of", asOf}, {"by_client", true}});
        CHECK(list["rows"][0]["open_cents"] == sum["balances"][0]["open_cents"]);
        CHECK(list["rows"][0]["open_cents"] == aging["total"]["total"]);
        CHECK(list["rows"][0]["overdue_cents"] == sum["balances"][0]["overdue_cents"]);
        CHECK(list["rows"][0]["overdue_cents"] == aging["total"]["overdue"]);
        return list["rows"][0]["open_cents"].get<std::int64_t>();
    };
    CHECK(figures("2026-11-24") == 1000);
    f.time.advance(30LL * 86400);       // 2026-12-24: F-SOON is issued
    f.admin = f.login("admin@test.fr"); // the session has expired meanwhile
    CHECK(figures("2026-12-24") == 6000);
}

TEST_CASE("probe: text filters are bounded (a 50 000-character tag was an internal error)")
{
    Probe f;
    const std::string huge(50000, 'x');
    CHECK(f.refused(f.admin_("client.list", {{"tag", huge}}), "tag", "too_long"));
    CHECK(f.refused(f.admin_("client.list", {{"search", huge}}), "search", "too_long"));
    CHECK(f.refused(f.admin_("invoice.list", {{"number", huge}}), "number", "too_long"));
    CHECK(f.admin_("client.list", {{"tag", std::string(1000, 'x')}})["total"] == 0); // the longest allowed works
}

TEST_CASE("probe: unknown keys in list items, repeated keys, null, currencies, negative ids")
{
    Probe f;
    const auto c = f.client("KEYS");
    const auto inv = f.invoice(c, "F-K", 1000, "2026-12-01");
    CHECK(f.refused(f.admin_("payment.record",
                        {{"client_id", c}, {"date", "2026-11-01"}, {"amount_cents", 10}, {"method", "cash"},
                            {"allocations", {{{"invoice_id", inv}, {"amount", 10}}}}}),
        "allocations[0].amount", "unknown_parameter"));
    CHECK(f.refused(f.admin_("payment.record",
                        {{"client_id", c}, {"date", "2026-11-01"}, {"amount_cents", 10}, {"method", "cash"},
                            {"allocations", {{{"invoice_id", inv}}}}}),
        "allocations[0].amount_cents", "required"));
    CHECK(test::rowCount(*f.db, "payments") == 0);
    const auto dup = f.api.handleText(
        R"({"id": 1, "method": "client.get", "session": ")" + f.admin + R"(", "params": {"id": 1, "id": 2}})");
    CHECK(dup.body["error"]["reason"] == "duplicate_key");
    CHECK(dup.body["error"]["field"] == "id");
    // null: refused unless the parameter is declared nullable, where it means "none".
    CHECK(f.refused(f.admin_("client.list", {{"search", nullptr}}), "search", "null_not_allowed"));
    CHECK(f.admin_("client.update", {{"id", c}, {"credit_limit_cents", 5000}})["credit_limit_cents"] == 5000);
    CHECK(f.admin_("client.update", {{"id", c}, {"credit_limit_cents", nullptr}})["credit_limit_cents"].is_null());
    const json describe = f.api.describe();
    for (const auto& m : describe["methods"])
        if (m["method"] == "client.update")
            for (const auto& p : m["params"])
                CHECK(p.value("nullable", false)
                    == (p["name"] == "credit_limit_cents" || p["name"] == "assigned_to"
                        || p["name"] == "contract_rate_bp" || p["name"] == "scenario_id"));
    // Currencies are ISO 4217 codes, upper case, in filters too.
    for (const std::string cur : {"XXX", "ZZZ", "eur", "EURO"}) {
        CAPTURE(cur);
        CHECK(f.refused(f.admin_("invoice.create",
                            {{"number", "F-" + cur}, {"client_id", c}, {"issue_date", "2026-01-01"},
                                {"due_date", "2026-12-01"}, {"amount_cents", 1}, {"currency", cur}}),
            "currency", "invalid_currency"));
        CHECK(f.refused(f.admin_("invoice.list", {{"currency", cur}}), "currency", "invalid_currency"));
        CHECK(f.refused(f.admin_("report.aging", {{"currency", cur}}), "currency", "invalid_currency"));
    }
    CHECK(f.admin_("invoice.create",
               {{"number", "F-CHF"}, {"client_id", c}, {"issue_date", "2026-01-01"}, {"due_date", "2026-12-01"},
                   {"amount_cents", 1}, {"currency", "CHF"}})
              .contains("id"));
    // A negative collector is not "nobody" (null is): no id is below 1.
    f.admin_("client.assign", {{"id", c}, {"user_id", f.agentId}});
    CHECK(f.refused(f.admin_("client.assign", {{"id", c}, {"user_id", -5}}), "user_id", "invalid_id"));
    CHECK(f.admin_("client.get", {{"id", c}})["assigned_to"] == f.agentId);
}

TEST_CASE("probe: every error names its field where there is one, and has a stable reason")
{
    Probe f;
    const auto c = f.client("ERR");
    const auto inv = f.invoice(c, "F-E", 1000, "2026-12-01", "2026-11-01");
    CHECK(f.refused(f.admin_("client.assign", {{"id", c}, {"user_id", 999}}), "user_id", "unknown_user"));
    CHECK(f.refused(
        f.admin_("invoice.update", {{"id", inv}, {"issue_date", "2026-12-15"}}), "issue_date", "after_due_date"));
    CHECK(f.refused(
        f.admin_("invoice.update", {{"id", inv}, {"due_date", "2026-10-15"}}), "due_date", "before_issue_date"));
    const json missing = f.admin_("client.get", {{"id", 424242}});
    CHECK(missing["code"] == "not_found");
    CHECK(missing["field"] == "id");
    CHECK(missing["reason"] == "not_found");
    const json conflict = f.admin_("auth.setup", {{"email", "x@y.fr"}, {"password", test::kPassword}});
    CHECK(conflict.contains("reason"));
    const json unknown = f.admin_("nothing.here", json::object());
    CHECK(unknown["field"] == "method");
    CHECK(unknown["reason"] == "unknown_method");
    // Storage errors map SQLite's codes to stable reasons.
    CHECK(std::string(db::DbError(SQLITE_FULL, "full").reason()) == "disk_full");
    CHECK(std::string(db::DbError(SQLITE_BUSY, "busy").reason()) == "busy");
    CHECK(std::string(db::DbError(SQLITE_IOERR_WRITE, "io").reason()) == "io_error");
    CHECK(std::string(db::DbError(SQLITE_CORRUPT, "bad").reason()) == "corrupt");
    CHECK(std::string(api::errorObject("storage", "x")["reason"]) == "storage");
}

TEST_CASE("probe: deep nesting is refused before it is parsed (65 000 '[' crashed the process)")
{
    Probe f;
    const std::string deep = std::string(65000, '[') + std::string(65000, ']');
    const auto r = f.api.handleText(deep);
    CHECK(r.body["error"]["reason"] == "too_deep");
    const auto inParams = f.api.handleText(
        R"({"id": 3, "method": "client.list", "session": ")" + f.admin + R"(", "params": {"tag": )" + deep + "}}");
    CHECK(inParams.body["id"].is_null());
    CHECK(inParams.body["error"]["reason"] == "too_deep");
    // Strings holding brackets are not nesting.
    const auto text = f.api.handleText(R"({"id": 4, "method": "client.list", "session": ")" + f.admin
        + R"(", "params": {"search": ")" + std::string(150, '[') + R"("}})");
    CHECK_MESSAGE(text.body["result"]["total"] == 0, text.body.dump());
    // An already-parsed request is checked too.
    json nested = json::array();
    for (int k = 0; k < 100; ++k)
        nested = json::array({nested});
    CHECK(
        f.api.handle(json{{"id", 5}, {"method", "client.list"}, {"params", {{"tags", nested}}}}).body["error"]["reason"]
        == "too_deep");
}

// Issue 23, finding 1 (2026-12-07): `relance.execute {"keys": "all", "client_id": -1}` executed
// reminders for clients under a promise: the holds were looked up for client -1, the invoices
// for every client. No id below 1 is taken by any command now, whatever its name says.
TEST_CASE("probe: every parameter that names an id refuses 0 and negative values, in every command")
{
    Probe f;
    const json describe = f.api.describe();
    int tried = 0;
    for (const auto& m : describe["methods"]) {
        const std::string method = m["method"];
        if (method == "auth.login" || method == "auth.logout") // would end the administrator's session
            continue;
        auto tryValue = [&](const std::string& field, const json& params) {
            CAPTURE(method);
            CAPTURE(params.dump());
            CHECK(f.refused(f.admin_(method, params), field, "invalid_id"));
            ++tried;
        };
        for (const auto& p : m["params"]) {
            const std::string name = p["name"];
            const bool idName = name == "id" || (name.size() > 3 && name.compare(name.size() - 3, 3, "_id") == 0);
            if (p["type"] == "integer" && idName)
                for (const int bad : {0, -1})
                    tryValue(name, {{name, bad}});
            if (p["type"] == "array" && p.value("item_type", "") == "integer" && name.size() > 4
                && name.compare(name.size() - 4, 4, "_ids") == 0)
                tryValue(name + "[1]", {{name, {3, -2}}});
            if (p.contains("items"))
                for (const auto& item : p["items"])
                    if (item["type"] == "integer" && item["name"].get<std::string>().size() > 3
                        && item["name"].get<std::string>().ends_with("_id")) {
                        const std::string field = item["name"];
                        if (p["type"] == "object") // one object (relance.plan's draft_step)
                            tryValue(name + "." + field, {{name, {{field, -7}}}});
                        else
                            tryValue(name + "[0]." + field, {{name, json::array({{{field, -7}}})}});
                    }
        }
    }
    CHECK(tried > 60); // client_id, invoice_id, user_id, collector_id… across the API
}

// Issue 23, finding 10 (2026-12-07): relance.actions took as_of "2026-02-30" and offset -1.
// A day, an offset and a limit follow one rule by their name, in every command.
TEST_CASE("probe: every day, offset and limit parameter refuses an impossible value, in every command")
{
    Probe f;
    const json describe = f.api.describe();
    int tried = 0;
    for (const auto& m : describe["methods"]) {
        const std::string method = m["method"];
        if (method == "auth.login" || method == "auth.logout")
            continue;
        for (const auto& p : m["params"]) {
            const std::string name = p["name"];
            CAPTURE(method);
            CAPTURE(name);
            const bool day = name == "as_of" || name == "date" || name.ends_with("_date");
            if (p["type"] == "string" && day) {
                for (const char* bad : {"2026-02-30", "24/11/2026", "2026-13-01", "demain"})
                    CHECK(f.refused(f.admin_(method, {{name, bad}}), name, "invalid_date"));
                ++tried;
            }
            if (p["type"] == "integer" && (name == "offset" || name == "limit")) {
                CHECK(f.refused(f.admin_(method, {{name, name == "offset" ? -1 : 0}}), name, "out_of_range"));
                ++tried;
            }
        }
    }
    CHECK(tried > 20);
    CHECK(f.refused(f.admin_("relance.actions", {{"as_of", "2026-02-30"}}), "as_of", "invalid_date"));
    CHECK(f.refused(f.admin_("relance.actions", {{"offset", -1}}), "offset", "out_of_range"));
}

// One list of payment methods (model::kPaymentMethods): the schema's CHECK, the command's
// declared values (api.describe, where the interface reads its choices), the refusal.
TEST_CASE("probe: payment methods are one list, from the schema to api.describe")
{
    Probe f;
    std::string check = "method IN (";
    for (std::size_t k = 0; k < model::kPaymentMethods.size(); ++k)
        check += (k ? ", '" : "'") + model::kPaymentMethods[k] + "'";
    db::Statement sql(*f.db, "SELECT sql FROM sqlite_schema WHERE name = 'payments'");
    REQUIRE(sql.step());
    CHECK(sql.getText(0).find(check + ")") != std::string::npos);
    bool described = false;
    const json describe = f.api.describe();
    for (const auto& m : describe["methods"])
        if (m["method"] == "payment.record")
            for (const auto& p : m["params"])
                if (p["name"] == "method") {
                    CHECK(p["values"] == json(model::kPaymentMethods));
                    described = true;
                }
    CHECK(described);
    const auto c = f.client("PAYM");
    CHECK(f.refused(f.admin_("payment.record",
                        {{"client_id", c}, {"date", "2026-11-20"}, {"amount_cents", 100}, {"method", "bitcoin"}}),
        "method", "unknown_value"));
}

// Issue 23, finding 9: numbers differing only by bidi controls were accepted beside each other.
TEST_CASE("probe: invoice numbers differing only by invisible characters are duplicates")
{
    Probe f;
    const auto c = f.client("BIDI");
    f.invoice(c, "F-2026-0042", 1000, "2026-12-31", "2026-11-01");
    for (const char* invisible : {"\u200E", "\u202E", "\u202C", "\u2066", "\u061C", "\u200B", "\u00AD"}) {
        CAPTURE(invisible);
        CHECK(f.refused(f.admin_("invoice.create",
                            {{"number", std::string("F-2026") + invisible + "-0042"}, {"client_id", c},
                                {"issue_date", "2026-11-01"}, {"due_date", "2026-12-31"}, {"amount_cents", 1000}}),
            "number", "duplicate"));
        // (a client's code is letters, digits and - _ . / only: refused before it is folded)
        CHECK(f.refused(f.admin_("client.create", {{"code", std::string("BI") + invisible + "DI"}, {"name", "Bis"}}),
            "code", "invalid_code"));
    }
}

TEST_CASE("probe: relance.execute for client -1 executes nothing, and a held client is never chased")
{
    Probe f;
    const auto held = f.client("HELD");
    f.invoice(held, "F-HELD", 50000, "2026-11-19", "2026-10-20");
    const auto free = f.client("FREE");
    f.invoice(free, "F-FREE", 50000, "2026-11-19", "2026-10-20");
    for (const auto id : {held, free})
        f.admin_("client.update", {{"id", id}, {"email", "compta@exemple.fr"}, {"phone", "+33102030405"}});
    CHECK(
        f.admin_("hold.create", {{"kind", "stop"}, {"client_id", held}, {"reason", "litige en cours"}}).contains("id"));
    const auto before = test::rowCount(*f.db, "communications");
    CHECK(f.refused(f.admin_("relance.execute", {{"keys", "all"}, {"client_id", -1}}), "client_id", "invalid_id"));
    CHECK(f.refused(f.admin_("relance.plan", {{"client_id", -1}}), "client_id", "invalid_id"));
    CHECK(test::rowCount(*f.db, "communications") == before);
    // The whole portfolio's run: the free client is chased, the held one is not.
    const json run = f.admin_("relance.execute", {{"keys", "all"}});
    CAPTURE(run.dump());
    auto chased = [&](const char* number) {
        db::Statement st(
            *f.db, "SELECT count(*) FROM relance_done d JOIN invoices i ON i.id = d.invoice_id WHERE i.number = ?1");
        st.bind(1, std::string(number));
        st.step();
        return st.getInt(0);
    };
    CHECK(chased("F-FREE") > 0);
    CHECK(chased("F-HELD") == 0);
}

TEST_CASE("probe: the lists and reports take null for the unassigned clients' collector, never 0")
{
    Probe f;
    const auto mine = f.client("MINE", f.agentId);
    const auto nobody = f.client("NOBODY");
    f.invoice(mine, "F-MINE", 1000, "2026-12-01", "2026-11-01");
    f.invoice(nobody, "F-NOBODY", 2000, "2026-12-01", "2026-11-01");
    const json clients = f.admin_("client.list", {{"collector_id", nullptr}});
    REQUIRE(clients["rows"].size() == 1);
    CHECK(clients["rows"][0]["id"] == nobody);
    CHECK(f.admin_("client.list", {{"collector_id", f.agentId}})["rows"][0]["id"] == mine);
    CHECK(f.admin_("client.list", json::object())["total"] == 2);
    const json invoices = f.admin_("invoice.list", {{"collector_id", nullptr}});
    REQUIRE(invoices["rows"].size() == 1);
    CHECK(invoices["rows"][0]["number"] == "F-NOBODY");
    CHECK(f.refused(f.admin_("client.list", {{"collector_id", 0}}), "collector_id", "invalid_id"));
    CHECK(f.refused(f.admin_("report.aging", {{"collector_id", 0}}), "collector_id", "invalid_id"));
    CHECK(f.admin_("report.aging", {{"collector_id", nullptr}})["total"]["total"] == 2000);
}
