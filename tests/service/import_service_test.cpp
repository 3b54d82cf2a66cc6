// ImportService through the command API: import.preview / import.apply of clients,
// invoices, payments and FEC files — verdicts per row, nothing written by a preview or by
// a refused apply, re-importing the same file changes nothing, mappings remembered per
// file shape, errors naming line and column.
#include "core/import/csv.hpp"
#include "core/import/fec.hpp"
#include "core/import/sheet.hpp"
#include "core/util/format.hpp"
#include "tests/import/import_requests.hpp"

#include <doctest/doctest.h>

using namespace crm;
using namespace crm::dataimport;
using namespace crm::test;
using api::json;

TEST_CASE("import clients: preview writes nothing, apply writes, the same file again changes nothing")
{
    test::World w;
    // Windows-1252, as Excel saves "CSV (séparateur: point-virgule)".
    const std::string file
        = "Code client;Raison sociale;E-mail;T\xE9l\xE9phone;D\xE9lai de paiement;Risque\r\n"
          "C001;Soci\xE9t\xE9 G\xE9n\xE9rale des Eaux;compta@sge.fr;01 23 45 67 89;45;\xC9lev\xE9\r\n"
          "C002;Boulangerie Martin;;;30;faible\r\n";
    const auto before = test::rowCount(*w.db, "system_logs");
    const json p = csv(w, "import.preview", "clients", file);
    REQUIRE_MESSAGE(p.contains("rows"), p.dump());
    CHECK(p["settings"]["encoding"] == "windows-1252");
    CHECK(p["settings"]["separator"] == ";");
    // An option is one character: ";;" and ",x" were taken as their first one.
    CHECK(csv(w, "import.preview", "clients", file, {{"separator", ";;"}})["field"] == "separator");
    CHECK(csv(w, "import.preview", "clients", file, {{"decimal", ",x"}})["field"] == "decimal");
    CHECK(csv(w, "import.preview", "clients", file, {{"separator", "tab"}}).contains("rows"));
    CHECK(p["mapping"]["code"] == "Code client");
    CHECK(p["mapping"]["phone"] == "Téléphone");
    CHECK(p["mapping_source"] == "guessed");
    CHECK(verdicts(p) == std::vector<std::string>{"new", "new"});
    CHECK(p["rows"][0]["line"] == 2);
    CHECK(test::rowCount(*w.db, "clients") == 0);
    CHECK(test::rowCount(*w.db, "system_logs") == before);

    const json a = csv(w, "import.apply", "clients", file);
    REQUIRE_MESSAGE(a["applied"] == true, a.dump());
    CHECK(a["counts"]["new"] == 2);
    CHECK(countWhere(*w.db,
              "SELECT count(*) FROM clients WHERE code = 'C001' AND name = 'Société Générale des Eaux' AND "
              "payment_terms_days = 45 AND risk_level = 'high'")
        == 1);

    const auto logs = test::rowCount(*w.db, "system_logs");
    const json again = csv(w, "import.apply", "clients", file);
    CHECK(verdicts(again) == std::vector<std::string>{"unchanged", "unchanged"});
    CHECK(test::rowCount(*w.db, "system_logs") == logs);

    const std::string changed
        = "Code client;Raison sociale;E-mail\nC001;Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale des Eaux;"
          "relances@sge.fr\nC003;Nouveau;\n";
    const json c = csv(w, "import.preview", "clients", changed);
    CHECK(verdicts(c) == std::vector<std::string>{"changed", "new"});
}

TEST_CASE("import: a mapping given once is remembered for files of the same shape")
{
    test::World w;
    const std::string file = "Tiers,Nom du tiers,Adresse e-mail\nX1,Alpha,a@alpha.fr\n";
    const json unmapped = csv(w, "import.preview", "clients", file);
    REQUIRE_MESSAGE(unmapped.contains("mapping_problem"), unmapped.dump());
    CHECK(unmapped["mapping_problem"]["reason"] == "unmapped");
    CHECK(unmapped["headers"] == json::array({"Tiers", "Nom du tiers", "Adresse e-mail"}));
    CHECK(unmapped["rows"].empty());
    const json refused = csv(w, "import.apply", "clients", file);
    CHECK(refused["code"] == "validation");

    const json mapping = {{"code", "Tiers"}, {"name", "Nom du tiers"}, {"email", "Adresse e-mail"}};
    const json a = csv(w, "import.apply", "clients", file, {{"mapping", mapping}});
    REQUIRE_MESSAGE(a["applied"] == true, a.dump());
    const json next = csv(w, "import.preview", "clients", "Tiers,Nom du tiers,Adresse e-mail\nX2,Beta,b@beta.fr\n");
    CHECK(next["mapping_source"] == "remembered");
    CHECK(next["mapping"] == mapping);
    CHECK(verdicts(next) == std::vector<std::string>{"new"});

    const json wrong = csv(w, "import.preview", "clients", file, {{"mapping", {{"code", "Nope"}, {"name", "Tiers"}}}});
    CHECK(wrong["mapping_problem"]["reason"] == "unknown_column");
    // One column for two fields is refused, in the preview and the apply, and not remembered.
    const json twice = {{"code", "Tiers"}, {"name", "Tiers"}};
    const json both = csv(w, "import.preview", "clients", file, {{"mapping", twice}});
    CHECK(both["mapping_problem"]["reason"] == "column_mapped_twice");
    CHECK(both["mapping_problem"]["message"].get<std::string>().find("code and name") != std::string::npos);
    const json applied = csv(w, "import.apply", "clients", file, {{"mapping", twice}});
    CHECK(applied["code"] == "validation");
    CHECK(applied.dump().find("mapped to both code and name") != std::string::npos);
    CHECK(csv(w, "import.preview", "clients", file)["mapping"] == mapping);
}

