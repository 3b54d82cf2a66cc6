// EngineService through the command API on a real database: plan, execute, run again the
// same day and on later days (never twice, catch-up), letters as PDF (checked with
// pdftotext), deliveries, a reminder composed and sent now, and the migration that
// carries old rules over. Holds: hold_service_test.cpp; settings and rates:
// relance_service_test.cpp.
#include "core/db/embedded.hpp"
#include "core/relance/letter_pdf.hpp"
#include "core/util/crypto.hpp"
#include "core/util/time.hpp"
#include "tests/service/engine_world.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>
#include <random>
#include <set>

using namespace crm;
using api::json;
using test::Engine;
#ifndef __EMSCRIPTEN__
using test::pdfText;
#endif

TEST_CASE("execute: one message per client and step, recorded once, never twice")
{
    Engine w;
    w.invoice(w.acme, "F-100", 123456, "2026-11-17");
    w.invoice(w.acme, "F-101", 50000, "2026-11-17");
    const json plan = w.plan(w.admin);
    REQUIRE(plan["actions"].size() == 1);
    const json a = plan["actions"][0];
    CHECK(a["step"] == "Première relance");
    CHECK(a["invoices"].size() == 2);
    CHECK(a["open_cents"] == 173456);
    CHECK(a["fee_cents"] == 8000);
    CHECK(a["interest_cents"].is_null()); // no ECB rate yet for 2026-H2: said, not zero
    CHECK(a["reason"]["missing_rates"] == json::array({"2026-H2"}));
    // The plan writes nothing.
    CHECK(w.donePairs().empty());

    const json r = w.execute(json::array({a["key"]}), w.admin);
    CHECK(r["executed"] == 1);
    const auto done = w.donePairs();
    CHECK(done.size() == 2);
    const json actions = w.call("relance.actions", json::object(), w.admin);
    REQUIRE(actions["rows"].size() == 1);
    const json row = actions["rows"][0];
    CHECK(row["channel"] == "email");
    CHECK(row["recipient"] == "compta@acme.fr");
    CHECK(row["status"] == "to_send");
    CHECK(row["subject"].get<std::string>().find("1\u202F734,56\u00A0€") != std::string::npos);
    CHECK(row["body"].get<std::string>().find("F-100") != std::string::npos);
    CHECK(row["body"].get<std::string>().find("Mme Durand") != std::string::npos);
    CHECK(row["body"].get<std::string>().find("FR7630006000011234567890189") != std::string::npos);
    // One communication listing both invoices; the client's stage moved; the log has it.
    const json comms = w.call("communication.list", {{"client_id", w.acme}}, w.admin);
    REQUIRE(comms["rows"].size() == 1);
    CHECK(comms["rows"][0]["invoice_ids"].size() == 2);
    CHECK(w.call("client.get", {{"id", w.acme}}, w.admin)["stage"] == "relance");
    CHECK(w.call("log.list", {{"action", "relance.execute"}}, w.admin)["rows"].size() == 1);

    // Again the same day: nothing; the stale key is reported, not executed.
    CHECK(w.plan(w.admin)["actions"].empty());
    const json again = w.execute(json::array({a["key"]}), w.admin);
    CHECK(again["executed"] == 0);
    CHECK(again["skipped"] == json::array({a["key"]}));
    CHECK(w.execute("all", w.admin)["executed"] == 0);
    CHECK(w.donePairs() == done);
}

