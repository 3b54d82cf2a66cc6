// What the Relance set-up screen asks the core: the day's plan counted per step and
// channel, a step being edited simulated before it is saved (never sending twice what was
// done), and a template being edited rendered for a client (its letter's PDF too).
#include "core/util/crypto.hpp"
#include "tests/service/engine_world.hpp"

#include <doctest/doctest.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>

using namespace crm;
using api::json;
using test::Engine;

namespace {

std::int64_t stepId(Engine& w, const std::string& name)
{
    const json all = w.call("scenario.list", json::object(), w.admin);
    for (const auto& sc : all["rows"])
        for (const auto& st : sc["steps"])
            if (st["name"] == name)
                return st["id"].get<std::int64_t>();
    FAIL("no step " << name);
    return 0;
}

const json* stepTotal(const json& plan, const std::string& step)
{
    for (const auto& t : plan["by_step"])
        if (t["step"] == step)
            return &t;
    return nullptr;
}

} // namespace

TEST_CASE("relance.plan counts the day per step and channel, and what it withholds per reason")
{
    Engine w;
    const auto beta = w.client("BETA", w.agentId);
    const auto gamma = w.client("GAMMA", w.agentId);
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 200}}, w.admin);
    // Today 2026-11-24. ACME: two invoices at J+7 (e-mail); BETA: one at J+16 (SMS and call
    // of J+15, the same invoice in both); GAMMA: one at J+7, disputed.
    w.invoice(w.acme, "F-1", 100000, "2026-11-17");
    w.invoice(w.acme, "F-2", 50000, "2026-11-17");
    w.invoice(beta, "F-3", 20000, "2026-11-08");
    const auto f4 = w.invoice(gamma, "F-4", 30000, "2026-11-17");
    w.call("invoice.dispute", {{"id", f4}, {"reason", "Contesté"}}, w.admin);

    const json plan = w.plan(w.admin, {{"limit", 1}});
    REQUIRE_MESSAGE(plan.contains("by_step"), plan.dump());
    REQUIRE(plan["by_step"].size() == 3);
    const json* email = stepTotal(plan, "Première relance");
    const json* sms = stepTotal(plan, "Relance SMS");
    const json* call = stepTotal(plan, "Appel");
    REQUIRE(email);
    REQUIRE(sms);
    REQUIRE(call);
    CHECK((*email)["channel"] == "email");
    CHECK((*email)["actions"] == 1);
    CHECK((*email)["clients"] == 1);
    CHECK((*email)["invoices"] == 2);
    CHECK((*email)["open_cents"] == 150000);
    CHECK((*email)["fee_cents"] == 8000);
    // 1 000 € and 500 € for 7 days at 12 %: 230.1… → 230 and 115.06… → 115 cents.
    CHECK((*email)["interest_cents"] == 230 + 115);
    CHECK((*sms)["channel"] == "sms");
    CHECK((*sms)["invoices"] == 1);
    CHECK((*sms)["open_cents"] == 20000);
    CHECK((*call)["channel"] == "call");
    CHECK((*call)["open_cents"] == 20000);
    // Ordered by offset: J+7 before J+15.
    CHECK(plan["by_step"][0]["step"] == "Première relance");
    CHECK(plan["by_step"][0]["offset_days"] == 7);
    // The day's totals count BETA's invoice once; the steps' counts add up to the actions.
    CHECK(plan["totals"]["open_cents"] == 170000);
    std::int64_t actions = 0;
    for (const auto& t : plan["by_step"])
        actions += t["actions"].get<std::int64_t>();
    CHECK(actions == plan["totals"]["actions"]);
    CHECK(plan["totals"]["withheld_by_reason"] == json{{"dispute", 1}});
    // An agent's plan counts their own clients only.
    const auto other = w.client("OTHER", w.agent2Id);
    w.invoice(other, "F-9", 99900, "2026-11-17");
    CHECK((*stepTotal(w.plan(w.agent), "Première relance"))["open_cents"] == 150000);
    CHECK((*stepTotal(w.plan(w.admin), "Première relance"))["open_cents"] == 150000 + 99900);
}