TEST_CASE("import: a file with a header of thousands of characters is previewed, applied and its mapping remembered")
{
    test::World w;
    const std::string longHeader = "Nom " + std::string(4329, 'x');
    const std::string file = "code;" + longHeader + "\nL1;Long SA\n";
    const json mapping = {{"code", "code"}, {"name", longHeader}};
    const json p = csv(w, "import.preview", "clients", file, {{"mapping", mapping}});
    REQUIRE_MESSAGE(p.contains("rows"), p.dump());
    const json a = csv(w, "import.apply", "clients", file, {{"mapping", mapping}});
    CHECK_MESSAGE(a["applied"] == true, a.dump()); // was `internal`: the shape broke the table's CHECK
    const json again = csv(w, "import.preview", "clients", "code;" + longHeader + "\nL2;Plus long SA\n");
    CHECK(again["mapping_source"] == "remembered");
    CHECK(again["mapping"] == mapping);
}

TEST_CASE("import invoices: French amounts, clients created by name, errors with line and column")
{
    test::World w;
    w.client("EXIST");
    const std::string file = "N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC\n"
                             "F-001;EXIST;;01/10/2026;31/10/2026;1 234,56\n"
                             "F-002;NEW1;Nouveau client SA;15/10/2026;;500\n"
                             "F-003;EXIST;;32/10/2026;;12,00\n"
                             "F-004;EXIST;;01/10/2026;;-50,00\n"
                             "F-005;GHOST;;01/10/2026;;10,00\n"
                             "F-006;EXIST;;01/10/2026;;12,345\n";
    const json p = csv(w, "import.preview", "invoices", file);
    REQUIRE_MESSAGE(p.contains("rows"), p.dump());
    CHECK(p["settings"]["decimal"] == ",");
    CHECK(p["settings"]["date_format"] == "dmy");
    CHECK(verdicts(p) == std::vector<std::string>{"new", "new", "error", "error", "error", "error"});
    CHECK(p["rows"][2]["line"] == 4);
    CHECK(p["rows"][2]["errors"][0]["column"] == "Date facture");
    CHECK(p["rows"][2]["errors"][0]["reason"] == "invalid_date");
    CHECK(p["rows"][3]["errors"][0]["column"] == "Montant TTC");
    CHECK(p["rows"][3]["errors"][0]["reason"] == "not_positive");
    CHECK(p["rows"][4]["errors"][0]["column"] == "Code client");
    CHECK(p["rows"][4]["errors"][0]["reason"] == "unknown_client");
    CHECK(p["rows"][5]["errors"][0]["reason"] == "invalid_amount");

    // Rows in error refuse the whole file: nothing written, every error listed.
    const json refused = csv(w, "import.apply", "invoices", file);
    CHECK(refused["code"] == "validation");
    CHECK(refused["reason"] == "invalid_rows");
    CHECK(refused["details"].size() == 4);
    CHECK(refused["details"][0]["line"] == 4);
    CHECK(test::rowCount(*w.db, "invoices") == 0);
    CHECK(test::rowCount(*w.db, "clients") == 1);

    const json a = csv(w, "import.apply", "invoices", file, {{"skip_errors", true}});
    REQUIRE_MESSAGE(a["applied"] == true, a.dump());
    CHECK(countWhere(*w.db, "SELECT amount_cents FROM invoices WHERE number = 'F-001'") == 123456);
    // No due date: the issue date plus the client's payment terms (30 days by default).
    CHECK(countWhere(*w.db, "SELECT count(*) FROM invoices WHERE number = 'F-002' AND due_date = '2026-11-14'") == 1);
    CHECK(countWhere(*w.db, "SELECT count(*) FROM clients WHERE code = 'NEW1' AND name = 'Nouveau client SA'") == 1);

    const json again = csv(w, "import.preview", "invoices", file);
    CHECK(verdicts(again) == std::vector<std::string>{"unchanged", "unchanged", "error", "error", "error", "error"});
}