TEST_CASE("execute: later days catch up with the latest step only; paid and held invoices are left alone")
{
    Engine w;
    const auto f1 = w.invoice(w.acme, "F-1", 100000, "2026-11-17");
    const auto f2 = w.invoice(w.acme, "F-2", 100000, "2026-11-17");
    const auto f3 = w.invoice(w.acme, "F-3", 100000, "2026-11-17");
    w.execute("all", w.admin); // J+7 e-mail for the three
    // F-2 is paid, F-3 disputed; then nobody runs the engine for 25 days.
    w.call("payment.record",
        {{"client_id", w.acme}, {"date", "2026-11-24"}, {"amount_cents", 100000}, {"method", "transfer"},
            {"allocations", json::array({{{"invoice_id", f2}, {"amount_cents", 100000}}})}},
        w.admin);
    w.call("invoice.dispute", {{"id", f3}, {"reason", "Livraison incomplète"}}, w.admin);
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 200}}, w.admin);
    w.day("2026-12-19"); // J+32: the formal notice is due; the SMS and the call (J+15) were missed
    const json plan = w.plan(w.admin);
    REQUIRE(plan["actions"].size() == 1);
    const json a = plan["actions"][0];
    CHECK(a["step"] == "Mise en demeure");
    CHECK(a["mode"] == "confirm");
    CHECK(a["invoices"].size() == 1);
    CHECK(a["invoices"][0]["invoice_id"] == f1);
    CHECK(a["reason"]["skipped"] == json::array({"Relance SMS", "Appel"}));
    // 1 000 € at 2.00 + 10 = 12 % for 32 days: 100000 × 1200 × 32 / 3 650 000 = 1 052.05… → 1 052 cents.
    CHECK(a["invoices"][0]["interest_cents"] == 1052);
    CHECK(a["total_cents"] == 100000 + 1052 + 4000);
    bool disputeWithheld = false;
    for (const auto& wh : plan["withheld"])
        if (wh["invoice_id"] == f3 && wh["reason"] == "dispute")
            disputeWithheld = true;
    CHECK(disputeWithheld);
    // "all" runs automatic actions only: a formal notice waits for a collector's confirmation.
    CHECK(w.execute("all", w.admin)["executed"] == 0);
    const json r = w.execute(json::array({a["key"]}), w.admin);
    REQUIRE(r["executed"] == 1);
    REQUIRE(r["documents"].size() == 1);
    CHECK(w.call("client.get", {{"id", w.acme}}, w.admin)["stage"] == "mise_en_demeure");
    // Never back to the steps it skipped.
    w.day("2026-12-20");
    CHECK(w.plan(w.admin)["actions"].empty());

    // The letter: every amount and the legal mentions.
    const json file = w.call("relance.deliver", {{"id", r["action_ids"][0]}, {"format", "file"}}, w.admin);
    REQUIRE(file["kind"] == "file");
    CHECK(file["mime_type"] == "application/pdf");
    const std::string pdf = crypto::base64Decode(file["content_base64"].get<std::string>()).value();
    CHECK(pdf.rfind("%PDF-", 0) == 0);
#ifndef __EMSCRIPTEN__
    const std::string text = pdfText(pdf);
    CAPTURE(text);
    for (const char* needle :
        {"MISE EN DEMEURE", "Lettre recommandée avec accusé de réception", "Recouvra SAS", "ACME Industries",
            "12 rue des Lilas", "F-1", "17/11/2026", "1 000,00 €", "10,52 €", "40,00 €", "1 050,52 €", "L441-10",
            "D441-5", "FR7630006000011234567890189", "AGRIFRPP", "ACME-2026-12", "SIRET 73282932000074", "huit jours"})
        CHECK_MESSAGE(text.find(needle) != std::string::npos, needle);
#endif
    // Downloading it marked the action sent.
    CHECK(w.call("relance.actions", {{"status", "sent"}}, w.admin)["rows"].size() == 1);
}

#ifndef __EMSCRIPTEN__
// Issue 23, finding 13: a consumer's formal notice cited D441-5 (the 40 € fee between
// professionals); it cites the contract's interest instead when the contract sets some, and
// nothing when it does not (a consumer then owes no interest).
TEST_CASE("a consumer's formal notice does not cite D441-5; a professional's does")
{
    relance::LetterInput in;
    in.formalNotice = true;
    in.companyName = "Recouvra SAS";
    in.clientName = "M. Jean Martin";
    in.date = "2026-12-07";
    in.subject = "Factures impayées";
    in.body = "Madame, Monsieur,";
    in.consumer = true;
    const std::string plain = pdfText(relance::letterPdf(in));
    CHECK(plain.find("D441-5") == std::string::npos);
    CHECK(plain.find("Intérêts de retard") == std::string::npos);
    in.contractCharges = true;
    const std::string consumer = pdfText(relance::letterPdf(in));
    CAPTURE(consumer);
    CHECK(consumer.find("MISE EN DEMEURE") != std::string::npos);
    CHECK(consumer.find("D441-5") == std::string::npos);
    CHECK(consumer.find("40 €") == std::string::npos);
    CHECK(consumer.find("Intérêts de retard prévus au contrat") != std::string::npos);
    in.consumer = false;
    const std::string business = pdfText(relance::letterPdf(in));
    CHECK(business.find("D441-5") != std::string::npos);
}

