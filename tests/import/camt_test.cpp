// CAMT.053 statements (core/bank/camt.hpp), documents written to the ISO 20022 schema's
// element names: balances, single and batch entries, the counterparty and remittance of
// each transaction, version 02 and 08 shapes, entries not booked left out; each malformed
// document refused whole with its element path.
#include "core/bank/camt.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace crm;

namespace {

std::string balance(const char* type, const char* amount, const char* ind, const char* day)
{
    return std::string("<Bal><Tp><CdOrPrtry><Cd>") + type + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">" + amount
        + "</Amt><CdtDbtInd>" + ind + "</CdtDbtInd><Dt><Dt>" + day + "</Dt></Dt></Bal>\n";
}

std::string tx(const char* amount, const char* debtor, const char* iban, const char* text, bool v8 = false)
{
    std::string t = "<TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>";
    if (amount)
        t += std::string("<AmtDtls><TxAmt><Amt Ccy=\"EUR\">") + amount + "</Amt></TxAmt></AmtDtls>";
    t += std::string("<RltdPties><Dbtr>") + (v8 ? "<Pty><Nm>" : "<Nm>") + debtor + (v8 ? "</Nm></Pty>" : "</Nm>")
        + "</Dbtr><DbtrAcct><Id><IBAN>" + iban + "</IBAN></Id></DbtrAcct></RltdPties>";
    t += std::string("<RmtInf><Ustrd>") + text + "</Ustrd></RmtInf></TxDtls>";
    return t;
}

std::string entry(const char* amount, const char* ind, const char* ref, const std::string& details,
    const char* status = "<Sts>BOOK</Sts>", const char* day = "2026-12-02")
{
    return std::string("<Ntry><Amt Ccy=\"EUR\">") + amount + "</Amt><CdtDbtInd>" + ind + "</CdtDbtInd>" + status
        + "<BookgDt><Dt>" + day + "</Dt></BookgDt><ValDt><Dt>" + day + "</Dt></ValDt><AcctSvcrRef>" + ref
        + "</AcctSvcrRef>" + (details.empty() ? "" : "<NtryDtls>" + details + "</NtryDtls>") + "</Ntry>\n";
}

std::string document(const std::string& body, const char* version = "02")
{
    return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document "
                       "xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.")
        + version + "\">\n<BkToCstmrStmt><GrpHdr><MsgId>M1</MsgId></GrpHdr>\n" + body + "</BkToCstmrStmt></Document>\n";
}

std::string statement(
    const std::string& entries, const char* closing = "2522.06", const char* iban = "FR7630004000031234567890143")
{
    return std::string("<Stmt><Id>S1</Id><Acct><Id><IBAN>") + iban + "</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        + balance("OPBD", "1000.00", "CRDT", "2026-12-01") + balance("CLBD", closing, "CRDT", "2026-12-02") + entries
        + "</Stmt>\n";
}

const std::string kEntries
    = entry("1234.56", "CRDT", "BQ-0001",
          "<TxDtls><Refs><AcctSvcrRef>BQ-0001-1</AcctSvcrRef></Refs><RltdPties><Dbtr><Nm>SARL Dupont</Nm></Dbtr>"
          "<DbtrAcct><Id><IBAN>FR7610107001011234567890129</IBAN></Id></DbtrAcct></RltdPties><RmtInf>"
          "<Ustrd>Facture F-2026-0042</Ustrd><Strd><CdtrRefInf><Ref>RF18F20260042</Ref></CdtrRefInf></Strd>"
          "</RmtInf></TxDtls>")
    + entry("300.00", "CRDT", "BQ-0002",
        tx("100.00", "Martin SA", "FR7612345000010000000000185", "F-2026-0050")
            + tx("200.00", "Durand EURL", "FR7612345000010000000000282", "FAC 2026 0051"))
    + entry("12.50", "DBIT", "BQ-0003", "") + entry("99.00", "CRDT", "BQ-0004", "", "<Sts>PDNG</Sts>");

} // namespace