TEST_CASE("import payments: allocation to a named invoice, credit notes, references that clash")
{
    test::World w;
    const auto c = w.client("P1");
    w.invoice(c, "F-10", 100000, "2026-10-31");
    w.invoice(c, "F-11", 50000, "2026-11-15");
    const std::string file = "Code client;Date;Montant;Mode de règlement;Référence;Facture;Type;N° avoir\n"
                             "P1;2026-11-02;400,00;Virement;VIR-881;F-11;;\n"
                             "P1;2026-11-03;200,00;Chèque;CHQ-12;;;\n"
                             "P1;2026-11-04;50,00;;;;Avoir;AV-1\n";
    const json a = csv(w, "import.apply", "payments", file);
    REQUIRE_MESSAGE(a["applied"] == true, a.dump());
    CHECK(verdicts(a) == std::vector<std::string>{"new", "new", "new"});
    // 400 € to F-11, 200 € oldest first to F-10, the credit note too.
    CHECK(countWhere(*w.db, "SELECT paid_cents FROM invoices WHERE number = 'F-11'") == 40000);
    CHECK(countWhere(*w.db, "SELECT paid_cents FROM invoices WHERE number = 'F-10'") == 25000);
    CHECK(countWhere(*w.db, "SELECT count(*) FROM payments WHERE kind = 'credit_note' AND number = 'AV-1'") == 1);
    CHECK(countWhere(*w.db, "SELECT count(*) FROM payments WHERE method = 'cheque' AND reference = 'CHQ-12'") == 1);

    const json again = csv(w, "import.preview", "payments", file);
    CHECK(verdicts(again) == std::vector<std::string>{"unchanged", "unchanged", "unchanged"});

    const json clash = csv(w, "import.preview", "payments",
        "Code client;Date;Montant;Référence\nP1;2026-11-05;999,00;VIR-881\nP1;2026-11-05;1,00;\n");
    CHECK(verdicts(clash) == std::vector<std::string>{"error", "new"});
    CHECK(clash["rows"][0]["errors"][0]["reason"] == "conflict");
    CHECK(clash["rows"][0]["errors"][0]["column"] == "Référence");
}

TEST_CASE("import: bad requests and unreadable files are refused")
{
    test::World w;
    CHECK(csv(w, "import.preview", "vendors", "a;b\n")["field"] == "kind");
    CHECK(w.call("import.preview", {{"kind", "clients"}, {"content_base64", "***"}}, w.admin)["reason"]
        == "invalid_base64");
    const json q = csv(w, "import.preview", "clients", "code;name\nA;\"open\n");
    CHECK(q["reason"] == "invalid_file");
    CHECK(q["details"][0]["line"] == 2);
    CHECK(csv(w, "import.preview", "clients", "")["reason"] == "invalid_file");
    // Agents cannot import.
    CHECK(w.call("import.preview", {{"kind", "clients"}, {"content_base64", crypto::base64Encode("code;name\n")}},
              w.agent)["code"]
        == "forbidden");
}

namespace {

std::string fecLine(const std::vector<std::string>& cells)
{
    std::string s;
    for (std::size_t i = 0; i < cells.size(); ++i)
        s += (i ? "\t" : "") + cells[i];
    return s + "\r\n";
}

// JournalCode JournalLib EcritureNum EcritureDate CompteNum CompteLib CompAuxNum CompAuxLib PieceRef PieceDate
// EcritureLib Debit Credit EcritureLet DateLet ValidDate Montantdevise Idevise
std::string sampleFec()
{
    std::string f = fecLine({"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
        "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "EcritureLet", "DateLet",
        "ValidDate", "Montantdevise", "Idevise"});
    auto line = [&](const char* j, const char* n, const char* date, const char* acct, const char* aux,
                    const char* auxLib, const char* piece, const char* debit, const char* credit, const char* let) {
        f += fecLine({j, std::string(j) == "VT" ? "Ventes" : "Banque", n, date, acct, "", aux, auxLib, piece, date,
            "Libellé", debit, credit, let, "", date, "", ""});
    };
    // An invoice to Durand, paid by transfer, lettered A.
    line("VT", "1", "20260901", "411000", "DURAND", "Durand SARL", "FA-001", "1200,00", "0,00", "A");
    line("VT", "1", "20260901", "706000", "", "", "FA-001", "0,00", "1000,00", "");
    line("VT", "1", "20260901", "445710", "", "", "FA-001", "0,00", "200,00", "");
    line("BQ", "7", "20261005", "512000", "", "", "REM-7", "1200,00", "0,00", "");
    line("BQ", "7", "20261005", "411000", "DURAND", "Durand SARL", "REM-7", "0,00", "1200,00", "A");
    // An invoice to Petit, a credit note on it, a partial payment not lettered.
    line("VT", "2", "20261010", "411000", "PETIT", "Petit & Fils", "FA-002", "600,00", "0,00", "");
    line("VT", "2", "20261010", "706000", "", "", "FA-002", "0,00", "600,00", "");
    line("VT", "3", "20261020", "706000", "", "", "AV-001", "100,00", "0,00", "");
    line("VT", "3", "20261020", "411000", "PETIT", "Petit & Fils", "AV-001", "0,00", "100,00", "");
    line("BQ", "9", "20261101", "511200", "", "", "CHQ", "200,00", "0,00", "");
    line("BQ", "9", "20261101", "411000", "PETIT", "Petit & Fils", "CHQ", "0,00", "200,00", "");
    return f;
}

} // namespace