// Issue 23, finding 8: text outside Latin-1 was printed as '?' (Łukasz, Жук, 東京). It is
// written in DejaVu Sans (Latin, Greek, Cyrillic…) and Droid Sans Fallback (CJK), embedded;
// a letter in Windows-1252 embeds no font, as before.
TEST_CASE("a letter to Łukasz Жук in 東京 shows every name: Unicode fonts embedded only when needed")
{
    relance::LetterInput in;
    in.companyName = "Recouvra SAS";
    in.clientName = "M. Jean Martin";
    in.date = "2026-12-07";
    in.subject = "Factures impayées";
    in.body = "Madame, Monsieur,\nNous vous prions de régler 1 234,56 €.";
    const std::string latin = relance::letterPdf(in);
    CHECK(latin.find("FontFile2") == std::string::npos); // Helvetica, not embedded
    CHECK(pdfText(latin).find("1 234,56 €") != std::string::npos);

    in.clientName = "Łukasz Жук";
    in.clientAddress = "東京都千代田区 1-1";
    in.subject = "Отчёт — 請求書 F-2026-0042";
    in.body = "Szanowny Panie Łukaszu, уважаемый Жук,\n" + std::string(40, 'x')
        + " 東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京"
        + "東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京東京 fin.";
    const std::string pdf = relance::letterPdf(in);
    const std::string text = pdfText(pdf);
    CAPTURE(text);
    for (const char* shown :
        {"Łukasz Жук", "東京都千代田区", "Отчёт", "請求書", "Szanowny Panie Łukaszu", "fin.", "Recouvra SAS"})
        CHECK(text.find(shown) != std::string::npos);
    CHECK(text.find('?') == std::string::npos);
    // The fonts are in the file (pdffonts lists them embedded), not merely named.
    const std::string path = "crm_test_fonts.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf;
    }
    std::string fonts;
    {
        std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(("pdffonts " + path + " 2>&1").c_str(), "r"), pclose);
        std::array<char, 4096> buf{};
        while (auto n = std::fread(buf.data(), 1, buf.size(), pipe.get()))
            fonts.append(buf.data(), n);
    }
    std::remove(path.c_str());
    CAPTURE(fonts);
    CHECK(fonts.find("+DejaVuSans,") != std::string::npos);
    CHECK(fonts.find("DejaVuSans-Bold") != std::string::npos);
    CHECK(fonts.find("DroidSansFallback") != std::string::npos);
    // The long line of ideographs was cut within the margins: more than one line of them.
    CHECK(std::count(text.begin(), text.end(), '\n') > 8);
}
#endif

TEST_CASE("deliveries: mailto and sms links, an .eml file; as_of may not be after today")
{
    Engine w;
    w.invoice(w.acme, "F-1", 100000, "2026-11-17");
    w.invoice(w.acme, "F-2", 20000, "2026-11-09");
    const json r = w.execute("all", w.admin);
    REQUIRE(r["executed"] == 3);
    const json rows = w.call("relance.actions", json::object(), w.admin)["rows"];
    for (const auto& a : rows) {
        CAPTURE(a.dump());
        if (a["channel"] == "email") {
            const json link = w.call("relance.deliver", {{"id", a["id"]}, {"format", "link"}}, w.admin);
            CHECK(link["url"].get<std::string>().rfind("mailto:compta@acme.fr?subject=", 0) == 0);
            const json eml = w.call("relance.deliver", {{"id", a["id"]}, {"format", "file"}}, w.admin);
            const std::string text = crypto::base64Decode(eml["content_base64"].get<std::string>()).value();
            CHECK(eml["name"].get<std::string>().find(".eml") != std::string::npos);
            CHECK(text.find("To: compta@acme.fr\r\n") != std::string::npos);
            CHECK(text.find("Subject: =?UTF-8?B?") != std::string::npos);
            CHECK(text.find("F-1") != std::string::npos);
        } else if (a["channel"] == "sms") {
            const json link = w.call("relance.deliver", {{"id", a["id"]}, {"format", "link"}}, w.admin);
            CHECK(link["url"].get<std::string>().rfind("sms:%2B33102030405?body=Recouvra%20SAS", 0) == 0);
            CHECK(w.call("relance.mark_sent", {{"id", a["id"]}}, w.admin)["status"] == "sent");
        } else {
            CHECK(a["channel"] == "call");
            CHECK(a["status"] == "task");
            CHECK(w.call("relance.mark_sent", {{"id", a["id"]}}, w.admin)["reason"] == "is_task");
        }
    }
    CHECK(w.execute("all", w.admin, {{"as_of", "2026-11-25"}})["reason"] == "in_future");
    CHECK(w.execute(json::array(), w.admin)["reason"] == "required");
    CHECK(w.execute(json::array({1}), w.admin)["reason"] == "wrong_type");
    CHECK(w.plan(w.admin, {{"as_of", "2026-02-30"}})["reason"] == "invalid_date");
}

