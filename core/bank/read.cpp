#include "core/bank/read.hpp"

#include "core/bank/camt.hpp"
#include "core/bank/cfonb.hpp"
#include "core/bank/ofx.hpp"

namespace crm::bank {

namespace {

bool contains(std::string_view head, std::string_view what)
{
    return head.find(what) != std::string_view::npos;
}

} // namespace

StatementFile readStatementFile(std::string_view bytes)
{
    const std::string_view head = bytes.substr(0, 4096);
    if (contains(head, "OFXHEADER") || contains(head, "<OFX>") || contains(head, "<OFX "))
        return readOfx(bytes);
    if (contains(head, "camt.053"))
        return readCamt053(bytes);
    std::size_t at = 0;
    if (bytes.starts_with("\xEF\xBB\xBF"))
        at = 3;
    while (at < bytes.size() && (bytes[at] == ' ' || bytes[at] == '\t' || bytes[at] == '\r' || bytes[at] == '\n'))
        ++at;
    if (at < bytes.size() && bytes[at] == '<') {
        StatementFile f;
        f.problem = FileProblem{1, "", "unknown_format",
            "an XML file that is neither a CAMT.053 statement (namespace urn:iso:std:iso:20022:tech:xsd:camt.053) "
            "nor an OFX file"};
        return f;
    }
    if (at == bytes.size() || !bytes.substr(at).starts_with("01")) {
        StatementFile f;
        f.problem = FileProblem{1, "", "unknown_format",
            "not a bank statement this program reads: CFONB 120 (records of 120 characters, the first one 01), "
            "CAMT.053 or OFX"};
        return f;
    }
    return readCfonb120(bytes);
}

} // namespace crm::bank