TEST_CASE("import a FEC: receivables become clients, invoices, payments and credit notes; lettering settles")
{
    test::World w;
    const Fec f = readFec(sampleFec());
    REQUIRE_FALSE(f.fileError);
    CHECK(f.settings.separator == '\t');
    CHECK(f.clients.size() == 2);
    CHECK(f.invoices.size() == 2);
    CHECK(f.payments.size() == 3);
    CHECK(f.badLines.empty());

    const json p = fec(w, "import.preview", sampleFec());
    REQUIRE_MESSAGE(p.contains("rows"), p.dump());
    CHECK(p["counts"]["new"] == 7);
    CHECK(test::rowCount(*w.db, "invoices") == 0);

    const json a = fec(w, "import.apply", sampleFec());
    REQUIRE_MESSAGE(a["applied"] == true, a.dump());
    CHECK(countWhere(*w.db, "SELECT count(*) FROM clients WHERE code = 'PETIT' AND name = 'Petit & Fils'") == 1);
    CHECK(countWhere(*w.db, "SELECT count(*) FROM invoices WHERE number = 'FA-001' AND status = 'paid'") == 1);
    CHECK(countWhere(*w.db,
              "SELECT count(*) FROM invoices WHERE number = 'FA-002' AND status = 'open' AND amount_cents = 60000 "
              "AND issue_date = '2026-10-10' AND due_date = '2026-11-09'")
        == 1);
    CHECK(countWhere(*w.db,
              "SELECT count(*) FROM payments WHERE kind = 'credit_note' AND number = 'AV-001' AND "
              "amount_cents = 10000 AND allocated_cents = 0")
        == 1);
    CHECK(countWhere(*w.db,
              "SELECT count(*) FROM payments WHERE kind = 'payment' AND method = 'cheque' AND "
              "amount_cents = 20000 AND allocated_cents = 0")
        == 1);
    CHECK(countWhere(*w.db, "SELECT allocated_cents FROM payments WHERE reference = 'FEC BQ-7'") == 120000);

    const json again = fec(w, "import.preview", sampleFec());
    CHECK(again["counts"]["unchanged"] == 7);
    CHECK(again["counts"]["new"] == 0);
}

TEST_CASE("a malformed FEC is refused with its line and column")
{
    test::World w;
    std::string noColumn = sampleFec();
    noColumn.replace(noColumn.find("EcritureLet"), 11, "Lettrage");
    const json missing = fec(w, "import.preview", noColumn);
    CHECK(missing["reason"] == "invalid_file");
    CHECK(missing["details"][0]["column"] == "EcritureLet");

    std::string badAmount = sampleFec();
    badAmount.replace(badAmount.find("600,00"), 6, "6OO,00");
    std::string unbalanced = sampleFec();
    unbalanced.replace(unbalanced.find("1000,00"), 7, "1000,01");
    for (const auto& [file, column, reason] :
        {std::tuple{badAmount, "Debit", "invalid_amount"}, std::tuple{unbalanced, "EcritureNum", "unbalanced_entry"}}) {
        const std::string why = reason; // (clang 14 cannot capture a structured binding)
        CAPTURE(why);
        const json p = fec(w, "import.preview", file);
        REQUIRE(p.contains("rows"));
        CHECK(p["counts"]["error"] == 1);
        const json& bad = p["rows"].back();
        CHECK(bad["verdict"] == "error");
        CHECK(bad["errors"][0]["column"] == column);
        CHECK(bad["errors"][0]["reason"] == reason);
        CHECK(bad["line"].get<int>() > 1);
        const json refused = fec(w, "import.apply", file);
        CHECK(refused["reason"] == "invalid_rows");
        CHECK(test::rowCount(*w.db, "invoices") == 0);
    }
}