TEST_CASE("migration 0005 carries the old relance rules over as a scenario")
{
    const std::string path = "crm_test_rules.db";
    std::remove(path.c_str());
    {
        auto db = db::Database::open(path, {{}, false});
        for (const auto& m : embedded::migrations())
            if (m.version < 5) {
                db->exec(m.sql);
                db->exec("PRAGMA user_version = " + std::to_string(m.version));
            }
        db->exec("INSERT INTO relance_templates (code, name, channel, body, created_at, updated_at) VALUES "
                 "('MAIL1', 'Rappel', 'email', 'Bonjour {client.name}', 'x', 'x');"
                 "INSERT INTO relance_rules (name, step, days_after_due, template_id, min_amount_cents, created_at, "
                 "updated_at) VALUES ('J+10', 'friendly_email', 10, 1, 5000, '2026-01-01T00:00:00Z', 'x'), "
                 "('J+40', 'litigation', 40, NULL, 0, '2026-01-02T00:00:00Z', 'x');");
    }
    auto db = db::Database::open(path);
    CHECK(db->schemaVersion() == embedded::migrations().back().version);
    {
        db::Statement sc(*db, "SELECT id, name, is_default FROM relance_scenarios ORDER BY id");
        REQUIRE(sc.step());
        CHECK(sc.getInt(2) == 0); // the shipped French scenario, not the default here
        REQUIRE(sc.step());
        CHECK(sc.getText(1) == "Règles reprises");
        CHECK(sc.getInt(2) == 1);
        db::Statement st(*db,
            "SELECT name, offset_days, channel, coalesce(template_code, ''), min_amount_cents, coalesce(stage, '') "
            "FROM relance_steps WHERE scenario_id = 2 ORDER BY offset_days");
        REQUIRE(st.step());
        CHECK(st.getText(0) == "J+10");
        CHECK(st.getText(2) == "email");
        CHECK(st.getText(3) == "MAIL1");
        CHECK(st.getInt(4) == 5000);
        REQUIRE(st.step());
        CHECK(st.getInt(1) == 40);
        CHECK(st.getText(2) == "litigation");
        CHECK(st.getText(5) == "contentieux");
        CHECK_FALSE(st.step());
    } // the statements go before their database
    db.reset();
    std::remove(path.c_str());
}