TEST_CASE("a step being edited is simulated before saving; a step already executed is never sent twice")
{
    Engine w;
    w.invoice(w.acme, "F-1", 100000, "2026-11-17"); // J+7 today
    const auto first = stepId(w, "Première relance");
    // Simulate moving the first reminder to J+10: today the latest step reached is the
    // courtesy e-mail of J-5 (never sent); nothing saved.
    const json moved = w.plan(w.admin, {{"draft_step", {{"id", first}, {"offset_days", 10}}}});
    REQUIRE_MESSAGE(moved.contains("actions"), moved.dump());
    REQUIRE(moved["actions"].size() == 1);
    CHECK(moved["actions"][0]["step"] == "Rappel courtois");
    REQUIRE(w.plan(w.admin)["actions"].size() == 1);
    CHECK(w.plan(w.admin)["actions"][0]["step"] == "Première relance");
    CHECK(w.call("log.list", {{"action", "step.update"}}, w.admin)["rows"].empty());
    // A new step at J+5, simulated (not saved).
    const json added = w.plan(w.admin,
        {{"draft_step",
            {{"scenario_id", w.call("scenario.list", json::object(), w.admin)["rows"][0]["id"]},
                {"name", "Courrier J+5"}, {"offset_days", 5}, {"channel", "formal_notice"},
                {"template_code", "formal_notice"}}}});
    REQUIRE_MESSAGE(added.contains("by_step"), added.dump());
    // J+7 is the latest step reached: the draft at J+5 is counted as caught up, not sent.
    REQUIRE(added["actions"].size() == 1);
    CHECK(added["actions"][0]["reason"]["skipped"] == json::array({"Rappel courtois", "Courrier J+5"}));

    // Executed today; then the step is edited (saved) to J+3, and a later day comes: the
    // invoice never gets it again, nor in a simulation of yet another change.
    CHECK(w.execute("all", w.admin)["executed"] == 1);
    CHECK(w.call("step.update",
              {{"id", first}, {"offset_days", 3}, {"channel", "sms"}, {"template_code", "sms_reminder"}},
              w.admin)["offset_days"]
        == 3);
    w.day("2026-11-27");
    CHECK(w.plan(w.admin)["actions"].empty());
    CHECK(w.plan(w.admin, {{"draft_step", {{"id", first}, {"offset_days", 1}}}})["actions"].empty());
    // A new draft step (no id) at J+9 would send: it was never done.
    const json fresh = w.plan(w.admin,
        {{"draft_step",
            {{"scenario_id", w.call("scenario.list", json::object(), w.admin)["rows"][0]["id"]}, {"name", "Rappel J+9"},
                {"offset_days", 9}, {"channel", "email"}, {"template_code", "reminder"}}}});
    REQUIRE(fresh["actions"].size() == 1);
    CHECK(fresh["actions"][0]["step"] == "Rappel J+9");
    CHECK(fresh["actions"][0]["step_id"] == -1);
    CHECK(fresh["by_step"][0]["step_id"].is_null());

    // A draft is checked as a save would be, its field named inside draft_step; agents
    // cannot simulate changes to the rules.
    const json bad = w.plan(w.admin, {{"draft_step", {{"id", first}, {"offset_days", 900}}}});
    CHECK(bad["reason"] == "out_of_range");
    CHECK(bad["field"] == "draft_step.offset_days");
    CHECK(w.plan(w.admin, {{"draft_step", {{"id", first}, {"channel", "fax"}}}})["field"] == "draft_step.channel");
    CHECK(w.plan(w.admin, {{"draft_step", {{"id", first}, {"colour", "red"}}}})["field"] == "draft_step.colour");
    CHECK(w.plan(w.admin, {{"draft_step", {{"name", "Sans scénario"}}}})["reason"] == "required");
    CHECK(w.plan(w.agent, {{"draft_step", {{"id", first}, {"offset_days", 1}}}})["code"] == "forbidden");
}

