#include "core/seed/statements.hpp"

#include "core/util/format.hpp"

namespace crm::seed {

namespace {

std::string escaped(const std::string& s)
{
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += c;
        }
    return out;
}

std::string amount(std::int64_t cents, const std::string& currency)
{
    return "<Amt Ccy=\"" + currency + "\">" + fmt::hundredths(cents < 0 ? -cents : cents, true, false) + "</Amt>";
}

std::string balance(const char* type, std::int64_t cents, const std::string& currency, const std::string& day)
{
    return std::string("<Bal><Tp><CdOrPrtry><Cd>") + type + "</Cd></CdOrPrtry></Tp>" + amount(cents, currency)
        + "<CdtDbtInd>" + (cents < 0 ? "DBIT" : "CRDT") + "</CdtDbtInd><Dt><Dt>" + day + "</Dt></Dt></Bal>\n";
}

} // namespace

std::string writeCamt053(const std::vector<bank::Statement>& statements)
{
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n<BkToCstmrStmt>"
                      "<GrpHdr><MsgId>CRM-GENERATED</MsgId><CreDtTm>2026-01-01T00:00:00</CreDtTm></GrpHdr>\n";
    int n = 0;
    for (const auto& s : statements) {
        std::int64_t closing = s.openingCents;
        for (const auto& l : s.lines)
            closing += l.amountCents;
        out += "<Stmt><Id>S" + std::to_string(++n) + "</Id><Acct><Id><IBAN>" + escaped(s.account) + "</IBAN></Id><Ccy>"
            + s.currency + "</Ccy></Acct>\n";
        out += balance("OPBD", s.openingCents, s.currency, s.openingDate);
        out += balance("CLBD", closing, s.currency, s.closingDate);
        for (const auto& l : s.lines) {
            const bool credit = l.amountCents > 0;
            out += "<Ntry>" + amount(l.amountCents, s.currency) + "<CdtDbtInd>" + (credit ? "CRDT" : "DBIT")
                + "</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>" + l.bookingDate + "</Dt></BookgDt><ValDt><Dt>"
                + (l.valueDate.empty() ? l.bookingDate : l.valueDate) + "</Dt></ValDt>";
            if (!l.reference.empty())
                out += "<AcctSvcrRef>" + escaped(l.reference) + "</AcctSvcrRef>";
            out += "<NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>";
            if (!l.payerName.empty() || !l.payerAccount.empty()) {
                const char* party = credit ? "Dbtr" : "Cdtr";
                out += "<RltdPties>";
                if (!l.payerName.empty())
                    out += std::string("<") + party + "><Nm>" + escaped(l.payerName) + "</Nm></" + party + ">";
                if (!l.payerAccount.empty())
                    out += std::string("<") + party + "Acct><Id><IBAN>" + escaped(l.payerAccount) + "</IBAN></Id></"
                        + party + "Acct>";
                out += "</RltdPties>";
            }
            if (!l.remittance.empty())
                out += "<RmtInf><Ustrd>" + escaped(l.remittance) + "</Ustrd></RmtInf>";
            out += "</TxDtls></NtryDtls>";
            if (!l.label.empty())
                out += "<AddtlNtryInf>" + escaped(l.label) + "</AddtlNtryInf>";
            out += "</Ntry>\n";
        }
        out += "</Stmt>\n";
    }
    out += "</BkToCstmrStmt></Document>\n";
    return out;
}

} // namespace crm::seed