TEST_CASE("property through the API: random run dates, payments and holds — never twice, never held or paid, "
          "amounts are that day's balances")
{
    Engine w;
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, w.admin);
    w.call("rate.set", {{"year", 2027}, {"half", 1}, {"rate_bp", 200}}, w.admin);
    std::mt19937 rng(7);
    std::vector<std::int64_t> clients = {w.acme, w.client("B", w.agentId), w.client("C", 0)};
    std::vector<std::int64_t> invoices;
    for (int i = 0; i < 18; ++i) {
        const std::string due = timeutil::addDays("2026-10-01", static_cast<long>(rng() % 80));
        invoices.push_back(w.invoice(clients[rng() % clients.size()], "P-" + std::to_string(i),
            5000 + static_cast<std::int64_t>(rng() % 300000), due, "2026-09-01"));
    }
    std::set<std::pair<std::int64_t, std::int64_t>> sent;
    std::string day = "2026-11-24";
    int executed = 0;
    while (day < "2027-02-15") {
        day = timeutil::addDays(day, 1 + static_cast<long>(rng() % 6));
        w.day(day);
        // Some payments dated today, a dispute or a stop now and then.
        for (auto id : invoices) {
            const json inv = w.call("invoice.get", {{"id", id}}, w.admin);
            const std::int64_t open = inv["open_cents"];
            if (open <= 0 || inv["status"] == "cancelled")
                continue;
            if (rng() % 12 == 0) {
                const std::int64_t pay = 1 + static_cast<std::int64_t>(rng() % open);
                const json p = w.call("payment.record",
                    {{"client_id", inv["client_id"]}, {"date", day}, {"amount_cents", pay}, {"method", "transfer"},
                        {"allocations", json::array({{{"invoice_id", id}, {"amount_cents", pay}}})}},
                    w.admin);
                CHECK_MESSAGE(p.contains("id"), p.dump());
            } else if (rng() % 40 == 0 && inv["status"] != "disputed")
                w.call("invoice.dispute", {{"id", id}, {"reason", "Contestation"}}, w.admin);
            else if (rng() % 60 == 0)
                w.call("hold.create",
                    {{"kind", "stop"}, {"client_id", inv["client_id"]}, {"invoice_ids", json::array({id})},
                        {"reason", "Suspension"}, {"until", timeutil::addDays(day, 10)}},
                    w.admin);
        }
        const json plan = w.plan(w.admin);
        json keys = json::array();
        for (const auto& a : plan["actions"]) {
            keys.push_back(a["key"]);
            for (const auto& i : a["invoices"]) {
                const json inv = w.call("invoice.get", {{"id", i["invoice_id"]}}, w.admin);
                CAPTURE(day);
                CAPTURE(inv.dump());
                CHECK(i["open_cents"] == inv["open_cents"]); // that day's balance
                CHECK(inv["status"] != "paid");
                CHECK(inv["status"] != "disputed");
                CHECK(inv["status"] != "cancelled");
                const json holds = w.call("hold.list", {{"client_id", inv["client_id"]}, {"active", true}}, w.admin);
                for (const auto& h : holds["rows"])
                    CHECK(std::find(h["invoice_ids"].begin(), h["invoice_ids"].end(), i["invoice_id"])
                        == h["invoice_ids"].end());
                CHECK(sent.insert({i["invoice_id"].get<std::int64_t>(), a["step_id"].get<std::int64_t>()}).second);
            }
        }
        if (!keys.empty()) {
            const json r = w.execute(keys, w.admin);
            CHECK(r["executed"] == keys.size());
            executed += r["executed"].get<int>();
        }
        CHECK(w.donePairs() == sent); // the database holds exactly what was sent, each pair once
    }
    CHECK(executed > 10);
}

TEST_CASE("relance.plan pages its lists and gives the day's totals, each invoice once")
{
    Engine w;
    const auto b = w.client("B", 0), c = w.client("C", 0);
    w.invoice(w.acme, "F-1", 100000, "2026-11-17"); // J+7 e-mail
    w.invoice(b, "F-2", 20000, "2026-11-09");       // J+15: SMS and call, one invoice
    w.invoice(c, "F-3", 30000, "2026-11-17");
    w.call("invoice.dispute", {{"id", w.invoice(c, "F-4", 5000, "2026-11-17")}, {"reason", "x"}}, w.admin);
    const json all = w.plan(w.admin);
    REQUIRE(all["actions"].size() == 4);
    CHECK(all["totals"]["actions"] == 4);
    CHECK(all["totals"]["clients"] == 3);
    CHECK(all["totals"]["invoices"] == 3);
    CHECK(all["totals"]["open_cents"] == 150000);  // F-2 once, though two actions name it
    CHECK(all["totals"]["fee_cents"] == 3 * 4000); // one fee per late invoice
    CHECK(all["totals"]["withheld"] == 1);
    CHECK(all["totals"]["missing_rates"] == json::array({"2026-H2"}));
    const json page = w.plan(w.admin, {{"offset", 1}, {"limit", 2}, {"withheld_limit", 1}});
    REQUIRE(page["actions"].size() == 2);
    CHECK(page["actions"][0]["key"] == all["actions"][1]["key"]);
    CHECK(page["actions"][1]["key"] == all["actions"][2]["key"]);
    CHECK(page["totals"] == all["totals"]);
    CHECK(page["withheld"].size() == 1);
    CHECK(w.plan(w.admin, {{"offset", 10}})["actions"].empty());
    CHECK(w.plan(w.admin, {{"limit", -1}})["field"] == "limit");
}