TEST_CASE("relance_template.preview renders a template being edited for a client, its letter as PDF too")
{
    Engine w;
    w.invoice(w.acme, "F-1", 100000, "2026-11-17");
    const json p = w.call("relance_template.preview",
        {{"client_id", w.acme}, {"channel", "email"}, {"subject", "Relance {client.name}"},
            {"body", "Bonjour {client.contact},\nvous nous devez {total.due}.\n{company.name}"}},
        w.agent);
    REQUIRE_MESSAGE(p.contains("body"), p.dump());
    CHECK(p["subject"] == "Relance ACME Industries");
    CHECK(p["body"].get<std::string>().find("Bonjour Mme Durand,") == 0);
    CHECK(p["body"].get<std::string>().find("Recouvra SAS") != std::string::npos);
    CHECK(p["recipient"] == "compta@acme.fr");
    CHECK(p["invoices"] == 1);
    CHECK(!p.contains("pdf_base64"));
    // The text changes, the preview follows; nothing was saved.
    const json p2 = w.call("relance_template.preview",
        {{"client_id", w.acme}, {"channel", "email"}, {"body", "Code {client.code}"}}, w.agent);
    CHECK(p2["body"] == "Code ACME");
    CHECK(w.call("log.list", {{"entity", "relance_templates"}}, w.admin)["rows"].empty());

    // A placeholder error names the field, the line and the column.
    const json bad = w.call("relance_template.preview",
        {{"client_id", w.acme}, {"channel", "email"}, {"body", "Bonjour\n{client.nom}"}}, w.agent);
    CHECK(bad["reason"] == "unknown_placeholder");
    CHECK(bad["field"] == "body");
    CHECK(bad["message"].get<std::string>().find("line 2") != std::string::npos);

    // A letter: its PDF, as a formal notice when asked.
    const json letter = w.call("relance_template.preview",
        {{"client_id", w.acme}, {"channel", "letter"}, {"subject", "Mise en demeure"},
            {"body", "Madame, Monsieur,\n{invoices.table}\nVeuillez régler {total.due}."}, {"pdf", true},
            {"formal_notice", true}},
        w.admin);
    REQUIRE_MESSAGE(letter.contains("pdf_base64"), letter.dump());
    const std::string pdf = crypto::base64Decode(letter["pdf_base64"].get<std::string>()).value();
    CHECK(pdf.rfind("%PDF-", 0) == 0);
#ifndef __EMSCRIPTEN__
    const std::string text = test::pdfText(pdf);
    CHECK(text.find("MISE EN DEMEURE") != std::string::npos);
    CHECK(text.find("F-1") != std::string::npos);
    CHECK(text.find("12 rue des Lilas") != std::string::npos);
#endif

    // Another agent's client is not theirs to preview; a client owing nothing says so.
    const auto other = w.client("OTHER", w.agent2Id);
    CHECK(
        w.call("relance_template.preview", {{"client_id", other}, {"channel", "email"}, {"body", "x"}}, w.agent)["code"]
        == "forbidden");
    CHECK(w.call("relance_template.preview", {{"client_id", other}, {"channel", "email"}, {"body", "x"}},
              w.agent2)["reason"]
        == "nothing_overdue");
    CHECK(
        w.call("relance_template.preview", {{"client_id", w.acme}, {"channel", "fax"}, {"body", "x"}}, w.agent)["field"]
        == "channel");
    // The palette's placeholders come from the core.
    const json names = w.call("relance_template.placeholders", json::object(), w.agent)["rows"];
    CHECK(std::find(names.begin(), names.end(), "total.due") != names.end());
    CHECK(std::find(names.begin(), names.end(), "company.iban") != names.end());
}

TEST_CASE("letters wait for the company's details and the client's postal address, each named")
{
    test::World w;
    const auto noAddress = w.client("NOADDR", w.agentId);
    const auto oneLine = w.client("ONELINE", w.agentId);
    const auto ready = w.client("READY", w.agentId);
    w.address(oneLine, "12 rue des Lilas 75011 Paris"); // one line: no postcode line of its own
    w.address(ready);
    for (auto [client, number] : {std::pair{noAddress, "L-1"}, {oneLine, "L-2"}, {ready, "L-3"}})
        w.invoice(client, number, 100000, "2026-10-20"); // J+35 on the 24th: the formal notice
    w.call("rate.set", {{"year", 2026}, {"half", 2}, {"rate_bp", 200}}, w.admin);
    auto reasons = [&]() {
        std::map<std::string, std::string> out; // invoice number -> reason (the formal notice's)
        const json plan = w.call("relance.plan", json::object(), w.admin);
        for (const auto& h : plan["withheld"])
            if (h["step"] == "Mise en demeure")
                out[h["number"]] = h["reason"].get<std::string>() + ":" + h["detail"].get<std::string>();
        for (const auto& a : plan["actions"])
            for (const auto& i : a["invoices"])
                out[i["number"]] = "action";
        return out;
    };
    // Nothing set: every letter waits, naming what the company lacks.
    CHECK(w.call("settings.get", json::object(), w.admin)["missing_for_letters"]
        == json::array({"legal_name", "address", "siret", "iban", "bic", "signatory"}));
    auto r = reasons();
    CHECK(r["L-3"] == "no_company_details:legal_name, address, siret, iban, bic, signatory");
    CHECK(r["L-1"] == r["L-3"]);
    // All but the signatory: still waiting, for it alone.
    w.letterhead();
    w.call("settings.update", {{"signatory", ""}}, w.admin);
    CHECK(reasons()["L-3"] == "no_company_details:signatory");
    CHECK(w.call("relance.plan", json::object(), w.admin)["totals"]["withheld_by_reason"]["no_company_details"] == 3);
    // Complete: the client without a postal address waits (no_address); the others go.
    w.letterhead();
    CHECK(w.call("settings.get", json::object(), w.admin)["missing_for_letters"].empty());
    r = reasons();
    CHECK(r["L-1"] == "no_address:");
    CHECK(r["L-2"] == "no_address:");
    CHECK(r["L-3"] == "action");
    // An e-mail step is not held by either.
    const auto mail = w.client("MAIL", w.agentId);
    w.invoice(mail, "M-1", 5000, "2026-11-17");
    CHECK(reasons()["M-1"] == "action");
}

