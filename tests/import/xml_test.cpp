// The XML tree under the bank statement readers (core/bank/xml.hpp, expat): local names
// and namespaces, text and attributes, paths; a DTD, broken XML and deep nesting refused
// with their line.
#include "core/bank/xml.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace crm;

TEST_CASE("XML: elements by local name, their namespace, text, attributes and lines")
{
    const auto d = bank::parseXml("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                  "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
                                  "  <Bal><Amt Ccy=\"EUR\"> 1234.56 </Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>\n"
                                  "  <Bal><Amt Ccy=\"EUR\">7.00</Amt></Bal>\n"
                                  "  <Ustrd>Facture F-2026-0042 &amp; F-2026-0043 réglées</Ustrd>\n"
                                  "</Document>");
    REQUIRE_FALSE(d.error);
    CHECK(d.root.name == "Document");
    CHECK(d.root.ns == "urn:iso:std:iso:20022:tech:xsd:camt.053.001.02");
    CHECK(d.root.all("Bal").size() == 2);
    CHECK(d.root.textAt({"Bal", "Amt"}) == "1234.56");
    CHECK(d.root.at({"Bal", "Amt"})->attribute("Ccy") == "EUR");
    CHECK(d.root.at({"Bal", "Amt"})->line == 3);
    CHECK(d.root.all("Bal")[1]->textAt({"Amt"}) == "7.00");
    CHECK(d.root.textAt({"Bal", "Nope"}).empty());
    CHECK(d.root.at({"Nope"}) == nullptr);
    CHECK(d.root.textAt({"Ustrd"}) == "Facture F-2026-0042 & F-2026-0043 réglées");
}

TEST_CASE("XML: a DTD, broken XML and deep nesting are refused with their line")
{
    const auto laughs = bank::parseXml("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                                       "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;\">]>\n<lolz>&lol2;</lolz>");
    REQUIRE(laughs.error);
    CHECK(laughs.error->line == 2);
    CHECK(laughs.error->message.find("DTD") != std::string::npos);

    const auto broken = bank::parseXml("<a>\n<b>text</c>\n</a>");
    REQUIRE(broken.error);
    CHECK(broken.error->line == 2);
    CHECK(broken.error->message.find("mismatched") != std::string::npos);

    std::string deep;
    for (int k = 0; k < 70; ++k)
        deep += "<x>";
    for (int k = 0; k < 70; ++k)
        deep += "</x>";
    const auto d = bank::parseXml(deep);
    REQUIRE(d.error);
    CHECK(d.error->message.find("deeper than 64") != std::string::npos);
    CHECK_FALSE(bank::parseXml(deep, 100).error);

    CHECK(bank::parseXml("").error);
    CHECK(bank::parseXml("not xml").error);
}
