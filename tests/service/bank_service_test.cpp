// BankService through the command API: statements imported and matched, cases worked
// out by hand — an exact payment naming its invoice, a grouped one, a partial one, a wrong
// amount, an unknown payer confirmed then recognised, a returned transfer, fees — the same
// file twice, a malformed file, confirm / split / credit / ignore / reopen, what agents
// see, and the bank data's age.
#include "core/seed/statements.hpp"
#include "core/util/crypto.hpp"
#include "tests/fixtures.hpp"

#include <doctest/doctest.h>

#include <atomic>

using namespace crm;
using api::json;

namespace {

bank::StatementLine credit(std::int64_t cents, const std::string& payer, const std::string& iban,
    const std::string& text, const std::string& ref, const std::string& day = "2026-03-02")
{
    bank::StatementLine l;
    l.bookingDate = day;
    l.amountCents = cents;
    l.payerName = payer;
    l.payerAccount = iban;
    l.remittance = text;
    l.reference = ref;
    l.label = cents > 0 ? "VIR SEPA RECU" : "PRLV";
    return l;
}

std::string camt(const std::vector<bank::StatementLine>& lines, const std::string& day = "2026-03-02")
{
    bank::Statement s;
    s.account = "FR7630004000031234567890143";
    s.currency = "EUR";
    s.openingDate = "2026-03-01";
    s.closingDate = day;
    s.openingCents = 1'000'00;
    s.lines = lines;
    return seed::writeCamt053({s});
}

json import(test::World& w, const std::string& file, const std::string& session = {})
{
    return w.call("bank.import", {{"content_base64", crypto::base64Encode(file)}, {"file_name", "releve.xml"}},
        session.empty() ? w.admin : session);
}

json lineByRef(test::World& w, const std::string& ref, const std::string& session = {})
{
    const json page = w.call("bank.lines", {{"limit", 500}}, session.empty() ? w.admin : session);
    for (const auto& l : page["rows"])
        if (l["bank_ref"] == ref)
            return l;
    return json();
}

std::vector<std::string> reasonCodes(const json& proposal)
{
    std::vector<std::string> out;
    for (const auto& r : proposal["reasons"])
        out.push_back(r["code"]);
    return out;
}

bool hasReason(const json& proposal, const std::string& code)
{
    const auto codes = reasonCodes(proposal);
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

std::int64_t paid(test::World& w, std::int64_t invoiceId)
{
    return test::queryInt(*w.db, "SELECT paid_cents FROM invoices WHERE id = " + std::to_string(invoiceId));
}

struct Portfolio {
    std::int64_t dupont = 0, martin = 0, other = 0;
    std::int64_t f42 = 0, f43 = 0, f44 = 0, f100 = 0, f101 = 0, o1 = 0;
};

Portfolio portfolio(test::World& w)
{
    Portfolio p;
    p.dupont = w.call(
        "client.create", {{"code", "DUP"}, {"name", "Dupont et Fils"}, {"assigned_to", w.agentId}}, w.admin)["id"];
    p.martin = w.call("client.create", {{"code", "MAR"}, {"name", "Boulangerie Martin"}}, w.admin)["id"];
    p.other = w.call(
        "client.create", {{"code", "OTH"}, {"name", "Transports Lefèvre"}, {"assigned_to", w.agent2Id}}, w.admin)["id"];
    p.f42 = w.invoice(p.dupont, "F-2026-0042", 1'200'00, "2026-02-01");
    p.f43 = w.invoice(p.dupont, "F-2026-0043", 500'00, "2026-02-15");
    p.f44 = w.invoice(p.dupont, "F-2026-0044", 730'00, "2026-02-20");
    p.f100 = w.invoice(p.martin, "F-2026-0100", 250'00, "2026-02-10");
    p.f101 = w.invoice(p.martin, "F-2026-0101", 260'00, "2026-02-25");
    p.o1 = w.invoice(p.other, "T-77", 999'99, "2026-02-25");
    return p;
}

} // namespace

TEST_CASE("bank import: an exact payment naming its invoice is applied by itself, with its reasons")
{
    test::World w;
    const auto p = portfolio(w);
    const json r = import(w,
        camt({credit(1'200'00, "SARL DUPONT ET FILS", "FR76 1010 7001 0112 3456 7890 129", "Reglement fact F 2026 0042",
            "BQ1")}));
    REQUIRE_MESSAGE(r.contains("import_id"), r.dump());
    CHECK(r["format"] == "camt053");
    CHECK(r["lines_new"] == 1);
    CHECK(r["automatic"] == 1);
    CHECK(paid(w, p.f42) == 1'200'00);
    const json l = lineByRef(w, "BQ1");
    CHECK(l["state"] == "auto");
    CHECK(l["client_id"] == p.dupont);
    REQUIRE(l["payment_ids"].size() == 1);
    const json best = l["proposals"][0];
    CHECK(best["score"] == 100);
    CHECK(hasReason(best, "number_in_text"));
    CHECK(best["reasons"][1]["value"] == "F-2026-0042");
    CHECK(hasReason(best, "amount_equal"));
    CHECK(hasReason(best, "name_equal"));
    const json pay = w.call("payment.get", {{"id", l["payment_ids"][0]}}, w.admin);
    CHECK(pay["method"] == "transfer");
    CHECK(pay["date"] == "2026-03-02");
    CHECK(pay["reference"] == "BQ1");
    // The IBAN is learned, folded.
    CHECK(test::queryInt(
              *w.db, "SELECT client_id FROM payer_aliases WHERE kind = 'iban' AND key = 'FR7610107001011234567890129'")
        == p.dupont);
}

TEST_CASE("bank import: grouped, partial, wrong amount and unknown payers")
{
    test::World w;
    const auto p = portfolio(w);
    const json r = import(w,
        camt({// Two invoices in one transfer, their numbers written differently.
            credit(1'700'00, "DUPONT & FILS", "", "F2026/0042 + f-2026-0043", "G1"),
            // Part of an invoice, named: the rest stays owed.
            credit(300'00, "Dupont et Fils", "", "acompte F-2026-0044", "P1"),
            // Nobody known, no invoice of that amount: nothing to propose.
            credit(123'45, "M. DURAND", "", "remboursement", "W1"),
            // A payer the portfolio does not name, the amount of exactly one open invoice.
            credit(250'00, "BLG MARTIN", "FR7614508000400123456789012", "paiement", "U1")}));
    REQUIRE_MESSAGE(r.contains("import_id"), r.dump());
    CHECK(r["credits"] == 4);
    CHECK(r["automatic"] == 2);
    CHECK(r["todo"] == 1);
    CHECK(r["suggested"] == 1);
    CHECK(paid(w, p.f42) == 1'200'00);
    CHECK(paid(w, p.f43) == 500'00);
    CHECK(paid(w, p.f44) == 300'00);
    CHECK(lineByRef(w, "P1")["proposals"][0]["allocations"][0]["amount_cents"] == 300'00);
    CHECK(hasReason(lineByRef(w, "P1")["proposals"][0], "amount_partial"));
    CHECK(lineByRef(w, "W1")["state"] == "todo");
    const json u = lineByRef(w, "U1");
    CHECK(u["state"] == "suggested");
    CHECK(u["client_id"] == p.martin);
    CHECK(u["proposals"][0]["score"].get<int>() < 90);
    CHECK(hasReason(u["proposals"][0], "single_amount"));
    CHECK(paid(w, p.f100) == 0);

    // Confirmed: the payment recorded, and the payer learned for that client.
    const json c = w.call("bank.confirm", {{"id", u["id"]}}, w.manager);
    REQUIRE_MESSAGE(c["state"] == "confirmed", c.dump());
    CHECK(paid(w, p.f100) == 250'00);
    CHECK(w.call("bank.confirm", {{"id", u["id"]}}, w.manager)["reason"] == "already_resolved");

    // The next statement: the same payer is recognised by its IBAN and applied alone.
    const json r2 = import(w,
        camt({credit(260'00, "BLG MARTIN", "FR7614508000400123456789012", "virement", "U2", "2026-03-05")},
            "2026-03-05"));
    CHECK(r2["automatic"] == 1);
    CHECK(paid(w, p.f101) == 260'00);
    CHECK(hasReason(lineByRef(w, "U2")["proposals"][0], "iban_known"));
}

TEST_CASE("bank import: the same file twice adds nothing; a malformed file writes nothing")
{
    test::World w;
    portfolio(w);
    const std::string file = camt({credit(1'200'00, "Dupont et Fils", "", "F-2026-0042", "BQ1"),
        credit(50'00, "X", "", "", ""), credit(50'00, "X", "", "", "")}); // alike: told apart by their rank
    const auto cacheSize = w.db->pragmaInt("cache_size");
    const json first = import(w, file);
    CHECK(first["lines_new"] == 3);
    // The import's own page cache and journal settings are the connection's again after it.
    CHECK(w.db->pragmaInt("cache_size") == cacheSize);
    CHECK(w.db->pragmaInt("cache_spill") != 0);
    const auto payments = test::rowCount(*w.db, "payments");
    const json again = import(w, file);
    CHECK(again["lines_new"] == 0);
    CHECK(again["lines_known"] == 3);
    CHECK(test::rowCount(*w.db, "bank_lines") == 3);
    CHECK(test::rowCount(*w.db, "payments") == payments);

    const auto imports = test::rowCount(*w.db, "bank_imports");
    std::string broken = file;
    broken.replace(broken.find("<BookgDt><Dt>2026-03-02"), 23, "<BookgDt><Dt>2026-02-30");
    const json bad = import(w, broken);
    CHECK(bad["code"] == "validation");
    CHECK(bad["reason"] == "invalid_file");
    CHECK(bad["message"].get<std::string>().find("BookgDt") != std::string::npos);
    CHECK(test::rowCount(*w.db, "bank_imports") == imports);
    CHECK(import(w, "")["reason"] == "empty_file");
    CHECK(import(w, "hello")["reason"] == "invalid_file");
}

TEST_CASE("bank: a returned transfer is proposed as a void; fees are ignored")
{
    test::World w;
    const auto p = portfolio(w);
    import(w, camt({credit(1'200'00, "Dupont et Fils", "FR7610107001011234567890129", "F-2026-0042", "BQ1")}));
    REQUIRE(paid(w, p.f42) == 1'200'00);
    const json r = import(w,
        camt({credit(-1'200'00, "Dupont et Fils", "FR7610107001011234567890129", "REJET VIREMENT", "R1", "2026-03-04"),
                 credit(-12'50, "", "", "FRAIS TENUE DE COMPTE", "FEE1", "2026-03-04")},
            "2026-03-04"));
    CHECK(r["void_proposals"] == 1);
    CHECK(r["ignored"] == 1);
    const json ret = lineByRef(w, "R1");
    CHECK(ret["state"] == "suggested");
    CHECK(ret["proposals"][0]["action"] == "void");
    CHECK(hasReason(ret["proposals"][0], "same_account"));
    CHECK(hasReason(ret["proposals"][0], "return_wording"));
    CHECK(lineByRef(w, "FEE1")["state"] == "ignored");
    // An agent may not void: a manager confirms.
    CHECK(w.call("bank.confirm", {{"id", ret["id"]}}, w.agent)["code"] == "forbidden");
    const json c = w.call("bank.confirm", {{"id", ret["id"]}}, w.manager);
    REQUIRE_MESSAGE(c["state"] == "voided", c.dump());
    CHECK(paid(w, p.f42) == 0);
    // A debit cannot be split into payments.
    CHECK(w.call("bank.reopen", {{"id", lineByRef(w, "FEE1")["id"]}}, w.manager)["state"] == "todo");
    CHECK(w.call("bank.confirm",
              {{"id", lineByRef(w, "FEE1")["id"]}, {"parts", {{{"client_id", p.dupont}, {"amount_cents", 12'50}}}}},
              w.manager)["reason"]
        == "debit_line");
}

TEST_CASE("bank confirm: parts of one's own — split across clients, other invoices, left as credit")
{
    test::World w;
    const auto p = portfolio(w);
    import(w, camt({credit(1'000'00, "GROUPE LOGISTIQUE", "", "divers", "S1"), credit(80'00, "Y", "", "", "C1")}));
    const json s = lineByRef(w, "S1");
    CHECK(s["state"] == "todo");
    const auto id = s["id"];
    // The parts must add up to the line.
    CHECK(w.call("bank.confirm", {{"id", id}, {"parts", {{{"client_id", p.dupont}, {"amount_cents", 900'00}}}}},
              w.manager)["reason"]
        == "sum_mismatch");
    // A refused part refuses all: nothing recorded.
    const auto before = test::rowCount(*w.db, "payments");
    const json refused = w.call("bank.confirm",
        {{"id", id},
            {"parts",
                {{{"client_id", p.dupont}, {"amount_cents", 600'00}},
                    {{"client_id", p.other}, {"amount_cents", 400'00},
                        {"allocations", {{{"invoice_id", p.f42}, {"amount_cents", 400'00}}}}}}}},
        w.manager);
    CHECK(refused["field"] == "parts[1].allocations[0].invoice_id");
    CHECK(test::rowCount(*w.db, "payments") == before);
    const json ok = w.call("bank.confirm",
        {{"id", id},
            {"parts",
                {{{"client_id", p.dupont}, {"amount_cents", 600'00},
                     {"allocations", {{{"invoice_id", p.f43}, {"amount_cents", 500'00}}}}},
                    {{"client_id", p.other}, {"amount_cents", 400'00}}}}},
        w.manager);
    REQUIRE_MESSAGE(ok["state"] == "confirmed", ok.dump());
    CHECK(ok["payment_ids"].size() == 2);
    CHECK(paid(w, p.f43) == 500'00);
    CHECK(paid(w, p.o1) == 400'00);
    // A split teaches nothing (two clients).
    CHECK(test::queryInt(*w.db, "SELECT count(*) FROM payer_aliases WHERE key = 'GROUPE LOGISTIQUE'") == 0);

    // Left as credit: an empty allocation list.
    const json c = w.call("bank.confirm",
        {{"id", lineByRef(w, "C1")["id"]},
            {"parts", {{{"client_id", p.martin}, {"amount_cents", 80'00}, {"allocations", json::array()}}}}},
        w.manager);
    CHECK(c["state"] == "credit");
    CHECK(paid(w, p.f100) == 0);
}

TEST_CASE("bank: ignore and reopen; agents see and act on their clients' lines only")
{
    test::World w;
    const auto p = portfolio(w);
    // Importing takes a manager or an administrator.
    CHECK(import(w, camt({credit(1, "A", "", "", "Z")}), w.agent)["code"] == "forbidden");
    import(w,
        camt({credit(500'00, "Dupont et Fils", "", "F-2026-0043", "A1"),
            credit(999'99, "TRANSPORTS LEFEVRE SA", "", "", "B1"), credit(77'00, "Inconnu", "", "", "N1"),
            credit(1'930'00, "DUPONT ET FILS", "", "solde", "D1")}));
    // Agent 1 holds Dupont: its two lines; agent 2 Lefèvre's; the line of no client nobody's.
    const json mine = w.call("bank.lines", json::object(), w.agent);
    CHECK(mine["total"] == 2);
    const json theirs = w.call("bank.lines", json::object(), w.agent2);
    CHECK(theirs["total"] == 1);
    CHECK(w.call("bank.line", {{"id", lineByRef(w, "B1")["id"]}}, w.agent)["code"] == "not_found");
    CHECK(w.call("bank.line", {{"id", lineByRef(w, "N1")["id"]}}, w.agent)["code"] == "not_found");
    CHECK(w.call("bank.ignore", {{"id", lineByRef(w, "B1")["id"]}}, w.agent)["code"] == "not_found");
    // An agent sees no proposal for another's client.
    for (const auto& l : mine["rows"])
        for (const auto& prop : l["proposals"])
            CHECK(prop["client_id"] == p.dupont);
    // Their own: confirmed by them; what the line proposed for other clients stays stored.
    const json d = lineByRef(w, "D1", w.agent);
    REQUIRE(d.is_object());
    w.db->exec("UPDATE bank_lines SET proposals = json_insert(proposals, '$[#]', json_object('action', 'pay', "
               "'client_id', "
        + std::to_string(p.other)
        + ", 'score', 10, 'reasons', json_array())) "
          "WHERE bank_ref = 'D1'");
    const auto stored = [&] {
        db::Statement st(*w.db, "SELECT proposals FROM bank_lines WHERE bank_ref = 'D1'");
        st.step();
        return json::parse(st.getText(0));
    };
    REQUIRE(stored().size() == 2);
    CHECK(lineByRef(w, "D1", w.agent)["proposals"].size() == 1); // the agent sees theirs only
    CHECK(w.call("bank.confirm", {{"id", d["id"]}}, w.agent)["state"] == "confirmed");
    CHECK(stored().size() == 2);
    // Ignore with a note, then reopen.
    const auto n = lineByRef(w, "N1")["id"];
    const json ig = w.call("bank.ignore", {{"id", n}, {"note", "remboursement fournisseur"}}, w.manager);
    CHECK(ig["state"] == "ignored");
    CHECK(ig["note"] == "remboursement fournisseur");
    CHECK(w.call("bank.ignore", {{"id", n}}, w.manager)["reason"] == "already_resolved");
    CHECK(w.call("bank.reopen", {{"id", n}}, w.manager)["state"] == "todo");
    CHECK(w.call("bank.reopen", {{"id", n}}, w.manager)["reason"] == "not_ignored");
    // The imports with their match rate, an agent's counting their clients' lines.
    const json imports = w.call("bank.imports", json::object(), w.manager);
    REQUIRE(imports["rows"].size() == 1);
    CHECK(imports["rows"][0]["credits"] == 4);
    CHECK(imports["rows"][0]["matched"] == 3); // A1 and B1 by themselves, D1 by the agent
    CHECK(imports["rows"][0]["match_rate_bp"] == 7500);
    CHECK(imports["rows"][0]["lines_total"] == 4);
    const json agents = w.call("bank.imports", json::object(), w.agent);
    CHECK(agents["rows"][0]["credits"] == 2);
    CHECK(agents["rows"][0]["lines_total"] == 2); // theirs, not the whole file's
    CHECK(agents["rows"][0]["lines_new"] == 2);
    // Searching the payer, accents and case ignored.
    CHECK(w.call("bank.lines", {{"search", "lefèvre"}}, w.manager)["total"] == 1);
}

TEST_CASE("bank status: the bank data's age in business days, stale past the setting")
{
    test::World w; // the test clock's today
    const json none = w.call("bank.status", json::object(), w.agent);
    CHECK(none["latest_date"].is_null());
    CHECK(none["stale"] == false);
    portfolio(w);
    import(w, camt({credit(10'00, "A", "", "", "A")}, "2026-03-02"));
    const json s = w.call("bank.status", json::object(), w.agent);
    CHECK(s["latest_date"] == "2026-03-02");
    CHECK(s["stale_days"] == 3);
    CHECK(s["age_business_days"].get<long>() > 3);
    CHECK(s["stale"] == true);
    CHECK(w.call("settings.update", {{"bank_stale_days", 0}}, w.admin)["reason"] == "out_of_range");
    REQUIRE(w.call("settings.update", {{"bank_stale_days", 30}}, w.admin).contains("bank_stale_days"));
    CHECK(w.call("bank.status", json::object(), w.agent)["stale_days"] == 30);
}

TEST_CASE("bank: the day's automatic relances wait for a confirmation naming the age of stale bank data")
{
    test::World w;
    const auto p = portfolio(w);
    // No statement ever imported: nothing to wait for.
    CHECK(w.call("relance.execute", {{"keys", "all"}}, w.manager).contains("executed"));
    import(w, camt({credit(10'00, "A", "", "", "A")}, "2026-11-16")); // a Monday; today is Tuesday 24th
    const json s = w.call("bank.status", json::object(), w.manager);
    CHECK(s["age_business_days"] == 6); // 17, 18, 19, 20, 23, 24 November
    const json refused = w.call("relance.execute", {{"keys", "all"}}, w.manager);
    CHECK(refused["code"] == "conflict");
    CHECK(refused["reason"] == "stale_bank");
    CHECK(refused["message"].get<std::string>().find("6 business days") != std::string::npos);
    CHECK(w.call("relance.execute", {{"keys", "all"}, {"bank_age_confirmed", 5}}, w.manager)["reason"] == "stale_bank");
    CHECK(w.call("relance.execute", {{"keys", "all"}, {"bank_age_confirmed", 6}}, w.manager).contains("executed"));
    // Recent enough: no confirmation asked.
    import(w, camt({credit(11'00, "A", "", "", "B", "2026-11-20")}, "2026-11-20"));
    CHECK(w.call("bank.status", json::object(), w.manager)["age_business_days"] == 2);
    CHECK(w.call("relance.execute", {{"keys", "all"}}, w.manager).contains("executed"));
    (void)p;
}

TEST_CASE("bank import: an invoice number one character off is read as a typo of the payer's invoice")
{
    test::World w;
    const auto p = portfolio(w);
    // F-2026-0044 written F-2026-0045 (no such invoice): the payer's invoice one character away.
    const json r = import(w, camt({credit(730'00, "Dupont et Fils", "", "FACT F-2026-0045", "T1")}));
    CHECK(r["automatic"] == 1);
    CHECK(paid(w, p.f44) == 730'00);
    const json best = lineByRef(w, "T1")["proposals"][0];
    CHECK(hasReason(best, "number_close"));
    CHECK(hasReason(best, "amount_equal"));
    // Two characters off is not a typo of it: the amount alone decides, named as such.
    const json r2 = import(w, camt({credit(500'00, "Dupont et Fils", "", "FACT F-2026-0099", "T2")}));
    CHECK_FALSE(hasReason(lineByRef(w, "T2")["proposals"][0], "number_close"));
    CHECK(hasReason(lineByRef(w, "T2")["proposals"][0], "single_amount"));
    (void)r2;
}

TEST_CASE("bank import: progress by lines, and a cancelled import writes nothing")
{
    test::World w;
    portfolio(w);
    std::vector<bank::StatementLine> lines;
    for (int i = 0; i < 600; ++i)
        lines.push_back(credit(1'000 + i, "X", "", "", "L" + std::to_string(i)));
    const json request = {{"id", 3}, {"method", "bank.import"},
        {"params", {{"content_base64", crypto::base64Encode(camt(lines))}}}, {"session", w.admin}};
    std::atomic<bool> cancel{false};
    std::vector<std::int64_t> done;
    api::CallOptions options;
    options.cancel = &cancel;
    options.onProgress = [&](std::int64_t d, std::int64_t total) {
        done.push_back(d);
        CHECK(total == 600);
        cancel = true;
    };
    const api::Reply r = w.api.handle(request, options);
    CHECK(r.body["error"]["code"] == "cancelled");
    CHECK(r.changed.empty());
    CHECK(test::rowCount(*w.db, "bank_lines") == 0);
    CHECK(test::rowCount(*w.db, "bank_imports") == 0);
    REQUIRE_FALSE(done.empty());
    CHECK(done.front() < 600);
    // Then to the end: the tables it wrote are announced.
    cancel = false;
    options.onProgress = nullptr;
    const api::Reply ok = w.api.handle(request, options);
    REQUIRE_MESSAGE(!ok.isError(), ok.body.dump());
    CHECK(ok.body["result"]["lines_new"] == 600);
    for (const char* t : {"bank_imports", "bank_statements", "bank_lines"})
        CHECK(std::find(ok.changed.begin(), ok.changed.end(), t) != ok.changed.end());
}

TEST_CASE("bank import: the lists that keep temporary tables work before and after an import")
{
    // The import keeps its temporary files in memory while it runs (temp_store), which drops
    // the connection's temporary tables: the invoice list's client search makes its own again.
    test::World w;
    portfolio(w);
    const json before = w.call("invoice.list", {{"client", "dupont"}}, w.admin);
    REQUIRE_MESSAGE(before.contains("total"), before.dump());
    CHECK(before["total"] == 3);
    REQUIRE(import(w, camt({credit(1'200'00, "Dupont et Fils", "", "F-2026-0042", "BQ1")})).contains("import_id"));
    const json after = w.call("invoice.list", {{"client", "dupont"}}, w.admin);
    REQUIRE_MESSAGE(after.contains("total"), after.dump());
    CHECK(after["total"] == 3);
    CHECK(w.call("invoice.list", {{"client", "dupont"}, {"status", "paid"}}, w.admin)["total"] == 1);
}

TEST_CASE("bank import: a payment refused among the slice's automatic ones leaves its line suggested, the rest applied")
{
    test::World w;
    const auto p = portfolio(w);
    // A booking date ahead of today (the clock says 2026-11-24): the payment cannot be
    // recorded, so the slice's payments, recorded together, are refused — then one by one.
    const json r = import(w,
        camt({credit(1'200'00, "SARL DUPONT ET FILS", "FR7610107001011234567890129", "Facture F-2026-0042", "OK1"),
                 credit(250'00, "BOULANGERIE MARTIN", "FR7620041010050500013M02606", "Facture F-2026-0100", "LATE",
                     "2026-12-02"),
                 credit(500'00, "SARL DUPONT ET FILS", "FR7610107001011234567890129", "Facture F-2026-0043", "OK2")},
            "2026-12-02"));
    REQUIRE_MESSAGE(r.contains("import_id"), r.dump());
    CHECK(r["automatic"] == 2);
    CHECK(r["suggested"] == 1);
    CHECK(paid(w, p.f42) == 1'200'00);
    CHECK(paid(w, p.f43) == 500'00);
    CHECK(paid(w, p.f100) == 0);
    const json late = lineByRef(w, "LATE");
    CHECK(late["state"] == "suggested");
    CHECK(late["note"].get<std::string>().find("future") != std::string::npos);
    CHECK(late["payment_ids"].empty());
    CHECK(lineByRef(w, "OK2")["state"] == "auto");
    CHECK(test::rowCount(*w.db, "payments") == 2);
    // Confirmed once the date has come, it is recorded.
    w.day("2026-12-03");
    const json confirmed = w.call("bank.confirm", {{"id", late["id"]}}, w.admin);
    CHECK(confirmed["state"] == "confirmed");
    CHECK(paid(w, p.f100) == 250'00);
}

TEST_CASE("bank: the payers learned, listed (an agent: their clients') and forgotten by a manager")
{
    test::World w;
    const auto p = portfolio(w);
    // An unknown payer's transfer confirmed for Dupont teaches its IBAN and name.
    import(w, camt({credit(500'00, "SCI LES TILLEULS", "FR76 3000 4000 0312 3456 7890 143", "", "T1")}));
    const json t1 = lineByRef(w, "T1");
    REQUIRE(t1["state"] != "auto");
    const json taught = w.call("bank.confirm",
        {{"id", t1["id"]},
            {"parts",
                {{{"client_id", p.dupont}, {"amount_cents", 500'00},
                    {"allocations", {{{"invoice_id", p.f43}, {"amount_cents", 500'00}}}}}}}},
        w.manager);
    REQUIRE_MESSAGE(taught["state"] == "confirmed", taught.dump());
    const json all = w.call("bank.aliases", json::object(), w.manager);
    REQUIRE(all["total"] == 2);
    CHECK(all["rows"][0]["client_id"] == p.dupont);
    CHECK(all["rows"][0]["client_name"] == "Dupont et Fils");
    CHECK(all["rows"][1]["key"] == "FR7630004000031234567890143");
    // Dupont is agent 1's: they see both; agent 2 none.
    CHECK(w.call("bank.aliases", json::object(), w.agent)["total"] == 2);
    CHECK(w.call("bank.aliases", json::object(), w.agent2)["total"] == 0);
    CHECK(w.call("bank.aliases", {{"limit", 0}}, w.manager)["reason"] == "out_of_range");
    CHECK(w.call("bank.forget_alias", {{"id", "x"}}, w.manager)["code"] == "validation");
    // The next transfer from that IBAN is recognised…
    import(w, camt({credit(730'00, "SCI LES TILLEULS", "FR7630004000031234567890143", "", "T2")}));
    CHECK(lineByRef(w, "T2")["client_id"] == p.dupont);
    // …until a manager forgets it (an agent may not); then that payer is unknown again.
    const std::int64_t iban = all["rows"][1]["id"];
    const std::int64_t name = all["rows"][0]["id"];
    CHECK(w.call("bank.forget_alias", {{"id", iban}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("bank.forget_alias", {{"id", iban}}, w.manager)["key"] == "FR7630004000031234567890143");
    CHECK(w.call("bank.forget_alias", {{"id", name}}, w.manager)["kind"] == "name");
    CHECK(w.call("bank.forget_alias", {{"id", iban}}, w.manager)["code"] == "not_found");
    CHECK(w.call("bank.aliases", json::object(), w.manager)["total"] == 0);
    CHECK(test::queryInt(*w.db, "SELECT count(*) FROM system_logs WHERE action = 'bank.forget_alias'") == 2);
    import(w, camt({credit(730'00, "SCI LES TILLEULS", "FR7630004000031234567890143", "", "T3")}));
    CHECK(lineByRef(w, "T3")["client_id"].is_null());
}