TEST_CASE("CAMT.053: balances, single and batch entries, counterparties and remittances")
{
    const auto f = bank::readCamt053(document(statement(kEntries)));
    REQUIRE_MESSAGE(!f.problem, (f.problem ? f.problem->message : std::string()));
    CHECK(f.format == "camt053");
    REQUIRE(f.statements.size() == 1);
    const auto& s = f.statements[0];
    CHECK(s.account == "FR7630004000031234567890143");
    CHECK(s.currency == "EUR");
    CHECK(s.openingCents == 100000);
    CHECK(s.closingCents == 252206);
    CHECK(s.openingDate == "2026-12-01");
    CHECK(s.closingDate == "2026-12-02");
    REQUIRE(s.lines.size() == 4); // the batch as two lines, the pending entry left out
    CHECK(s.lines[0].amountCents == 123456);
    CHECK(s.lines[0].payerName == "SARL Dupont");
    CHECK(s.lines[0].payerAccount == "FR7610107001011234567890129");
    CHECK(s.lines[0].remittance == "Facture F-2026-0042 RF18F20260042");
    CHECK(s.lines[0].reference == "BQ-0001-1");
    CHECK(s.lines[0].bookingDate == "2026-12-02");
    CHECK(s.lines[1].amountCents == 10000);
    CHECK(s.lines[1].payerName == "Martin SA");
    CHECK(s.lines[1].remittance == "F-2026-0050");
    CHECK(s.lines[1].reference == "BQ-0002#1");
    CHECK(s.lines[2].amountCents == 20000);
    CHECK(s.lines[2].payerName == "Durand EURL");
    CHECK(s.lines[2].reference == "BQ-0002#2");
    CHECK(s.lines[3].amountCents == -1250);
    CHECK(s.lines[3].reference == "BQ-0003");

    // Version 08: the status as a code, the name inside Pty; two statements in one file.
    const std::string v8 = entry("150.00", "CRDT", "BQ-8",
        tx(nullptr, "Petit SAS", "FR7630001007941234567890185", "F-9", true), "<Sts><Cd>BOOK</Cd></Sts>");
    const auto g = bank::readCamt053(
        document(statement(v8, "1150.00") + statement("", "1000.00", "FR7630004000039876543210154"), "08"));
    REQUIRE_MESSAGE(!g.problem, (g.problem ? g.problem->message : std::string()));
    REQUIRE(g.statements.size() == 2);
    REQUIRE(g.statements[0].lines.size() == 1);
    CHECK(g.statements[0].lines[0].amountCents == 15000); // the entry's amount: one transaction without its own
    CHECK(g.statements[0].lines[0].payerName == "Petit SAS");
    CHECK(g.statements[0].lines[0].reference == "BQ-8");
    CHECK(g.statements[1].account == "FR7630004000039876543210154");
    CHECK(g.statements[1].lines.empty());
}

TEST_CASE("CAMT.053: a malformed document is refused whole, with the element path and the reason")
{
    auto refused = [](const std::string& xml, const std::string& path, const std::string& reason) {
        const auto f = bank::readCamt053(xml);
        REQUIRE(f.problem);
        CHECK(f.problem->reason == reason);
        CHECK(f.problem->path == path);
        CHECK(f.statements.empty());
        return f.problem->message;
    };
    CHECK(refused(document(statement(kEntries, "2522.07")), "Document/BkToCstmrStmt/Stmt[1]/Bal", "balance")
              .find("2522.06 expected")
        != std::string::npos);
    refused(document(statement(entry("12,50", "DBIT", "X", ""), "987.50")),
        "Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt", "amount");
    refused(document(statement(entry("12.505", "DBIT", "X", ""), "987.50")),
        "Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Amt", "amount");
    refused(document(statement(entry("12.50", "DEBIT", "X", ""), "987.50")),
        "Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/CdtDbtInd", "indicator");
    refused(document(statement(entry("12.50", "DBIT", "X", "", "<Sts>BOOK</Sts>", "2026-02-30"), "987.50")),
        "Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/BookgDt", "date");
    refused(
        document(statement(
            entry("300.00", "CRDT", "B", tx("100.00", "A", "FR76", "x") + tx("150.00", "B", "FR76", "y")), "1300.00")),
        "Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/NtryDtls", "batch");
    refused(document(statement(kEntries), "09"), "Document", "version");
    refused(document(statement(kEntries))
                .replace(0, 0, "")
                .replace(document(statement(kEntries)).find("camt.053"), 8, "camt.052"),
        "Document", "version");
    const auto broken = bank::readCamt053("<?xml version=\"1.0\"?>\n<Document>\n<Stmt></Document>");
    REQUIRE(broken.problem);
    CHECK(broken.problem->reason == "xml");
    CHECK(broken.problem->line == 3);
}
