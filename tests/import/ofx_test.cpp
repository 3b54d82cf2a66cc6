// OFX statements (core/bank/ofx.hpp): a 1.x SGML file with unclosed leaves and aggregates,
// Windows-1252 text, the same statement as 2.x XML; malformed files refused with their line
// and element path.
#include "core/bank/ofx.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace crm;

namespace {

const std::string kHeader = "OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
                            "CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n";

// The statement of a French bank as OFX 1.x writes it: leaves without end tags, the last
// aggregate (BANKMSGSRSV1) never closed.
std::string sgml(const std::string& amount = "1234,56", const std::string& posted = "20261202120000[+1:CET]")
{
    return kHeader
        + "<OFX>\r\n<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261203<LANGUAGE>FRA"
          "</SONRS></SIGNONMSGSRSV1>\r\n"
          "<BANKMSGSRSV1>\r\n<STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>\r\n"
          "<STMTRS><CURDEF>EUR\r\n<BANKACCTFROM><BANKID>30004<BRANCHID>00123<ACCTID>00012345678<ACCTTYPE>CHECKING"
          "</BANKACCTFROM>\r\n<BANKTRANLIST><DTSTART>20261201<DTEND>20261202\r\n"
          "<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>"
        + posted + "<DTUSER>20261201<TRNAMT>" + amount
        + "<FITID>BQ0001<NAME>SARL DUPR\xC9 & FILS<MEMO>FACTURE F-2026-0042</STMTTRN>\r\n"
          "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20261202<TRNAMT>-12.50<FITID>BQ0002<NAME>FRAIS</STMTTRN>\r\n"
          "</BANKTRANLIST>\r\n<LEDGERBAL><BALAMT>2222.06<DTASOF>20261202</LEDGERBAL>\r\n"
          "</STMTRS></STMTTRNRS>\r\n";
}

const char* kXml = R"(<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>EUR</CURDEF>
<BANKACCTFROM><BANKID>30004</BANKID><BRANCHID>00123</BRANCHID><ACCTID>00012345678</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>
<BANKTRANLIST><DTSTART>20261201</DTSTART><DTEND>20261202</DTEND>
<STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20261202</DTPOSTED><TRNAMT>1234.56</TRNAMT><FITID>BQ0001</FITID><PAYEE><NAME>SARL Dupré</NAME></PAYEE><MEMO>FACTURE F-2026-0042</MEMO></STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1234.56</BALAMT><DTASOF>20261202</DTASOF></LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
</OFX>
)";

} // namespace

TEST_CASE("OFX: an SGML 1.x statement, leaves and aggregates unclosed, and the same in 2.x XML")
{
    CHECK(bank::ofxSgmlToXml("<A><B>x<C>y</C>\n<D><E>1</D>") == "<A><B>x</B><C>y</C>\n<D><E>1</E></D></A>");
    const auto f = bank::readOfx(sgml());
    REQUIRE_MESSAGE(!f.problem, (f.problem ? f.problem->message : std::string()));
    CHECK(f.format == "ofx");
    CHECK(f.encoding == "windows-1252");
    REQUIRE(f.statements.size() == 1);
    const auto& s = f.statements[0];
    CHECK(s.account == "30004 00123 00012345678");
    CHECK(s.currency == "EUR");
    CHECK(s.closingCents == 222206);
    CHECK(s.openingCents == 100000); // closing less the transactions
    CHECK(s.openingDate == "2026-12-01");
    CHECK(s.closingDate == "2026-12-02");
    REQUIRE(s.lines.size() == 2);
    CHECK(s.lines[0].amountCents == 123456); // a decimal comma
    CHECK(s.lines[0].bookingDate == "2026-12-02");
    CHECK(s.lines[0].valueDate == "2026-12-01");
    CHECK(s.lines[0].reference == "BQ0001");
    CHECK(s.lines[0].payerName == "SARL DUPR\xC3\x89 & FILS");
    CHECK(s.lines[0].remittance == "FACTURE F-2026-0042");
    CHECK(s.lines[0].sourceLine == 18); // the line of its STMTTRN in the file
    CHECK(s.lines[1].amountCents == -1250);
    CHECK(s.lines[1].valueDate == "2026-12-02");

    const auto x = bank::readOfx(kXml);
    REQUIRE_MESSAGE(!x.problem, (x.problem ? x.problem->message : std::string()));
    REQUIRE(x.statements.size() == 1);
    REQUIRE(x.statements[0].lines.size() == 1);
    CHECK(x.statements[0].lines[0].payerName == "SARL Dupré");
    CHECK(x.statements[0].openingCents == 0);
}

TEST_CASE("OFX: a malformed file is refused whole, with its line and path")
{
    const auto amount = bank::readOfx(sgml("12.3.4"));
    REQUIRE(amount.problem);
    CHECK(amount.problem->reason == "amount");
    CHECK(amount.problem->line == 18);
    CHECK(amount.problem->path == "OFX/BANKMSGSRSV1/STMTTRNRS[1]/STMTRS/BANKTRANLIST/STMTTRN[1]/TRNAMT");
    CHECK(amount.statements.empty());

    const auto date = bank::readOfx(sgml("1234,56", "20261302"));
    REQUIRE(date.problem);
    CHECK(date.problem->reason == "date");

    std::string noCurrency = sgml();
    noCurrency.replace(noCurrency.find("<CURDEF>EUR"), 11, "<CURDEF>euro");
    const auto c = bank::readOfx(noCurrency);
    REQUIRE(c.problem);
    CHECK(c.problem->reason == "currency");

    std::string broken = kXml;
    broken.replace(broken.find("</MEMO>"), 7, "</MEMOS>");
    const auto b = bank::readOfx(broken);
    REQUIRE(b.problem);
    CHECK(b.problem->reason == "xml");
    CHECK(b.problem->line == 7);

    CHECK(bank::readOfx("hello").problem->reason == "xml");
    CHECK(bank::readOfx("NOT:OFX\r\n<OFX></OFX>").problem->reason == "header");
    CHECK(bank::readOfx(kHeader + "<OFX><SIGNONMSGSRSV1></SIGNONMSGSRSV1></OFX>").problem->reason == "empty");
}