TEST_CASE("settings: the signatory on the letters and the default currency of new invoices")
{
    test::World w;
    const json s = w.call("settings.update",
        {{"signatory", "Claire Dupuis\nResponsable du recouvrement"}, {"default_currency", "CHF"}}, w.admin);
    REQUIRE_MESSAGE(s.contains("signatory"), s.dump());
    CHECK(s["default_currency"] == "CHF");
    const auto c = w.client("DEV");
    const json inv = w.call("invoice.create",
        {{"number", "D-1"}, {"client_id", c}, {"issue_date", "2026-11-01"}, {"due_date", "2026-12-01"},
            {"amount_cents", 1000}},
        w.admin);
    CHECK(inv["currency"] == "CHF");
    CHECK(w.call("settings.update", {{"default_currency", "euro"}}, w.admin)["field"] == "default_currency");
    CHECK(w.call("settings.update", {{"signatory", std::string(301, 'x')}}, w.admin)["field"] == "signatory");
    CHECK(w.call("settings.get", json::object(), w.admin)["default_currency"] == "CHF"); // unchanged by the refusals
}

#ifndef __EMSCRIPTEN__
// Where pdftotext finds `word` on the first page: {xMin, yMin} in points from the top left.
std::pair<double, double> wordAt(const std::string& pdf, const std::string& word)
{
    const std::string path = "crm_test_window.pdf";
    {
        std::ofstream out(path, std::ios::binary);
        out << pdf;
    }
    std::string html;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(
        popen(("pdftotext -bbox -f 1 -l 1 " + path + " - 2>&1").c_str(), "r"), pclose);
    REQUIRE(pipe);
    std::array<char, 4096> buf{};
    while (auto n = std::fread(buf.data(), 1, buf.size(), pipe.get()))
        html.append(buf.data(), n);
    std::remove(path.c_str());
    const auto at = html.find(">" + word + "<");
    REQUIRE_MESSAGE(at != std::string::npos, word);
    const auto open = html.rfind("<word", at);
    auto number = [&](const char* key) {
        const auto k = html.find(key, open);
        return std::stod(html.substr(k + std::strlen(key)));
    };
    return {number("xMin=\""), number("yMin=\"")};
}

TEST_CASE("a letter's recipient sits in the window of a French envelope; the signatory signs it")
{
    Engine w;
    w.invoice(w.acme, "F-1", 100000, "2026-10-20");
    const json letter = w.call("relance_template.preview",
        {{"client_id", w.acme}, {"channel", "letter"}, {"subject", "Relance"}, {"body", "Madame, Monsieur,"},
            {"pdf", true}, {"formal_notice", true}},
        w.admin);
    REQUIRE_MESSAGE(letter.contains("pdf_base64"), letter.dump());
    const std::string pdf = crypto::base64Decode(letter["pdf_base64"].get<std::string>()).value();
    constexpr double mm = 72.0 / 25.4;
    // The window: 110 to 200 mm from the left, 45 to 90 mm from the top.
    for (const char* word : {"ACME", "Lilas", "75011"}) {
        CAPTURE(word);
        const auto [x, y] = wordAt(pdf, word);
        CHECK(x >= 110 * mm);
        CHECK(x <= 200 * mm);
        CHECK(y >= 45 * mm);
        CHECK(y <= 90 * mm);
    }
    const std::string text = test::pdfText(pdf);
    CHECK(text.find("Claire Dupuis") != std::string::npos);
    CHECK(text.find("Responsable du recouvrement") != std::string::npos);
}
#endif