TEST_CASE("relance.compose and relance.send_now: a reminder written now from a template, previewed, then logged")
{
    test::World w;
    w.day("2026-11-24");
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 215}}, w.admin);
    const auto acme = w.client("ACME", w.agentId);
    const auto other = w.client("OTHER", w.agent2Id);
    w.call("client.update", {{"id", acme}, {"name", "ACME Industries"}, {"email", "compta@acme.fr"}}, w.admin);
    const auto f1 = w.invoice(acme, "F-OLD", 100000, "2026-10-25"); // 30 days late
    w.invoice(acme, "F-NEW", 50000, "2026-12-10");                  // not due: left out
    const auto f3 = w.invoice(acme, "F-DISP", 20000, "2026-10-01");
    w.call("invoice.dispute", {{"id", f3}, {"reason", "Contesté"}}, w.admin); // disputed: left out

    const json preview = w.call("relance.compose", {{"client_id", acme}, {"template_code", "reminder"}}, w.agent);
    REQUIRE_MESSAGE(preview.contains("body"), preview.dump());
    CHECK(preview["channel"] == "email");
    CHECK(preview["recipient"] == "compta@acme.fr");
    REQUIRE(preview["invoices"].size() == 1);
    CHECK(preview["invoices"][0]["invoice_id"] == f1);
    CHECK(preview["invoices"][0]["number"] == "F-OLD");
    CHECK(preview["invoices"][0]["days_overdue"] == 30);
    CHECK(preview["open_cents"] == 100000);
    CHECK(preview["fee_cents"] == 4000); // the 40 € recovery fee
    // 1 000 € for 30 days at ECB 2.15 % + 10 points = 12.15 %: 1000 × 0.1215 × 30 / 365 = 9.99 €.
    CHECK(preview["interest_cents"] == 999);
    CHECK(preview["total_cents"] == 100000 + 999 + 4000);
    CHECK(preview["body"].get<std::string>().find("F-OLD") != std::string::npos);
    CHECK(preview["body"].get<std::string>().find("F-NEW") == std::string::npos);
    CHECK(preview["url"].get<std::string>().rfind("mailto:compta@acme.fr?subject=", 0) == 0);
    CHECK(w.call("log.list", {{"action", "relance.send_now"}}, w.admin)["rows"].empty()); // a preview writes nothing

    const json sent = w.call("relance.send_now", {{"client_id", acme}, {"template_code", "reminder"}}, w.agent);
    REQUIRE_MESSAGE(sent["communication_id"].is_number_integer(), sent.dump());
    CHECK(sent["url"] == preview["url"]);
    const json comms = w.call("communication.list", {{"client_id", acme}}, w.agent);
    REQUIRE(comms["rows"].size() == 1);
    CHECK(comms["rows"][0]["channel"] == "email");
    CHECK(comms["rows"][0]["subject"] == preview["subject"]);
    CHECK(comms["rows"][0]["invoice_ids"] == json::array({f1}));
    CHECK(w.call("log.list", {{"action", "relance.send_now"}}, w.admin)["rows"].size() == 1);

    // What is refused, and why.
    CHECK(w.call("relance.compose", {{"client_id", acme}, {"template_code", "nope"}}, w.agent)["reason"]
        == "unknown_template");
    CHECK(w.call("relance.send_now", {{"client_id", acme}, {"template_code", "formal_notice"}}, w.agent)["reason"]
        == "wrong_channel");
    CHECK(w.call("relance.send_now", {{"client_id", acme}, {"template_code", "sms_reminder"}}, w.agent)["reason"]
        == "no_recipient");
    CHECK(w.call("relance.compose", {{"client_id", other}, {"template_code", "reminder"}}, w.agent)["code"]
        == "forbidden");
    CHECK(w.call("relance.compose", {{"client_id", other}, {"template_code", "reminder"}}, w.agent2)["reason"]
        == "nothing_overdue");
    const json missing = w.call("relance.compose", {{"client_id", 9999}, {"template_code", "reminder"}}, w.admin);
    CHECK(missing["reason"] == "unknown_client");
    CHECK(missing["field"] == "client_id");
}
